// A case's next step with where its due date stands, in working days (issue 17): on Sunday 06/12/2026 a plan
// due on Friday 04/12 is overdue though no working day has passed — the view says so with state 'overdue' and
// 0 working days (the page then words it with the date, never "0 days"), and the reminder names the date.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workingCalendar } from '../../src/core/calendar/working-days.ts';
import { deadlineOf, remindCasePlans } from '../../src/server/features/register/cases.ts';
import { setClock } from '../../src/server/platform/clock.ts';
import { login, startTestApp, type TestApp } from '../support/server.ts';
import { communeId } from '../support/db.ts';

const SUNDAY = new Date('2026-12-06T03:00:00Z'); // 10:00 in Vietnam

let t: TestApp;
let commune: number;
let childId: number;
let cookie: string;
const call = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: { cookie, 'accept-language': 'vi' }, payload });
const base = () => `/api/communes/${commune}/register`;

beforeAll(async () => {
  setClock(SUNDAY);
  t = await startTestApp();
  const db = t.database.db;
  commune = await communeId(db, '05830'); // Xã Đại Từ
  childId = (
    await db
      .selectFrom('child')
      .select('id')
      .where('unit_id', '=', commune)
      .where('died_on', 'is', null)
      .where('birth_date', '<', '2020-01-01')
      .orderBy('id')
      .executeTakeFirstOrThrow()
  ).id;
  cookie = await login(t.app, 'chutich.daitu');
}, 120_000);

afterAll(async () => {
  setClock(null);
  await t?.close();
});

describe('the due status of a case step', () => {
  const open = {
    kind: 'abuse',
    closed_on: null,
    plan_drafted_on: null,
    plan_approved_on: null,
    plan_due_on: '2026-12-04',
    approval_due_on: null,
  };
  const calendar = workingCalendar([]);
  it('is overdue by 0 working days on the Sunday after a Friday deadline, and by 1 on the Monday', () => {
    expect(deadlineOf(calendar, open, '2026-12-06')).toEqual({
      step: 'draft',
      dueOn: '2026-12-04',
      state: 'overdue',
      days: 0,
      unit: 'working',
    });
    expect(deadlineOf(calendar, open, '2026-12-07')).toMatchObject({ state: 'overdue', days: 1 });
    expect(deadlineOf(calendar, open, '2026-12-04')).toMatchObject({ state: 'today', days: 0 });
    expect(deadlineOf(calendar, open, '2026-12-02')).toMatchObject({ state: 'upcoming', days: 2, unit: 'working' });
    // Drafted: the next step is the approval; approved or closed: nothing is due.
    expect(
      deadlineOf(calendar, { ...open, plan_drafted_on: '2026-12-03', approval_due_on: '2026-12-07' }, '2026-12-06'),
    ).toMatchObject({ step: 'approve', state: 'upcoming', days: 1 });
    expect(deadlineOf(calendar, { ...open, closed_on: '2026-12-05' }, '2026-12-06')).toBeNull();
    expect(deadlineOf(calendar, { ...open, kind: 'injury' }, '2026-12-06')).toBeNull();
  });

  it('comes in the case view from the server’s clock, and the reminder names the date, not "0 days"', async () => {
    const res = await call('POST', `${base()}/cases`, {
      childId,
      kind: 'abuse',
      abuseKind: 'physical',
      occurredOn: '2026-11-26',
      reportedOn: '2026-11-27', // Friday: 5 working days later is Friday 04/12
      summary: 'Vụ việc để kiểm tra hạn',
    });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id;
    const view = (await call('GET', `${base()}/cases/${id}`)).json();
    expect(view.deadline).toEqual({ step: 'draft', dueOn: '2026-12-04', state: 'overdue', days: 0, unit: 'working' });
    const list = (await call('GET', `${base()}/cases`)).json() as Array<{ id: number; deadline: unknown }>;
    expect(list.find((c) => c.id === id)!.deadline).toEqual(view.deadline);

    await remindCasePlans(t.database.db, '2026-12-06');
    const notes = await t.database.db
      .selectFrom('notification')
      .select('message')
      .where('link', 'like', `%/cases/${id}?step=draft`)
      .execute();
    expect(notes.length).toBeGreaterThan(0);
    for (const n of notes) {
      expect(n.message).toBe(`Vụ việc số ${id}: đã quá hạn lập kế hoạch can thiệp (hạn 04/12/2026).`);
      expect(n.message).not.toMatch(/\b0 ngày/);
    }
  });
});
