// Plans that hold what real plans hold, through the API: a multi-year province plan issued by a department
// with yearly targets, budget lines and a due day for the plans below; a commune plan with a recurring monthly
// task whose occurrences and budget spending the activity log fills; the covering decision's number; the day
// a plan was sent up; refusals that name the field and the value and store nothing; and a save that leaves a
// field out keeping it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setClock } from '../../src/server/platform/clock.ts';
import { login, startTestApp, type TestApp } from '../support/server.ts';

let t: TestApp;
const cookies: Record<string, string> = {};
let commune: number;
let province: number;

const call = (user: string, method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: { cookie: cookies[user]!, 'accept-language': 'vi' }, payload });

const sections = {
  basis: 'Căn cứ Luật Trẻ em năm 2016^[Luật số 102/2016/QH13.];',
  purposes: '- Bảo đảm quyền trẻ em trên địa bàn.',
  requirements: '- Thực hiện đúng thời hạn.',
  budget: '- Ngân sách nhà nước theo phân cấp.',
  reporting: 'Báo cáo 6 tháng và báo cáo năm.',
  recipients: 'Như trên;\nLưu: VT.',
};

beforeAll(async () => {
  t = await startTestApp();
  const c = await t.database.db
    .selectFrom('unit')
    .select(['id', 'parent_id'])
    .where('code', '=', '05845')
    .where('level', '=', 'commune')
    .where('valid_to', 'is', null)
    .executeTakeFirstOrThrow();
  commune = c.id;
  province = c.parent_id!;
  for (const u of ['xa.vanphu', 'tinh.thainguyen']) cookies[u] = await login(t.app, u);
}, 120_000);

afterAll(async () => {
  setClock(null);
  await t?.close();
});

let provincePlan: number;
let dept: number;

