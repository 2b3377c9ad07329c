// Plan coverage of a province (GET /api/units/:unitId/plan-coverage): every current commune of Thái Nguyên
// (92, well over 20) with its plan for 2031 against the province plan's due day for the communes' plans
// (23/02): all on time but one late and one missing (a draft only); the 5-year commitments; before the due
// day the missing one is pending; who may read it. Plans are written straight to the database: the year 2031
// is one no demo plan covers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareVi } from '../../src/core/collation.ts';
import { coverageState, lowerPlansDueIn } from '../../src/core/plans/coverage.ts';
import { setClock } from '../../src/server/platform/clock.ts';
import type { PlanCoverage } from '../../src/server/features/plans/contracts.ts';
import { login, startTestApp, type TestApp } from '../support/server.ts';

const YEAR = 2031;
let t: TestApp;
const cookies: Record<string, string> = {};
let province: number;
let communes: Array<{ id: number; name: string }>;
let late: { id: number; name: string };
let missing: { id: number; name: string };
let unsent: { id: number; name: string };
let committed: { id: number; name: string };
let provincePlan: number;

const get = (user: string | null, url: string) =>
  t.app.inject({
    method: 'GET',
    url,
    headers: { ...(user ? { cookie: cookies[user]! } : {}), 'accept-language': 'vi' },
  });

