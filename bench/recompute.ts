// 2. A full recompute of every current commune's assessment for one period, from the database.
import { sql } from 'kysely';
import type { DatabaseHandle } from '../src/server/db/database.ts';
import { recomputePeriod } from '../src/server/features/assessments/store.ts';
import { ensurePeriod } from '../src/server/platform/periods.ts';
import { latestPublished } from '../src/server/features/rule-sets/store.ts';
import { score } from '../src/core/scoring/engine.ts';
import type { RuleSetDefinition } from '../src/core/rule-sets/schema.ts';
import { seeded, type Rng } from './random.ts';
import { communeValues, type Values } from './values.ts';
import { heading, int, median, row, sec } from './stats.ts';

export const BENCH_YEAR = 2026;

export interface Commune {
  unitId: number;
  assessmentId: number;
  category: string;
  values: Values;
}

export interface Populated {
  periodId: number;
  communes: Commune[];
  valueRows: number;
  millis: number;
}

function categoryFor(kind: string, rng: Rng): string {
  if (kind === 'phuong') return rng.chance(0.85) ? 'urban_ward' : 'other';
  if (kind === 'dac_khu') return 'disadvantaged';
  return rng.chance(0.35) ? 'disadvantaged' : 'other';
}

/** Sets categories, then inserts one assessment with a full set of values per current commune, in bulk. */
export async function populate(handle: DatabaseHandle, seed = 3321): Promise<Populated> {
  const { db } = handle;
  const rng = seeded(seed);
  const started = performance.now();
  const periodId = await ensurePeriod(db, BENCH_YEAR);
  const ruleSet = await latestPublished(db);
  const units = await db
    .selectFrom('unit')
    .select(['id', 'kind'])
    .where('level', '=', 'commune')
    .where('valid_to', 'is', null)
    .orderBy('id')
    .execute();
  const categories = units.map((u) => ({ id: u.id, c: categoryFor(u.kind, rng) }));
  await sql`UPDATE unit SET category = x.c FROM jsonb_to_recordset(${JSON.stringify(categories)}::jsonb) AS x(id int, c text) WHERE unit.id = x.id`.execute(
    db,
  );
  const inserted = await sql<{ id: number; unit_id: number }>`
    INSERT INTO assessment (unit_id, period_id, rule_set_id, category)
    SELECT id, ${periodId}::int, ${ruleSet.id}::int, coalesce(category, 'other') FROM unit
    WHERE level = 'commune' AND valid_to IS NULL ORDER BY id
    RETURNING id, unit_id`.execute(db);
  const categoryOf = new Map(categories.map((c) => [c.id, c.c]));
  const communes: Commune[] = inserted.rows
    .sort((a, b) => a.unit_id - b.unit_id)
    .map((r) => ({
      unitId: r.unit_id,
      assessmentId: r.id,
      category: categoryOf.get(r.unit_id) ?? 'other',
      values: communeValues(rng),
    }));
  let valueRows = 0;
  const CHUNK = 400; // ~14,000 value rows a statement, sent as one JSON parameter
  for (let i = 0; i < communes.length; i += CHUNK) {
    const rows: Array<{ a: number; c: string; v: number | boolean }> = [];
    for (const commune of communes.slice(i, i + CHUNK))
      for (const [c, v] of Object.entries(commune.values)) rows.push({ a: commune.assessmentId, c, v });
    valueRows += rows.length;
    await sql`INSERT INTO assessment_value (assessment_id, code, value)
      SELECT x.a, x.c, x.v FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(a int, c text, v jsonb)`.execute(
      db,
    );
  }
  return { periodId, communes, valueRows, millis: performance.now() - started };
}

export interface RecomputeResult {
  communes: number;
  runs: number[];
  median: number;
  max: number;
}

/**
 * The in-process share of a recompute, for the notes: scoring the same communes and serialising the
 * results as recomputePeriod does, without any database work (median of 3 passes).
 */
export function inProcessShare(def: RuleSetDefinition, communes: Commune[]): { millis: number; resultBytes: number } {
  const passes: number[] = [];
  let bytes = 0;
  for (let pass = 0; pass < 3; pass++) {
    bytes = 0;
    const t0 = performance.now();
    for (const c of communes) bytes += JSON.stringify(score(def, '1', c.category, c.values)).length;
    passes.push(performance.now() - t0);
  }
  return { millis: median(passes), resultBytes: bytes / communes.length };
}

export async function benchRecompute(
  handle: DatabaseHandle,
  label: string,
  periodId: number,
  runs: number,
): Promise<RecomputeResult> {
  const times: number[] = [];
  let communes = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    communes = await recomputePeriod(handle.db, periodId);
    times.push(performance.now() - t0);
  }
  const check = await handle.db
    .selectFrom('assessment')
    .select([
      sql<string>`count(*)`.as('n'),
      sql<string>`count(*) filter (where recognized)`.as('recognized'),
      sql<string>`count(*) filter (where result is null)`.as('unscored'),
    ])
    .where('period_id', '=', periodId)
    .executeTakeFirstOrThrow();
  if (Number(check.unscored) !== 0) throw new Error(`${label}: ${check.unscored} assessments left unscored`);
  const result = { communes, runs: times, median: median(times), max: Math.max(...times) };
  row(
    `${label}: recompute of ${int(communes)} communes`,
    `median ${sec(result.median)}, max ${sec(result.max)}  (runs: ${times.map((t) => sec(t)).join(', ')})`,
  );
  row(`${label}: check after recompute`, `${int(Number(check.n))} scored, ${int(Number(check.recognized))} recognized`);
  return result;
}

export function recomputeHeading(): void {
  heading('2. Full recompute of every current commune (recomputePeriod)');
}
