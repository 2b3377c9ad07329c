// Returns gathered on the dossier: the sectors' returns wait on it without moving it or telling anyone,
// and the appraiser sends them together, once; the commune gets one notice (and e-mail) listing them all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Transporter } from 'nodemailer';
import { dispatchEmails } from '../../src/server/features/rounds/mailer.ts';
import { login, startTestApp, type TestApp } from '../support/server.ts';
import { communeId } from '../support/db.ts';

let t: TestApp;
const cookies: Record<string, string> = {};
let roundId: number;
let laBang: number;
let entryId: number;

const HEALTH = 'Số trẻ dưới 1 tuổi tiêm chủng đầy đủ chưa khớp sổ tiêm chủng của Trạm Y tế';
const EDUCATION = 'Thiếu danh sách học sinh đi học đúng độ tuổi có xác nhận của nhà trường';

const call = (user: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object, headers = {}) =>
  t.app.inject({ method, url, headers: { cookie: cookies[user]!, ...headers }, payload });
const review = (user: string, item: string, decision: 'accepted' | 'returned', reason?: string) =>
  call(user, 'PUT', `/api/round-entries/${entryId}/reviews/${item}`, reason ? { decision, reason } : { decision });
const send = (user: string, headers = {}) => call(user, 'POST', `/api/round-entries/${entryId}/returns`, {}, headers);
const view = async (user: string) => (await call(user, 'GET', `/api/rounds/${roundId}/entries/${laBang}`)).json();
/** Notifications of La Bằng's officers and chairman, newest last. */
const communeNotices = async () =>
  t.database.db
    .selectFrom('notification as n')
    .innerJoin('user_role as r', 'r.user_id', 'n.user_id')
    .select(['n.id', 'n.user_id', 'n.kind', 'n.message'])
    .distinct()
    .where('r.unit_id', '=', laBang)
    .where('r.role', 'in', ['commune_officer', 'commune_chairman'])
    .orderBy('n.id')
    .execute();

beforeAll(async () => {
  t = await startTestApp();
  for (const u of ['thamdinh.thainguyen', 'yte.thainguyen', 'giaoduc.thainguyen', 'xa.labang'])
    cookies[u] = await login(t.app, u);
  const db = t.database.db;
  laBang = await communeId(db, '05818');
  // The demo's La Bằng dossier is submitted and waits for appraisal.
  const e = await db
    .selectFrom('round_entry')
    .select(['id', 'round_id', 'state'])
    .where('unit_id', '=', laBang)
    .executeTakeFirstOrThrow();
  expect(e.state).toBe('submitted');
  entryId = e.id;
  roundId = e.round_id;
});
afterAll(() => t?.close());

