// Dashboard figures for the nation, a province or a commune, computed by SQL on the live tables at
// request time: a saved value shows on the next request. Old units' results reach today's units through
// unit_lineage by the rule in src/core/dashboards/lineage.ts.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { currentUnitStatus, type CurrentStatus } from '../../../core/dashboards/lineage.ts';
import { compareToTarget, type TargetComparison, type TargetLevel } from '../../../core/dashboards/targets.ts';
import { daysLate, provisionalImpact, scoreBands, type ProvisionalCriterion, type ProvisionalImpact } from '../../../core/dashboards/figures.ts';
import type { Reason } from '../../../core/scoring/engine.ts';
import type { LocalText } from '../../../core/rule-sets/schema.ts';
import { AppError, notFound } from '../../http/errors.ts';
import { latestPublished } from '../rule-sets/store.ts';

export type Scope = { level: 'nation' } | { level: 'province'; id: number } | { level: 'commune'; id: number };

const TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** Current communes of the scope, as a condition on the alias c. */
function scopeFilter(scope: Scope): RawBuilder<unknown> {
  if (scope.level === 'nation') return sql`c.parent_id IS NOT NULL`;
  if (scope.level === 'province') return sql`c.parent_id = ${scope.id}`;
  return sql`c.id = ${scope.id}`;
}

/**
 * members(unit_id, current_id, province_id, period_id): the units whose assessments stand for the scope's
 * current communes in each period of `periods` (a condition on alias p); see core/dashboards/lineage.ts.
 */
function members(scope: Scope, periods: RawBuilder<unknown>): RawBuilder<unknown> {
  const f = scopeFilter(scope);
  const stands = sql`((c.valid_from IS NULL OR c.valid_from <= p.ends_on) OR EXISTS (SELECT 1 FROM assessment a0 WHERE a0.unit_id = c.id AND a0.period_id = p.id))`;
  return sql`
    SELECT c.id AS unit_id, c.id AS current_id, c.parent_id AS province_id, p.id AS period_id
      FROM period p JOIN unit c ON c.level = 'commune' AND c.valid_to IS NULL AND ${f}
     WHERE ${periods} AND ${stands}
    UNION
    SELECT o.id, c.id, c.parent_id, p.id
      FROM period p JOIN unit c ON c.level = 'commune' AND c.valid_to IS NULL AND ${f}
      JOIN unit_lineage l ON l.successor_id = c.id
      JOIN unit o ON o.id = l.predecessor_id
     WHERE ${periods} AND NOT ${stands}
       AND (o.valid_from IS NULL OR o.valid_from <= p.ends_on) AND (o.valid_to IS NULL OR o.valid_to >= p.ends_on)`;
}

export interface PeriodRef {
  id: number;
  year: number;
  startsOn: string;
  endsOn: string;
}

export interface Counts {
  /** Communes counted (members, each once). */
  units: number;
  assessed: number;
  complete: number;
  recognised: number;
  /** With a recognition decision (round entry recognised). */
  decided: number;
  /** Results resting on at least one provisional rule. */
  provisional: number;
  meanTotal: number | null;
}

export interface TrendPoint extends Counts {
  periodId: number;
  year: number;
  comparison: TargetComparison;
}

export interface CriterionFigure {
  code: string;
  title: LocalText;
  max: number;
  /** Complete assessments that scored this criterion. */
  scored: number;
  meanPoints: number | null;
  /** Below full marks. */
  belowFull: number;
  /** Scored 0: fails the commune whatever its total. */
  zeroed: number;
}

export interface BreakdownRow {
  unitId: number;
  code: string;
  name: string;
  units: number;
  assessed: number;
  complete: number;
  recognised: number;
  meanTotal: number | null;
  comparison: TargetComparison | null;
  /** Commune rows: the combined status (lineage rule); threshold of its category when assessed itself. */
  status?: CurrentStatus;
  threshold?: number | null;
  provisional?: boolean;
}

export interface TimelinessRow {
  unitId: number;
  name: string;
  state: string;
  due: string;
  submittedOn: string | null;
  /** Days after the due date (negative: early); null when not submitted. */
  daysLate: number | null;
  status: 'on_time' | 'late' | 'overdue' | 'pending';
}

export interface Timeliness {
  rounds: number;
  entries: number;
  onTime: number;
  late: number;
  overdue: number;
  pending: number;
  /** Communes counted without a dossier in a round of the period. */
  noEntry: number;
  rows: TimelinessRow[];
}

export interface Warning {
  unitId: number;
  code: string;
  name: string;
  total: number;
  threshold: number;
  recognized: boolean;
  impacts: ProvisionalImpact[];
}

