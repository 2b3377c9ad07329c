// 2. A full recompute of every current commune's assessment for one period, from the database.
import { sql } from 'kysely';
import type { DatabaseHandle } from '../src/server/db/database.ts';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import { recomputeScope } from '../src/server/features/assessments/recompute.ts';
import { ensurePeriod } from '../src/server/platform/periods.ts';
import { latestPublished } from '../src/server/features/rule-sets/store.ts';
import { score } from '../src/core/scoring/engine.ts';
import { storedResult } from '../src/core/scoring/stored.ts';
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

export interface RecomputeRun {
  millis: number;
  written: number;
}

export interface RecomputeResult {
  communes: number;
  /** The first run after the bulk load: every result written. */
  first: RecomputeRun;
  /** The repeated runs with nothing changed between them (median and max are theirs). */
  runs: number[];
  median: number;
  max: number;
  /** After the values of ~10% of the communes changed. */
  tenth: RecomputeRun;
  /** After the category of ~10% of the communes changed. */
  category: RecomputeRun;
  /** In-process scoring of the same communes (the caller's inProcessShare), the other floor. */
  inProcessMs?: number;
  /** The slowest of all the runs above. */
  worst: number;
  /** Physical floors: the same (id, total, result) rows into a bare temporary table. */
  floors: { copyMs?: number; insertMs: number; bytes: number };
  /** The assessment table with its TOAST and indexes, after the first and after the last run. */
  bytesAfterFirst: number;
  bytesAtEnd: number;
}

/**
 * The in-process share of a recompute, for the notes: scoring the same communes and serialising the
 * stored results as recomputePeriod does, without any database work (median of 3 passes).
 */
export function inProcessShare(def: RuleSetDefinition, communes: Commune[]): { millis: number; resultBytes: number } {
  const passes: number[] = [];
  let bytes = 0;
  for (let pass = 0; pass < 3; pass++) {
    bytes = 0;
    const t0 = performance.now();
    for (const c of communes) bytes += JSON.stringify(storedResult(score(def, '1', c.category, c.values))).length;
    passes.push(performance.now() - t0);
  }
  return { millis: median(passes), resultBytes: bytes / communes.length };
}

async function timedRecompute(handle: DatabaseHandle, periodId: number): Promise<RecomputeRun & { scored: number }> {
  const t0 = performance.now();
  const r = await recomputeScope(handle.db, periodId);
  return { millis: performance.now() - t0, written: r.written, scored: r.scored };
}

async function tableBytes(handle: DatabaseHandle): Promise<number> {
  const r = await sql<{ n: string }>`SELECT pg_total_relation_size('assessment') AS n`.execute(handle.db);
  return Number(r.rows[0]?.n);
}

/**
 * The physical floors of the first run's writes: the period's stored (id, total, result) rows written into
 * a bare temporary table (no index, trigger or TOAST history), by COPY FROM STDIN on PostgreSQL and by
 * one INSERT … SELECT over a JSON array (the recompute's own way) on both.
 */
async function writeFloors(handle: DatabaseHandle, periodId: number): Promise<RecomputeResult['floors']> {
  const { rows } = await sql<{ id: number; total: number; result: string }>`
    SELECT id, total, result::text AS result FROM assessment WHERE period_id = ${periodId} ORDER BY id`.execute(
    handle.db,
  );
  const bytes = rows.reduce((n, r) => n + r.result.length, 0);
  const floors: RecomputeResult['floors'] = { insertMs: NaN, bytes };
  const json = `[${rows.map((r) => `{"id":${r.id},"total":${r.total},"result":${r.result}}`).join(',')}]`;
  const insertMs: number[] = [];
  await handle.db.connection().execute(async (conn) => {
    for (let i = 0; i < 3; i++) {
      await sql`CREATE TEMP TABLE recompute_floor (id int, total int, result jsonb)`.execute(conn);
      const t0 = performance.now();
      await sql`INSERT INTO recompute_floor SELECT * FROM jsonb_to_recordset(${json}::jsonb) AS x(id int, total int, result jsonb)`.execute(
        conn,
      );
      insertMs.push(performance.now() - t0);
      await sql`DROP TABLE recompute_floor`.execute(conn);
    }
  });
  floors.insertMs = median(insertMs);
  if (handle.rawClient) {
    const client = await handle.rawClient();
    const copyMs: number[] = [];
    try {
      // COPY text format: backslashes doubled, no tabs or newlines in jsonb's text form.
      const lines = rows.map((r) => `${r.id}\t${r.total}\t${r.result.replace(/\\/g, '\\\\')}\n`);
      for (let i = 0; i < 3; i++) {
        await client.query('CREATE TEMP TABLE recompute_floor (id int, total int, result jsonb)');
        const t0 = performance.now();
        await pipeline(
          Readable.from(lines),
          client.query(copyFrom('COPY recompute_floor (id, total, result) FROM STDIN')),
        );
        copyMs.push(performance.now() - t0);
        await client.query('DROP TABLE recompute_floor');
      }
    } finally {
      client.release();
    }
    floors.copyMs = median(copyMs);
  }
  return floors;
}

