// Criterion inputs counted from the register as of a period's end. Each count is one SQL condition
// on a child (or a case); the same condition gives the counts of many communes at once and the
// records behind one count, so what is shown and what is counted can never differ.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { viOrder } from '../../db/collation.ts';
import type { HiddenRecords } from '../../../core/privacy/policy.ts';

export interface PeriodRange {
  startsOn: string;
  endsOn: string;
}

/** Which kind of record a count is made of. */
export type DerivedSource = 'child' | 'case' | 'village';

export interface DerivedDefinition {
  code: string;
  source: DerivedSource;
  /** Counts whose records reveal a protection case: identities only for the case's handlers. */
  sensitive: boolean;
}

// Every count is a condition on one row of `k`, the facts of a child of the commune as of the period
// (see childFacts), and `p`, the period's bounds and age thresholds. `present`: alive and living in the
// commune on the last day of the period; `during`: in the commune at some time of the period while under 16.
const CHILD_CONDITIONS: Record<string, string> = {
  'pop.children': 'k.present AND k.birth_date > p.e16',
  'pop.under1': 'k.present AND k.birth_date > p.e1',
  'pop.age3to5': 'k.present AND k.birth_date <= p.e3 AND k.birth_date > p.e6',
  'C02.births': 'k.birth_date BETWEEN p.s AND p.e',
  'C02.registered':
    'k.birth_date BETWEEN p.s AND p.e AND k.birth_registered_on IS NOT NULL AND k.birth_registered_on <= p.e AND k.birth_registered_on <= k.birth_date + 60',
  'C03.abused': 'k.abused',
  'C03.supported': 'k.abuse_supported',
  'C04.children': 'k.offended',
  'C05.injured': 'k.injured',
  'C05.deaths': 'k.death_case',
  'C06.special': 'k.during AND k.special',
  'C06.supported': 'k.during AND k.special AND k.supported',
  'C07.immunized':
    'k.present AND k.birth_date > p.e1 AND k.fully_immunized_on IS NOT NULL AND k.fully_immunized_on <= p.e',
  'C08.weighed': 'k.present AND k.birth_date > p.e5 AND k.weighed',
  'C08.underweight': 'k.present AND k.birth_date > p.e5 AND k.latest_underweight',
  'C08.stunted': 'k.present AND k.birth_date > p.e5 AND k.latest_stunted',
  'C09.eligible': 'k.present AND k.birth_date > p.e16',
  'C09.checked': 'k.present AND k.birth_date > p.e16 AND k.checked',
  'C10.attending': "k.present AND k.birth_date <= p.e3 AND k.birth_date > p.e6 AND k.education = 'preschool'",
  'C11.eligible': 'k.present AND k.birth_date <= p.e7 AND k.birth_date > p.e16',
};

const C06_CASE = "(c.kind IN ('abandonment', 'trafficking') OR (c.kind = 'abuse' AND c.abuse_kind = 'sexual'))";
const CASE_CONDITIONS: Record<string, string> = {
  'C06.cases': C06_CASE,
  'C06.planned': `${C06_CASE} AND c.plan_drafted_on <= c.plan_due_on AND c.plan_approved_on <= c.approval_due_on AND c.plan_approved_on <= p.e`,
};

const SENSITIVE = new Set(['C03.abused', 'C03.supported', 'C04.children', 'C06.cases', 'C06.planned']);

export const DERIVED: readonly DerivedDefinition[] = [
  ...Object.keys(CHILD_CONDITIONS).map((code) => ({ code, source: 'child' as const, sensitive: SENSITIVE.has(code) })),
  ...Object.keys(CASE_CONDITIONS).map((code) => ({ code, source: 'case' as const, sensitive: true })),
  { code: 'pop.villages', source: 'village', sensitive: false },
];

const quoted = (code: string) => sql.ref(code.replace('.', '_'));

/** `p`: the period's bounds and age thresholds (a subquery, not a CTE, so that the planner sees the dates). */
function periodRow(period: PeriodRange): RawBuilder<unknown> {
  return sql`(
    SELECT s, e, (e - interval '1 year')::date AS e1, (e - interval '3 years')::date AS e3,
           (e - interval '5 years')::date AS e5, (e - interval '6 years')::date AS e6,
           (e - interval '7 years')::date AS e7, (e - interval '16 years')::date AS e16,
           (s - interval '16 years')::date AS s16
    FROM (SELECT ${period.startsOn}::date AS s, ${period.endsOn}::date AS e) d
  )`;
}

/** Children with from <= id < to. */
interface IdRange {
  from: number;
  to: number;
}

/** Child ids are counted in this many ranges at once, each on a connection of its own (a query uses one core). */
const ID_RANGES = 2;
/** Fewer communes than this are counted in one query. */
const SPLIT_FROM_COMMUNES = 20;

/**
 * The id ranges in which the children of many communes are counted, in equal parts of the register's
 * ids; one range covering everything for a few communes, or inside a transaction (one connection).
 */