describe('a multi-year province plan', () => {
  it('holds years from–to, the issuing department, the due day of the plans below, yearly targets and budget lines', async () => {
    const defaults = await call('tinh.thainguyen', 'POST', `/api/units/${province}/agencies/defaults`);
    dept = (defaults.json() as Array<{ id: number; name: string }>).find((a) => a.name === 'Sở Y tế')!.id;
    const res = await call('tinh.thainguyen', 'POST', `/api/units/${province}/plans`, {
      year: 2025,
      yearTo: 2027,
      title: 'Xây dựng xã, phường phù hợp với trẻ em giai đoạn 2025–2027',
      issuerName: 'Sở Y tế',
      lowerPlansDue: '2025-02-23',
      place: 'Thái Nguyên',
      ...sections,
      sixMonthCutoff: '04-30',
      targets: [
        { text: 'Năm 2025: 60% trẻ em được hỗ trợ', indicator: 'C06.supported_rate', goal: 60, year: 2025 },
        {
          text: 'Năm 2026: trên 70% trẻ em được hỗ trợ',
          indicator: 'C06.supported_rate',
          goal: 70,
          year: 2026,
          comparison: 'above',
        },
      ],
      tasks: [
        { text: 'Đưa tin trên cổng thông tin mỗi quý', agencyIds: [dept], recurrence: 'quarterly', perOccurrence: 1 },
        { text: 'Tổng kết giai đoạn', dueOn: '2027-12-15', agencyIds: [dept] },
      ],
      assignments: [{ agencyId: dept, duties: 'Chủ trì, theo dõi, tổng hợp.' }],
      budgetLines: [
        { item: 'Truyền thông', source: 'province', year: 2025, estimate: 150_000_000 },
        { item: 'Tập huấn', source: 'central', estimate: 1_200_000_000 },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    const p = res.json();
    provincePlan = p.id;
    expect(p).toMatchObject({
      year: 2025,
      yearTo: 2027,
      issuerName: 'Sở Y tế',
      lowerPlansDue: '2025-02-23',
      sixMonthCutoff: '04-30',
      budgetTotals: { estimate: 1_350_000_000, spent: 0 },
    });
    expect(p.targets.map((x: { year: number; comparison: string | null }) => [x.year, x.comparison])).toEqual([
      [2025, null],
      [2026, 'above'],
    ]);
    expect(p.tasks[0]).toMatchObject({ recurrence: 'quarterly', perOccurrence: 1 });
    expect(
      p.budgetLines.map((b: { item: string; source: string; estimate: number }) => [b.item, b.source, b.estimate]),
    ).toEqual([
      ['Truyền thông', 'province', 150_000_000],
      ['Tập huấn', 'central', 1_200_000_000],
    ]);
  });

  it('refuses a yearly step outside the plan’s years, naming the field and the value, and stores nothing', async () => {
    const before = await call('tinh.thainguyen', 'GET', `/api/units/${province}/plans/${provincePlan}`);
    const res = await call('tinh.thainguyen', 'PUT', `/api/units/${province}/plans/${provincePlan}`, {
      ...before.json(),
      yearTo: 2024,
      targets: [{ text: 'Năm 2031', indicator: 'C06.supported_rate', goal: 50, year: 2031 }],
      budgetLines: [{ item: 'Tập huấn', source: 'central', year: 2030, estimate: 5 }],
    });
    expect(res.statusCode).toBe(400);
    const issues = res.json().error.issues as Array<{ field: string; value: unknown; message: string }>;
    const yearTo = issues.find((i) => i.field === 'yearTo')!;
    expect(yearTo.value).toBe(2024);
    expect(yearTo.message).toContain('Đến năm');
    expect(yearTo.message).toContain('2024');
    const line = issues.find((i) => i.field === 'budgetLines.0.year')!;
    expect(line.message).toMatch(/2030/);
    const after = await call('tinh.thainguyen', 'GET', `/api/units/${province}/plans/${provincePlan}`);
    expect(after.json().yearTo).toBe(2027);
    expect(after.json().budgetLines).toHaveLength(2);
  });

  it('keeps what a save leaves out: the report cutoff, the issuer and the budget lines', async () => {
    const res = await call('tinh.thainguyen', 'PUT', `/api/units/${province}/plans/${provincePlan}`, {
      year: 2025,
      title: 'Xây dựng xã, phường phù hợp với trẻ em giai đoạn 2025–2027 (sửa)',
      place: 'Thái Nguyên',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      title: 'Xây dựng xã, phường phù hợp với trẻ em giai đoạn 2025–2027 (sửa)',
      yearTo: 2027,
      issuerName: 'Sở Y tế',
      sixMonthCutoff: '04-30',
      lowerPlansDue: '2025-02-23',
      budgetTotals: { estimate: 1_350_000_000 },
    });
    expect(res.json().targets).toHaveLength(2);
    expect(res.json().tasks).toHaveLength(2);
    // Kept lists are still checked: moving the plan's years away from a kept task's deadline is refused at it.
    const moved = await call('tinh.thainguyen', 'PUT', `/api/units/${province}/plans/${provincePlan}`, {
      year: 2030,
      title: 'x',
      place: 'Thái Nguyên',
    });
    expect(moved.statusCode).toBe(400);
    expect(moved.json().error.issues.map((i: { field: string }) => i.field)).toContain('tasks.1.dueOn');
    // A list the body carries is written as it says: an empty one empties it.
    const cleared = await call('tinh.thainguyen', 'PUT', `/api/units/${province}/plans/${provincePlan}`, {
      year: 2025,
      title: res.json().title,
      place: 'Thái Nguyên',
      sixMonthCutoff: null,
      budgetLines: [res.json().budgetLines[1]],
    });
    expect(cleared.statusCode, cleared.body).toBe(200);
    expect(cleared.json().sixMonthCutoff).toBeNull();
    expect(cleared.json().budgetTotals.estimate).toBe(1_200_000_000);
  });

  it('is issued with its covering decision; a recurring task needs no single deadline', async () => {
    setClock(new Date('2025-02-10T03:00:00Z'));
    const res = await call('tinh.thainguyen', 'POST', `/api/units/${province}/plans/${provincePlan}/issue`, {
      number: '35/KH-SYT',
      issuedOn: '2025-02-10',
      decisionNumber: '352/QĐ-UBND',
      signerName: 'Nguyễn Văn A',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'issued', decisionNumber: '352/QĐ-UBND', decisionOn: '2025-02-10' });
  });

  it('records the day it was sent up: not before it was issued, not in the future, audited', async () => {
    setClock(new Date('2025-03-01T03:00:00Z'));
    const url = `/api/plans/${provincePlan}/sent`;
    const early = await call('tinh.thainguyen', 'PATCH', url, { sentOn: '2025-02-01' });
    expect(early.statusCode).toBe(400);
    expect(early.json().error.issues[0]).toMatchObject({ field: 'sentOn', value: '2025-02-01' });
    expect(early.json().error.issues[0].message).toContain('01/02/2025');
    const future = await call('tinh.thainguyen', 'PATCH', url, { sentOn: '2025-03-02' });
    expect(future.statusCode).toBe(400);
    expect(future.json().error.issues[0].message).toContain('02/03/2025');
    // A commune reads the province's plan but does not record its sending.
    expect((await call('xa.vanphu', 'PATCH', url, { sentOn: '2025-02-12' })).statusCode).toBe(403);
    expect(
      (await call('tinh.thainguyen', 'PATCH', '/api/plans/999999/sent', { sentOn: '2025-02-12' })).statusCode,
    ).toBe(404);
    const ok = await call('tinh.thainguyen', 'PATCH', url, { sentOn: '2025-02-12' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().sentOn).toBe('2025-02-12');
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'after'])
      .where('entity', '=', 'plan')
      .where('entity_id', '=', String(provincePlan))
      .where('action', '=', 'send')
      .executeTakeFirstOrThrow();
    expect(audit.after).toEqual({ sentOn: '2025-02-12' });
    const list = await call('tinh.thainguyen', 'GET', `/api/units/${province}/plans?year=2025`);
    expect(list.json().find((p: { id: number }) => p.id === provincePlan)).toMatchObject({
      yearTo: 2027,
      sentOn: '2025-02-12',
    });
  });
});

describe('a commune plan with a recurring monthly task and a budget', () => {
  let plan: number;
  let task: number;
  let line: number;
  it('drafts from the department’s plan, citing the department, inheriting the recurrence', async () => {
    setClock(new Date('2026-01-05T03:00:00Z'));
    const draft = await call('xa.vanphu', 'GET', `/api/units/${commune}/plan-drafts/${provincePlan}`);
    expect(draft.statusCode, draft.body).toBe(200);
    const d = draft.json().plan;
    expect(d.basis).toMatch(/^Thực hiện Kế hoạch số 35\/KH-SYT ngày 10\/2\/2025 của Sở Y tế về/u);
    expect(d.year).toBe(2026);
    // Only the step of this year is inherited.
    expect(d.targets.map((x: { goal: number }) => x.goal)).toEqual([70]);
    expect(d.tasks[0]).toMatchObject({ recurrence: 'quarterly', perOccurrence: 1 });
  });

  it('fills each month from the activities serving the task, and spending from those paid from a line', async () => {
    const res = await call('xa.vanphu', 'POST', `/api/units/${commune}/plans`, {
      year: 2026,
      title: 'Kế hoạch thực hiện công tác trẻ em năm 2026',
      place: 'Văn Phú',
      tasks: [{ text: 'Đưa 01 tin bài trên loa truyền thanh mỗi tháng', recurrence: 'monthly', perOccurrence: 1 }],
      budgetLines: [
        { item: 'Truyền thông', source: 'commune', estimate: 10_000_000 },
        { item: 'Quỹ Bảo trợ trẻ em', source: 'fund', estimate: 5_000_000 },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    plan = res.json().id;
    task = res.json().tasks[0].id;
    line = res.json().budgetLines[0].id;
    const db = t.database.db;
    const activity = (held_on: string, amount: number | null, withLine = true) => ({
      unit_id: commune,
      province_id: province,
      kind: 'communication' as const,
      form: 'loudspeaker',
      held_on,
      title: 'Phát thanh về phòng chống xâm hại trẻ em',
      amount,
      task_id: task,
      budget_line_id: withLine ? line : null,
    });
    await db
      .insertInto('activity')
      .values([
        activity('2026-01-10', 500_000),
        activity('2026-01-20', 300_000),
        activity('2026-03-05', 250_000),
        activity('2026-04-02', null, false),
      ])
      .execute();
    setClock(new Date('2026-04-10T03:00:00Z'));
    const read = await call('xa.vanphu', 'GET', `/api/units/${commune}/plans/${plan}`);
    const occ = read.json().tasks[0].occurrences as Array<{ key: string; done: number; state: string }>;
    expect(occ).toHaveLength(12);
    expect(occ.slice(0, 5).map((o) => [o.key, o.done, o.state])).toEqual([
      ['2026-01', 2, 'done'],
      ['2026-02', 0, 'missed'],
      ['2026-03', 1, 'done'],
      ['2026-04', 1, 'done'],
      ['2026-05', 0, 'future'],
    ]);
    expect(read.json().budgetLines.map((b: { spent: number }) => b.spent)).toEqual([1_050_000, 0]);
    expect(read.json().budgetTotals).toEqual({ estimate: 15_000_000, spent: 1_050_000 });
    // The task list of the unit shows the same occurrences.
    const tasks = await call('xa.vanphu', 'GET', `/api/units/${commune}/tasks`);
    expect(tasks.json().find((x: { id: number }) => x.id === task).occurrences[1].state).toBe('missed');
  });

  it('keeps a budget line that has spending when a save leaves it out, naming it', async () => {
    const read = (await call('xa.vanphu', 'GET', `/api/units/${commune}/plans/${plan}`)).json();
    const res = await call('xa.vanphu', 'PUT', `/api/units/${commune}/plans/${plan}`, {
      ...read,
      budgetLines: [read.budgetLines[1]],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues[0]).toMatchObject({ field: 'budgetLines', value: line });
    // A one-off task counting several times per occurrence is refused, naming the count.
    const bad = await call('xa.vanphu', 'PUT', `/api/units/${commune}/plans/${plan}`, {
      ...read,
      tasks: [{ ...read.tasks[0], recurrence: 'once', perOccurrence: 4 }],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.issues[0]).toMatchObject({ field: 'tasks.0.perOccurrence', value: 4 });
    expect(bad.json().error.issues[0].message).toContain('Số lần mỗi kỳ');
    const still = (await call('xa.vanphu', 'GET', `/api/units/${commune}/plans/${plan}`)).json();
    expect(still.tasks[0].recurrence).toBe('monthly');
    expect(still.budgetLines).toHaveLength(2);
  });

  it('refuses to record the sending of a draft', async () => {
    const res = await call('xa.vanphu', 'PATCH', `/api/plans/${plan}/sent`, { sentOn: '2026-04-01' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toMatch(/chưa ban hành/u);
  });
});
