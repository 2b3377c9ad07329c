// What the dossier offers now and what it holds back, as the server sends it and refuses it: a submission
// during the public posting is not offered (the day it opens is said) and is refused; a round that requires
// evidence for every criterion refuses a submission naming the criteria without evidence; refusals change
// nothing; the commune's due date is sent while the dossier is owed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, startTestApp, type TestApp } from '../support/server.ts';
import { todayInVietnam } from '../../src/server/platform/clock.ts';
import { communeId } from '../support/db.ts';

let t: TestApp;
const cookies: Record<string, string> = {};
let roundId: number;
let anKhanh: number;

const call = (user: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: { cookie: cookies[user]! }, payload });
const entry = async (user = 'xa.ankhanh') =>
  (await call(user, 'GET', `/api/rounds/${roundId}/entries/${anKhanh}`)).json();
const act = (action: string, comment?: string) =>
  call('xa.ankhanh', 'POST', `/api/rounds/${roundId}/entries/${anKhanh}/transitions`, { action, comment });
const addDays = (iso: string, n: number) => {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};
const dmy = (iso: string) => iso.split('-').reverse().join('/');
const daysBetween = (a: string, b: string) =>
  (Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000;
/** What a refusal must leave as it was. */
const snapshot = async () => {
  const e = await entry();
  const subs = await t.database.db
    .selectFrom('round_submission')
    .select('id')
    .where('entry_id', '=', e.entry.id)
    .execute();
  return { state: e.entry.state, submissions: e.entry.submissions, rows: subs.length, history: e.transitions.length };
};

beforeAll(async () => {
  t = await startTestApp();
  for (const u of ['xa.ankhanh', 'tinh.thainguyen', 'thamdinh.thainguyen']) cookies[u] = await login(t.app, u);
  anKhanh = await communeId(t.database.db, '05809');
  roundId = (await call('xa.ankhanh', 'GET', '/api/rounds')).json().items[0].id;
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('the dossier says what is held back and why', () => {
  it('sends the commune its own due date, overdue in days, to the commune and the province alike', async () => {
    const today = todayInVietnam();
    const mine = await entry();
    expect(mine.round.dossierDue).toBe('2026-11-15');
    expect(mine.due).toEqual(
      today > '2026-11-15'
        ? { dueOn: '2026-11-15', state: 'overdue', days: daysBetween('2026-11-15', today), unit: 'calendar' }
        : expect.objectContaining({ dueOn: '2026-11-15' }),
    );
    expect((await entry('thamdinh.thainguyen')).due).toEqual(mine.due);
    // Posting over, no evidence rule: the submission is offered, nothing held.
    expect(mine.actions).toEqual(['submit', 'reopen']);
    expect(mine.held).toEqual([]);
    expect(mine.evidence.required).toBe(false);
    expect(mine.evidence.without).toHaveLength(13);
  });

  it('during the posting holds the submission until the day after, and the server refuses it unchanged', async () => {
    expect((await act('reopen', 'Tiếp thu góp ý của người dân')).statusCode).toBe(200);
    expect((await act('self_assess')).statusCode).toBe(200);
    expect((await act('publish')).statusCode).toBe(200);
    const today = todayInVietnam();
    const posted = await entry();
    expect(posted.entry.postingTo).toBe(addDays(today, 6));
    expect(posted.actions).toEqual(['reopen']);
    expect(posted.held).toEqual([
      { action: 'submit', reason: 'posting_not_over', from: addDays(today, 7), criteria: [] },
    ]);

    const before = await snapshot();
    const refused = await act('submit');
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toContain(dmy(addDays(today, 6)));
    expect(await snapshot()).toEqual(before);
  });

  it('where the round requires evidence, refuses a submission listing the criteria without it', async () => {
    const setting = await call('tinh.thainguyen', 'PUT', `/api/rounds/${roundId}`, { requireEvidence: true });
    expect(setting.statusCode, setting.body).toBe(200);
    expect(setting.json().requireEvidence).toBe(true);
    // The posting ends (the test cannot wait a week).
    await t.database.db
      .updateTable('round_entry')
      .set({ posting_from: '2026-10-21', posting_to: '2026-10-27' })
      .where('round_id', '=', roundId)
      .where('unit_id', '=', anKhanh)
      .execute();
    const held = await entry();
    expect(held.evidence).toMatchObject({ required: true });
    expect(held.actions).toEqual(['reopen']);
    expect(held.held).toEqual([
      { action: 'submit', reason: 'evidence_required', from: null, criteria: held.evidence.without },
    ]);

    // Evidence for every criterion but C13.
    const attach = (codes: string[]) =>
      t.database.db
        .insertInto('evidence_file')
        .values(
          codes.map((code, n) => ({
            unit_id: anKhanh,
            entry_id: held.entry.id,
            criterion_code: code,
            item_code: null,
            file_name: `minh-chung-${code}.pdf`,
            media_type: 'application/pdf',
            size_bytes: 1000,
            sha256: String(n).padStart(64, '0'),
            storage_key: `testkey${code}xx`,
          })),
        )
        .execute();
    const codes = Array.from({ length: 13 }, (_, i) => `C${String(i + 1).padStart(2, '0')}`);
    await attach(codes.slice(0, 12));
    const one = await entry();
    expect(one.evidence.without).toEqual(['C13']);
    expect(one.held[0].criteria).toEqual(['C13']);

    const before = await snapshot();
    const refused = await act('submit');
    expect(refused.statusCode).toBe(409);
    const message: string = refused.json().error.message;
    expect(message).toContain('bắt buộc minh chứng');
    expect(message).toContain('C13');
    expect(message).not.toContain('C12');
    expect(await snapshot()).toEqual(before);

    // The last criterion's evidence: the submission is offered and goes through.
    await attach(['C13']);
    const ready = await entry();
    expect(ready.actions).toEqual(['submit', 'reopen']);
    expect(ready.held).toEqual([]);
    const sent = await act('submit');
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json().entry.state).toBe('submitted');
    // Submitted: no longer owed, so no count against the due date.
    expect(sent.json().due).toBeNull();
  });

  it('keeps the setting on the round, and off unless set', async () => {
    const round = (await call('tinh.thainguyen', 'GET', `/api/rounds/${roundId}`)).json().round;
    expect(round.requireEvidence).toBe(true);
    const off = await call('tinh.thainguyen', 'PUT', `/api/rounds/${roundId}`, { requireEvidence: false });
    expect(off.json().requireEvidence).toBe(false);
  });
});
