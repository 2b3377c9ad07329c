// Dashboard and map answers kept in memory, keyed by the dashboard_epoch counters that the database raises
// in the same transaction as every change of what they show (migrations/0021_dashboard_epochs.sql), so a
// committed change is never answered from the cache, and a change in one province leaves the others'
// answers cached. Concurrent requests for the same answer share one computation. The parts the national
// answer is added up from (parts.ts) are kept here too, under the counters they depend on.
import { LRUCache } from 'lru-cache';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Scope } from './store.ts';

/** Answers with the lists capped (a few KiB to a few hundred KiB each). */
const MAX_ANSWERS = 2000;
/** Answers with every row of the lists (the .xlsx downloads; a national one runs to megabytes). */
const MAX_FULL_ANSWERS = 16;
/** Parts of national answers (parts.ts): a province's for a period and day, tens of KiB each. */
const MAX_PARTS = 400;

interface DashboardCache {
  answers: LRUCache<string, { value: unknown }>;
  full: LRUCache<string, { value: unknown }>;
  parts: LRUCache<string, { value: unknown }>;
  inflight: Map<string, Promise<unknown>>;
  /** Answers computed (not served from the cache), for tests and the benchmark. */
  computed: number;
  /** Parts of national answers computed, by what they are a part of (parts.ts), for tests. */
  computedParts: Map<string, number>;
}

// One cache per database handle: two databases (tests run one per file) never share an answer.
const caches = new WeakMap<Kysely<Database>, DashboardCache>();

function cacheOf(db: Kysely<Database>): DashboardCache {
  let c = caches.get(db);
  if (!c) {
    c = {
      answers: new LRUCache({ max: MAX_ANSWERS }),
      full: new LRUCache({ max: MAX_FULL_ANSWERS }),
      parts: new LRUCache({ max: MAX_PARTS }),
      inflight: new Map(),
      computed: 0,
      computedParts: new Map(),
    };
    caches.set(db, c);
  }
  return c;
}

/** How many answers this database's cache has computed so far. */
export function computedAnswers(db: Kysely<Database>): number {
  return cacheOf(db).computed;
}

/** How many parts of national answers this database's cache has computed so far, by tally (a copy). */
export function computedParts(db: Kysely<Database>): Map<string, number> {
  return new Map(cacheOf(db).computedParts);
}

/** Every counter at one moment (province → n; 0: national tables, -1: the unit list), and the nation's key. */
export interface EpochSnapshot {
  counters: Map<number, string>;
  nation: string;
}

export async function epochSnapshot(db: Kysely<Database>): Promise<EpochSnapshot> {
  const { rows } = await sql<{ province: number; n: string }>`
    SELECT province, n::text AS n FROM dashboard_epoch`.execute(db);
  const counters = new Map(rows.map((r) => [Number(r.province), r.n]));
  // As epochKey's sum: every counter only grows, so an equal sum means no committed change anywhere.
  return { counters, nation: `Σ${rows.reduce((s, r) => s + BigInt(r.n), 0n)}` };
}

/**
 * The counters an answer for the scope depends on. The nation: the sum of all (every counter only grows,
 * so an equal sum means no committed change anywhere). A province or a commune: the national counter, its
 * province's and those of the old provinces its communes' predecessors belonged to (their old results
 * count for today's units), listed with their ids, so that a change of that set changes the key too.
 */
export async function epochKey(db: Kysely<Database>, scope: Scope): Promise<string> {
  if (scope.level === 'nation') {
    const { rows } = await sql<{ k: string | null }>`SELECT sum(n)::text AS k FROM dashboard_epoch`.execute(db);
    return `Σ${rows[0]?.k ?? 0}`;
  }
  const provinces =
    scope.level === 'province'
      ? sql`SELECT ${scope.id}::int UNION SELECT o.parent_id FROM unit c JOIN unit_lineage l ON l.successor_id = c.id JOIN unit o ON o.id = l.predecessor_id WHERE c.parent_id = ${scope.id}`
      : sql`SELECT parent_id FROM unit WHERE id = ${scope.id} UNION SELECT o.parent_id FROM unit_lineage l JOIN unit o ON o.id = l.predecessor_id WHERE l.successor_id = ${scope.id}`;
  const { rows } = await sql<{ k: string | null }>`
    SELECT string_agg(province || ':' || n, ',' ORDER BY province) AS k FROM dashboard_epoch
     WHERE province = 0 OR province IN (${provinces})`.execute(db);
  return rows[0]?.k ?? '';
}

/**
 * The answer for `key` (what is asked: level, unit, period, options, day) in `scope`, from the cache when
 * nothing it depends on has changed since it was computed, otherwise computed once for all who ask.
 */
export async function cachedAnswer<T>(
  db: Kysely<Database>,
  scope: Scope,
  key: string,
  compute: () => Promise<T>,
  options: { full?: boolean } = {},
): Promise<T> {
  const cache = cacheOf(db);
  // The counters are read first, in a statement of their own, and the answer computed after: every
  // statement of the computation sees at least the changes this read saw, so the answer is at least as
  // new as the counters it is stored under. A change committed after this read raises a counter, and the
  // next request's key differs: it is never answered with figures from before that change.
  const entry = `${key}|${await epochKey(db, scope)}`;
  return shared(cache, options.full ? cache.full : cache.answers, entry, compute, () => cache.computed++);
}

/**
 * The national answer for `key` as cachedAnswer gives it, computed from the counters read once (the
 * snapshot, before any of it is computed, as in cachedAnswer): the parts it is added up from (parts.ts)
 * are keyed by the same read.
 */
export async function cachedNationAnswer<T>(
  db: Kysely<Database>,
  key: string,
  compute: (snapshot: EpochSnapshot) => Promise<T>,
): Promise<T> {
  const cache = cacheOf(db);
  const snapshot = await epochSnapshot(db);
  return shared(
    cache,
    cache.answers,
    `${key}|${snapshot.nation}`,
    () => compute(snapshot),
    () => cache.computed++,
  );
}

/**
 * A part of a national answer under `entry` (its counters included), computed once for all who need it;
 * its computations are counted under `tally`.
 */
export function cachedPart<T>(
  db: Kysely<Database>,
  entry: string,
  tally: string,
  compute: () => Promise<T>,
): Promise<T> {
  const cache = cacheOf(db);
  const counted = () => cache.computedParts.set(tally, (cache.computedParts.get(tally) ?? 0) + 1);
  return shared(cache, cache.parts, entry, compute, counted);
}

/** Whether the part under `entry` is cached or being computed. */
export function hasPart(db: Kysely<Database>, entry: string): boolean {
  const cache = cacheOf(db);
  return cache.parts.has(entry) || cache.inflight.has(entry);
}

/** From `store` when there, else the computation already running for `entry`, else a new one. */
function shared<T>(
  cache: DashboardCache,
  store: LRUCache<string, { value: unknown }>,
  entry: string,
  compute: () => Promise<T>,
  counted: () => void,
): Promise<T> {
  const hit = store.get(entry);
  if (hit) return Promise.resolve(hit.value as T);
  const running = cache.inflight.get(entry);
  if (running) return running as Promise<T>;
  counted();
  const work = compute().then(
    (value) => {
      store.set(entry, { value });
      cache.inflight.delete(entry);
      return value;
    },
    (error: unknown) => {
      cache.inflight.delete(entry);
      throw error;
    },
  );
  cache.inflight.set(entry, work);
  return work;
}