export interface Dashboard {
  level: Scope['level'];
  unit: { id: number; code: string; name: string; provinceId: number | null; provinceName: string | null } | null;
  period: PeriodRef;
  asOf: string;
  today: string;
  counts: Counts;
  comparison: TargetComparison;
  criteria: CriterionFigure[];
  distribution: Array<{ from: number; to: number; count: number }>;
  trend: TrendPoint[];
  breakdown: BreakdownRow[];
  timeliness: Timeliness;
  warnings: Warning[];
  /** Commune level: its own combined status and threshold in the period. */
  commune?: { status: CurrentStatus; threshold: number | null; total: number | null };
}

const num = (v: unknown): number => Number(v ?? 0);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Math.round(Number(v) * 10) / 10);

export async function resolvePeriod(db: Kysely<Database>, periodId: number | undefined): Promise<PeriodRef> {
  let q = db.selectFrom('period').select(['id', 'year', 'starts_on', 'ends_on']);
  q = periodId !== undefined ? q.where('id', '=', periodId) : q.orderBy('year', 'desc').limit(1);
  const p = await q.executeTakeFirst();
  if (!p) throw notFound('period', periodId ?? '');
  return { id: p.id, year: p.year, startsOn: p.starts_on, endsOn: p.ends_on };
}

/** A current province (404 unknown, 400 not a current province). */
export async function loadProvince(db: Kysely<Database>, id: number) {
  const u = await db.selectFrom('unit').select(['id', 'code', 'name', 'level', 'valid_to']).where('id', '=', id).executeTakeFirst();
  if (!u) throw notFound('unit', id);
  if (u.level !== 'province' || u.valid_to !== null) throw new AppError(400, 'dashboards:error.not_current_province', { id });
  return u;
}

/** Counts per period of the members, each unit once (the province's and the nation's share). */
async function periodCounts(db: Kysely<Database>, scope: Scope, periods: RawBuilder<unknown>): Promise<Map<number, Counts>> {
  const { rows } = await sql<Record<string, unknown>>`
    WITH m AS (${members(scope, periods)}), mu AS (SELECT DISTINCT unit_id, period_id FROM m)
    SELECT mu.period_id,
           count(*)::int AS units,
           count(a.id)::int AS assessed,
           count(*) FILTER (WHERE a.complete)::int AS complete,
           count(*) FILTER (WHERE a.recognized)::int AS recognised,
           count(*) FILTER (WHERE (a.result->>'provisional')::boolean)::int AS provisional,
           count(*) FILTER (WHERE EXISTS (SELECT 1 FROM round_entry e JOIN round r ON r.id = e.round_id
                                           WHERE e.unit_id = mu.unit_id AND r.period_id = mu.period_id AND e.state = 'recognized'))::int AS decided,
           avg(a.total) FILTER (WHERE a.complete)::float8 AS mean_total
      FROM mu LEFT JOIN assessment a ON a.unit_id = mu.unit_id AND a.period_id = mu.period_id
     GROUP BY mu.period_id`.execute(db);
  return new Map(
    rows.map((r) => [
      num(r.period_id),
      { units: num(r.units), assessed: num(r.assessed), complete: num(r.complete), recognised: num(r.recognised), decided: num(r.decided), provisional: num(r.provisional), meanTotal: numOrNull(r.mean_total) },
    ]),
  );
}

