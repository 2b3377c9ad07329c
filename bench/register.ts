// 4. The child register at the size of the largest province: a synthetic register of
// BENCH_REGISTER_CHILDREN children spread unevenly (±50%) over the communes of the current province
// with the most communes, then
//   a. generation time and rows/s (informative);
//   b. listChildren of one commune, random communes and a mix of filters, several at once (goal p95 < 100 ms);
//   c. deriveInputs for every commune of the province for the asOf year (goal < 5 s).
import { sql, type Kysely } from 'kysely';
import type { Database } from '../src/server/db/schema.ts';
import type { DatabaseHandle } from '../src/server/db/database.ts';
import type { RegisterContext } from '../src/server/features/register/access.ts';
import { listChildren, type ChildFilter } from '../src/server/features/register/children.ts';
import { deriveInputs, type PeriodRange } from '../src/server/features/register/derive.ts';
import { generateRegister, type SyntheticSummary } from '../src/server/demo/synthetic-register.ts';
import { AGE_BANDS } from '../src/core/register/records.ts';
import { seeded, type Rng } from './random.ts';
import { BENCH_YEAR } from './recompute.ts';
import { heading, int, median, ms, percentile, row, sec } from './stats.ts';

export const REGISTER_TABLES = [
  'village',
  'household',
  'child',
  'child_circumstance',
  'child_support',
  'child_health_record',
  'protection_case',
] as const;

export interface RegisterOptions {
  children: number;
  seed: number;
  /** The register's date; the derived inputs are counted for its calendar year. */
  asOf: string;
  listCalls: number;
  concurrency: number;
  deriveRuns: number;
  /** A derive run longer than this stops further runs (the section must stay inside the watchdog). */
  deriveBudgetMs: number;
}

export interface LatencySummary {
  calls: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface RegisterResult {
  label: string;
  province: { id: number; name: string; communes: number };
  generation: SyntheticSummary & { rows: number; rowsPerSecond: number };
  analyzeMs: number;
  list: LatencySummary & { concurrency: number; byFilter: Record<string, LatencySummary> };
  derive: { communes: number; runs: number[]; median: number; max: number; stoppedEarly: boolean };
}

export function registerOptionsFromEnv(env: NodeJS.ProcessEnv): RegisterOptions {
  return {
    children: Number(env.BENCH_REGISTER_CHILDREN ?? 2_500_000),
    seed: Number(env.BENCH_REGISTER_SEED ?? 2016),
    // A fixed date in the past of the benchmark year, so that runs on different days generate the same register.
    asOf: env.BENCH_REGISTER_AS_OF ?? `${BENCH_YEAR}-09-30`,
    listCalls: Number(env.BENCH_REGISTER_LIST_CALLS ?? 200),
    concurrency: Math.max(1, Number(env.BENCH_REGISTER_CONCURRENCY ?? 6)),
    deriveRuns: Math.max(3, Number(env.BENCH_REGISTER_DERIVE_RUNS ?? 5)),
    deriveBudgetMs: Number(env.BENCH_REGISTER_DERIVE_BUDGET_SECONDS ?? 60) * 1000,
  };
}

export function registerHeading(children: number): void {
  heading(`4. Child register: ${int(children)} children in the largest province`);
}

function latency(values: number[]): LatencySummary {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    calls: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? NaN,
  };
}

/** Splits `total` over `n` communes with weights uniform in [0.5, 1.5], summing exactly to `total`. */
export function unevenSizes(total: number, n: number, rng: Rng): number[] {
  const weights = Array.from({ length: n }, () => rng.between(0.5, 1.5));
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (w / sum) * total);
  const sizes = exact.map(Math.floor);
  let left = total - sizes.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0]);
  for (const [, i] of byRemainder) {
    if (left-- <= 0) break;
    sizes[i]!++;
  }
  return sizes;
}

type FilterKind = 'none' | 'village' | 'q' | 'ageBand' | 'group d' | 'page 3';
const FILTER_KINDS: readonly FilterKind[] = ['none', 'village', 'q', 'ageBand', 'group d', 'page 3'];
// What officers type: family names, a family and middle name, given names (found inside the name), a start.
const QUERIES = [
  'nguyen',
  'tran',
  'le',
  'pham thi',
  'nguyen van',
  'hoang',
  'linh',
  'minh',
  'lan',
  'tran thi h',
  'ngu',
  'vo',
] as const;