async function childIdRanges(db: Kysely<Database>, communeIds: number[]): Promise<(IdRange | undefined)[]> {
  if (communeIds.length < SPLIT_FROM_COMMUNES || db.isTransaction) return [undefined];
  const bounds = (
    await sql<{ lo: number | null; hi: number | null }>`SELECT min(id) AS lo, max(id) AS hi FROM child`.execute(db)
  ).rows[0];
  if (bounds?.lo == null || bounds.hi == null) return [undefined];
  const lo = Number(bounds.lo);
  const step = Math.ceil((Number(bounds.hi) + 1 - lo) / ID_RANGES);
  return Array.from({ length: ID_RANGES }, (_, i) => ({ from: lo + i * step, to: lo + (i + 1) * step }));
}

/**
 * `k`: one row per child of the communes with everything the conditions ask about the child. The
 * records of the period (cases, circumstances, support, health records) are first reduced to one row
 * per child, then joined on the child's id, so that each child is looked up once in each set.
 */
function childFacts(
  communeIds: number[],
  period: PeriodRange,
  range?: IdRange,
  hidden?: HiddenRecords,
): RawBuilder<unknown> {
  const ids = sql`${sql.val(communeIds)}::int[]`;
  const inRange = (column: string) =>
    range ? sql`AND ${sql.ref(column)} >= ${range.from} AND ${sql.ref(column)} < ${range.to}` : sql``;
  // Records a viewer may not see, left out when the records behind a count are listed for that viewer.
  const visible = (column: string, key: keyof HiddenRecords) =>
    hidden?.[key].length ? sql`AND ${sql.ref(column)} <> ALL(${sql.val(hidden[key])}::int[])` : sql``;
  return sql`(
    SELECT c.id, c.unit_id, c.birth_date, c.birth_registered_on, c.education, c.fully_immunized_on,
      (c.birth_date <= p.e AND (c.died_on IS NULL OR c.died_on > p.e) AND (c.moved_out_on IS NULL OR c.moved_out_on > p.e)) AS present,
      (c.birth_date <= p.e AND c.birth_date > p.s16 AND (c.died_on IS NULL OR c.died_on >= p.s) AND (c.moved_out_on IS NULL OR c.moved_out_on >= p.s)) AS during,
      coalesce(pc.abused, false) AS abused,
      coalesce(pc.abuse_supported, false) AS abuse_supported,
      coalesce(pc.offended, false) AS offended,
      coalesce(pc.injured, false) AS injured,
      coalesce(pc.death_case, false) AS death_case,
      ci.child_id IS NOT NULL AS special,
      cs.child_id IS NOT NULL AS supported,
      h.latest_growth IS NOT NULL AS weighed,
      coalesce(h.latest_growth[3] = 1, false) AS latest_underweight,
      coalesce(h.latest_growth[4] = 1, false) AS latest_stunted,
      coalesce(h.checked, false) AS checked
    FROM child c CROSS JOIN ${periodRow(period)} p
    -- Cases reported in the period; a child's abuse is supported by support given from its first report to the period's end.
    LEFT JOIN (
      SELECT a.child_id, a.abused, a.offended, a.injured, a.death_case,
        EXISTS (SELECT 1 FROM child_support s WHERE s.child_id = a.child_id AND s.given_on >= a.first_abuse AND s.given_on <= a.e ${visible('s.id', 'supports')}) AS abuse_supported
      FROM (
        SELECT pc.child_id, p.e, bool_or(pc.kind = 'abuse') AS abused, min(pc.reported_on) FILTER (WHERE pc.kind = 'abuse') AS first_abuse,
          bool_or(pc.kind IN ('law_violation', 'drug_use')) AS offended, bool_or(pc.kind = 'injury') AS injured, bool_or(pc.kind = 'death') AS death_case
        FROM protection_case pc CROSS JOIN ${periodRow(period)} p
        WHERE pc.unit_id = ANY(${ids}) AND pc.reported_on BETWEEN p.s AND p.e ${inRange('pc.child_id')} ${visible('pc.id', 'cases')}
        GROUP BY pc.child_id, p.e
      ) a
    ) pc ON pc.child_id = c.id
    -- Special circumstances at some time of the period.
    LEFT JOIN (
      SELECT DISTINCT ci.child_id FROM child_circumstance ci CROSS JOIN ${periodRow(period)} p
      WHERE ci.unit_id = ANY(${ids}) AND ci.started_on <= p.e AND (ci.ended_on IS NULL OR ci.ended_on >= p.s) ${inRange('ci.child_id')} ${visible('ci.id', 'circumstances')}
    ) ci ON ci.child_id = c.id
    -- Support given in the period.
    LEFT JOIN (
      SELECT DISTINCT s.child_id FROM child_support s CROSS JOIN ${periodRow(period)} p
      WHERE s.unit_id = ANY(${ids}) AND s.given_on BETWEEN p.s AND p.e ${inRange('s.child_id')} ${visible('s.id', 'supports')}
    ) cs ON cs.child_id = c.id
    -- Health records of the period, in one pass: a periodic check, and the latest growth measurement as
    -- [day, id, underweight, stunted] (arrays compare element by element, so max is the latest, ties by id).
    LEFT JOIN (
      SELECT h.child_id, bool_or(h.kind = 'periodic') AS checked,
        max(ARRAY[h.checked_on - date '2000-01-01', h.id, h.underweight::int, h.stunted::int]) FILTER (WHERE h.kind = 'growth') AS latest_growth
      FROM child_health_record h CROSS JOIN ${periodRow(period)} p
      WHERE h.unit_id = ANY(${ids}) AND h.checked_on BETWEEN p.s AND p.e ${inRange('h.child_id')}
      GROUP BY h.child_id
    ) h ON h.child_id = c.id
    WHERE c.unit_id = ANY(${ids}) ${inRange('c.id')} ${visible('c.id', 'children')}
  )`;
}

