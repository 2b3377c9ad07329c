// Dashboard figures for the nation, a province or a commune, computed by SQL on the live tables at
// request time: a saved value shows on the next request. Old units' results reach today's units through
// unit_lineage by the rule in src/core/dashboards/lineage.ts. The queries read each assessment's summary
// (columns provisional, threshold, provisional_impacts and the assessment_criterion rows, migration 0017),
// never its JSON result, except for results whose impacts are not yet known (dashboards/summary.ts).
// The per-commune lists (dossier timeliness, warnings) are capped at LIST_LIMIT, most relevant first,
// with their totals; the workbook asks for them in full.
import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { currentUnitStatus } from '../../../core/dashboards/lineage.ts';
import {
  compareToTarget,
  provinceTargetFrom,
  type OwnTarget,
  type PlanTargetRow,
  type TargetLevel,
} from '../../../core/dashboards/targets.ts';
import {
  daysLate,
  scoreBands,
  type ProvisionalCriterion,
  type ProvisionalImpact,
} from '../../../core/dashboards/figures.ts';
import { meanOf, type CountSums, type CriterionSums } from '../../../core/dashboards/rollup.ts';
import type { Reason } from '../../../core/scoring/engine.ts';
import { Refusal, notFound } from '../../platform/refusal.ts';
import { latestPublished, type LoadedRuleSet } from '../rule-sets/index.ts';
import { impactsOf } from './summary.ts';
import type {
  BreakdownRow,
  Counts,
  CriterionFigure,
  Dashboard,
  PeriodRef,
  Timeliness,
  TimelinessRow,
  TrendPoint,
  Warning,
} from './contracts.ts';

export type Scope = { level: 'nation' } | { level: 'province'; id: number } | { level: 'commune'; id: number };

const TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** Rows of the timeliness and warnings lists in an answer; the national lists run to thousands. */
export const LIST_LIMIT = 100;

export interface ReadOptions {
  /** Every row of the lists (the .xlsx download); otherwise the first LIST_LIMIT, most relevant first. */
  full?: boolean;
  /** Another cap than LIST_LIMIT (tests of the roll-up's capping). */
  limit?: number;
}

/** Current communes of the scope, as a condition on the alias c. */
function scopeFilter(scope: Scope): RawBuilder<unknown> {
  if (scope.level === 'nation') return sql`c.parent_id IS NOT NULL`;
  if (scope.level === 'province') return sql`c.parent_id = ${scope.id}`;
  return sql`c.id = ${scope.id}`;
}

/**
 * Some units only, or all but some: the national roll-up's parts (parts.ts) count the units that stand
 * for communes of two provinces apart from each province's own.
 */
export interface UnitFilter {
  ids: number[];
  keep: boolean;
}

/**
 * members(unit_id, current_id, province_id, period_id): the units whose assessments stand for the scope's
 * current communes in each period of `periods` (a condition on alias p); see core/dashboards/lineage.ts.
 */
function members(scope: Scope, periods: RawBuilder<unknown>, only?: UnitFilter): RawBuilder<unknown> {
  const all = allMembers(scope, periods);
  if (!only || (!only.keep && !only.ids.length)) return all;
  const ids = sql`${sql.val(only.ids)}::int[]`;
  return sql`SELECT * FROM (${all}) AS mm WHERE ${only.keep ? sql`mm.unit_id = ANY(${ids})` : sql`mm.unit_id <> ALL(${ids})`}`;
}

function allMembers(scope: Scope, periods: RawBuilder<unknown>): RawBuilder<unknown> {
  const f = scopeFilter(scope);
  // Joins rather than a per-(commune, period) EXISTS: the planner hashes the assessments once, and its
  // estimate stays low enough that PostgreSQL does not JIT-compile the statement (≈100 ms at national size).
  const cp = sql`period p JOIN unit c ON c.level = 'commune' AND c.valid_to IS NULL AND ${f}
      LEFT JOIN assessment a0 ON a0.unit_id = c.id AND a0.period_id = p.id`;
  const stands = sql`(c.valid_from IS NULL OR c.valid_from <= p.ends_on OR a0.id IS NOT NULL)`;
  return sql`
    SELECT c.id AS unit_id, c.id AS current_id, c.parent_id AS province_id, p.id AS period_id
      FROM ${cp}
     WHERE ${periods} AND ${stands}
    UNION
    SELECT o.id, c.id, c.parent_id, p.id
      FROM ${cp}
      JOIN unit_lineage l ON l.successor_id = c.id
      JOIN unit o ON o.id = l.predecessor_id
     WHERE ${periods} AND NOT ${stands}
       AND (o.valid_from IS NULL OR o.valid_from <= p.ends_on) AND (o.valid_to IS NULL OR o.valid_to >= p.ends_on)`;
}

