// Plans through the API: agencies, a province plan and the commune plan that implements it, bad input
// refused with the field named and nothing stored, issuing, task progress, per-agency view, reminders,
// and who may read or write.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setClock } from '../../src/server/platform/clock.ts';
import { remindOverdueTasks } from '../../src/server/features/plans/tasks.ts';
import { login, startTestApp, type TestApp } from '../support/server.ts';

let t: TestApp;
const cookies: Record<string, string> = {};
let commune: number;
let province: number;
let otherProvinceCommune: number;

const call = (user: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: { cookie: cookies[user]!, 'accept-language': 'vi' }, payload });
const count = async (table: 'plan' | 'plan_task' | 'plan_target', unitId: number) =>
  Number(
    (
      await t.database.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('unit_id', '=', unitId)
        .executeTakeFirstOrThrow()
    ).n,
  );

beforeAll(async () => {
  t = await startTestApp();
  const db = t.database.db;
  const c = await db
    .selectFrom('unit')
    .select(['id', 'parent_id'])
    .where('code', '=', '05845')
    .where('level', '=', 'commune')
    .where('valid_to', 'is', null)
    .executeTakeFirstOrThrow();
  commune = c.id;
  province = c.parent_id!;
  const far = await db
    .selectFrom('unit')
    .select('id')
    .where('level', '=', 'commune')
    .where('parent_id', '!=', province)
    .where('valid_to', 'is', null)
    .executeTakeFirstOrThrow();
  otherProvinceCommune = far.id;
  for (const u of ['xa.vanphu', 'xa.tancuong', 'tinh.thainguyen']) cookies[u] = await login(t.app, u);
}, 120_000);

afterAll(async () => {
  await t?.close();
});

/** The sections an issued plan must have filled (src/core/plans/issue.ts). */
const sections = {
  basis: 'Thực hiện Chương trình hành động quốc gia vì trẻ em giai đoạn 2021-2030.',
  purposes: '- Bảo đảm quyền trẻ em trên địa bàn.',
  requirements: '- Thực hiện đúng thời hạn.',
  budget: '- Ngân sách nhà nước theo phân cấp.',
  reporting: 'Báo cáo 6 tháng (trước ngày 10/5) và báo cáo năm (trước ngày 10/11).',
  recipients: 'Như trên;\nLưu: VT.',
};

let provincePlan: number;
let agencies: Array<{ id: number; name: string; kind: string }>;

