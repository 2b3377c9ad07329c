// Reminders before each deadline, once per round and step, to the people the step waits on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { remindDeadlines } from '../../src/server/features/rounds/deadlines.ts';
import { startTestApp, type TestApp } from '../support/server.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

const reminders = async () =>
  t.database.db
    .selectFrom('notification as n')
    .innerJoin('app_user as u', 'u.id', 'n.user_id')
    .select(['u.username', 'n.message', 'n.link'])
    .where('n.kind', '=', 'deadline')
    .orderBy('u.username')
    .execute();

describe('deadline reminders', () => {
  it('reminds nobody while every deadline is far away', async () => {
    expect(await remindDeadlines(t.database.db, '2026-11-01')).toBe(0);
  });

  it('reminds the commune of an overdue dossier and the appraisers two days before theirs, once', async () => {
    // The demo round: dossiers due 15/11 (Xã An Khánh is still only posted), appraisal due 25/11
    // (Xã La Bằng is submitted), decision due 30/11 (nothing appraised).
    expect(await remindDeadlines(t.database.db, '2026-11-23')).toBe(7);
    const rows = await reminders();
    expect(rows.map((r) => r.username)).toEqual([
      'congan.thainguyen',
      'giaoduc.thainguyen',
      'thamdinh.thainguyen',
      'tuphap.thainguyen',
      'vanhoa.thainguyen',
      'xa.ankhanh',
      'yte.thainguyen',
    ]);
    expect(rows.find((r) => r.username === 'xa.ankhanh')!.message).toContain(
      'Hạn xã nộp hồ sơ (15/11/2026): đã quá 8 ngày',
    );
    expect(rows.find((r) => r.username === 'thamdinh.thainguyen')!.message).toContain(
      'Hạn thẩm định (25/11/2026): còn 2 ngày',
    );
    expect(await remindDeadlines(t.database.db, '2026-11-24')).toBe(0);
  });
});
