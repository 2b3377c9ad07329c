// The register through the API: who sees what, every read logged, deadlines in working days,
// counts adopted into the assessment, and bad input refused with nothing stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareVi } from '../../src/core/collation.ts';
import { createUser } from '../../src/server/features/auth/users.ts';
import { DEMO_PASSWORD } from '../../src/server/demo/accounts.ts';
import { login, startTestApp, type TestApp } from '../support/server.ts';
import { communeId } from '../support/db.ts';

let t: TestApp;
const cookies: Record<string, string> = {};
let commune: number;
let province: number;
let periodId: number;
let childId: number;
let caseId: number;
const userIds: Record<string, number> = {};

const call = (user: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: { cookie: cookies[user]!, 'accept-language': 'vi' }, payload });
const base = () => `/api/communes/${commune}/register`;

const child = {
  code: 'TE-001',
  villageName: 'Thôn Đồng Bẩm',
  householdCode: 'HO-01',
  householdHead: 'Nguyễn Văn Bình',
  fullName: 'Nguyễn Thị Hoa',
  birthDate: '2014-04-12',
  sex: 'female',
  idNumber: '019314000123',
  birthRegisteredOn: '2014-05-02',
};

beforeAll(async () => {
  t = await startTestApp();
  const db = t.database.db;
  commune = await communeId(db, '05845'); // Xã Vạn Phú
  province = (await db.selectFrom('unit').select('parent_id').where('id', '=', commune).executeTakeFirstOrThrow())
    .parent_id!;
  periodId = (await db.selectFrom('period').select('id').where('year', '=', 2026).executeTakeFirstOrThrow()).id;
  const make = async (
    username: string,
    role: 'commune_officer' | 'commune_chairman' | 'collaborator',
    fullName: string,
  ) => {
    userIds[username] = await createUser(db, {
      username,
      password: DEMO_PASSWORD,
      fullName,
      roles: [{ role, unitId: commune }],
    });
  };
  await make('canbo2.vanphu', 'commune_officer', 'Cán bộ thứ hai');
  await make('chutich.vanphu', 'commune_chairman', 'Chủ tịch UBND xã Vạn Phú');
  await make('ctv.vanphu', 'collaborator', 'Cộng tác viên thôn');
  userIds['xa.vanphu'] = (
    await db.selectFrom('app_user').select('id').where('username', '=', 'xa.vanphu').executeTakeFirstOrThrow()
  ).id;
  for (const u of [
    'xa.vanphu',
    'canbo2.vanphu',
    'chutich.vanphu',
    'ctv.vanphu',
    'tinh.thainguyen',
    'xa.tancuong',
    'admin',
    'bo.yte',
  ])
    cookies[u] = await login(t.app, u);
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('writing the register', () => {
  it('refuses a birth date in the future and a death before birth, naming field and value, storing nothing', async () => {
    const res = await call('xa.vanphu', 'POST', `${base()}/children`, { ...child, birthDate: '2099-01-01' });
    expect(res.statusCode).toBe(400);
    const issue = res.json().error.issues[0];
    expect(issue.field).toBe('birthDate');
    expect(issue.message).toContain('Ngày sinh');
    expect(issue.message).toContain('01/01/2099');
    const death = await call('xa.vanphu', 'POST', `${base()}/children`, { ...child, diedOn: '2010-01-01' });
    expect(death.statusCode).toBe(400);
    expect(death.json().error.issues[0]).toMatchObject({ field: 'diedOn', value: '2010-01-01' });
    expect(death.json().error.issues[0].message).toContain('Ngày sinh');
    expect(await t.database.db.selectFrom('child').select('id').where('unit_id', '=', commune).execute()).toHaveLength(
      0,
    );
    expect(
      await t.database.db.selectFrom('village').select('id').where('unit_id', '=', commune).execute(),
    ).toHaveLength(0);
  });

  it('adds a child, then refuses a second child with the same identity number', async () => {
    const res = await call('xa.vanphu', 'POST', `${base()}/children`, child);
    expect(res.statusCode, res.body).toBe(201);
    childId = res.json().id;
    const dup = await call('xa.vanphu', 'POST', `${base()}/children`, {
      ...child,
      code: 'TE-002',
      fullName: 'Trần Văn Nam',
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.issues[0]).toMatchObject({ field: 'idNumber', value: '019314000123' });
  });

  it('keeps the collaborator out of supports and sensitive groups', async () => {
    expect(
      (
        await call('ctv.vanphu', 'POST', `${base()}/children/${childId}/circumstances`, {
          group: 'l',
          startedOn: '2026-03-01',
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await call('ctv.vanphu', 'POST', `${base()}/children/${childId}/supports`, {
          kind: 'Tư vấn',
          givenOn: '2026-03-02',
          provider: 'UBND xã',
        })
      ).statusCode,
    ).toBe(403);
    const health = await call('ctv.vanphu', 'POST', `${base()}/children/${childId}/health-records`, {
      kind: 'periodic',
      checkedOn: '2026-03-03',
    });
    expect(health.statusCode, health.body).toBe(201);
  });
});

describe('a sensitive case', () => {
  it('opens an abuse case that waits for the chairman, who assigns it; its plan is due 5 working days after the report, across Tết 2026', async () => {
    const res = await call('xa.vanphu', 'POST', `${base()}/cases`, {
      childId,
      kind: 'abuse',
      abuseKind: 'sexual',
      occurredOn: '2026-02-12',
      reportedOn: '2026-02-13',
      summary: 'Chi tiết vụ việc',
    });
    expect(res.statusCode, res.body).toBe(201);
    caseId = res.json().id;
    // Opening a sensitive case grants the officer nothing: it waits, out of his sight, for the chairman.
    expect(res.json().case).toBeNull();
    expect((await call('xa.vanphu', 'GET', `${base()}/cases/${caseId}`)).statusCode).toBe(404);
    const asked = await t.database.db
      .selectFrom('notification')
      .select(['user_id', 'message'])
      .where('link', 'like', `%/cases/${caseId}?step=assign`)
      .execute();
    expect(asked).toEqual([{ user_id: userIds['chutich.vanphu'], message: expect.stringContaining(`số ${caseId}`) }]);
    // Only the chairman assigns, himself included; the officer cannot name himself.
    expect(
      (await call('xa.vanphu', 'PUT', `${base()}/cases/${caseId}`, { caseWorkerId: userIds['xa.vanphu'] })).statusCode,
    ).toBe(404);
    const assigned = await call('chutich.vanphu', 'PUT', `${base()}/cases/${caseId}`, {
      caseWorkerId: userIds['xa.vanphu'],
    });
    expect(assigned.statusCode, assigned.body).toBe(200);
    const stored = await t.database.db
      .selectFrom('protection_case')
      .select(['case_worker_id', 'assigned_by'])
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ case_worker_id: userIds['xa.vanphu'], assigned_by: userIds['chutich.vanphu'] });
    const view = (await call('xa.vanphu', 'GET', `${base()}/cases/${caseId}`)).json();
    expect(view.details.planDueOn).toBe('2026-02-27'); // 16–20/02 Tết, 21–22 weekend
    expect(view.caseWorker.id).toBe(userIds['xa.vanphu']);
    expect(view.assignment.by).toBe('Chủ tịch UBND xã Vạn Phú');
    await call('xa.vanphu', 'POST', `${base()}/children/${childId}/circumstances`, {
      group: 'l',
      startedOn: '2026-02-12',
      note: 'Ghi chú mật',
    });
  });

  it('is absent for the collaborator, and its reads are logged', async () => {
    expect((await call('ctv.vanphu', 'GET', `${base()}/cases/${caseId}`)).statusCode).toBe(403);
    expect((await call('ctv.vanphu', 'GET', `${base()}/cases`)).statusCode).toBe(403);
    const record = await call('ctv.vanphu', 'GET', `${base()}/children/${childId}`);
    expect(record.statusCode).toBe(200);
    const body = record.json();
    expect(body).not.toHaveProperty('cases');
    expect(body).not.toHaveProperty('supports');
    expect(body.circumstances).toEqual([]);
    expect(record.body).not.toContain('restricted');
    expect(record.body).not.toContain('Chi tiết vụ việc');
    expect(record.body).not.toContain('Ghi chú mật');
  });

  it('is absent, not marked, for another officer: no id, no kind, no trace in the child record', async () => {
    const res = await call('canbo2.vanphu', 'GET', `${base()}/cases/${caseId}`);
    expect(res.statusCode).toBe(404);
    const missing = await call('canbo2.vanphu', 'GET', `${base()}/cases/999999`);
    expect(res.json().error.message.replace(String(caseId), 'X')).toBe(
      missing.json().error.message.replace('999999', 'X'),
    );
    const list = await call('canbo2.vanphu', 'GET', `${base()}/cases`);
    expect(list.json().map((c: { id: number }) => c.id)).not.toContain(caseId);
    const record = (await call('canbo2.vanphu', 'GET', `${base()}/children/${childId}`)).json();
    expect(record.cases).toEqual([]);
    expect(record.circumstances).toEqual([]);
    expect(JSON.stringify(record)).not.toContain('Ghi chú mật');
    expect((await call('canbo2.vanphu', 'PUT', `${base()}/cases/${caseId}`, { summary: 'đổi' })).statusCode).toBe(404);
    expect((await call('canbo2.vanphu', 'GET', `${base()}/children?group=l`)).statusCode).toBe(403);
  });

  it('shows the chairman everything, and only the chairman approves the plan', async () => {
    const res = await call('chutich.vanphu', 'GET', `${base()}/cases/${caseId}`);
    expect(res.json()).toMatchObject({ child: { id: childId, fullName: 'Nguyễn Thị Hoa' } });
    expect(
      (await call('xa.vanphu', 'POST', `${base()}/cases/${caseId}/approve-plan`, { approvedOn: '2026-02-27' }))
        .statusCode,
    ).toBe(403);
    const drafted = await call('xa.vanphu', 'PUT', `${base()}/cases/${caseId}`, { planDraftedOn: '2026-02-26' });
    expect(drafted.statusCode, drafted.body).toBe(200);
    expect(drafted.json().case.details.approvalDueOn).toBe('2026-03-02');
    const approved = await call('chutich.vanphu', 'POST', `${base()}/cases/${caseId}/approve-plan`, {
      approvedOn: '2026-03-02',
    });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json().timeliness).toBe('in_time');
  });

  it('lets the chairman review who read the child and who was refused, and no one else', async () => {
    const log = await call('chutich.vanphu', 'GET', `${base()}/access-log?childId=${childId}`);
    expect(log.statusCode).toBe(200);
    const entries = log.json() as { action: string; user: { username: string } }[];
    expect(entries.some((e) => e.user.username === 'ctv.vanphu' && e.action === 'view')).toBe(true);
    expect(entries.some((e) => e.user.username === 'chutich.vanphu' && e.action === 'case_view')).toBe(true);
    const refused = await t.database.db
      .selectFrom('child_access_log')
      .select(['user_id', 'child_id', 'case_id', 'fields'])
      .where('action', '=', 'denied')
      .where('case_id', '=', caseId)
      .execute();
    // The officer without the case was refused it: logged for the chairman, with the case asked for.
    expect(refused).toContainEqual({
      user_id: userIds['canbo2.vanphu'],
      child_id: childId,
      case_id: caseId,
      fields: [`case:${caseId}`],
    });
    // What the collaborator was shown is what the log says: no sensitive group.
    const shown = await t.database.db
      .selectFrom('child_access_log')
      .select('fields')
      .where('user_id', '=', userIds['ctv.vanphu']!)
      .where('action', '=', 'view')
      .where('child_id', '=', childId)
      .executeTakeFirstOrThrow();
    expect(shown.fields).toEqual(['identity', 'profile', 'education', 'health', 'circumstances']);
    expect((await call('xa.vanphu', 'GET', `${base()}/access-log`)).statusCode).toBe(403);
  });

  it('keeps every child out of reach of the province and of other communes', async () => {
    expect((await call('tinh.thainguyen', 'GET', `${base()}/children/${childId}`)).statusCode).toBe(403);
    expect((await call('tinh.thainguyen', 'GET', `${base()}/children`)).statusCode).toBe(403);
    expect((await call('xa.tancuong', 'GET', `${base()}/children/${childId}`)).statusCode).toBe(403);
    expect((await call('admin', 'GET', `${base()}/cases/${caseId}`)).statusCode).toBe(403);
    // The ministry reads aggregates only, never a child.
    expect((await call('bo.yte', 'GET', `${base()}/children/${childId}`)).statusCode).toBe(403);
    expect((await call('bo.yte', 'GET', `${base()}/children`)).statusCode).toBe(403);
  });
});

describe('counts for the criteria', () => {
  it('shows the computed count beside the typed one and adopts it into the score', async () => {
    const derived = await call('xa.vanphu', 'GET', `${base()}/derived?periodId=${periodId}`);
    expect(derived.statusCode, derived.body).toBe(200);
    const pop = derived.json().inputs.find((i: { code: string }) => i.code === 'pop.children');
    expect(pop.computed).toBe(1);
    expect(pop.stored.origin).toBe('manual');
    expect(pop.differs).toBe(true);
    const c03 = derived.json().inputs.find((i: { code: string }) => i.code === 'C03.abused');
    expect(c03.computed).toBe(1);
    const adopted = await call('xa.vanphu', 'POST', `${base()}/derived/adopt`, { periodId, codes: ['C03.abused'] });
    expect(adopted.statusCode, adopted.body).toBe(200);
    expect(adopted.json().values['C03.abused']).toMatchObject({ value: 1, origin: 'register' });
    expect(adopted.json().values['C03.abused'].sourceNote).toContain('31/12/2026');
  });

  it('names the records behind a sensitive count only to the case handlers, and marks nothing for the others', async () => {
    const own = await call('xa.vanphu', 'GET', `${base()}/derived/C03.abused/records?periodId=${periodId}`);
    expect(own.json().records[0]).toMatchObject({ fullName: 'Nguyễn Thị Hoa' });
    const other = await call('canbo2.vanphu', 'GET', `${base()}/derived/C03.abused/records?periodId=${periodId}`);
    expect(other.json()).toEqual({ code: 'C03.abused', source: 'child', count: 1, records: [] });
    expect(other.body).not.toContain('Nguyễn Thị Hoa');
  });

  it('sends the province only counts: exact to the official who re-checks the criteria, small sensitive ones suppressed for the administrator', async () => {
    const res = await call('admin', 'GET', `/api/provinces/${province}/register/summary?periodId=${periodId}`);
    expect(res.statusCode, res.body).toBe(200);
    const row = res.json().communes.find((c: { id: number }) => c.id === commune);
    expect(row.counts['C03.abused']).toEqual({ value: null, suppressed: true });
    expect(row.counts['C05.deaths']).toEqual({ value: 0, suppressed: false });
    expect(res.body).not.toContain('Nguyễn Thị Hoa');
    const official = await call(
      'tinh.thainguyen',
      'GET',
      `/api/provinces/${province}/register/summary?periodId=${periodId}`,
    );
    expect(official.json().communes.find((c: { id: number }) => c.id === commune).counts['C03.abused']).toEqual({
      value: 1,
      suppressed: false,
    });
    expect(official.body).not.toContain('Nguyễn Thị Hoa');
    expect(
      (await call('xa.vanphu', 'GET', `/api/provinces/${province}/register/summary?periodId=${periodId}`)).statusCode,
    ).toBe(403);
  });
});

describe('plan deadline reminders', () => {
  it('tells the case worker and the chairman once, naming the case and never the child', async () => {
    const { remindCasePlans } = await import('../../src/server/features/register/cases.ts');
    const { todayInVietnam: todayIso } = await import('../../src/server/platform/clock.ts');
    const db = t.database.db;
    // The demo's Đại Từ register holds an abandonment whose plan is overdue.
    const written = await remindCasePlans(db, todayIso());
    expect(written).toBeGreaterThanOrEqual(2);
    expect(await remindCasePlans(db, todayIso())).toBe(0);
    const notes = await db
      .selectFrom('notification')
      .innerJoin('app_user as u', 'u.id', 'notification.user_id')
      .select(['u.username', 'message'])
      .where('kind', '=', 'case_plan')
      .execute();
    expect(notes.map((n) => n.username)).toEqual(expect.arrayContaining(['xa.daitu', 'chutich.daitu']));
    const overdue = notes.find((n) => n.username === 'chutich.daitu')!;
    expect(overdue.message).toMatch(/quá hạn lập kế hoạch can thiệp/);
    const names = await db
      .selectFrom('protection_case as pc')
      .innerJoin('child as c', 'c.id', 'pc.child_id')
      .select('c.full_name')
      .execute();
    for (const n of names) expect(notes.every((x) => !x.message.includes(n.full_name))).toBe(true);
  });
});

describe('listing the register', () => {
  it('pages, filters by name without diacritics, village and age, and logs each child shown', async () => {
    const daitu = await communeId(t.database.db, '05830');
    cookies['xa.daitu'] = await login(t.app, 'xa.daitu');
    const list = (q: string) =>
      call('xa.daitu', 'GET', `/api/communes/${daitu}/register/children?${q}`).then((r) => r.json());
    const first = await list('pageSize=20');
    const second = await list('pageSize=20&page=2');
    expect(first.total).toBeGreaterThan(500);
    expect(first.rows).toHaveLength(20);
    expect(new Set([...first.rows, ...second.rows].map((r: { id: number }) => r.id)).size).toBe(40);
    // Vietnamese alphabetical order (src/core/collation.ts): Đặng after every D, Âu after An.
    const ordered = [...first.rows, ...second.rows].map((r: { fullName: string }) => r.fullName);
    expect(ordered).toEqual([...ordered].sort(compareVi));
    const someone = first.rows[0] as { fullName: string; id: number; villageId: number };
    const plain = someone.fullName
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/đ/gi, 'd')
      .toLowerCase();
    const found = await list(`q=${encodeURIComponent(plain)}`);
    expect(found.rows.map((r: { id: number }) => r.id)).toContain(someone.id);
    const village = await list(`villageId=${someone.villageId}&pageSize=200`);
    expect(village.rows.every((r: { villageId: number }) => r.villageId === someone.villageId)).toBe(true);
    const babies = await list('ageBand=under1&pageSize=200');
    expect(babies.rows.every((r: { age: number }) => r.age === 0)).toBe(true);
    const logged = await t.database.db
      .selectFrom('child_access_log')
      .select('child_id')
      .where('action', '=', 'list')
      .where('unit_id', '=', daitu)
      .execute();
    expect(logged.length).toBeGreaterThanOrEqual(40 + found.rows.length);
    // The collaborator sees the children of their own village only.
    cookies['ctv.daitu'] = await login(t.app, 'ctv.daitu');
    const mine = await call('ctv.daitu', 'GET', `/api/communes/${daitu}/register/children?pageSize=200`).then((r) =>
      r.json(),
    );
    const villages = new Set(mine.rows.map((r: { villageId: number }) => r.villageId));
    expect(villages.size).toBe(1);
    expect(mine.total).toBeLessThan(first.total);
  });
});
