// What a plan's targets measure: a commune's criteria inputs and score, and the unit's statistics over the
// plan's year, each seen through the reader's disclosure lens (src/core/privacy/disclosure.ts).
import type { Kysely } from 'kysely';
import {
  indicatorDef,
  indicatorInputs,
  measure,
  measureProvince,
  type CommuneFigures,
} from '../../../core/plans/indicators.ts';
import type { TargetComparison } from '../../../core/plans/plan.ts';
import { figuresDay } from '../../../core/plans/as-of.ts';
import { disclosesExact, lensFor } from '../../../core/privacy/disclosure.ts';
import { completeStatistics, rollUpStatistics, type StatisticValues } from '../../../core/reports/statistics.ts';
import type { RuleSetDefinition } from '../../../core/rule-sets/schema.ts';
import type { ScoreResult } from '../../../core/scoring/engine.ts';
import type { InputValues } from '../../../core/scoring/validate.ts';
import type { Database } from '../../db/schema.ts';
import { plainValues, readAssessment, timelineOf } from '../assessments/index.ts';
import { measureStatistics } from '../statistics/index.ts';
import { todayInVietnam } from '../../platform/clock.ts';
import type { PlanContext } from './access.ts';
import type { PlanTarget } from './contracts.ts';
import { communeFacts } from './coverage.ts';
import type { Db } from './store.ts';

/** A commune's criteria inputs and score for a year, what the reader may not see of them withheld. */
export interface CommuneData {
  level: 'commune';
  values: InputValues;
  score: ScoreResult;
  withheld: ReadonlySet<string>;
}

/**
 * A province's communes for each year of its plan that has begun: their facts (recognised, plan issued…),
 * inputs and scores. `exact`: whether the reader sees the communes' figures exactly (the province's own roles);
 * otherwise the roll-ups of criteria inputs are withheld, as the communes' figures would be.
 */
export interface ProvinceData {
  level: 'province';
  years: ReadonlyMap<number, readonly CommuneFigures[]>;
  /** The year an undated target of the plan is measured in: the last begun year of its span. */
  latest: number | null;
  exact: boolean;
}

/**
 * What a plan's targets are measured on: a commune's criteria inputs and score for the year; a province's
 * communes over the plan's years (`yearTo`: a multi-year plan's last year). Null when there is nothing yet.
 */
export async function measuredData(
  db: Db,
  ctx: PlanContext,
  year: number,
  yearTo: number | null = null,
): Promise<CommuneData | ProvinceData | null> {
  if (ctx.level !== 'commune') return provinceData(db, ctx, year, yearTo ?? year);
  const period = await db.selectFrom('period').select('id').where('year', '=', year).executeTakeFirst();
  if (!period) return null;
  const a = await readAssessment(db as Kysely<Database>, ctx.unitId, period.id);
  const values = plainValues(a.values);
  // The reader sees a target's measure only as they see the assessment's figures (src/core/privacy/disclosure.ts).
  const lens = lensFor(
    ctx.viewer,
    { id: ctx.unitId, provinceId: ctx.provinceId },
    a.ruleSet.definition as RuleSetDefinition,
  );
  const withheld = (await timelineOf(db as Kysely<Database>, lens, a.id)).now(values);
  return { level: 'commune', values, score: a.result, withheld };
}

/** The years of a plan's span that have begun by today (a target of a later year has nothing to measure). */
function begunYears(from: number, to: number, today: string): number[] {
  const now = Number(today.slice(0, 4));
  const years: number[] = [];
  for (let y = from; y <= Math.min(to, now); y++) years.push(y);
  return years;
}