describe('plans', () => {
  it('lets the province write its plan, which its communes read and implement', async () => {
    const defaults = await call('tinh.thainguyen', 'POST', `/api/units/${province}/agencies/defaults`);
    expect(defaults.statusCode).toBe(200);
    const dept = (defaults.json() as Array<{ id: number; name: string }>).find((a) => a.name === 'Sở Y tế')!.id;
    const res = await call('tinh.thainguyen', 'POST', `/api/units/${province}/plans`, {
      year: 2026,
      title: 'Triển khai thực hiện công tác trẻ em năm 2026 trên địa bàn tỉnh',
      place: 'Thái Nguyên',
      ...sections,
      targets: [
        { text: '100% trẻ em có hoàn cảnh đặc biệt được trợ giúp', indicator: 'C06.supported_rate', goal: 100 },
        // A province's own target: its plan may carry it, a commune's draft leaves it out.
        { text: 'Trên 70% xã, phường đạt chuẩn phù hợp với trẻ em', indicator: null, goal: null },
      ],
      tasks: [
        { text: 'Tổ chức Tháng hành động vì trẻ em', dueOn: '2026-06-30', agencyIds: [dept] },
        { text: 'Tổ chức Diễn đàn trẻ em cấp xã', dueOn: '2026-09-30', agencyIds: [dept] },
      ],
      assignments: [{ agencyId: dept, duties: 'Chủ trì, theo dõi, tổng hợp kết quả thực hiện Kế hoạch.' }],
    });
    expect(res.statusCode, res.body).toBe(201);
    provincePlan = res.json().id;
    const issued = await call('tinh.thainguyen', 'POST', `/api/units/${province}/plans/${provincePlan}/issue`, {
      number: '85/KH-UBND',
      issuedOn: '2026-02-10',
      signerName: 'Nguyễn Văn A',
    });
    expect(issued.statusCode, issued.body).toBe(200);
    expect(issued.json().status).toBe('issued');

    // The commune reads the province's plans but may not write them.
    expect(
      (await call('xa.vanphu', 'GET', `/api/units/${province}/plans`)).json().map((p: { id: number }) => p.id),
    ).toContain(provincePlan);
    expect(
      (await call('xa.vanphu', 'POST', `/api/units/${province}/plans`, { year: 2026, title: 'x', place: 'y' }))
        .statusCode,
    ).toBe(403);

    // Drafted on 01/08/2026: the province-level target is left out, the deadline of 30/06 (past) left blank,
    // and the answer says so.
    setClock(new Date('2026-08-01T03:00:00Z'));
    const draft = await call('xa.vanphu', 'GET', `/api/units/${commune}/plan-drafts/${provincePlan}`);
    setClock(null);
    expect(draft.statusCode, draft.body).toBe(200);
    const { plan: d, adapted } = draft.json();
    expect(d.basis).toMatch(
      /^Thực hiện Kế hoạch số 85\/KH-UBND ngày 10\/2\/2026 của UBND tỉnh Thái Nguyên về triển khai/u,
    );
    expect(d.targets).toHaveLength(1);
    expect(d.targets[0]).toMatchObject({ indicator: 'C06.supported_rate', goal: 100 });
    expect(d.tasks.map((x: { dueOn: string | null }) => x.dueOn)).toEqual([null, '2026-09-30']);
    expect(d.tasks[0].inheritedFrom).toBeGreaterThan(0);
    expect(adapted).toEqual({
      droppedTargets: ['Trên 70% xã, phường đạt chuẩn phù hợp với trẻ em'],
      clearedDeadlines: [{ n: 1, text: 'Tổ chức Tháng hành động vì trẻ em', dueOn: '2026-06-30' }],
    });
  });

  it('refuses a task for an unknown agency, a deadline in another year and a bad due day, naming each, storing nothing', async () => {
    agencies = (await call('xa.vanphu', 'POST', `/api/units/${commune}/agencies/defaults`)).json();
    expect(agencies.length).toBeGreaterThanOrEqual(9);
    const before = await count('plan', commune);
    const res = await call('xa.vanphu', 'POST', `/api/units/${commune}/plans`, {
      year: 2026,
      title: 'Kế hoạch công tác trẻ em năm 2026',
      place: 'Vạn Phú',
      sixMonthDue: '02-30',
      tasks: [
        { text: 'Rà soát khu vực nguy cơ đuối nước', dueOn: '2024-06-01', agencyIds: [agencies[0]!.id] },
        { text: 'Tuyên truyền số 111', agencyIds: [999999] },
      ],
    });
    expect(res.statusCode).toBe(400);
    const details = res.json().error.issues as Array<{ field: string; value: unknown; message: string }>;
    expect(details.map((x) => x.field).sort()).toEqual(['sixMonthDue', 'tasks.0.dueOn', 'tasks.1.agencyIds']);
    expect(details.find((x) => x.field === 'tasks.1.agencyIds')!.message).toContain('999999');
    expect(details.find((x) => x.field === 'tasks.0.dueOn')!.message).toMatch(/Nhiệm vụ 1 – Hạn.*01\/06\/2024/u);
    expect(await count('plan', commune)).toBe(before);
    expect(await count('plan_task', commune)).toBe(0);
  });

  let planId: number;
  let revision: number;
  it('saves a plan implementing the province plan, with targets measured, tasks assigned and assignments', async () => {
    const draft = (await call('xa.vanphu', 'GET', `/api/units/${commune}/plan-drafts/${provincePlan}`)).json().plan;
    const health = agencies.find((a) => a.kind === 'health')!;
    const heads = agencies.find((a) => a.kind === 'village_head')!;
    const res = await call('xa.vanphu', 'POST', `/api/units/${commune}/plans`, {
      ...draft,
      title: 'Triển khai thực hiện công tác trẻ em năm 2026 trên địa bàn xã Vạn Phú',
      tasks: [
        // Deadlines past on the day the test runs are left blank by the draft: set again, as the commune would.
        { ...draft.tasks[0], dueOn: '2026-06-30', agencyIds: [health.id, heads.id] },
        { ...draft.tasks[1], dueOn: '2026-09-30', agencyIds: [heads.id] },
        { text: 'Rà soát khu vực nguy cơ đuối nước', dueOn: '2026-01-15', agencyIds: [heads.id] },
      ],
      assignments: [
        { agencyId: heads.id, heading: 'Trưởng thôn của các thôn', duties: 'Tuyên truyền số điện thoại 111.' },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    const plan = res.json();
    planId = plan.id;
    revision = plan.revision;
    expect(plan.parent).toMatchObject({ id: provincePlan, number: '85/KH-UBND' });
    expect(plan.tasks.map((x: { agencies: Array<{ name: string }> }) => x.agencies.map((a) => a.name))).toEqual([
      [health.name, heads.name],
      [heads.name],
      [heads.name],
    ]);
    expect(plan.assignments).toEqual([
      expect.objectContaining({ agencyName: heads.name, heading: 'Trưởng thôn của các thôn' }),
    ]);
    // The C06 target is measured on the commune's 2026 assessment (the demo holds values for Vạn Phú's draft).
    expect(plan.targets[0].measured).not.toBeNull();
    expect(plan.targets[0].measured).toHaveProperty('met');
  });

  it('refuses a stale editor and keeps the other save', async () => {
    const plan = (await call('xa.vanphu', 'GET', `/api/units/${commune}/plans/${planId}`)).json();
    const body = {
      ...plan,
      targets: plan.targets,
      tasks: plan.tasks.map((x: { agencies: Array<{ id: number }> }) => ({
        ...x,
        agencyIds: x.agencies.map((a) => a.id),
      })),
      assignments: plan.assignments,
    };
    const first = await call('xa.vanphu', 'PUT', `/api/units/${commune}/plans/${planId}`, {
      ...body,
      budget: 'Ngân sách xã',
      revision,
    });
    expect(first.statusCode, first.body).toBe(200);
    const second = await call('xa.vanphu', 'PUT', `/api/units/${commune}/plans/${planId}`, {
      ...body,
      budget: 'Khác',
      revision,
    });
    expect(second.statusCode).toBe(409);
    expect(second.json().error.message).toContain('người khác');
    expect((await call('xa.vanphu', 'GET', `/api/units/${commune}/plans/${planId}`)).json().budget).toBe(
      'Ngân sách xã',
    );
  });

  it('records progress with evidence, marks a task done at 100%, and shows what each agency owes', async () => {
    const plan = (await call('xa.vanphu', 'GET', `/api/units/${commune}/plans/${planId}`)).json();
    const [first, , third] = plan.tasks;
    expect(third.state).toBe('overdue');
    const bad = await call('xa.vanphu', 'POST', `/api/units/${commune}/tasks/${first.id}/progress`, {
      notedOn: '2026-03-01',
      progress: 140,
      note: '',
    });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .error.issues.map((x: { field: string }) => x.field)
        .sort(),
    ).toEqual(['note', 'progress']);
    const half = await call('xa.vanphu', 'POST', `/api/units/${commune}/tasks/${first.id}/progress`, {
      notedOn: '2026-03-01',
      progress: 50,
      note: 'Đã tổ chức ở 5/10 thôn',
      evidence: 'Biên bản số 12',
    });
    expect(half.statusCode, half.body).toBe(201);
    expect(half.json()).toMatchObject({ status: 'in_progress', progress: 50 });
    const done = await call('xa.vanphu', 'POST', `/api/units/${commune}/tasks/${first.id}/progress`, {
      notedOn: '2026-06-20',
      progress: 100,
      note: 'Hoàn thành',
    });
    expect(done.json()).toMatchObject({ status: 'done', doneOn: '2026-06-20', state: 'done' });
    const notes = (await call('xa.vanphu', 'GET', `/api/units/${commune}/tasks/${first.id}/progress`)).json();
    expect(notes.map((n: { evidence: string }) => n.evidence)).toEqual(['Biên bản số 12', '']);

    const heads = agencies.find((a) => a.kind === 'village_head')!;
    const owed = (await call('xa.vanphu', 'GET', `/api/units/${commune}/tasks?agencyId=${heads.id}`)).json();
    expect(owed).toHaveLength(3);
    expect(owed[0]).toMatchObject({ id: third.id, state: 'overdue' });
    const health = agencies.find((a) => a.kind === 'health')!;
    expect(
      (await call('xa.vanphu', 'GET', `/api/units/${commune}/tasks?agencyId=${health.id}`))
        .json()
        .map((x: { id: number }) => x.id),
    ).toEqual([first.id]);

    // A started task is cancelled, not deleted.
    const without = await call('xa.vanphu', 'PUT', `/api/units/${commune}/plans/${planId}`, {
      ...plan,
      revision: undefined,
      tasks: plan.tasks
        .slice(1)
        .map((x: { agencies: Array<{ id: number }> }) => ({ ...x, agencyIds: x.agencies.map((a) => a.id) })),
    });
    expect(without.statusCode).toBe(400);
    expect(without.json().error.issues[0].message).toContain('Hủy');
  });

  it('reminds the commune once about an overdue task', async () => {
    const first = await remindOverdueTasks(t.database.db, '2026-11-23');
    expect(first).toBeGreaterThan(0);
    expect(await remindOverdueTasks(t.database.db, '2026-11-23')).toBe(0);
    const notes = await t.database.db
      .selectFrom('notification')
      .select(['message', 'link'])
      .where('kind', '=', 'task_overdue')
      .execute();
    expect(
      notes.some((n) => n.link.startsWith(`/plans/${commune}/${planId}`) && n.message.includes('15/01/2026')),
    ).toBe(true);
  });

  it('refuses to issue a plan with every problem at its field, and changes nothing', async () => {
    const plan = (await call('xa.vanphu', 'GET', `/api/units/${commune}/plans/${planId}`)).json();
    const rows = (p: typeof plan) => ({
      ...p,
      revision: undefined,
      tasks: p.tasks.map((x: { agencies: Array<{ id: number }> }) => ({
        ...x,
        agencyIds: x.agencies.map((a) => a.id),
      })),
    });
    // A province-level target and a task with neither agency nor deadline; sections I, VI and the recipients blank.
    const put = await call('xa.vanphu', 'PUT', `/api/units/${commune}/plans/${planId}`, {
      ...rows(plan),
      targets: [...plan.targets, { text: 'Phấn đấu trên 70% xã, phường đạt chuẩn phù hợp với trẻ em' }],
      tasks: [...rows(plan).tasks, { text: 'Tuyên truyền Tổng đài 111 tại các thôn', agencyIds: [] }],
    });
    expect(put.statusCode, put.body).toBe(200);
    const before = put.json();
    const res = await call('xa.vanphu', 'POST', `/api/units/${commune}/plans/${planId}/issue`, {
      number: '12/KH-UBND',
      issuedOn: '2026-03-01',
      signerName: 'Liều Văn Toại',
    });
    expect(res.statusCode).toBe(400);
    const error = res.json().error;
    expect(error.message).toContain('Chưa ban hành được');
    const issues = error.issues as Array<{ field: string; value: unknown; message: string }>;
    expect(issues.map((x) => x.field)).toEqual([
      'purposes',
      'requirements',
      'reporting',
      'recipients',
      'targets.1.text',
      'tasks.2.dueOn',
      'tasks.3.agencyIds',
      'tasks.3.dueOn',
    ]);
    const at = (field: string) => issues.find((x) => x.field === field)!.message;
    expect(at('purposes')).toBe('Mục đích (mục I): mục này còn trống; kế hoạch ban hành phải có.');
    expect(at('targets.1.text')).toMatch(/^Mục tiêu 2 – Nội dung: “Phấn đấu trên 70% xã, phường.*chỉ tiêu cấp tỉnh/u);
    expect(at('tasks.2.dueOn')).toBe(
      'Nhiệm vụ 3 – Hạn: hạn 15/01/2026 đã qua trước ngày ban hành 01/03/2026; hãy đặt lại hạn.',
    );
    expect(at('tasks.3.agencyIds')).toBe(
      'Nhiệm vụ 4 – Cơ quan thực hiện: nhiệm vụ “Tuyên truyền Tổng đài 111 tại các thôn” chưa có cơ quan thực hiện.',
    );
    expect(at('tasks.3.dueOn')).toContain('chưa có hạn hoàn thành');
    const after = (await call('xa.vanphu', 'GET', `/api/units/${commune}/plans/${planId}`)).json();
    expect(after).toMatchObject({ status: 'draft', number: '', issuedOn: null, revision: before.revision });

    // Put right: the extra rows gone, the sections filled; issued on a day no deadline precedes.
    const fixed = await call('xa.vanphu', 'PUT', `/api/units/${commune}/plans/${planId}`, {
      ...rows(plan),
      ...sections,
    });
    expect(fixed.statusCode, fixed.body).toBe(200);
  });

  it('keeps an issued plan’s text and keeps other units out', async () => {
    const plan = (await call('xa.vanphu', 'GET', `/api/units/${commune}/plans/${planId}`)).json();
    const noNumber = await call('xa.vanphu', 'POST', `/api/units/${commune}/plans/${planId}/issue`, {
      number: ' ',
      issuedOn: '2026-03-01',
    });
    expect(noNumber.statusCode).toBe(400);
    expect(
      (
        await call('xa.vanphu', 'POST', `/api/units/${commune}/plans/${planId}/issue`, {
          number: '12/KH-UBND',
          issuedOn: '2026-01-10',
          signerName: 'Liều Văn Toại',
        })
      ).statusCode,
    ).toBe(200);
    const edit = await call('xa.vanphu', 'PUT', `/api/units/${commune}/plans/${planId}`, {
      ...plan,
      revision: undefined,
      tasks: [],
      targets: [],
      assignments: [],
    });
    expect(edit.statusCode).toBe(409);
    expect(await count('plan_task', commune)).toBe(3);

    expect((await call('xa.tancuong', 'GET', `/api/units/${commune}/plans/${planId}`)).statusCode).toBe(403);
    expect((await call('tinh.thainguyen', 'GET', `/api/units/${commune}/plans/${planId}`)).statusCode).toBe(200);
    expect(
      (
        await call('tinh.thainguyen', 'PUT', `/api/units/${commune}/plans/${planId}`, {
          year: 2026,
          title: 'x',
          place: 'y',
        })
      ).statusCode,
    ).toBe(403);
    expect((await call('tinh.thainguyen', 'GET', `/api/units/${otherProvinceCommune}/plans`)).statusCode).toBe(403);
  });
});
