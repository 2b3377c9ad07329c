// A province plan's targets measured over its communes: counts and shares of communes with an issued plan (on
// time), recognised, with a 5-year commitment; a commune indicator rolled up from the summed numerators and
// denominators; each against its comparison (at_least ≥, above >, at_most ≤, below <); yearly steps of a
// multi-year plan measured in their own year. The pure rules first, then through GET plan.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  COMMUNE_INDICATORS,
  INDICATORS,
  measure,
  measureProvince,
  type CommuneFigures,
} from '../../src/core/plans/indicators.ts';
import { DEMO_YEAR } from '../../src/server/demo/seed.ts';
import { setClock } from '../../src/server/platform/clock.ts';
import type { PlanView } from '../../src/server/features/plans/contracts.ts';
import { login, startTestApp, type TestApp } from '../support/server.ts';

const facts = (recognised: boolean) => ({
  recognised,
  plan_issued: false,
  plan_on_time: false,
  report_on_time: false,
  committed: false,
  hazard_unfenced: false,
});
const commune = (recognised: boolean, values: CommuneFigures['values'] = {}): CommuneFigures => ({
  values,
  score: null,
  facts: facts(recognised),
});

describe('measuring (pure)', () => {
  it('honours the target’s comparison', () => {
    const v = { 'C06.supported': 7, 'C06.special': 10 };
    expect(measure('C06.supported_rate', v, null, 70, null, 'at_least')).toEqual({ value: 70, met: true });
    expect(measure('C06.supported_rate', v, null, 70, null, 'above')).toEqual({ value: 70, met: false });
    expect(measure('C06.supported_rate', v, null, 70, null, 'at_most')).toEqual({ value: 70, met: true });
    expect(measure('C06.supported_rate', v, null, 70, null, 'below')).toEqual({ value: 70, met: false });
    // No comparison: the indicator's direction, inclusive (lower is better for underweight children).
    expect(measure('C08.underweight_rate', { 'C08.underweight': 1, 'C08.weighed': 10 }, null, 10)).toEqual({
      value: 10,
      met: true,
    });
    expect(
      measure('C08.underweight_rate', { 'C08.underweight': 1, 'C08.weighed': 10 }, null, 10, null, 'below').met,
    ).toBe(false);
  });

  it('"duy trì 06/13 xã": a count of communes recognised, at least 6', () => {
    const thirteen = (n: number) => Array.from({ length: 13 }, (_, i) => commune(i < n));
    expect(measureProvince('communes.recognised', thirteen(6), 6, 'at_least')).toEqual({ value: 6, met: true });
    expect(measureProvince('communes.recognised', thirteen(5), 6, 'at_least')).toEqual({ value: 5, met: false });
    // "trên 70% xã": 7 of 10 is 70%, not above it; 8 of 10 is.
    const ten = (n: number) => Array.from({ length: 10 }, (_, i) => commune(i < n));
    expect(measureProvince('communes.recognised_rate', ten(7), 70, 'above')).toEqual({ value: 70, met: false });
    expect(measureProvince('communes.recognised_rate', ten(8), 70, 'above')).toEqual({ value: 80, met: true });
    // Fewer communes with an unfenced hazard is better: at most 1 of them.
    const hazards = [commune(false), commune(false), commune(false)].map((c, i) => ({
      ...c,
      facts: { ...c.facts, hazard_unfenced: i > 0 },
    }));
    expect(measureProvince('communes.hazard_unfenced', hazards, 1)).toEqual({ value: 2, met: false });
  });

  it('rolls a commune indicator up: rates from summed numerators and denominators, counts summed', () => {
    const cs = [
      commune(true, { 'C06.supported': 1, 'C06.special': 2, 'C05.deaths': 1, 'C11.forum': true }),
      commune(false, { 'C06.supported': 9, 'C06.special': 10, 'C05.deaths': 0, 'C11.forum': false }),
      // No figures: counted in neither sum (a missing denominator must not dilute the rate).
      commune(false, {}),
    ];
    // 10/12 = 83.3%, not the mean of 50% and 90%.
    expect(measureProvince('C06.supported_rate', cs, 80)).toEqual({ value: 83.3, met: true });
    expect(measureProvince('C05.deaths', cs, 0)).toEqual({ value: 1, met: false });
    // A flag: the share of the communes that answered it.
    expect(measureProvince('C11.forum', cs, null).value).toBe(50);
    expect(measureProvince('communes.recognised', [], 1)).toEqual({ value: 0, met: false });
    expect(measureProvince('communes.recognised_rate', [], 50)).toEqual({ value: null, met: null });
  });

  it('every commune indicator is listed once, a share and a count of each', () => {
    const codes = INDICATORS.map((d) => d.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(COMMUNE_INDICATORS.map((d) => d.code)).toContain('communes.plan_issued_rate');
    expect(COMMUNE_INDICATORS.length % 2).toBe(0);
    // A commune measures none of them.
    expect(measure('communes.recognised', {}, null, 1)).toEqual({ value: null, met: null });
  });
});

let t: TestApp;
let cookie: string;
let province: number;
let communes: number[];

beforeAll(async () => {
  t = await startTestApp();
  const db = t.database.db;
  const c = await db
    .selectFrom('unit')
    .select('parent_id')
    .where('code', '=', '05845')
    .where('valid_to', 'is', null)
    .executeTakeFirstOrThrow();
  province = c.parent_id!;
  communes = (
    await db
      .selectFrom('unit')
      .select('id')
      .where('parent_id', '=', province)
      .where('level', '=', 'commune')
      .where('valid_to', 'is', null)
      .orderBy('code')
      .execute()
  ).map((u) => u.id);
  cookie = await login(t.app, 'tinh.thainguyen');
}, 180_000);

afterAll(async () => {
  setClock(null);
  await t?.close();
});

type Target = {
  indicator: string;
  goal: number;
  comparison: 'at_least' | 'above' | 'at_most' | 'below';
  year?: number;
};

async function provincePlan(year: number, yearTo: number | null, targets: Target[], lowerPlansDue: string | null) {
  const db = t.database.db;
  const plan = await db
    .insertInto('plan')
    .values({
      unit_id: province,
      province_id: province,
      year,
      year_to: yearTo,
      number: `${year}/KH-UBND`,
      issued_on: `${year}-01-15`,
      place: 'Thái Nguyên',
      title: `Kế hoạch ${year}${yearTo ? `–${yearTo}` : ''}`,
      status: 'issued',
      lower_plans_due: lowerPlansDue,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('plan_target')
    .values(
      targets.map((tg, i) => ({
        plan_id: plan.id,
        unit_id: province,
        province_id: province,
        position: i,
        text: `${tg.indicator} ${tg.comparison} ${tg.goal}`,
        indicator: tg.indicator,
        goal: tg.goal,
        comparison: tg.comparison,
        year: tg.year ?? null,
      })),
    )
    .execute();
  return plan.id;
}

const readPlan = async (planId: number) => {
  const res = await t.app.inject({
    method: 'GET',
    url: `/api/units/${province}/plans/${planId}`,
    headers: { cookie, 'accept-language': 'vi' },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<PlanView>().targets.map((tg) => tg.measured);
};

describe('a province plan’s targets through the API', () => {
  it('measures a multi-year plan’s yearly steps over the communes’ plans of each year', async () => {
    setClock(new Date('2031-03-10T03:00:00Z'));
    const db = t.database.db;
    // 2031: ten communes on time (the parent's due day 23/02 recurs each year), two late, the rest none.
    for (const [i, id] of communes.slice(0, 12).entries())
      await db
        .insertInto('plan')
        .values({
          unit_id: id,
          province_id: province,
          year: 2031,
          number: `${i + 1}/KH-UBND`,
          issued_on: i < 10 ? '2031-02-10' : '2031-03-01',
          place: 'Xã',
          title: 'Kế hoạch năm 2031',
          status: 'issued',
        })
        .execute();
    const planId = await provincePlan(
      2030,
      2031,
      [
        { indicator: 'communes.plan_issued', goal: 12, comparison: 'at_least', year: 2031 },
        { indicator: 'communes.plan_issued', goal: 12, comparison: 'above', year: 2031 },
        { indicator: 'communes.plan_on_time', goal: 10, comparison: 'at_least', year: 2031 },
        { indicator: 'communes.plan_on_time_rate', goal: 100, comparison: 'at_least', year: 2031 },
        { indicator: 'communes.plan_issued', goal: 1, comparison: 'at_least', year: 2030 },
        // The whole plan: measured in its last begun year (2031).
        { indicator: 'communes.plan_issued', goal: 13, comparison: 'below' },
      ],
      '2030-02-23',
    );
    const m = await readPlan(planId);
    expect(m[0]).toEqual({ value: 12, met: true });
    expect(m[1]).toEqual({ value: 12, met: false });
    expect(m[2]).toEqual({ value: 10, met: true });
    expect(m[3]).toEqual({ value: Math.round((10 * 1000) / communes.length) / 10, met: false });
    expect(m[4]).toEqual({ value: 0, met: false });
    expect(m[5]).toEqual({ value: 12, met: true });
  });

  it('measures communes recognised and a commune indicator rolled up over the demo year', async () => {
    setClock(null);
    const db = t.database.db;
    const recognised = (
      await db
        .selectFrom('assessment as a')
        .innerJoin('period as p', 'p.id', 'a.period_id')
        .select('a.unit_id')
        .where('p.year', '=', DEMO_YEAR)
        .where('a.recognized', '=', true)
        .where('a.unit_id', 'in', communes)
        .execute()
    ).length;
    expect(recognised).toBeGreaterThan(0);
    const values = await db
      .selectFrom('assessment_value as v')
      .innerJoin('assessment as a', 'a.id', 'v.assessment_id')
      .innerJoin('period as p', 'p.id', 'a.period_id')
      .select(['a.unit_id', 'v.code', 'v.value'])
      .where('p.year', '=', DEMO_YEAR)
      .where('a.unit_id', 'in', communes)
      .where('v.code', 'in', ['C06.supported', 'C06.special'])
      .execute();
    const byUnit = new Map<number, Record<string, number>>();
    for (const v of values) byUnit.set(v.unit_id, { ...byUnit.get(v.unit_id), [v.code]: Number(v.value) });
    let n = 0;
    let d = 0;
    for (const u of byUnit.values())
      if (u['C06.supported'] !== undefined && u['C06.special'] !== undefined) {
        n += u['C06.supported'];
        d += u['C06.special'];
      }
    const planId = await provincePlan(
      DEMO_YEAR,
      null,
      [
        { indicator: 'communes.recognised', goal: recognised, comparison: 'at_least' },
        { indicator: 'communes.recognised', goal: recognised, comparison: 'above' },
        { indicator: 'communes.recognised_rate', goal: 70, comparison: 'above' },
        { indicator: 'C06.supported_rate', goal: 0, comparison: 'at_least' },
      ],
      null,
    );
    const m = await readPlan(planId);
    expect(m[0]).toEqual({ value: recognised, met: true });
    expect(m[1]).toEqual({ value: recognised, met: false });
    const share = Math.round((recognised * 1000) / communes.length) / 10;
    expect(m[2]).toEqual({ value: share, met: share > 70 });
    expect(m[3]).toEqual({ value: d ? Math.round((1000 * n) / d) / 10 : null, met: d ? true : null });
  });
});
