// A report's figures stand as of the end of its period (issue 17): on 07/12/2026 the 6-month report of 2026
// is drawn as of 30/06/2026 — a task due in November is not overdue in it, a task done in August counts as
// not done, progress and inputs recorded later do not count — while the annual report, whose year still runs,
// is drawn as of today. Through the API, with the product's clock on 07/12/2026.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setClock } from '../../src/server/platform/clock.ts';
import { taskAsOf } from '../../src/core/plans/as-of.ts';
import { login, startTestApp, type TestApp } from '../support/server.ts';
import { communeId } from '../support/db.ts';

let t: TestApp;
let commune: number;
let periodId: number;
let cookie: string;
const tasks: Record<string, number> = {};

const call = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: { cookie, 'accept-language': 'vi' }, payload });
const report = (kind: 'six_month' | 'annual') => `/api/units/${commune}/reports/2026/${kind}`;
const progress = async (task: string, notedOn: string, value: number) => {
  const res = await call('POST', `/api/units/${commune}/tasks/${tasks[task]}/progress`, {
    notedOn,
    progress: value,
    note: `Ghi nhận ngày ${notedOn}`,
  });
  expect(res.statusCode, res.body).toBe(201);
};

beforeAll(async () => {
  setClock(new Date('2026-12-07T03:00:00Z')); // Monday 07/12/2026, 10:00 in Vietnam
  t = await startTestApp();
  const db = t.database.db;
  commune = await communeId(db, '05845'); // Xã Vạn Phú
  periodId = (await db.selectFrom('period').select('id').where('year', '=', 2026).executeTakeFirstOrThrow()).id;
  cookie = await login(t.app, 'xa.vanphu');
  const plan = await call('POST', `/api/units/${commune}/plans`, {
    year: 2026,
    title: 'Triển khai thực hiện công tác trẻ em năm 2026 trên địa bàn xã Vạn Phú',
    place: 'Vạn Phú',
    sixMonthDue: '07-15',
    // The plan's own cut-off (the default would be 14/6, Nghị định 09/2019): the half-year ends on 30/06.
    sixMonthCutoff: '06-30',
    // And the annual report, due 31/12, counts to 30/12 (by default it would stop on 14/12).
    annualDue: '12-31',
    annualCutoff: '12-30',
    targets: [{ text: 'Số thôn có điểm vui chơi', indicator: 'C01.board' }],
    tasks: [
      { text: 'Tập huấn cho cộng tác viên', dueOn: '2026-11-20' },
      { text: 'Rà soát trẻ em có hoàn cảnh đặc biệt', dueOn: '2026-05-31' },
      { text: 'Tổ chức Tháng hành động vì trẻ em', dueOn: '2026-06-30' },
    ],
  });
  expect(plan.statusCode, plan.body).toBe(201);
  const ids = plan.json().tasks.map((x: { id: number }) => x.id);
  Object.assign(tasks, { november: ids[0], may: ids[1], june: ids[2] });
}, 120_000);

afterAll(async () => {
  setClock(null);
  await t?.close();
});

describe('the rule for one task, as of a day', () => {
  const task = { status: 'done' as const, dueOn: '2026-06-30', doneOn: '2026-08-15', progress: 100 };
  it('counts a task done in August as not done at 30/06, with the progress noted by then', () => {
    const notes = [
      { notedOn: '2026-05-02', progress: 30 },
      { notedOn: '2026-08-15', progress: 100 },
    ];
    expect(taskAsOf(task, notes, '2026-06-30')).toEqual({
      status: 'in_progress',
      dueOn: '2026-06-30',
      doneOn: null,
      progress: 30,
    });
    expect(taskAsOf(task, notes, '2026-08-15')).toEqual(task);
    expect(taskAsOf(task, notes, '2026-04-30')).toMatchObject({ status: 'not_started', progress: 0 });
  });
  it('takes the note of the latest day, not the last written, and keeps a cancelled task cancelled', () => {
    const open = { status: 'in_progress' as const, dueOn: null, doneOn: null, progress: 20 };
    const notes = [
      { notedOn: '2026-06-10', progress: 60 },
      { notedOn: '2026-03-01', progress: 20 },
    ];
    expect(taskAsOf(open, notes, '2026-06-30').progress).toBe(60);
    expect(taskAsOf({ ...open, status: 'cancelled' }, notes, '2026-01-31').status).toBe('cancelled');
  });
});

