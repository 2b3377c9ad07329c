// Plan targets bound to the reports' statistics: "không để trẻ em bị đuối nước" (drowning.total, goal 0, lower
// is better) and "100% điểm nguy cơ có rào chắn" (hazard.fenced_rate), measured over the plan's year for a
// commune, and for a province over its communes summed (the rate from the summed counts, not a mean of rates).
// Drowned children are sensitive: a commune reading its province's plan sees that figure withheld.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indicatorDef, measure } from '../../src/core/plans/indicators.ts';
import { completeStatistics, rollUpStatistics } from '../../src/core/reports/statistics.ts';
import { setClock } from '../../src/server/platform/clock.ts';
import { measureStatistics } from '../../src/server/features/statistics/index.ts';
import { login, startTestApp, type TestApp } from '../support/server.ts';
import { communeId } from '../support/db.ts';

let t: TestApp;
const cookies: Record<string, string> = {};
let vanPhu: number;
let tanCuong: number;
let province: number;

const call = (user: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: { cookie: cookies[user]!, 'accept-language': 'vi' }, payload });

const targets = [
  { text: 'Không để xảy ra trẻ em bị đuối nước.', indicator: 'drowning.total', goal: 0 },
  { text: '100% điểm có nguy cơ gây đuối nước được rào chắn, che đậy.', indicator: 'hazard.fenced_rate', goal: 100 },
];

/** A child of the commune, through the register's API (its village and household made on the way). */
async function child(user: string, unitId: number, code: string, village: string) {
  const res = await call(user, 'POST', `/api/communes/${unitId}/register/children`, {
    code,
    villageName: village,
    householdCode: `HO-${code}`,
    householdHead: 'Nguyễn Văn Bình',
    fullName: `Trẻ ${code}`,
    birthDate: '2016-04-12',
    sex: code.endsWith('1') ? 'female' : 'male',
  });
  expect(res.statusCode, res.body).toBe(201);
  const row = await t.database.db
    .selectFrom('child')
    .select(['id', 'village_id'])
    .where('id', '=', res.json().id)
    .executeTakeFirstOrThrow();
  return { id: row.id, villageId: row.village_id };
}

async function injuryCase(
  unitId: number,
  childId: number,
  kind: 'injury' | 'death',
  cause: 'drowning' | 'traffic',
  occurredOn: string,
  reportedOn = occurredOn,
) {
  await t.database.db
    .insertInto('protection_case')
    .values({
      unit_id: unitId,
      province_id: province,
      child_id: childId,
      kind,
      abuse_kind: null,
      cause,
      occurred_on: occurredOn,
      reported_on: reportedOn,
      summary: 'Ghi để kiểm thử',
      case_worker_id: null,
      plan_approved_by: null,
      created_by: null,
    })
    .execute();
}

async function hazard(
  unitId: number,
  villageId: number,
  place: string,
  dates: { found: string; fenced?: string; signposted?: string; fixed?: string },
) {
  await t.database.db
    .insertInto('hazard_site')
    .values({
      unit_id: unitId,
      province_id: province,
      village_id: villageId,
      kind: 'pond',
      place,
      found_on: dates.found,
      fenced_on: dates.fenced ?? null,
      signposted_on: dates.signposted ?? null,
      fixed_on: dates.fixed ?? null,
    })
    .execute();
}

async function planOf(user: string, unitId: number) {
  const created = await call(user, 'POST', `/api/units/${unitId}/plans`, {
    year: 2026,
    title: 'Kế hoạch phòng, chống đuối nước trẻ em năm 2026',
    place: 'Thái Nguyên',
    targets,
  });
  expect(created.statusCode, created.body).toBe(201);
  return created.json().id as number;
}

const measuredOf = async (user: string, unitId: number, planId: number) => {
  const res = await call(user, 'GET', `/api/units/${unitId}/plans/${planId}`);
  expect(res.statusCode, res.body).toBe(200);
  return Object.fromEntries(
    (res.json().targets as { indicator: string; measured: unknown }[]).map((x) => [x.indicator, x.measured]),
  );
};

