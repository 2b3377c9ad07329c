// The draft of a recognition decision, before it is recorded: the same document marked "DỰ THẢO", nothing
// written, every bad field named with its value, and only the province's signer may ask for it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, startTestApp, type TestApp } from '../support/server.ts';
import { docxPart, docxParagraphs, readPdf } from './read.ts';
import { todayInVietnam } from '../../src/server/platform/clock.ts';
import { communeId } from '../support/db.ts';

let t: TestApp;
const cookies: Record<string, string> = {};
let roundId: number;
let anKhanhEntry: number;
let laBangEntry: number;

const call = (user: string | null, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: user ? { cookie: cookies[user]! } : {}, payload });

const TODAY = todayInVietnam();
const facts = (over: Record<string, string> = {}) => ({
  number: '2152/QĐ-UBND',
  signedOn: TODAY,
  signerName: 'Nguyễn Văn Quang',
  signerTitle: 'CHỦ TỊCH',
  entryIds: String(anKhanhEntry),
  ...over,
});
const previewUrl = (format: 'pdf' | 'docx', over: Record<string, string> = {}) =>
  `/api/rounds/${roundId}/decisions/preview.${format}?${new URLSearchParams(facts(over))}`;

/** What a preview must leave as it was: decisions, entries' states, transitions, notifications, the audit trail. */
async function written() {
  const db = t.database.db;
  const count = async (table: 'recognition_decision' | 'entry_transition' | 'notification' | 'audit_log') =>
    Number((await db.selectFrom(table).select(db.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  return {
    decisions: await count('recognition_decision'),
    transitions: await count('entry_transition'),
    notifications: await count('notification'),
    audit: await count('audit_log'),
    states: await db.selectFrom('round_entry').select(['id', 'state', 'decision_id']).orderBy('id').execute(),
  };
}

beforeAll(async () => {
  t = await startTestApp();
  for (const u of ['chutich.thainguyen', 'tinh.thainguyen', 'thamdinh.thainguyen', 'xa.ankhanh', 'xa.labang'])
    cookies[u] = await login(t.app, u);
  const db = t.database.db;
  const unit = async (code: string) => await communeId(db, code);
  const round = await db.selectFrom('round').select('id').executeTakeFirstOrThrow();
  roundId = round.id;
  // An Khánh's posting is over in the demo: it submits, the appraiser accepts every item and appraises.
  const anKhanh = await unit('05809');
  const submit = await call('xa.ankhanh', 'POST', `/api/rounds/${roundId}/entries/${anKhanh}/transitions`, {
    action: 'submit',
  });
  expect(submit.statusCode, submit.body).toBe(200);
  const view = (await call('thamdinh.thainguyen', 'GET', `/api/rounds/${roundId}/entries/${anKhanh}`)).json();
  anKhanhEntry = view.entry.id;
  for (const item of view.items as Array<{ code: string }>)
    await call('thamdinh.thainguyen', 'PUT', `/api/round-entries/${anKhanhEntry}/reviews/${item.code}`, {
      decision: 'accepted',
    });
  const appraise = await call('thamdinh.thainguyen', 'POST', `/api/rounds/${roundId}/entries/${anKhanh}/transitions`, {
    action: 'appraise',
  });
  expect(appraise.statusCode, appraise.body).toBe(200);
  laBangEntry = (
    await call('thamdinh.thainguyen', 'GET', `/api/rounds/${roundId}/entries/${await unit('05818')}`)
  ).json().entry.id;
}, 120_000);
afterAll(() => t?.close());

describe('draft recognition decision', () => {
  it('renders the PDF of the typed decision, marked as a draft, and writes nothing', async () => {
    const before = await written();
    const res = await call('chutich.thainguyen', 'GET', previewUrl('pdf'));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toMatch(/^inline; filename="Du-thao-quyet-dinh-2152-QD-UBND\.pdf"/);
    expect(res.headers['cache-control']).toBe('private, no-store');
    const body = res.rawPayload;
    expect(body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = readPdf(body).text.replace(/\s+/g, ' ');
    expect(text).toContain('DỰ THẢO');
    expect(text).toContain('2152/QĐ-UBND');
    expect(text).toContain('Xã An Khánh');
    expect(await written()).toEqual(before);
    // Still appraised, and the number is still free to record.
    const state = await t.database.db
      .selectFrom('round_entry')
      .select('state')
      .where('id', '=', anKhanhEntry)
      .executeTakeFirstOrThrow();
    expect(state.state).toBe('appraised');
  });

  it('renders the .docx with the same text: the draft mark, number, date, signer and the commune', async () => {
    const [y, m, d] = TODAY.split('-');
    const res = await call('chutich.thainguyen', 'GET', previewUrl('docx'));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const paras = docxParagraphs(docxPart(res.rawPayload));
    expect(paras[0]).toBe('DỰ THẢO');
    expect(paras).toContain('Số: 2152/QĐ-UBND');
    expect(paras.join('\n')).toMatch(new RegExp(`ngày 0?${Number(d)} tháng 0?${Number(m)} năm ${y}`));
    expect(paras).toContain('Nguyễn Văn Quang');
    expect(paras.join('\n')).toContain('Xã An Khánh');
  });

  it('refuses a bad number, date or signer, naming each field and the value sent', async () => {
    const before = await written();
    const bad = await call('chutich.thainguyen', 'GET', previewUrl('pdf', { number: 'QĐ 12' }));
    expect(bad.statusCode).toBe(400);
    const error = bad.json().error;
    expect(error.message).toContain('Số quyết định “QĐ 12”');
    expect(error.issues).toEqual([expect.objectContaining({ field: 'number', value: 'QĐ 12' })]);

    const day = await call('chutich.thainguyen', 'GET', previewUrl('pdf', { signedOn: '2026-02-30' }));
    expect(day.statusCode).toBe(400);
    expect(day.json().error.issues).toEqual([expect.objectContaining({ field: 'signedOn', value: '2026-02-30' })]);
    expect(day.json().error.message).toContain('Ngày ký “2026-02-30”');

    const future = await call('chutich.thainguyen', 'GET', previewUrl('pdf', { signedOn: '2099-01-05' }));
    expect(future.statusCode).toBe(400);
    expect(future.json().error.message).toBe('Ngày ký 05/01/2099 ở tương lai; chỉ ghi quyết định đã ký.');

    const several = await call(
      'chutich.thainguyen',
      'GET',
      previewUrl('pdf', { number: '', signerName: ' ', entryIds: '' }),
    );
    expect(several.statusCode).toBe(400);
    expect(several.json().error.issues.map((i: { field: string }) => i.field)).toEqual([
      'number',
      'signerName',
      'entryIds',
    ]);
    expect(await written()).toEqual(before);
  });

  it('refuses a number the round already has, and a dossier that cannot be recognised', async () => {
    const taken = await call('chutich.thainguyen', 'GET', previewUrl('pdf', { number: '2150/QĐ-UBND' }));
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.issues).toEqual([expect.objectContaining({ field: 'number', value: '2150/QĐ-UBND' })]);
    // La Bằng is submitted, not appraised: recording would refuse it, and so does the draft.
    const notYet = await call('chutich.thainguyen', 'GET', previewUrl('pdf', { entryIds: String(laBangEntry) }));
    expect(notYet.statusCode).toBe(409);
    expect(notYet.json().error.message).toBe(
      'Xã La Bằng chưa được thẩm định xong (hồ sơ đang ở trạng thái “Đã nộp, chờ thẩm định”); chỉ công nhận xã, phường đã thẩm định.',
    );
  });

  it('is the signer’s only, as recording is: others who read the round get 403, nobody logged in 401', async () => {
    for (const user of ['tinh.thainguyen', 'thamdinh.thainguyen', 'xa.ankhanh'])
      expect((await call(user, 'GET', previewUrl('pdf'))).statusCode, user).toBe(403);
    expect((await call(null, 'GET', previewUrl('pdf'))).statusCode).toBe(401);
  });

  it('records afterwards exactly what was previewed', async () => {
    const res = await call('chutich.thainguyen', 'POST', `/api/rounds/${roundId}/decisions`, {
      ...facts(),
      entryIds: [anKhanhEntry],
    });
    expect(res.statusCode, res.body).toBe(200);
    const again = await call('chutich.thainguyen', 'GET', previewUrl('pdf'));
    expect(again.statusCode).toBe(409);
  });
});