describe('a report drawn as of the end of its period', () => {
  it('does not count a task due in November as overdue in the 6-month report, nor work recorded after 30/06', async () => {
    await progress('may', '2026-03-10', 40);
    await progress('november', '2026-07-01', 50);
    await progress('june', '2026-08-15', 100);

    const six = await call('GET', report('six_month'));
    expect(six.statusCode, six.body).toBe(200);
    const f = six.json().figures;
    expect(f.asOf).toBe('2026-06-30');
    expect(six.json().period).toEqual({ from: '2025-12-15', to: '2026-06-30' });
    expect(f.statistics.period).toEqual({ from: '2025-12-15', to: '2026-06-30' });
    // At 30/06: the May task is late at 40%, the November one not due yet, the June one due that day and not started.
    expect(f.tasks).toEqual({
      total: 3,
      done: 0,
      doneLate: 0,
      inProgress: 1,
      notStarted: 2,
      overdue: 1,
      cancelled: 0,
      meanProgress: 13,
    });
    expect(six.json().narrative.results).toContain('đã hoàn thành 0');

    // The year still runs: the annual report stands today, when November has passed and August's work is done.
    const annual = (await call('GET', report('annual'))).json().figures;
    expect(annual.asOf).toBe('2026-12-07');
    expect(annual.tasks).toMatchObject({ total: 3, done: 1, inProgress: 2, notStarted: 0, overdue: 2 });
    expect(annual.tasks.meanProgress).toBe(63);
  });

  it('uses the inputs entered by 30/06 in the 6-month report, and their score; later values only in the annual one', async () => {
    const values = (v: object) => call('PUT', `/api/units/${commune}/assessments/${periodId}/values`, { values: v });
    // Nothing entered by 30/06: no inputs, no score (not a score of 0).
    expect((await values({ 'pop.villages': 12, 'C01.board': true })).statusCode).toBe(200);
    let six = (await call('GET', report('six_month'))).json().figures;
    expect(six.inputs).toEqual({});
    expect(six.score).toBeNull();
    expect(six.targets[0]).toMatchObject({ indicator: 'C01.board', value: null, met: null });

    // The same values, had they been entered on 20/06, count; a change made today does not.
    const db = t.database.db;
    const assessment = (
      await db
        .selectFrom('assessment')
        .select('id')
        .where('unit_id', '=', commune)
        .where('period_id', '=', periodId)
        .executeTakeFirstOrThrow()
    ).id;
    const june = new Date('2026-06-20T03:00:00Z');
    await db
      .updateTable('assessment_value')
      .set({ entered_at: june })
      .where('assessment_id', '=', assessment)
      .execute();
    await db
      .updateTable('assessment_value_history')
      .set({ entered_at: june })
      .where('assessment_id', '=', assessment)
      .execute();
    expect((await values({ 'pop.villages': 17, 'C01.board': false })).statusCode).toBe(200);

    six = (await call('GET', report('six_month'))).json().figures;
    expect(six.inputs).toMatchObject({ 'pop.villages': 12, 'C01.board': true });
    expect(six.score).not.toBeNull();
    expect(six.targets[0]).toMatchObject({ value: 1, met: true });
    const annual = (await call('GET', report('annual'))).json().figures;
    expect(annual.inputs).toMatchObject({ 'pop.villages': 17, 'C01.board': false });
    expect(annual.targets[0]).toMatchObject({ value: 0, met: false });
  });

  it('counts a forum of the half-year, but its recommendation answered in July only in the annual report', async () => {
    const forum = await call('POST', `/api/communes/${commune}/forums`, {
      kind: 'forum',
      level: 'commune',
      heldOn: '2026-05-30',
      title: 'Diễn đàn trẻ em xã Vạn Phú',
      boysUnder11: 5,
      girlsUnder11: 6,
      recommendations: [{ text: 'Làm thêm sân chơi ở thôn', agency: 'UBND xã' }],
    });
    expect(forum.statusCode, forum.body).toBe(201);
    const { id, recommendations } = forum.json();
    const answered = await call(
      'PUT',
      `/api/communes/${commune}/forums/${id}/recommendations/${recommendations[0].id}/answer`,
      { answer: 'Đã bố trí kinh phí làm sân chơi', answeredOn: '2026-07-10' },
    );
    expect(answered.statusCode, answered.body).toBe(200);
    expect((await call('GET', report('six_month'))).json().figures.forums).toMatchObject({
      forums: 1,
      recommendations: 1,
      answered: 0,
    });
    expect((await call('GET', report('annual'))).json().figures.forums).toMatchObject({ forums: 1, answered: 1 });
  });

  it('freezes on submission the figures as of 30/06, not those of the day it is sent', async () => {
    const sent = await call('POST', `${report('six_month')}/submit`, { key: 'as-of-1' });
    expect(sent.statusCode, sent.body).toBe(200);
    const r = sent.json();
    expect(r).toMatchObject({ status: 'submitted', submittedOn: '2026-12-07', timeliness: 'late' });
    expect(r.figures.asOf).toBe('2026-06-30');
    expect(r.figures.tasks).toMatchObject({ done: 0, overdue: 1 });
  });
});
