// A province's own recognition target from its issued plan replaces the 70 % default on its dashboard (and
// on its communes' and on its row of the national breakdown), says which plan it comes from, follows the
// plan's yearly step and count targets ("duy trì 06/13 xã"), and reaches a cached dashboard at once (the
// plan tables raise the dashboard epochs, migrations/0032). Drafts, other provinces and the nation keep the
// defaults.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareToTarget, provinceTargetFrom, targetWording } from '../../src/core/dashboards/targets.ts';
import { translator } from '../../src/i18n/index.ts';
import { DEMO_YEAR } from '../../src/server/demo/seed.ts';
import type { Dashboard } from '../../src/server/features/dashboards/contracts.ts';
import { login, startTestApp, type TestApp } from '../support/server.ts';

let t: TestApp;
const cookies: Record<string, string> = {};
let province: number;
let commune: number;

const get = async (user: string, url: string) => {
  const res = await t.app.inject({ method: 'GET', url, headers: { cookie: cookies[user]!, 'accept-language': 'vi' } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Dashboard>();
};
const provinceDashboard = () => get('tinh.thainguyen', `/api/dashboards/provinces/${province}`);

let seq = 0;
async function plan(
  targets: Array<{ indicator: string; goal: number; comparison: string | null; year?: number | null }>,
  options: { status?: 'draft' | 'issued'; year?: number; yearTo?: number | null; issuedOn?: string } = {},
) {
  const db = t.database.db;
  const status = options.status ?? 'issued';
  seq++;
  const p = await db
    .insertInto('plan')
    .values({
      unit_id: province,
      province_id: province,
      year: options.year ?? DEMO_YEAR,
      year_to: options.yearTo ?? null,
      number: status === 'issued' ? `${100 + seq}/KH-UBND` : '',
      issued_on:
        status === 'issued' ? (options.issuedOn ?? `${DEMO_YEAR}-01-${String(10 + seq).padStart(2, '0')}`) : null,
      place: 'Thái Nguyên',
      title: `Kế hoạch thử ${seq}`,
      status,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('plan_target')
    .values(
      targets.map((tg, i) => ({
        plan_id: p.id,
        unit_id: province,
        province_id: province,
        position: i,
        text: `Chỉ tiêu ${seq}.${i + 1}`,
        indicator: tg.indicator,
        goal: tg.goal,
        comparison: tg.comparison as 'at_least' | 'above' | null,
        year: tg.year ?? null,
      })),
    )
    .execute();
  return p.id;
}

beforeAll(async () => {
  t = await startTestApp();
  const db = t.database.db;
  const c = await db
    .selectFrom('unit')
    .select(['id', 'parent_id'])
    .where('code', '=', '05845')
    .where('valid_to', 'is', null)
    .executeTakeFirstOrThrow();
  commune = c.id;
  province = c.parent_id!;
  // Start from no province target, whatever the demo's plans set.
  await db
    .deleteFrom('plan_target')
    .where('indicator', 'in', ['communes.recognised_rate', 'communes.recognised'])
    .execute();
  for (const u of ['tinh.thainguyen', 'xa.vanphu', 'bo.yte']) cookies[u] = await login(t.app, u);
}, 180_000);

afterAll(async () => {
  await t?.close();
});

describe('the province’s own target on its dashboard', () => {
  it('without one, the national default (above 70 %) and says so', async () => {
    const d = await provinceDashboard();
    expect(d.period.year).toBe(DEMO_YEAR);
    expect(d.comparison.target).toMatchObject({ percent: 70, comparison: 'above', count: null, source: null });
  });

  it('an issued plan’s share target replaces it at once, naming the plan; a draft or a ceiling does not', async () => {
    await provinceDashboard(); // cached now: the next answer must not come from the cache
    await plan([{ indicator: 'communes.recognised_rate', goal: 90, comparison: 'at_least' }], { status: 'draft' });
    await plan([{ indicator: 'communes.recognised_rate', goal: 10, comparison: 'at_most' }]);
    expect((await provinceDashboard()).comparison.target.source).toBeNull();
    const id = await plan([{ indicator: 'communes.recognised_rate', goal: 5, comparison: 'at_least' }], {
      year: DEMO_YEAR - 1,
      yearTo: DEMO_YEAR + 4,
    });
    const d = await provinceDashboard();
    expect(d.comparison.target).toMatchObject({
      percent: 5,
      comparison: 'atLeast',
      byYear: DEMO_YEAR + 4,
      count: null,
      source: { planId: id, year: null },
    });
    const { recognised, units } = d.counts;
    expect(d.comparison.met).toBe(recognised * 100 >= 5 * units);
    expect(d.comparison.needed).toBe(Math.max(0, Math.ceil((5 * units) / 100) - recognised));
    // Its communes' dashboards compare with it too; the nation keeps its own and the province's row its own.
    const c = await get('xa.vanphu', `/api/dashboards/communes/${commune}`);
    expect(c.comparison.target.source?.planId).toBe(id);
    const n = await get('bo.yte', '/api/dashboards/nation');
    expect(n.comparison.target).toMatchObject({ level: 'nation', source: null });
    const rows = n.breakdown.filter((r) => r.comparison);
    expect(rows.find((r) => r.unitId === province)!.comparison!.target).toMatchObject({
      percent: 5,
      source: { planId: id },
    });
    expect(rows.find((r) => r.unitId !== province)!.comparison!.target).toMatchObject({ percent: 70, source: null });
  });

  it('a later plan’s step for the year wins, strictly ("trên")', async () => {
    const id = await plan([
      { indicator: 'communes.recognised_rate', goal: 60, comparison: 'above', year: DEMO_YEAR + 1 },
      { indicator: 'communes.recognised_rate', goal: 3, comparison: 'above', year: DEMO_YEAR },
    ]);
    const d = await provinceDashboard();
    expect(d.comparison.target).toMatchObject({ percent: 3, comparison: 'above', byYear: DEMO_YEAR });
    expect(d.comparison.target.source).toMatchObject({ planId: id, year: DEMO_YEAR, text: `Chỉ tiêu ${seq}.2` });
    expect(d.comparison.met).toBe(d.counts.recognised * 100 > 3 * d.counts.units);
  });

  it('a count target ("duy trì 06/13 xã") compares the number of communes recognised', async () => {
    const d0 = await provinceDashboard();
    const goal = d0.counts.recognised + 2;
    const id = await plan([{ indicator: 'communes.recognised', goal, comparison: 'at_least' }]);
    const d = await provinceDashboard();
    expect(d.comparison.target).toMatchObject({ count: goal, source: { planId: id } });
    expect(d.comparison.target.percent).toBe(Math.round((goal * 1000) / d.counts.units) / 10);
    expect(d.comparison).toMatchObject({ met: false, needed: 2 });
    const words = targetWording(d.comparison.target, translator('vi'));
    expect(words.target).toBe(`ít nhất ${goal} xã, phường đạt chuẩn đến năm ${DEMO_YEAR}`);
    expect(words.source).toContain(`Kế hoạch số ${100 + seq}/KH-UBND`);
  });
});

describe('choosing and comparing (pure)', () => {
  const row = {
    planId: 1,
    number: '352/KH-UBND',
    title: 'Kế hoạch 2019–2025',
    issuedOn: '2019-03-01',
    planYear: 2019,
    planYearTo: 2025,
    text: 'Trên 70% xã đạt chuẩn',
    indicator: 'communes.recognised_rate',
    goal: 70,
    year: null,
    comparison: 'above',
  };
  it('a plan covers its span only', () => {
    expect(provinceTargetFrom([row], 2018)).toBeNull();
    expect(provinceTargetFrom([row], 2025)).toMatchObject({
      kind: 'percent',
      value: 70,
      comparison: 'above',
      byYear: 2025,
    });
    expect(provinceTargetFrom([row], 2026)).toBeNull();
  });
  it('6 of 13 at least: met at 6, one needed at 5', () => {
    const own = provinceTargetFrom(
      [{ ...row, indicator: 'communes.recognised', goal: 6, comparison: 'at_least' }],
      2020,
    )!;
    expect(compareToTarget('province', 2020, 6, 13, own)).toMatchObject({ met: true, needed: 0 });
    expect(compareToTarget('province', 2020, 5, 13, own)).toMatchObject({ met: false, needed: 1 });
    expect(compareToTarget('province', 2020, 5, 13)).toMatchObject({ target: { percent: 70, source: null } });
  });
});