const emptyCounts = (): Counts => ({ units: 0, assessed: 0, complete: 0, recognised: 0, decided: 0, provisional: 0, meanTotal: null });

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
           bool_or((a.result->>'provisional')::boolean) AS provisional,
           max(CASE WHEN m.unit_id = m.current_id THEN (a.result->>'threshold')::int END) AS threshold,
           max(CASE WHEN m.unit_id = m.current_id THEN a.total END) AS own_total
      FROM m JOIN unit c ON c.id = m.current_id
      LEFT JOIN assessment a ON a.unit_id = m.unit_id AND a.period_id = m.period_id
     GROUP BY m.period_id, c.id, c.code, c.name
     ORDER BY c.name`.execute(db);
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
      comparison: compareToTarget('province', period.year, recognised, units),
    };
  });
}

/** Per criterion over the complete assessments (a draft's missing inputs would read as failures). */
async function criterionFigures(db: Kysely<Database>, scope: Scope, period: PeriodRef): Promise<CriterionFigure[]> {
  const { rows } = await sql<Record<string, unknown>>`
    WITH m AS (${members(scope, sql`p.id = ${period.id}`)}), mu AS (SELECT DISTINCT unit_id, period_id FROM m)
    SELECT c->>'code' AS code,
           max((c->>'max')::int) AS max,
           count(*)::int AS scored,
           avg((c->>'points')::numeric)::float8 AS mean_points,
           count(*) FILTER (WHERE (c->>'points')::numeric < (c->>'max')::numeric)::int AS below_full,
           count(*) FILTER (WHERE (c->>'points')::numeric = 0)::int AS zeroed
      FROM mu JOIN assessment a ON a.unit_id = mu.unit_id AND a.period_id = mu.period_id AND a.complete
      CROSS JOIN LATERAL jsonb_array_elements(a.result->'criteria') c
     GROUP BY c->>'code'`.execute(db);
  const byCode = new Map(rows.map((r) => [String(r.code), r]));
  // Every criterion of the newest rule set is listed, in its order, even before any assessment.
  const rs = await latestPublished(db);
  const codes = [...rs.definition.criteria.map((c) => c.code), ...[...byCode.keys()].filter((k) => !rs.definition.criteria.some((c) => c.code === k)).sort()];
  return codes.map((code) => {
    const def = rs.definition.criteria.find((c) => c.code === code);
    const r = byCode.get(code);
    return {
      code,
      title: def?.title ?? { vi: code, en: code },
      max: r ? num(r.max) : (def?.max ?? 0),
      scored: r ? num(r.scored) : 0,
      meanPoints: r ? numOrNull(r.mean_points) : null,
      belowFull: r ? num(r.below_full) : 0,
      zeroed: r ? num(r.zeroed) : 0,
    };
  });
}

async function distribution(db: Kysely<Database>, scope: Scope, period: PeriodRef) {
  const bands = scoreBands();
  const { rows } = await sql<Record<string, unknown>>`
    WITH m AS (${members(scope, sql`p.id = ${period.id}`)}), mu AS (SELECT DISTINCT unit_id, period_id FROM m),
         scored AS (SELECT a.total FROM mu JOIN assessment a ON a.unit_id = mu.unit_id AND a.period_id = mu.period_id AND a.complete)
    SELECT b.lo, count(s.total)::int AS n
      FROM unnest(${sql.val(bands.map((b) => b.from))}::int[], ${sql.val(bands.map((b) => b.to))}::int[]) AS b(lo, hi)
      LEFT JOIN scored s ON s.total >= b.lo AND s.total <= b.hi
     GROUP BY b.lo ORDER BY b.lo`.execute(db);
  const counts = new Map(rows.map((r) => [num(r.lo), num(r.n)]));
  return bands.map((b) => ({ ...b, count: counts.get(b.from) ?? 0 }));
}

/** Dossiers of the period's rounds against the round's dossier deadline (first submission, Vietnam's calendar day). */
async function timeliness(db: Kysely<Database>, scope: Scope, period: PeriodRef, units: number, today: string): Promise<Timeliness> {
  const { rows } = await sql<Record<string, unknown>>`
    WITH m AS (${members(scope, sql`p.id = ${period.id}`)}), mu AS (SELECT DISTINCT unit_id FROM m)
    SELECT e.unit_id, u.name, e.state, e.round_id, r.dossier_due::text AS due,
           (SELECT (min(s.submitted_at) AT TIME ZONE ${sql.lit(TIME_ZONE)})::date::text FROM round_submission s WHERE s.entry_id = e.id) AS submitted_on
      FROM round_entry e JOIN round r ON r.id = e.round_id AND r.period_id = ${period.id}
      JOIN mu ON mu.unit_id = e.unit_id
      JOIN unit u ON u.id = e.unit_id
     ORDER BY u.name`.execute(db);
  const out: Timeliness = { rounds: new Set(rows.map((r) => num(r.round_id))).size, entries: rows.length, onTime: 0, late: 0, overdue: 0, pending: 0, noEntry: 0, rows: [] };
  for (const r of rows) {
    const due = String(r.due);
    const submittedOn = r.submitted_on === null ? null : String(r.submitted_on);
    const late = submittedOn === null ? null : daysLate(due, submittedOn);
    const status: TimelinessRow['status'] = late !== null ? (late > 0 ? 'late' : 'on_time') : due < today ? 'overdue' : 'pending';
    out[status === 'on_time' ? 'onTime' : status]++;
    out.rows.push({ unitId: num(r.unit_id), name: String(r.name), state: String(r.state), due, submittedOn, daysLate: late, status });
  }
  out.noEntry = Math.max(0, units - new Set(rows.map((r) => num(r.unit_id))).size);
  return out;
}

/** Results a provisional rule decided (core/dashboards/figures.ts provisionalImpact). */
async function warnings(db: Kysely<Database>, scope: Scope, period: PeriodRef): Promise<Warning[]> {
  const { rows } = await sql<Record<string, unknown>>`
    WITH m AS (${members(scope, sql`p.id = ${period.id}`)}), mu AS (SELECT DISTINCT unit_id, period_id FROM m)
    SELECT u.id, u.code, u.name, a.total, a.recognized, a.complete,
           (a.result->>'threshold')::int AS threshold,
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
     WHERE (a.result->>'provisional')::boolean AND a.complete
     ORDER BY u.name`.execute(db);
  const out: Warning[] = [];
  for (const r of rows) {
    const parse = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;
    const impacts = provisionalImpact({
      total: num(r.total),
      threshold: num(r.threshold),
      recognized: r.recognized === true,
      complete: r.complete === true,
      thresholdProvisional: r.threshold_provisional === true,
      criteria: parse<ProvisionalCriterion[]>(r.criteria),
      reasons: parse<Reason[]>(r.reasons) ?? [],
    });
    if (impacts.length) out.push({ unitId: num(r.id), code: String(r.code), name: String(r.name), total: num(r.total), threshold: num(r.threshold), recognized: r.recognized === true, impacts });
  }
  return out;
}

const targetLevel = (scope: Scope): TargetLevel => (scope.level === 'nation' ? 'nation' : 'province');

export async function readDashboard(db: Kysely<Database>, scope: Scope, period: PeriodRef, today: string): Promise<Dashboard> {
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
  const periods = await db.selectFrom('period').select(['id', 'year']).orderBy('year').execute();
  const [allCounts, rows, criteria, dist, warns] = await Promise.all([
    periodCounts(db, scope, sql`TRUE`),
    scope.level === 'nation' ? Promise.resolve([]) : currentRows(db, scope, scope.level === 'commune' ? sql`TRUE` : sql`p.id = ${period.id}`),
    criterionFigures(db, scope, period),
    distribution(db, scope, period),
    warnings(db, scope, period),
  ]);
  const counts = allCounts.get(period.id) ?? emptyCounts();
  const level = targetLevel(scope);
  const base = { level: scope.level, unit, period, asOf: new Date().toISOString(), today, counts, criteria, distribution: dist, warnings: warns };
  const time = await timeliness(db, scope, period, counts.units, today);

  if (scope.level === 'commune') {
    // A commune's own history: one combined status per period (all predecessors must have been recognised).
    const trend = periods.map((p) => {
      const row = rows.find((r) => r.periodId === p.id);
      const s = row?.status;
      const c: Counts = s
        ? { units: 1, assessed: s.assessed ? 1 : 0, complete: s.complete ? 1 : 0, recognised: s.recognised ? 1 : 0, decided: allCounts.get(p.id)?.decided ?? 0, provisional: row.provisional ? 1 : 0, meanTotal: s.meanTotal }
        : emptyCounts();
      return { periodId: p.id, year: p.year, ...c, comparison: compareToTarget(level, p.year, c.recognised, c.units) };
    });
    const own = rows.find((r) => r.periodId === period.id);
    const status = own?.status ?? currentUnitStatus({ members: 0, assessed: 0, complete: 0, recognised: 0, totalSum: 0, viaLineage: false });
    const members = await memberRows(db, scope.id, period);
    const point = trend.find((t) => t.periodId === period.id)!;
    return {
      ...base,
      counts: { ...point },
      comparison: compareToTarget(level, period.year, point.recognised, point.units),
      trend,
      breakdown: members,
      timeliness: time,
      commune: { status, threshold: own?.threshold ?? null, total: own?.ownTotal ?? status.meanTotal },
    };
  }

  const trend = periods.map((p) => {
    const c = allCounts.get(p.id) ?? emptyCounts();
    return { periodId: p.id, year: p.year, ...c, comparison: compareToTarget(level, p.year, c.recognised, c.units) };
  });
  const breakdown: BreakdownRow[] =
    scope.level === 'nation'
      ? await provinceRows(db, period)
      : rows.map((r) => ({
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
  return { ...base, comparison: compareToTarget(level, period.year, counts.recognised, counts.units), trend, breakdown, timeliness: time };
}

/** A commune's members in the period (itself, or its predecessors) with their own results. */
async function memberRows(db: Kysely<Database>, communeId: number, period: PeriodRef): Promise<BreakdownRow[]> {
  const { rows } = await sql<Record<string, unknown>>`
    WITH m AS (${members({ level: 'commune', id: communeId }, sql`p.id = ${period.id}`)})
    SELECT u.id, u.code, u.name, a.id AS assessment_id, a.total, a.complete, a.recognized,
           (a.result->>'threshold')::int AS threshold, (a.result->>'provisional')::boolean AS provisional
      FROM m JOIN unit u ON u.id = m.unit_id
      LEFT JOIN assessment a ON a.unit_id = m.unit_id AND a.period_id = m.period_id
     ORDER BY u.name`.execute(db);
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