async function provinceData(db: Db, ctx: PlanContext, from: number, to: number): Promise<ProvinceData> {
  const today = todayInVietnam();
  const years = begunYears(from, to, today);
  const out = new Map<number, CommuneFigures[]>();
  for (const year of years) {
    const asOf = figuresDay(`${year}-12-31`, today);
    const facts = await communeFacts(db as Kysely<Database>, ctx.unitId, year, asOf, today);
    const ids = [...facts.keys()];
    const rows = ids.length
      ? await db
          .selectFrom('assessment as a')
          .innerJoin('period as p', 'p.id', 'a.period_id')
          .leftJoin('assessment_value as v', 'v.assessment_id', 'a.id')
          .select(['a.unit_id', 'a.total', 'a.recognized', 'a.complete', 'v.code', 'v.value'])
          .where('p.year', '=', year)
          .where('a.unit_id', 'in', ids)
          .execute()
      : [];
    const values = new Map<number, InputValues>();
    const scores = new Map<number, ScoreResult>();
    for (const r of rows) {
      // Only what the indicators read of a score: its total and whether it recognises the commune.
      if (r.complete && !scores.has(r.unit_id))
        scores.set(r.unit_id, { total: Number(r.total), recognized: r.recognized } as ScoreResult);
      if (r.code === null || r.value === null) continue;
      const v = values.get(r.unit_id) ?? {};
      v[r.code] = r.value as number | boolean;
      values.set(r.unit_id, v);
    }
    out.set(
      year,
      ids.map((id) => ({ values: values.get(id) ?? {}, score: scores.get(id) ?? null, facts: facts.get(id)! })),
    );
  }
  const exact = disclosesExact(
    ctx.viewer,
    { id: ctx.unitId, provinceId: ctx.provinceId },
    { sector: '', sensitive: true },
  );
  return { level: 'province', years: out, latest: years.length ? years[years.length - 1]! : null, exact };
}

/**
 * The unit's statistics over the plan's year, as the data stand today (or at the year's end once it is over):
 * a commune's own; a province's, its current communes' summed with rates from the sums. Null before the year
 * starts. `exact`: whether the reader sees the sensitive ones (harmed children) exactly; others see them withheld.
 */
export async function statisticsOfYear(
  db: Db,
  ctx: PlanContext,
  year: number,
): Promise<{ values: StatisticValues; exact: boolean } | null> {
  const from = `${year}-01-01`;
  const today = todayInVietnam();
  if (today < from) return null;
  const to = figuresDay(`${year}-12-31`, today);
  const unitIds =
    ctx.level === 'commune'
      ? [ctx.unitId]
      : (
          await db
            .selectFrom('unit')
            .select('id')
            .where('parent_id', '=', ctx.unitId)
            .where('level', '=', 'commune')
            .where('valid_to', 'is', null)
            .execute()
        ).map((u) => u.id);
  const measured = await measureStatistics(db as Kysely<Database>, { unitIds, from, to });
  const values = rollUpStatistics([...measured.values()].map((m) => completeStatistics(m)));
  // A province's figures are the province's own: exact for its province roles, as a commune's are for its own.
  const exact = disclosesExact(
    ctx.viewer,
    { id: ctx.unitId, provinceId: ctx.provinceId },
    { sector: '', sensitive: true },
  );
  return { values, exact };
}

type Measured = PlanTarget['measured'];

/**
 * A target's measured value: criteria indicators on the commune's assessment, or rolled up over a province's
 * communes (a yearly step in its year, an undated target in the plan's last begun year); statistic indicators
 * on the year's statistics; withheld where the reader sees the figures withheld. `comparison`: the target's
 * own ("trên 70%" is above 70).
 */
export function measuredTarget(
  indicator: string | null,
  goal: number | null,
  data: Awaited<ReturnType<typeof measuredData>>,
  statistics: Awaited<ReturnType<typeof statisticsOfYear>>,
  target: { comparison?: TargetComparison | null; year?: number | null } = {},
): Measured {
  const def = indicator ? indicatorDef(indicator) : undefined;
  if (!indicator || !def) return null;
  const comparison = target.comparison ?? null;
  const withheld = { value: null, suppressed: true as const, met: null };
  if (def.kind === 'statistic') {
    if (!statistics) return { value: null, met: null };
    if (def.sensitive && !statistics.exact) return withheld;
    return measure(indicator, {}, null, goal, statistics.values, comparison);
  }
  if (!data) return null;
  if (data.level === 'province') {
    const communes = data.years.get(target.year ?? data.latest ?? -1);
    if (!communes) return { value: null, met: null };
    if (!data.exact && indicatorInputs(indicator).length) return withheld;
    return measureProvince(indicator, communes, goal, comparison);
  }
  if (def.kind === 'communes') return null;
  if (indicatorInputs(indicator).some((code) => data.withheld.has(code))) return withheld;
  return measure(indicator, data.values, data.score, goal, null, comparison);
}