/** Every 10th commune's C13.respondents raised by one, or its category swapped: ~10% of the communes. */
async function changeTenth(handle: DatabaseHandle, periodId: number, what: 'values' | 'category'): Promise<number> {
  const r =
    what === 'values'
      ? await sql`UPDATE assessment_value v SET value = to_jsonb(v.value::text::numeric + 1)
          FROM assessment a WHERE a.id = v.assessment_id AND a.period_id = ${periodId} AND a.id % 10 = 0 AND v.code = 'C13.respondents'`.execute(
          handle.db,
        )
      : await sql`UPDATE unit u SET category = CASE WHEN u.category = 'disadvantaged' THEN 'other' ELSE 'disadvantaged' END
          FROM assessment a WHERE a.unit_id = u.id AND a.period_id = ${periodId} AND a.id % 10 = 5`.execute(handle.db);
  return Number(r.numAffectedRows ?? 0);
}

export async function benchRecompute(
  handle: DatabaseHandle,
  label: string,
  periodId: number,
  runs: number,
): Promise<RecomputeResult> {
  const first = await timedRecompute(handle, periodId);
  const communes = first.scored;
  const bytesAfterFirst = await tableBytes(handle);
  const times: number[] = [];
  let rewritten = 0;
  for (let i = 0; i < runs; i++) {
    const r = await timedRecompute(handle, periodId);
    times.push(r.millis);
    rewritten += r.written;
  }
  const changedValues = await changeTenth(handle, periodId, 'values');
  const tenth = await timedRecompute(handle, periodId);
  const changedCategories = await changeTenth(handle, periodId, 'category');
  const category = await timedRecompute(handle, periodId);
  const bytesAtEnd = await tableBytes(handle);
  const floors = await writeFloors(handle, periodId);
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
  const result: RecomputeResult = {
    communes,
    first,
    runs: times,
    median: median(times),
    max: Math.max(...times),
    tenth,
    category,
    worst: Math.max(first.millis, ...times, tenth.millis, category.millis),
    floors,
    bytesAfterFirst,
    bytesAtEnd,
  };
  const mib = (b: number) => `${(b / 1048576).toFixed(1)} MiB`;
  row(
    `${label}: first recompute, every result written`,
    `${sec(first.millis)} (${int(first.written)} of ${int(communes)} rows written)`,
  );
  row(
    `${label}: ${runs} repeated, nothing changed`,
    `median ${sec(result.median)}, max ${sec(result.max)}  (runs: ${times.map((t) => sec(t)).join(', ')}; ${int(rewritten)} rows written)`,
  );
  row(
    `${label}: after ~10% values changed`,
    `${sec(tenth.millis)} (${int(changedValues)} values changed, ${int(tenth.written)} rows written)`,
  );
  row(
    `${label}: after ~10% categories changed`,
    `${sec(category.millis)} (${int(changedCategories)} communes changed, ${int(category.written)} rows written)`,
  );
  row(
    `${label}: assessment table + indexes`,
    `${mib(bytesAfterFirst)} after the first run, ${mib(bytesAtEnd)} at the end`,
  );
  row(
    `  floor: same ${int(communes)} rows into a bare temp table`,
    `${floors.copyMs === undefined ? '' : `COPY ${sec(floors.copyMs)}, `}one INSERT … SELECT over a JSON array ${sec(floors.insertMs)} (${mib(floors.bytes)} of results)`,
  );
  row(`${label}: check after recompute`, `${int(Number(check.n))} scored, ${int(Number(check.recognized))} recognized`);
  return result;
}

export function recomputeHeading(): void {
  heading('2. Full recompute of every current commune (recomputePeriod; goal < 1 s PostgreSQL, < 2 s PGlite)');
}