export async function benchRegister(
  handle: DatabaseHandle,
  label: string,
  options: RegisterOptions,
): Promise<RegisterResult> {
  const { db } = handle;
  const rng = seeded(options.seed);

  // The current province with the most communes, and its communes.
  const province = (
    await sql<{ id: number; name: string; communes: string }>`
      SELECT p.id, p.name, count(c.id) AS communes FROM unit p
      JOIN unit c ON c.parent_id = p.id AND c.level = 'commune' AND c.valid_to IS NULL
      WHERE p.level = 'province' AND p.valid_to IS NULL
      GROUP BY p.id, p.name ORDER BY count(c.id) DESC, p.id LIMIT 1`.execute(db)
  ).rows[0];
  if (!province) throw new Error(`${label}: no current province loaded`);
  const communeIds = (
    await db
      .selectFrom('unit')
      .select('id')
      .where('parent_id', '=', province.id)
      .where('level', '=', 'commune')
      .where('valid_to', 'is', null)
      .orderBy('id')
      .execute()
  ).map((u) => u.id);
  const sizes = unevenSizes(options.children, communeIds.length, rng);
  row(
    `${label}: province`,
    `${province.name} (id ${province.id}), ${communeIds.length} communes, ${int(Math.min(...sizes))}–${int(Math.max(...sizes))} children each`,
  );

  // Reads are logged against a real user.
  const user = await db
    .insertInto('app_user')
    .values({
      username: `bench.register.${Date.now().toString(36)}`,
      password_hash: 'x',
      full_name: 'Bench register officer',
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  // a. Generation.
  const tty = process.stderr.isTTY;
  let lastShown = 0;
  const summary = await generateRegister(db, {
    seed: options.seed,
    asOf: options.asOf,
    communes: communeIds.map((id) => ({ id, provinceId: province.id })),
    childrenPerCommune: sizes,
    userId: user.id,
    onProgress: (done, total) => {
      if (tty && (done === total || performance.now() - lastShown > 500)) {
        lastShown = performance.now();
        process.stderr.write(`\r  generating… ${int(done)} / ${int(total)} children`);
        if (done === total) process.stderr.write('\r\x1b[K');
      }
    },
  });
  const rows =
    summary.villages +
    summary.households +
    summary.children +
    summary.circumstances +
    summary.supports +
    summary.healthRecords +
    summary.cases;
  const generation = { ...summary, rows, rowsPerSecond: rows / summary.seconds };
  row(
    `${label}: generation`,
    `${int(summary.children)} children, ${int(rows)} rows in ${sec(summary.seconds * 1000)} (${int(generation.rowsPerSecond)} rows/s, ${int(summary.children / summary.seconds)} children/s; seed ${options.seed}, as of ${options.asOf})`,
  );
  row(
    `  rows`,
    `${int(summary.villages)} villages, ${int(summary.households)} households, ${int(summary.circumstances)} circumstances, ${int(summary.supports)} supports, ${int(summary.healthRecords)} health records, ${int(summary.cases)} cases`,
  );
  const t0 = performance.now();
  await sql`ANALYZE ${sql.join(REGISTER_TABLES.map((t) => sql.table(t)))}`.execute(db);
  const analyzeMs = performance.now() - t0;
  const size = await sql<{
    bytes: string;
  }>`SELECT sum(pg_total_relation_size(t::regclass))::bigint AS bytes FROM unnest(${sql.val([...REGISTER_TABLES])}::text[]) AS t`.execute(
    db,
  );
  row(
    `${label}: ANALYZE; size on disk`,
    `${sec(analyzeMs)}; ${(Number(size.rows[0]?.bytes ?? 0) / 2 ** 20).toFixed(0)} MiB with indexes`,
  );

  // b. Listing: random communes, a mix of filters, `concurrency` calls at a time.
  const villageRows = await db
    .selectFrom('village')
    .select(['id', 'unit_id'])
    .where('unit_id', 'in', communeIds)
    .execute();
  const villagesOf = new Map<number, number[]>();
  for (const v of villageRows) villagesOf.set(v.unit_id, [...(villagesOf.get(v.unit_id) ?? []), v.id]);
  const viewer = { userId: user.id, roles: communeIds.map((unitId) => ({ role: 'commune_officer', unitId })) };
  const list = await benchListing(
    db,
    label,
    listCalls(rng, { viewer, provinceId: province.id, communeIds, villagesOf }, options.listCalls),
    options.concurrency,
  );

  // c. deriveInputs for every commune of the province, for the asOf year.
  const derive = await benchDerive(
    db,
    label,
    communeIds,
    options.asOf.slice(0, 4),
    options.deriveRuns,
    options.deriveBudgetMs,
  );
  return {
    label,
    province: { id: province.id, name: province.name, communes: communeIds.length },
    generation,
    analyzeMs,
    list,
    derive,
  };
}

export type ListingResult = LatencySummary & { concurrency: number; byFilter: Record<string, LatencySummary> };
export interface ListCall {
  kind: FilterKind;
  ctx: RegisterContext;
  filter: ChildFilter;
  warmup: boolean;
}

/** `n` listChildren calls (and two warm-ups of each filter) on random communes of a province, with a mix of filters. */
export function listCalls(
  rng: Rng,
  scope: {
    viewer: RegisterContext['viewer'];
    provinceId: number;
    communeIds: number[];
    villagesOf: Map<number, number[]>;
  },
  n: number,
): ListCall[] {
  return Array.from({ length: n + 2 * FILTER_KINDS.length }, (_, i) => {
    const kind = FILTER_KINDS[i % FILTER_KINDS.length]!;
    const communeId = rng.pick(scope.communeIds);
    const filter: ChildFilter = { page: 1, pageSize: 50 };
    if (kind === 'village') filter.villageId = rng.pick(scope.villagesOf.get(communeId) ?? [0]);
    if (kind === 'q') filter.q = rng.pick(QUERIES);
    if (kind === 'ageBand') filter.ageBand = rng.pick(AGE_BANDS).code;
    if (kind === 'group d') filter.group = 'd';
    if (kind === 'page 3') filter.page = 3;
    const ctx: RegisterContext = { viewer: scope.viewer, communeId, provinceId: scope.provinceId, access: 'officer' };
    return { kind, ctx, filter, warmup: i < 2 * FILTER_KINDS.length };
  });
}

/** Runs the calls (warm-ups one after another, then `concurrency` at a time) and prints their latencies and the read log check. */
export async function benchListing(
  db: Kysely<Database>,
  label: string,
  calls: ListCall[],
  concurrency: number,
): Promise<ListingResult> {
  const times: { kind: FilterKind; millis: number }[] = [];
  let shown = 0;
  let next = 0;
  const worker = async () => {
    while (next < calls.length) {
      const call = calls[next++]!;
      const t = performance.now();
      const page = await listChildren(db, call.ctx, call.filter);
      const millis = performance.now() - t;
      shown += page.rows.length;
      if (!call.warmup) times.push({ kind: call.kind, millis });
    }
  };
  // Warm-up calls first, one after another, then the measured ones concurrently.
  const warmups = calls.filter((c) => c.warmup).length;
  while (next < warmups) {
    const call = calls[next++]!;
    shown += (await listChildren(db, call.ctx, call.filter)).rows.length;
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  const byFilter = Object.fromEntries(
    FILTER_KINDS.map((k) => [k, latency(times.filter((t) => t.kind === k).map((t) => t.millis))]),
  );
  const list = { ...latency(times.map((t) => t.millis)), concurrency, byFilter };
  row(
    `${label}: listChildren, ${list.concurrency} at once`,
    `${list.calls} calls: p50 ${ms(list.p50)}, p95 ${ms(list.p95)}, p99 ${ms(list.p99)}, max ${ms(list.max)}`,
  );
  for (const kind of FILTER_KINDS) {
    const l = byFilter[kind]!;
    row(`  filter ${kind}`, `p50 ${ms(l.p50)}, p95 ${ms(l.p95)}, max ${ms(l.max)} (${l.calls} calls)`);
  }
  const userId = calls[0]?.ctx.viewer.userId ?? 0;
  const logged = await sql<{ n: string }>`SELECT count(*) AS n FROM child_access_log WHERE user_id = ${userId}`.execute(
    db,
  );
  row(
    `${label}: read log after listing`,
    `${int(Number(logged.rows[0]?.n))} rows for ${int(shown)} children shown${Number(logged.rows[0]?.n) === shown ? ' (consistent)' : ' (MISMATCH)'}`,
  );
  return list;
}

/** deriveInputs for the communes and the calendar year, `runs` times (fewer if a run exceeds the budget); prints the times and totals. */
export async function benchDerive(
  db: Kysely<Database>,
  label: string,
  communeIds: number[],
  year: string,
  runsWanted: number,
  budgetMs: number,
): Promise<RegisterResult['derive']> {
  const period: PeriodRange = { startsOn: `${year}-01-01`, endsOn: `${year}-12-31` };
  const runs: number[] = [];
  let counts = new Map<number, Record<string, number>>();
  let stoppedEarly = false;
  for (let i = 0; i < runsWanted; i++) {
    const t = performance.now();
    counts = await deriveInputs(db, communeIds, period);
    runs.push(performance.now() - t);
    if (runs[runs.length - 1]! > budgetMs && i < runsWanted - 1) {
      stoppedEarly = true;
      break;
    }
  }
  const derive = { communes: communeIds.length, runs, median: median(runs), max: Math.max(...runs), stoppedEarly };
  row(
    `${label}: deriveInputs, ${communeIds.length} commune${communeIds.length === 1 ? '' : 's'}`,
    `${year}: median ${sec(derive.median)}, max ${sec(derive.max)}  (runs: ${runs.map((t) => sec(t)).join(', ')})${stoppedEarly ? ' — stopped early, a run took longer than the budget' : ''}`,
  );
  const total = (code: string) => [...counts.values()].reduce((s, c) => s + (c[code] ?? 0), 0);
  row(
    `${label}: derived totals (check)`,
    `${counts.size} communes; pop.children ${int(total('pop.children'))}, under1 ${int(total('pop.under1'))}, C06.special ${int(total('C06.special'))} (supported ${int(total('C06.supported'))}), C08.weighed ${int(total('C08.weighed'))}, C09.checked ${int(total('C09.checked'))}, C06.cases ${int(total('C06.cases'))}`,
  );
  return derive;
}