// The shapes of the answer are the contract's (contracts.ts): what the route sends is what the store builds.
export type {
  BreakdownRow,
  Counts,
  CriterionFigure,
  Dashboard,
  PeriodRef,
  Timeliness,
  TimelinessRow,
  TrendPoint,
  Warning,
};

const num = (v: unknown): number => Number(v ?? 0);
const numOrNull = (v: unknown): number | null =>
  v === null || v === undefined ? null : Math.round(Number(v) * 10) / 10;

export async function resolvePeriod(db: Kysely<Database>, periodId: number | undefined): Promise<PeriodRef> {
  let q = db.selectFrom('period').select(['id', 'year', 'starts_on', 'ends_on']);
  q = periodId !== undefined ? q.where('id', '=', periodId) : q.orderBy('year', 'desc').limit(1);
  const p = await q.executeTakeFirst();
  if (!p) throw notFound('period', periodId ?? '');
  return { id: p.id, year: p.year, startsOn: p.starts_on, endsOn: p.ends_on };
}

/** A current province (404 unknown, 400 not a current province). */
export async function loadProvince(db: Kysely<Database>, id: number) {
  const u = await db
    .selectFrom('unit')
    .select(['id', 'code', 'name', 'level', 'valid_to'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!u) throw notFound('unit', id);
  if (u.level !== 'province' || u.valid_to !== null)
    throw new Refusal('invalid', 'dashboards:error.not_current_province', { id });
  return u;
}

/** Counts per period of the members, each unit once (the province's and the nation's share). */
async function periodCounts(
  db: Kysely<Database>,
  scope: Scope,
  periods: RawBuilder<unknown>,
): Promise<Map<number, Counts>> {
  const { rows } = await sql<Record<string, unknown>>`
    WITH m AS (${members(scope, periods)}), mu AS (SELECT DISTINCT unit_id, period_id FROM m),
         decided AS (SELECT DISTINCT e.unit_id, r.period_id FROM round_entry e JOIN round r ON r.id = e.round_id WHERE e.state = 'recognized')
    SELECT mu.period_id,
           count(*)::int AS units,
           count(a.id)::int AS assessed,
           count(*) FILTER (WHERE a.complete)::int AS complete,
           count(*) FILTER (WHERE a.recognized)::int AS recognised,
           count(*) FILTER (WHERE a.provisional)::int AS provisional,
           count(d.unit_id)::int AS decided,
           avg(a.total) FILTER (WHERE a.complete)::float8 AS mean_total
      FROM mu LEFT JOIN assessment a ON a.unit_id = mu.unit_id AND a.period_id = mu.period_id
      LEFT JOIN decided d ON d.unit_id = mu.unit_id AND d.period_id = mu.period_id
     GROUP BY mu.period_id`.execute(db);
  return new Map(
    rows.map((r) => [
      num(r.period_id),
      {
        units: num(r.units),
        assessed: num(r.assessed),
        complete: num(r.complete),
        recognised: num(r.recognised),
        decided: num(r.decided),
        provisional: num(r.provisional),
        meanTotal: numOrNull(r.mean_total),
      },
    ]),
  );
}

const emptyCounts = (): Counts => ({
  units: 0,
  assessed: 0,
  complete: 0,
  recognised: 0,
  decided: 0,
  provisional: 0,
  meanTotal: null,
});

/** Per period and current commune: its members' results, combined by the lineage rule. */
async function currentRows(db: Kysely<Database>, scope: Scope, periods: RawBuilder<unknown>) {
  const { rows } = await sql<Record<string, unknown>>`
    WITH m AS (${members(scope, periods)})
    SELECT m.period_id, c.id, c.code, c.name,
           count(*)::int AS members,
           count(a.id)::int AS assessed,
           count(*) FILTER (WHERE a.complete)::int AS complete,
           count(*) FILTER (WHERE a.recognized)::int AS recognised,
           coalesce(sum(a.total), 0)::float8 AS total_sum,
           bool_or(m.unit_id <> m.current_id) AS via_lineage,
           bool_or(a.provisional) AS provisional,
           max(CASE WHEN m.unit_id = m.current_id THEN a.threshold END) AS threshold,
           max(CASE WHEN m.unit_id = m.current_id THEN a.total END) AS own_total
      FROM m JOIN unit c ON c.id = m.current_id
      LEFT JOIN assessment a ON a.unit_id = m.unit_id AND a.period_id = m.period_id
     GROUP BY m.period_id, c.id, c.code, c.name
     ORDER BY c.name COLLATE vi_natural`.execute(db);
  return rows.map((r) => ({
    periodId: num(r.period_id),
    unitId: num(r.id),
    code: String(r.code),
    name: String(r.name),
    threshold: r.threshold === null ? null : num(r.threshold),
    ownTotal: r.own_total === null ? null : num(r.own_total),
    provisional: r.provisional === true,
    status: currentUnitStatus({
      members: num(r.members),
      assessed: num(r.assessed),
      complete: num(r.complete),
      recognised: num(r.recognised),
      totalSum: num(r.total_sum),
      viaLineage: r.via_lineage === true,
    }),
  }));
}

/** The nation's provinces: members per current province in the period. */
async function provinceRows(db: Kysely<Database>, period: PeriodRef): Promise<BreakdownRow[]> {
  const own = await ownTargets(db, null);
  const { rows } = await sql<Record<string, unknown>>`
    WITH m AS (${members({ level: 'nation' }, sql`p.id = ${period.id}`)}), mu AS (SELECT DISTINCT unit_id, province_id, period_id FROM m)
    SELECT pr.id, pr.code, pr.name,
           count(mu.unit_id)::int AS units,
           count(a.id)::int AS assessed,
           count(*) FILTER (WHERE a.complete)::int AS complete,
           count(*) FILTER (WHERE a.recognized)::int AS recognised,
           avg(a.total) FILTER (WHERE a.complete)::float8 AS mean_total
      FROM unit pr
      LEFT JOIN mu ON mu.province_id = pr.id
      LEFT JOIN assessment a ON a.unit_id = mu.unit_id AND a.period_id = mu.period_id
     WHERE pr.level = 'province' AND pr.valid_to IS NULL
     GROUP BY pr.id, pr.code, pr.name
     ORDER BY pr.code`.execute(db);
  return rows.map((r) => {
    const units = num(r.units);
    const recognised = num(r.recognised);
    return {
      unitId: num(r.id),
      code: String(r.code),
      name: String(r.name),
      units,
      assessed: num(r.assessed),
      complete: num(r.complete),
      recognised,
      meanTotal: numOrNull(r.mean_total),
      comparison: compareToTarget('province', period.year, recognised, units, own(num(r.id), period.year)),
    };
  });
}

/** Per criterion over the complete assessments (a draft's missing inputs would read as failures). */
async function criterionFigures(db: Kysely<Database>, scope: Scope, period: PeriodRef): Promise<CriterionFigure[]> {
  // The same sums as a national part's, so that a whole answer and a rolled-up one agree to the last digit.
  const sums = await criterionSums(db, scope, period, undefined);
  const byCode = new Map(
    sums.map(({ code, pointsSum, ...r }) => [code, { ...r, meanPoints: meanOf(Number(pointsSum), r.scored) }]),
  );
  return criterionList(await latestPublished(db), byCode);
}

/** The figures of each criterion, the newest rule set's (`rs`) first in its order, then any other code found. */
export function criterionList(
  rs: LoadedRuleSet,
  byCode: Map<string, Omit<CriterionFigure, 'code' | 'title'>>,
): CriterionFigure[] {
  // Every criterion of the newest rule set is listed, in its order, even before any assessment.
  const codes = [
    ...rs.definition.criteria.map((c) => c.code),
    ...[...byCode.keys()].filter((k) => !rs.definition.criteria.some((c) => c.code === k)).sort(),
  ];
  return codes.map((code) => {
    const def = rs.definition.criteria.find((c) => c.code === code);
    const r = byCode.get(code);
    return {
      code,
      title: def?.title ?? { vi: code, en: code },
      max: r ? r.max : (def?.max ?? 0),
      scored: r ? r.scored : 0,
      meanPoints: r ? r.meanPoints : null,
      belowFull: r ? r.belowFull : 0,
      zeroed: r ? r.zeroed : 0,
    };
  });
}

async function distribution(db: Kysely<Database>, scope: Scope, period: PeriodRef, only?: UnitFilter) {
  const bands = scoreBands();
  const { rows } = await sql<Record<string, unknown>>`
    WITH m AS (${members(scope, sql`p.id = ${period.id}`, only)}), mu AS (SELECT DISTINCT unit_id, period_id FROM m),
         scored AS (SELECT a.total FROM mu JOIN assessment a ON a.unit_id = mu.unit_id AND a.period_id = ${period.id} AND a.complete)
    SELECT b.lo, count(s.total)::int AS n
      FROM unnest(${sql.val(bands.map((b) => b.from))}::int[], ${sql.val(bands.map((b) => b.to))}::int[]) AS b(lo, hi)
      LEFT JOIN scored s ON s.total >= b.lo AND s.total <= b.hi
     GROUP BY b.lo ORDER BY b.lo`.execute(db);
  const counts = new Map(rows.map((r) => [num(r.lo), num(r.n)]));
  return bands.map((b) => ({ ...b, count: counts.get(b.from) ?? 0 }));
}

/** Dossiers of the period's rounds against the round's dossier deadline (first submission, Vietnam's calendar day). */
/** The period's dossiers; `noEntry` is left to the caller, who knows the units counted (the statements run in parallel). */
async function timeliness(
  db: Kysely<Database>,
  scope: Scope,
  period: PeriodRef,
  today: string,
  limit: number | null,
  only?: UnitFilter,
): Promise<{ time: Timeliness; withEntry: number; roundIds: number[] }> {
  const { rows } = await sql<Record<string, unknown>>`
    WITH m AS (${members(scope, sql`p.id = ${period.id}`, only)}), mu AS (SELECT DISTINCT unit_id FROM m)
    SELECT e.unit_id, u.name, e.state, e.round_id, r.dossier_due::text AS due,
           (SELECT (min(s.submitted_at) AT TIME ZONE ${sql.lit(TIME_ZONE)})::date::text FROM round_submission s WHERE s.entry_id = e.id) AS submitted_on
      FROM round_entry e JOIN round r ON r.id = e.round_id AND r.period_id = ${period.id}
      JOIN mu ON mu.unit_id = e.unit_id
      JOIN unit u ON u.id = e.unit_id
     ORDER BY u.name COLLATE vi_natural, u.id, e.id`.execute(db);
  const roundIds = [...new Set(rows.map((r) => num(r.round_id)))];
  const out: Timeliness = {
    rounds: roundIds.length,
    entries: rows.length,
    onTime: 0,
    late: 0,
    overdue: 0,
    pending: 0,
    noEntry: 0,
    rows: [],
    omitted: 0,
  };
  for (const r of rows) {
    const due = String(r.due);
    const submittedOn = r.submitted_on === null ? null : String(r.submitted_on);
    const late = submittedOn === null ? null : daysLate(due, submittedOn);
    const status: TimelinessRow['status'] =
      late !== null ? (late > 0 ? 'late' : 'on_time') : due < today ? 'overdue' : 'pending';
    out[status === 'on_time' ? 'onTime' : status]++;
    out.rows.push({
      unitId: num(r.unit_id),
      name: String(r.name),
      state: String(r.state),
      due,
      submittedOn,
      daysLate: late,
      status,
    });
  }
  // What needs a call first: overdue dossiers (oldest deadline first), then the latest submissions; by name within (stable sort).
  out.rows.sort(timelinessOrder);
  if (limit !== null && out.rows.length > limit) out.rows = out.rows.slice(0, limit);
  out.omitted = out.entries - out.rows.length;
  return { time: out, withEntry: new Set(rows.map((r) => num(r.unit_id))).size, roundIds };
}

/** What needs a call first (see timeliness), ties left in the order given (by name). */
export const timelinessOrder = (a: TimelinessRow, b: TimelinessRow) =>
  STATUS_RANK[a.status] - STATUS_RANK[b.status] ||
  (a.status === 'overdue' ? a.due.localeCompare(b.due) : 0) ||
  (b.daysLate ?? 0) - (a.daysLate ?? 0);

const STATUS_RANK: Record<TimelinessRow['status'], number> = { overdue: 0, late: 1, pending: 2, on_time: 3 };

/** Recognised results first (a recognition that rests on a provisional rule), then the nearest their threshold; by code (as the SQL). */
export const warningOrder = (a: Warning, b: Warning) =>
  Number(b.recognized) - Number(a.recognized) ||
  Math.abs(a.total - a.threshold) - Math.abs(b.total - b.threshold) ||
  (a.code < b.code ? -1 : a.code > b.code ? 1 : a.unitId - b.unitId);

/**
 * Results a provisional rule decided (core/dashboards/figures.ts provisionalImpact), from the impacts the
 * scoring writers stored. Results whose impacts are not known (written by other means, or before
 * migration 0017) are judged from their JSON here and the impacts stored, unless the row changed meanwhile.
 */
async function warnings(
  db: Kysely<Database>,
  scope: Scope,
  period: PeriodRef,
  limit: number | null,
  only?: UnitFilter,
): Promise<{ list: Warning[]; total: number }> {
  const known = await sql<Record<string, unknown>>`
    WITH m AS (${members(scope, sql`p.id = ${period.id}`, only)}), mu AS (SELECT DISTINCT unit_id, period_id FROM m)
    SELECT u.id, u.code, u.name, a.total, a.recognized, a.threshold, a.provisional_impacts AS impacts, count(*) OVER ()::int AS n
      -- The period as a constant (mu holds only it): the assessment lookup then uses (unit_id, period_id).
      FROM mu JOIN assessment a ON a.unit_id = mu.unit_id AND a.period_id = ${period.id}
      JOIN unit u ON u.id = a.unit_id
     WHERE a.provisional AND a.complete AND a.provisional_impacts IS NOT NULL AND a.provisional_impacts <> '[]'::jsonb
     ORDER BY a.recognized DESC, abs(a.total - a.threshold), u.code, u.id
     ${limit === null ? sql`` : sql`LIMIT ${limit}`}`.execute(db);
  const parse = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;
  const out: Warning[] = known.rows.map((r) => ({
    unitId: num(r.id),
    code: String(r.code),
    name: String(r.name),
    total: num(r.total),
    threshold: num(r.threshold),
    recognized: r.recognized === true,
    impacts: parse<ProvisionalImpact[]>(r.impacts),
  }));
  let total = known.rows.length ? num(known.rows[0]!.n) : 0;
  const judged = await judgeUnknown(db, scope, period, only);
  if (judged.length) {
    total += judged.length;
    out.push(...judged);
    out.sort(warningOrder);
    if (limit !== null) out.splice(limit);
  }
  return { list: out, total };
}

/** The warnings of results whose stored impacts are unknown (normally none), computed from the JSON and stored. */
async function judgeUnknown(
  db: Kysely<Database>,
  scope: Scope,
  period: PeriodRef,
  only?: UnitFilter,
): Promise<Warning[]> {
  // Through the partial index, without the scope's members: almost always there is none.
  const any =
    await sql`SELECT 1 FROM assessment WHERE period_id = ${period.id} AND provisional AND complete AND provisional_impacts IS NULL LIMIT 1`.execute(
      db,
    );
  if (!any.rows.length) return [];
  const { rows } = await sql<Record<string, unknown>>`
    WITH m AS (${members(scope, sql`p.id = ${period.id}`, only)}), mu AS (SELECT DISTINCT unit_id, period_id FROM m)
    SELECT a.id AS assessment_id, u.id, u.code, u.name, a.total, a.recognized, a.complete, a.category, a.rule_set_id, a.threshold,
           md5(a.result::text) AS digest,
           a.result->'reasons' AS reasons,
           EXISTS (SELECT 1 FROM rule_set rs, jsonb_array_elements(rs.definition->'categories') k
                    WHERE rs.id = a.rule_set_id AND k->>'code' = a.category AND k->>'mark' = 'P') AS threshold_provisional,
           (SELECT coalesce(jsonb_agg(jsonb_build_object(
                     'code', c->'code', 'points', c->'points', 'max', c->'max', 'zeroedBy', c->'zeroedBy',
                     'items', (SELECT jsonb_agg(jsonb_build_object('code', i->'code', 'mark', i->'mark', 'points', i->'points', 'max', i->'max', 'status', i->'status'))
                                 FROM jsonb_array_elements(c->'items') i))), '[]'::jsonb)
              FROM jsonb_array_elements(a.result->'criteria') c WHERE (c->>'provisional')::boolean) AS criteria
      FROM mu JOIN assessment a ON a.unit_id = mu.unit_id AND a.period_id = mu.period_id
      JOIN unit u ON u.id = a.unit_id
     WHERE a.provisional AND a.complete AND a.provisional_impacts IS NULL`.execute(db);
  if (!rows.length) return [];
  const parse = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;
  const out: Warning[] = [];
  const store: RawBuilder<unknown>[] = [];
  for (const r of rows) {
    const impacts = impactsOf({
      total: num(r.total),
      threshold: num(r.threshold),
      recognized: r.recognized === true,
      complete: r.complete === true,
      thresholdProvisional: r.threshold_provisional === true,
      criteria: parse<ProvisionalCriterion[]>(r.criteria),
      reasons: parse<Reason[]>(r.reasons) ?? [],
    });
    store.push(
      sql`(${num(r.assessment_id)}::int, ${JSON.stringify(impacts)}::jsonb, ${randomUUID()}::text, ${String(r.digest)}::text, ${num(r.total)}::int, ${r.recognized === true}::boolean, ${String(r.category)}::text, ${num(r.rule_set_id)}::int)`,
    );
    if (impacts.length)
      out.push({
        unitId: num(r.id),
        code: String(r.code),
        name: String(r.name),
        total: num(r.total),
        threshold: num(r.threshold),
        recognized: r.recognized === true,
        impacts,
      });
  }
  // Stored only if the row is still as it was read; a writer that changed it meanwhile wins.
  await sql`UPDATE assessment AS a SET provisional_impacts = v.impacts, impacts_token = v.token
      FROM (VALUES ${sql.join(store)}) AS v(id, impacts, token, digest, total, recognized, category, rule_set_id)
     WHERE a.id = v.id AND a.provisional_impacts IS NULL AND a.complete AND md5(a.result::text) = v.digest
       AND a.total = v.total AND a.recognized = v.recognized AND a.category = v.category AND a.rule_set_id = v.rule_set_id`.execute(
    db,
  );
  return out.sort(warningOrder);
}

/**
 * The provinces' own recognition targets from their issued plans (one province, or every one when null): a
 * function of (province, year) giving the target in force, or null where the province set none.
 */
export async function ownTargets(
  db: Kysely<Database>,
  provinceId: number | null,
): Promise<(provinceId: number | null, year: number) => OwnTarget | null> {
  let q = db
    .selectFrom('plan as p')
    .innerJoin('unit as u', 'u.id', 'p.unit_id')
    .innerJoin('plan_target as t', 't.plan_id', 'p.id')
    .select([
      'p.unit_id',
      'p.id',
      'p.number',
      'p.title',
      'p.issued_on',
      'p.year',
      'p.year_to',
      't.text',
      't.indicator',
      't.goal',
      't.year as target_year',
      't.comparison',
    ])
    .where('u.level', '=', 'province')
    .where('p.status', '=', 'issued')
    .where('t.indicator', 'in', ['communes.recognised_rate', 'communes.recognised']);
  if (provinceId !== null) q = q.where('p.unit_id', '=', provinceId);
  const byProvince = new Map<number, PlanTargetRow[]>();
  for (const r of await q.orderBy('t.position').execute()) {
    const list = byProvince.get(r.unit_id) ?? [];
    list.push({
      planId: r.id,
      number: r.number,
      title: r.title,
      issuedOn: r.issued_on,
      planYear: r.year,
      planYearTo: r.year_to,
      text: r.text,
      indicator: r.indicator,
      goal: r.goal === null ? null : Number(r.goal),
      year: r.target_year,
      comparison: r.comparison,
    });
    byProvince.set(r.unit_id, list);
  }
  return (id, year) => (id === null ? null : provinceTargetFrom(byProvince.get(id) ?? [], year));
}

const targetLevel = (scope: Scope): TargetLevel => (scope.level === 'nation' ? 'nation' : 'province');

type CurrentRow = Awaited<ReturnType<typeof currentRows>>[number];

/** A province's communes as rows of its breakdown. */
const communeBreakdown = (rows: CurrentRow[]): BreakdownRow[] =>
  rows.map((r) => ({
    unitId: r.unitId,
    code: r.code,
    name: r.name,
    units: r.status.members,
    assessed: r.status.assessed ? 1 : 0,
    complete: r.status.complete ? 1 : 0,
    recognised: r.status.recognised ? 1 : 0,
    meanTotal: r.status.meanTotal,
    comparison: null,
    status: r.status,
    threshold: r.threshold,
    provisional: r.provisional,
  }));

/** Only the breakdown of a nation (its provinces) or a province (its communes): what the maps colour. */
export async function readBreakdown(
  db: Kysely<Database>,
  scope: Exclude<Scope, { level: 'commune' }>,
  period: PeriodRef,
): Promise<BreakdownRow[]> {
  if (scope.level === 'nation') return provinceRows(db, period);
  return communeBreakdown(await currentRows(db, scope, sql`p.id = ${period.id}`));
}

export async function readDashboard(
  db: Kysely<Database>,
  scope: Scope,
  period: PeriodRef,
  today: string,
  options: ReadOptions = {},
): Promise<Dashboard> {
  const limit = options.full ? null : (options.limit ?? LIST_LIMIT);
  let unit: Dashboard['unit'] = null;
  if (scope.level !== 'nation') {
    const u = await db
      .selectFrom('unit as u')
      .leftJoin('unit as p', 'p.id', 'u.parent_id')
      .select(['u.id', 'u.code', 'u.name', 'u.parent_id', 'p.name as province_name'])
      .where('u.id', '=', scope.id)
      .executeTakeFirstOrThrow();
    unit = { id: u.id, code: u.code, name: u.name, provinceId: u.parent_id, provinceName: u.province_name };
  }
  // Every statement at once: a request's latency is its slowest statement, not their sum.
  // The province's own target from its issued plans (the nation keeps the national one).
  const provinceId = scope.level === 'province' ? scope.id : (unit?.provinceId ?? null);
  const [periods, allCounts, rows, criteria, dist, warns, timed, nationRows, communeMembers, own] = await Promise.all([
    db.selectFrom('period').select(['id', 'year']).orderBy('year').execute(),
    periodCounts(db, scope, sql`TRUE`),
    scope.level === 'nation'
      ? Promise.resolve([])
      : currentRows(db, scope, scope.level === 'commune' ? sql`TRUE` : sql`p.id = ${period.id}`),
    criterionFigures(db, scope, period),
    distribution(db, scope, period),
    warnings(db, scope, period, limit),
    timeliness(db, scope, period, today, limit),
    scope.level === 'nation' ? provinceRows(db, period) : Promise.resolve([]),
    scope.level === 'commune' ? memberRows(db, scope.id, period) : Promise.resolve([]),
    provinceId === null ? Promise.resolve(() => null) : ownTargets(db, provinceId),
  ]);
  const ownFor = (year: number) => (scope.level === 'nation' ? null : own(provinceId, year));
  const counts = allCounts.get(period.id) ?? emptyCounts();
  const time: Timeliness = { ...timed.time, noEntry: Math.max(0, counts.units - timed.withEntry) };
  const level = targetLevel(scope);
  const base = {
    level: scope.level,
    unit,
    period,
    asOf: new Date().toISOString(),
    today,
    counts,
    criteria,
    distribution: dist,
    warnings: warns.list,
    warningsTotal: warns.total,
    warningsOmitted: warns.total - warns.list.length,
    listLimit: limit,
  };

  if (scope.level === 'commune') {
    // A commune's own history: one combined status per period (all predecessors must have been recognised).
    const trend = periods.map((p) => {
      const row = rows.find((r) => r.periodId === p.id);
      const s = row?.status;
      const c: Counts = s
        ? {
            units: 1,
            assessed: s.assessed ? 1 : 0,
            complete: s.complete ? 1 : 0,
            recognised: s.recognised ? 1 : 0,
            decided: allCounts.get(p.id)?.decided ?? 0,
            provisional: row.provisional ? 1 : 0,
            meanTotal: s.meanTotal,
          }
        : emptyCounts();
      return {
        periodId: p.id,
        year: p.year,
        ...c,
        comparison: compareToTarget(level, p.year, c.recognised, c.units, ownFor(p.year)),
      };
    });
    const own = rows.find((r) => r.periodId === period.id);
    const status =
      own?.status ??
      currentUnitStatus({ members: 0, assessed: 0, complete: 0, recognised: 0, totalSum: 0, viaLineage: false });
    const point = trend.find((t) => t.periodId === period.id)!;
    return {
      ...base,
      counts: { ...point },
      comparison: compareToTarget(level, period.year, point.recognised, point.units, ownFor(period.year)),
      trend,
      breakdown: communeMembers,
      timeliness: time,
      commune: { status, threshold: own?.threshold ?? null, total: own?.ownTotal ?? status.meanTotal },
    };
  }

  const trend = periods.map((p) => {
    const c = allCounts.get(p.id) ?? emptyCounts();
    return {
      periodId: p.id,
      year: p.year,
      ...c,
      comparison: compareToTarget(level, p.year, c.recognised, c.units, ownFor(p.year)),
    };
  });
  const breakdown: BreakdownRow[] = scope.level === 'nation' ? nationRows : communeBreakdown(rows);
  return {
    ...base,
    comparison: compareToTarget(level, period.year, counts.recognised, counts.units, ownFor(period.year)),
    trend,
    breakdown,
    timeliness: time,
  };
}

/** A commune's members in the period (itself, or its predecessors) with their own results. */
async function memberRows(db: Kysely<Database>, communeId: number, period: PeriodRef): Promise<BreakdownRow[]> {
  const { rows } = await sql<Record<string, unknown>>`
    WITH m AS (${members({ level: 'commune', id: communeId }, sql`p.id = ${period.id}`)})
    SELECT u.id, u.code, u.name, a.id AS assessment_id, a.total, a.complete, a.recognized, a.threshold, a.provisional
      FROM m JOIN unit u ON u.id = m.unit_id
      LEFT JOIN assessment a ON a.unit_id = m.unit_id AND a.period_id = m.period_id
     ORDER BY u.name COLLATE vi_natural`.execute(db);
  return rows.map((r) => {
    const assessed = r.assessment_id !== null;
    return {
      unitId: num(r.id),
      code: String(r.code),
      name: String(r.name),
      units: 1,
      assessed: assessed ? 1 : 0,
      complete: r.complete === true ? 1 : 0,
      recognised: r.recognized === true ? 1 : 0,
      meanTotal: assessed ? num(r.total) : null,
      comparison: null,
      threshold: r.threshold === null || r.threshold === undefined ? null : num(r.threshold),
      provisional: r.provisional === true,
    };
  });
}

/** A part of the national answer (parts.ts): a province's units, or the units standing for two provinces' communes. */
export interface NationPart {
  /** Per period and kind of unit (cross: standing for communes of two provinces). */
  counts: Array<{ periodId: number; cross: boolean } & CountSums>;
  criteria: Array<{ code: string } & CriterionSums>;
  /** Per band of scoreBands(). */
  distribution: number[];
  warnings: { list: Warning[]; total: number };
  timeliness: { time: Timeliness; withEntry: number; roundIds: number[] };
  /** The province's own target in the period's year (a province's part). */
  own: OwnTarget | null;
}

/**
 * A province's part (all its units counted in `counts`, cross ones flagged; the rest without the cross units),
 * or with `provinceId` null the cross units' part of the nation, each unit once.
 */
export async function readNationPart(
  db: Kysely<Database>,
  part: { provinceId: number | null; cross: number[] },
  period: PeriodRef,
  today: string,
  limit: number | null,
): Promise<NationPart> {
  const scope: Scope = part.provinceId === null ? { level: 'nation' } : { level: 'province', id: part.provinceId };
  const only: UnitFilter = { ids: part.cross, keep: part.provinceId === null };
  const [counts, criteria, dist, warns, time, own] = await Promise.all([
    partCounts(db, scope, part.cross, part.provinceId === null ? only : undefined),
    criterionSums(db, scope, period, only),
    distribution(db, scope, period, only),
    warnings(db, scope, period, limit, only),
    timeliness(db, scope, period, today, limit, only),
    part.provinceId === null ? Promise.resolve(() => null) : ownTargets(db, part.provinceId),
  ]);
  return {
    counts,
    criteria,
    distribution: dist.map((b) => b.count),
    warnings: warns,
    timeliness: time,
    own: own(part.provinceId, period.year),
  };
}

async function partCounts(
  db: Kysely<Database>,
  scope: Scope,
  cross: number[],
  only: UnitFilter | undefined,
): Promise<NationPart['counts']> {
  const { rows } = await sql<Record<string, unknown>>`
    WITH m AS (${members(scope, sql`TRUE`, only)}), mu AS (SELECT DISTINCT unit_id, period_id FROM m),
         decided AS (SELECT DISTINCT e.unit_id, r.period_id FROM round_entry e JOIN round r ON r.id = e.round_id WHERE e.state = 'recognized')
    SELECT mu.period_id, mu.unit_id = ANY(${sql.val(cross)}::int[]) AS cross,
           count(*)::int AS units,
           count(a.id)::int AS assessed,
           count(*) FILTER (WHERE a.complete)::int AS complete,
           count(*) FILTER (WHERE a.recognized)::int AS recognised,
           count(*) FILTER (WHERE a.provisional)::int AS provisional,
           count(d.unit_id)::int AS decided,
           coalesce(sum(a.total) FILTER (WHERE a.complete), 0)::float8 AS total_sum
      FROM mu LEFT JOIN assessment a ON a.unit_id = mu.unit_id AND a.period_id = mu.period_id
      LEFT JOIN decided d ON d.unit_id = mu.unit_id AND d.period_id = mu.period_id
     GROUP BY 1, 2`.execute(db);
  return rows.map((r) => ({
    periodId: num(r.period_id),
    cross: r.cross === true,
    units: num(r.units),
    assessed: num(r.assessed),
    complete: num(r.complete),
    recognised: num(r.recognised),
    decided: num(r.decided),
    provisional: num(r.provisional),
    totalSum: num(r.total_sum),
  }));
}

/** criterionFigures' sums rather than means, so that parts add up exactly. */
async function criterionSums(
  db: Kysely<Database>,
  scope: Scope,
  period: PeriodRef,
  only: UnitFilter | undefined,
): Promise<NationPart['criteria']> {
  const { rows } = await sql<Record<string, unknown>>`
    WITH m AS (${members(scope, sql`p.id = ${period.id}`, only)}), mu AS (SELECT DISTINCT unit_id, period_id FROM m)
    SELECT k.code,
           max(k.max)::float8 AS max,
           count(*)::int AS scored,
           sum(k.points)::text AS points_sum,
           count(*) FILTER (WHERE k.points < k.max)::int AS below_full,
           count(*) FILTER (WHERE k.points = 0)::int AS zeroed
      FROM mu JOIN assessment a ON a.unit_id = mu.unit_id AND a.period_id = mu.period_id AND a.complete
      JOIN assessment_criterion k ON k.assessment_id = a.id AND k.period_id = ${period.id}
     GROUP BY k.code`.execute(db);
  return rows.map((r) => ({
    code: String(r.code),
    max: num(r.max),
    scored: num(r.scored),
    pointsSum: String(r.points_sum),
    belowFull: num(r.below_full),
    zeroed: num(r.zeroed),
  }));
}