export type DerivedCounts = Map<number, Record<string, number>>;

/** The derived inputs of every given commune that keeps a register (communes without one are absent). */
export async function deriveInputs(
  db: Kysely<Database>,
  communeIds: number[],
  period: PeriodRange,
): Promise<DerivedCounts> {
  const out: DerivedCounts = new Map();
  if (!communeIds.length) return out;
  const childCounts = sql.join(
    Object.entries(CHILD_CONDITIONS).map(
      ([code, cond]) => sql`count(*) FILTER (WHERE ${sql.raw(cond)})::int AS ${quoted(code)}`,
    ),
  );
  const parts = await Promise.all(
    (await childIdRanges(db, communeIds)).map((range) =>
      sql<Record<string, number>>`
        SELECT k.unit_id, ${childCounts} FROM ${childFacts(communeIds, period, range)} k CROSS JOIN ${periodRow(period)} p
        GROUP BY k.unit_id`.execute(db),
    ),
  );
  for (const row of parts.flatMap((part) => part.rows)) {
    const unitId = Number(row.unit_id);
    let values = out.get(unitId);
    if (!values) {
      values = Object.fromEntries(
        [...Object.keys(CHILD_CONDITIONS), ...Object.keys(CASE_CONDITIONS), 'pop.villages'].map((code) => [code, 0]),
      );
      out.set(unitId, values);
    }
    for (const code of Object.keys(CHILD_CONDITIONS)) values[code]! += Number(row[code.replace('.', '_')]);
  }
  const ids = sql`${sql.val(communeIds)}::int[]`;
  const caseCounts = sql.join(
    Object.entries(CASE_CONDITIONS).map(
      ([code, cond]) => sql`count(*) FILTER (WHERE ${sql.raw(cond)})::int AS ${quoted(code)}`,
    ),
  );
  const cases = await sql<Record<string, number>>`
    SELECT c.unit_id, ${caseCounts}
    FROM protection_case c, (SELECT ${period.startsOn}::date AS s, ${period.endsOn}::date AS e) p
    WHERE c.unit_id = ANY(${ids}) AND c.reported_on BETWEEN p.s AND p.e GROUP BY c.unit_id`.execute(db);
  for (const row of cases.rows) {
    const values = out.get(Number(row.unit_id));
    if (values) for (const code of Object.keys(CASE_CONDITIONS)) values[code] = Number(row[code.replace('.', '_')]);
  }
  const villages = await sql<{ unit_id: number; n: number }>`
    SELECT unit_id, count(*)::int AS n FROM village WHERE unit_id = ANY(${ids}) GROUP BY unit_id`.execute(db);
  for (const row of villages.rows) {
    const values = out.get(Number(row.unit_id));
    if (values) values['pop.villages'] = Number(row.n);
  }
  return out;
}

/**
 * The ids of the records behind one count of one commune: children, cases or villages. With `hidden`,
 * the condition is evaluated on the other records only: what a viewer who may not see those would find.
 */
export async function derivedRecordIds(
  db: Kysely<Database>,
  communeId: number,
  period: PeriodRange,
  code: string,
  hidden?: HiddenRecords,
): Promise<number[]> {
  const def = DERIVED.find((d) => d.code === code);
  if (!def) return [];
  if (def.source === 'village') {
    const rows = await db
      .selectFrom('village')
      .select('id')
      .where('unit_id', '=', communeId)
      .orderBy(viOrder('name'))
      .execute();
    return rows.map((r) => r.id);
  }
  if (def.source === 'case') {
    const rows = await sql<{ id: number }>`
      SELECT c.id FROM protection_case c, (SELECT ${period.startsOn}::date AS s, ${period.endsOn}::date AS e) p
      WHERE c.unit_id = ${communeId} AND c.reported_on BETWEEN p.s AND p.e AND ${sql.raw(CASE_CONDITIONS[code]!)}
        ${hidden?.cases.length ? sql`AND c.id <> ALL(${sql.val(hidden.cases)}::int[])` : sql``}
      ORDER BY c.reported_on, c.id`.execute(db);
    return rows.rows.map((r) => Number(r.id));
  }
  const rows = await sql<{ id: number }>`
    SELECT k.id FROM ${childFacts([communeId], period, undefined, hidden)} k CROSS JOIN ${periodRow(period)} p
    WHERE ${sql.raw(CHILD_CONDITIONS[code]!)} ORDER BY k.id`.execute(db);
  return rows.rows.map((r) => Number(r.id));
}