beforeAll(async () => {
  t = await startTestApp();
  const db = t.database.db;
  const vanPhu = await db
    .selectFrom('unit')
    .select(['id', 'parent_id'])
    .where('code', '=', '05845')
    .where('level', '=', 'commune')
    .where('valid_to', 'is', null)
    .executeTakeFirstOrThrow();
  province = vanPhu.parent_id!;
  communes = await db
    .selectFrom('unit')
    .select(['id', 'name'])
    .where('parent_id', '=', province)
    .where('level', '=', 'commune')
    .where('valid_to', 'is', null)
    .orderBy('code')
    .execute();
  [late, missing, unsent, committed] = [communes[3]!, communes[7]!, communes[11]!, communes[15]!];
  provincePlan = (
    await db
      .insertInto('plan')
      .values({
        unit_id: province,
        province_id: province,
        year: YEAR,
        number: '12/KH-UBND',
        issued_on: `${YEAR}-01-20`,
        place: 'Thái Nguyên',
        title: `Kế hoạch thực hiện công tác trẻ em năm ${YEAR}`,
        status: 'issued',
        lower_plans_due: `${YEAR}-02-23`,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  for (const [i, c] of communes.entries()) {
    if (c.id === missing.id) {
      await db
        .insertInto('plan')
        .values({ unit_id: c.id, province_id: province, year: YEAR, place: c.name, title: 'Dự thảo' })
        .execute();
      continue;
    }
    await db
      .insertInto('plan')
      .values({
        unit_id: c.id,
        province_id: province,
        year: YEAR,
        number: `${i + 1}/KH-UBND`,
        issued_on: c.id === late.id ? `${YEAR}-02-25` : `${YEAR}-02-10`,
        // The late one is sent 6 days after the due day; one is issued on time and never marked sent.
        sent_on: c.id === late.id ? `${YEAR}-03-01` : c.id === unsent.id ? null : `${YEAR}-02-20`,
        place: c.name,
        title: `Kế hoạch năm ${YEAR}`,
        status: 'issued',
        parent_plan_id: provincePlan,
      })
      .execute();
  }
  await db
    .insertInto('registration')
    .values({ unit_id: committed.id, term_start: 2030, term_end: 2034, document_ref: 'Văn bản số 15/UBND' })
    .execute();
  for (const u of ['tinh.thainguyen', 'xa.vanphu', 'bo.yte']) cookies[u] = await login(t.app, u);
}, 180_000);

afterAll(async () => {
  setClock(null);
  await t?.close();
});

describe('plan coverage', () => {
  it('lists every current commune with its plan, state and commitment: one late, one missing', async () => {
    setClock(new Date(`${YEAR}-03-10T03:00:00Z`));
    const res = await get('tinh.thainguyen', `/api/units/${province}/plan-coverage?year=${YEAR}`);
    expect(res.statusCode, res.body).toBe(200);
    const c = res.json<PlanCoverage>();
    expect(c.communes.length).toBe(communes.length);
    expect(c.communes.length).toBeGreaterThanOrEqual(20);
    expect(c.due).toBe(`${YEAR}-02-23`);
    expect(c.parentPlan).toMatchObject({ id: provincePlan, number: '12/KH-UBND', lowerPlansDue: `${YEAR}-02-23` });
    expect(c.counts).toEqual({
      communes: communes.length,
      issued: communes.length - 1,
      on_time: communes.length - 2,
      late: 1,
      missing: 1,
      pending: 0,
      committed: 1,
    });
    const row = (id: number) => c.communes.find((r) => r.unitId === id)!;
    expect(row(late.id)).toMatchObject({
      state: 'late',
      daysLate: 6,
      plan: { issuedOn: `${YEAR}-02-25`, sentOn: `${YEAR}-03-01` },
      draft: false,
    });
    expect(row(missing.id)).toMatchObject({ state: 'missing', plan: null, draft: true, daysLate: null });
    // Issued on time in the product and not marked sent: the province saw it the day it was issued.
    expect(row(unsent.id)).toMatchObject({ state: 'on_time', daysLate: -13, plan: { sentOn: null } });
    expect(row(committed.id).commitment).toEqual({ termStart: 2030, termEnd: 2034, documentRef: 'Văn bản số 15/UBND' });
    expect(row(late.id).commitment).toBeNull();
    // Vietnamese order of the names.
    const names = c.communes.map((r) => r.name);
    expect(names).toEqual([...names].sort(compareVi));
  });

  it('before the due day a commune without a plan is pending, not missing', async () => {
    setClock(new Date(`${YEAR}-02-15T03:00:00Z`));
    const c = (await get('tinh.thainguyen', `/api/units/${province}/plan-coverage?year=${YEAR}`)).json<PlanCoverage>();
    expect(c.communes.find((r) => r.unitId === missing.id)!.state).toBe('pending');
    expect(c.counts).toMatchObject({ missing: 0, pending: 1, late: 1 });
  });

  it('a year with no province plan has no due day: issued plans count on time, none missing before the year ends', async () => {
    setClock(new Date(`${YEAR + 1}-06-10T03:00:00Z`));
    const c = (
      await get('tinh.thainguyen', `/api/units/${province}/plan-coverage?year=${YEAR + 2}`)
    ).json<PlanCoverage>();
    expect(c.parentPlan).toBeNull();
    expect(c.due).toBeNull();
    expect(c.counts).toMatchObject({ issued: 0, pending: communes.length, missing: 0 });
  });

  it('is the province’s: a commune officer and the ministry are refused, a commune is not a province', async () => {
    setClock(new Date(`${YEAR}-03-10T03:00:00Z`));
    expect((await get('xa.vanphu', `/api/units/${province}/plan-coverage?year=${YEAR}`)).statusCode).toBe(403);
    expect((await get('bo.yte', `/api/units/${province}/plan-coverage?year=${YEAR}`)).statusCode).toBe(403);
    expect((await get(null, `/api/units/${province}/plan-coverage?year=${YEAR}`)).statusCode).toBe(401);
    const res = await get('tinh.thainguyen', `/api/units/${late.id}/plan-coverage?year=${YEAR}`);
    expect(res.statusCode).toBe(400);
    expect(res.json<{ error: { message: string } }>().error.message).toContain(late.name);
    expect((await get('tinh.thainguyen', `/api/units/${province}/plan-coverage?year=1999`)).statusCode).toBe(400);
  });
});

describe('coverage rules (pure)', () => {
  it('a multi-year parent’s due day recurs each year; 29/02 falls back in a common year', () => {
    expect(lowerPlansDueIn('2019-02-23', 2019)).toBe('2019-02-23');
    expect(lowerPlansDueIn('2019-02-23', 2022)).toBe('2022-02-23');
    expect(lowerPlansDueIn('2024-02-29', 2025)).toBe('2025-02-28');
    expect(lowerPlansDueIn(null, 2025)).toBeNull();
  });
  it('states against the due day', () => {
    const due = '2031-02-23';
    expect(coverageState({ issuedOn: '2031-02-23', sentOn: null }, due, 2031, '2031-05-01')).toBe('on_time');
    expect(coverageState({ issuedOn: '2031-02-20', sentOn: '2031-02-24' }, due, 2031, '2031-05-01')).toBe('late');
    expect(coverageState(null, due, 2031, '2031-02-23')).toBe('pending');
    expect(coverageState(null, due, 2031, '2031-02-24')).toBe('missing');
    expect(coverageState(null, null, 2031, '2032-01-01')).toBe('missing');
  });
});