beforeAll(async () => {
  t = await startTestApp();
  const db = t.database.db;
  vanPhu = await communeId(db, '05845');
  tanCuong = (
    await db
      .selectFrom('user_role')
      .innerJoin('app_user', 'app_user.id', 'user_role.user_id')
      .select('user_role.unit_id')
      .where('app_user.username', '=', 'xa.tancuong')
      .executeTakeFirstOrThrow()
  ).unit_id!;
  province = (await db.selectFrom('unit').select('parent_id').where('id', '=', vanPhu).executeTakeFirstOrThrow())
    .parent_id!;
  for (const u of ['xa.vanphu', 'xa.tancuong', 'tinh.thainguyen']) cookies[u] = await login(t.app, u);
  // 20/12/2026 in Vietnam: the plan's year has run almost to its end.
  setClock(new Date('2026-12-20T03:00:00Z'));
}, 120_000);

afterAll(async () => {
  setClock(null);
  await t?.close();
});

describe('the indicators', () => {
  it('are listed for the plan form with what they read', async () => {
    const res = await call('xa.vanphu', 'GET', '/api/plan-indicators');
    expect(res.statusCode).toBe(200);
    const byCode = Object.fromEntries((res.json() as { code: string }[]).map((d) => [d.code, d]));
    expect(byCode['drowning.total']).toMatchObject({
      kind: 'statistic',
      statistic: 'drowning.total',
      percent: false,
      sensitive: true,
      better: 'lower',
    });
    expect(byCode['hazard.fenced_rate']).toMatchObject({ kind: 'statistic', percent: true, better: 'higher' });
  });

  it('measure lower-is-better counts and rates against their goal, and nothing without statistics', () => {
    expect(measure('drowning.total', {}, null, 0, { 'drowning.total': 0 })).toEqual({ value: 0, met: true });
    expect(measure('drowning.total', {}, null, 0, { 'drowning.total': 2 })).toEqual({ value: 2, met: false });
    expect(measure('hazard.fenced_rate', {}, null, 100, { 'hazard.fenced_rate': 100 })).toEqual({
      value: 100,
      met: true,
    });
    expect(measure('hazard.fenced_rate', {}, null, 100, { 'hazard.fenced_rate': null })).toEqual({
      value: null,
      met: null,
    });
    expect(measure('drowning.total', {}, null, 0)).toEqual({ value: null, met: null });
    expect(indicatorDef('drowning.total')?.kind).toBe('statistic');
  });

  it('refuses a goal above 100% on the rate, naming the field', async () => {
    const res = await call('xa.vanphu', 'POST', `/api/units/${vanPhu}/plans`, {
      year: 2026,
      title: 'Kế hoạch thử',
      place: 'Thái Nguyên',
      targets: [{ ...targets[1], goal: 120 }],
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.issues[0]).toMatchObject({ field: 'targets.0.goal', value: 120 });
  });
});

describe('measured over the plan’s year', () => {
  let communePlan: number;
  let provincePlan: number;
  let provinceBefore: Record<string, number | null>;

  const provinceExpected = async () => {
    const communes = await t.database.db
      .selectFrom('unit')
      .select('id')
      .where('parent_id', '=', province)
      .where('level', '=', 'commune')
      .where('valid_to', 'is', null)
      .execute();
    const measured = await measureStatistics(t.database.db, {
      unitIds: communes.map((c) => c.id),
      from: '2026-01-01',
      to: '2026-12-20',
    });
    let drowned = 0;
    let fenced = 0;
    let open = 0;
    for (const m of measured.values()) {
      drowned += m['drowning.total']!;
      fenced += m['hazard.fenced']!;
      open += m['hazard.open']!;
    }
    return { drowned, fenced, open };
  };

  it('a commune with nothing recorded meets "no child drowned" and has no hazard rate to measure', async () => {
    communePlan = await planOf('xa.vanphu', vanPhu);
    expect(await measuredOf('xa.vanphu', vanPhu, communePlan)).toEqual({
      'drowning.total': { value: 0, met: true },
      'hazard.fenced_rate': { value: null, met: null },
    });
    provincePlan = await planOf('tinh.thainguyen', province);
    provinceBefore = Object.fromEntries(
      Object.entries(await measuredOf('tinh.thainguyen', province, provincePlan)).map(([k, v]) => [
        k,
        (v as { value: number | null }).value,
      ]),
    );
  });

  it('counts the commune’s drowned children of the year and its fenced share of open hazard sites', async () => {
    const a = await child('xa.vanphu', vanPhu, 'TE-901', 'Thôn Đồng Bẩm');
    const b = await child('xa.vanphu', vanPhu, 'TE-902', 'Thôn Đồng Bẩm');
    const c = await child('xa.vanphu', vanPhu, 'TE-903', 'Thôn Quang Trung');
    await injuryCase(vanPhu, a.id, 'injury', 'drowning', '2026-06-20');
    await injuryCase(vanPhu, b.id, 'death', 'drowning', '2026-07-02');
    // Not this year's, not drowning: not counted.
    await injuryCase(vanPhu, c.id, 'death', 'drowning', '2025-07-02');
    await injuryCase(vanPhu, c.id, 'injury', 'traffic', '2026-03-02');
    // Open: fenced, signposted only, neither; fixed in the year: no longer open.
    await hazard(vanPhu, a.villageId, 'Ao nhà ông Hòa', { found: '2026-02-01', fenced: '2026-04-01' });
    await hazard(vanPhu, a.villageId, 'Suối Cầu Đá', { found: '2026-02-01', signposted: '2026-04-01' });
    await hazard(vanPhu, c.villageId, 'Hố công trình nhà văn hóa', { found: '2026-03-01' });
    await hazard(vanPhu, c.villageId, 'Giếng bỏ hoang', { found: '2026-03-01', fixed: '2026-05-01' });

    expect(await measuredOf('xa.vanphu', vanPhu, communePlan)).toEqual({
      'drowning.total': { value: 2, met: false },
      'hazard.fenced_rate': { value: 33.3, met: false },
    });
    // The province official sees the commune's figures exactly.
    expect(await measuredOf('tinh.thainguyen', vanPhu, communePlan)).toEqual({
      'drowning.total': { value: 2, met: false },
      'hazard.fenced_rate': { value: 33.3, met: false },
    });
  });

  it('the province’s plan sums its communes: the rate from the summed counts, not a mean of rates', async () => {
    const d = await child('xa.tancuong', tanCuong, 'TE-911', 'Xóm Soi Vàng');
    await injuryCase(tanCuong, d.id, 'injury', 'drowning', '2026-05-15');
    for (const place of ['Ao xóm Soi Vàng', 'Hồ Núi Cốc đoạn bến thuyền', 'Kênh tưới xóm Gò'])
      await hazard(tanCuong, d.villageId, place, { found: '2026-01-10', fenced: '2026-02-10' });

    const expected = await provinceExpected();
    const measured = await measuredOf('tinh.thainguyen', province, provincePlan);
    const rate = Math.round((1000 * expected.fenced) / expected.open) / 10;
    expect(measured).toEqual({
      'drowning.total': { value: expected.drowned, met: expected.drowned === 0 },
      'hazard.fenced_rate': { value: rate, met: rate >= 100 },
    });
    // Three more drowned children than before this test's cases, whatever the demo holds.
    expect(expected.drowned - (provinceBefore['drowning.total'] ?? 0)).toBe(3);
    // Van Phu 1 of 3 fenced (33.3%), Tan Cuong 3 of 3 (100%): the mean of rates would differ from the sum's rate.
    const own = await measureStatistics(t.database.db, {
      unitIds: [vanPhu, tanCuong],
      from: '2026-01-01',
      to: '2026-12-20',
    });
    const pair = rollUpStatistics([...own.values()].map((m) => completeStatistics(m)));
    expect(pair['hazard.fenced_rate']).toBe(66.7);
  });

  it('a commune reading its province’s plan sees the drowned children withheld, the hazard rate shown', async () => {
    const res = await call('xa.vanphu', 'GET', `/api/units/${province}/plans/${provincePlan}`);
    expect(res.statusCode, res.body).toBe(200);
    const [drowning, fenced] = res.json().targets;
    expect(drowning.measured).toEqual({ value: null, suppressed: true, met: null });
    expect(fenced.measured.value).toEqual(expect.any(Number));
  });

  it('a plan for a year not begun measures nothing yet', async () => {
    const res = await call('xa.vanphu', 'POST', `/api/units/${vanPhu}/plans`, {
      year: 2027,
      title: 'Kế hoạch năm 2027',
      place: 'Thái Nguyên',
      targets,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().targets.map((x: { measured: unknown }) => x.measured)).toEqual([
      { value: null, met: null },
      { value: null, met: null },
    ]);
  });
});