describe('returns gathered on the dossier', () => {
  it('refuses to send when nothing is waiting, with a clear message', async () => {
    const res = await send('thamdinh.thainguyen');
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json().error.message).toBe('Chưa có chỉ tiêu nào được ghi trả lại: không có gì để gửi cho xã.');
    expect((await view('thamdinh.thainguyen')).entry.state).toBe('submitted');
  });

  it('keeps two sectors’ returns on the dossier: state unchanged, nobody notified, the commune sees nothing yet', async () => {
    const before = await communeNotices();
    const health = await review('yte.thainguyen', 'C07.immunized', 'returned', HEALTH);
    expect(health.statusCode, health.body).toBe(200);
    expect(health.json().entry.state).toBe('submitted');
    const education = await review('giaoduc.thainguyen', 'C10.attending', 'returned', EDUCATION);
    expect(education.statusCode, education.body).toBe(200);
    expect(education.json().entry.state).toBe('submitted');
    expect(await communeNotices()).toEqual(before);
    const transitions = await t.database.db
      .selectFrom('entry_transition')
      .select('action')
      .where('entry_id', '=', entryId)
      .where('action', '=', 'return_item')
      .execute();
    expect(transitions).toEqual([]);

    // The appraiser (and the reviewers) see every gathered return with its reason, not sent yet.
    for (const user of ['thamdinh.thainguyen', 'yte.thainguyen']) {
      const pending = (await view(user)).reviews.filter((r: { decision: string }) => r.decision === 'returned');
      expect(pending, user).toEqual([
        expect.objectContaining({ itemCode: 'C07.immunized', reason: HEALTH, sector: 'health', sentAt: null }),
        expect.objectContaining({ itemCode: 'C10.attending', reason: EDUCATION, sentAt: null }),
      ]);
      expect(pending[0].reviewerName).toBeTruthy();
    }
    const commune = await view('xa.labang');
    expect(commune.reviews.filter((r: { decision: string }) => r.decision === 'returned')).toEqual([]);
    expect(commune.editable).toBe('none');
  });

  it('lets a pending return be withdrawn by its sector or the appraiser, and only a pending one', async () => {
    expect((await review('yte.thainguyen', 'C09.checked', 'returned', 'Thiếu sổ khám sức khỏe')).statusCode).toBe(200);
    const other = await call('giaoduc.thainguyen', 'DELETE', `/api/round-entries/${entryId}/reviews/C09.checked`);
    expect(other.statusCode, other.body).toBe(403);
    const withdrawn = await call('yte.thainguyen', 'DELETE', `/api/round-entries/${entryId}/reviews/C09.checked`);
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    expect(withdrawn.json().reviews.map((r: { itemCode: string }) => r.itemCode)).not.toContain('C09.checked');
    const again = await call('yte.thainguyen', 'DELETE', `/api/round-entries/${entryId}/reviews/C09.checked`);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toContain('C09.checked');
    expect((await review('thamdinh.thainguyen', 'C02.registered', 'accepted')).statusCode).toBe(200);
    const accepted = await call(
      'thamdinh.thainguyen',
      'DELETE',
      `/api/round-entries/${entryId}/reviews/C02.registered`,
    );
    expect(accepted.statusCode).toBe(409); // an acceptance is not a return to withdraw
    const commune = await call('xa.labang', 'DELETE', `/api/round-entries/${entryId}/reviews/C07.immunized`);
    expect(commune.statusCode).toBe(403);
  });

  it('refuses the send to a sector reviewer and to the commune, changing nothing', async () => {
    for (const user of ['yte.thainguyen', 'xa.labang']) {
      const res = await send(user);
      expect(res.statusCode, `${user}: ${res.body}`).toBe(403);
    }
    expect((await send('yte.thainguyen')).json().error.message).toContain('Chỉ cơ quan thẩm định');
    expect((await view('thamdinh.thainguyen')).entry.state).toBe('submitted');
  });

  it('sends once: the dossier is returned and the commune gets one notice listing both items and reasons', async () => {
    const before = await communeNotices();
    const key = { 'idempotency-key': `returns-${entryId}` };
    const res = await send('thamdinh.thainguyen', key);
    expect(res.statusCode, res.body).toBe(200);
    const after = res.json();
    expect(after.entry.state).toBe('returned');
    expect(after.reviews.find((r: { itemCode: string }) => r.itemCode === 'C07.immunized').sentAt).toBeTruthy();

    const fresh = (await communeNotices()).filter((n) => !before.some((b) => b.id === n.id));
    const users = new Set(fresh.map((n) => n.user_id));
    expect(fresh.length).toBeGreaterThan(0);
    expect(fresh.length).toBe(users.size); // one notice per person
    for (const n of fresh) {
      expect(n.kind).toBe('return_item');
      expect(n.message).toContain('bị trả lại 2 chỉ tiêu');
      expect(n.message).toContain(`(C07.immunized): ${HEALTH}`);
      expect(n.message).toContain(`(C10.attending): ${EDUCATION}`);
    }
    // The history keeps one send with both items; the commune may now correct exactly those.
    const history = after.transitions.filter((x: { action: string }) => x.action === 'return_item');
    expect(history).toHaveLength(1);
    expect(history[0].comment).toBe(`C07.immunized: ${HEALTH}\nC10.attending: ${EDUCATION}`);
    const commune = await view('xa.labang');
    expect(commune.editable).toBe('returned_only');
    expect(commune.reopenedInputs).toEqual(expect.arrayContaining(['C07.immunized', 'C10.attending']));
    expect(commune.reviews.filter((r: { decision: string }) => r.decision === 'returned')).toHaveLength(2);
    // The accepted item stays accepted.
    expect(commune.reviews.find((r: { itemCode: string }) => r.itemCode === 'C02.registered').decision).toBe(
      'accepted',
    );

    // A retried send with the same key gets the first answer and sends nothing twice.
    const replay = await send('thamdinh.thainguyen', key);
    expect(replay.statusCode).toBe(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json().entry.state).toBe('returned');
    // A second send without the key is refused, and nobody hears twice.
    const twice = await send('thamdinh.thainguyen');
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.message.length).toBeGreaterThan(10);
    expect((await communeNotices()).length).toBe(before.length + fresh.length);
  });

  it('takes no more reviews until the commune resubmits', async () => {
    const res = await review('yte.thainguyen', 'C08.stunted', 'returned', 'Thêm một lý do');
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toContain('nộp lại');
  });

  it('e-mails the same single notice, with every item and reason', async () => {
    const db = t.database.db;
    const officer = await db
      .selectFrom('app_user')
      .select('id')
      .where('username', '=', 'xa.labang')
      .executeTakeFirstOrThrow();
    await db.updateTable('app_user').set({ email: 'canbo.labang@example.vn' }).where('id', '=', officer.id).execute();
    const mails: Array<{ to: string; subject: string; text: string }> = [];
    const transport = {
      sendMail: async (m: { to: string; subject: string; text: string }) => void mails.push(m),
    } as unknown as Transporter;
    await dispatchEmails(db, transport);
    const mine = mails.filter((m) => m.to === 'canbo.labang@example.vn' && m.text.includes(HEALTH));
    expect(mine).toHaveLength(1);
    expect(mine[0]!.text).toContain(EDUCATION);
  });
});
