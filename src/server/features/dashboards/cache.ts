// Dashboard and map answers kept in memory, keyed by the dashboard_epoch counters that the database raises
// in the same transaction as every change of what they show (migrations/0021_dashboard_epochs.sql), so a
// committed change is never answered from the cache, and a change in one province leaves the others'
// answers cached. Concurrent requests for the same answer share one computation.
import { LRUCache } from 'lru-cache';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Scope } from './store.ts';

/** Answers with the lists capped (a few KiB to a few hundred KiB each). */
const MAX_ANSWERS = 2000;
/** Answers with every row of the lists (the .xlsx downloads; a national one runs to megabytes). */
const MAX_FULL_ANSWERS = 16;

interface DashboardCache {
  answers: LRUCache<string, { value: unknown }>;
  full: LRUCache<string, { value: unknown }>;
  inflight: Map<string, Promise<unknown>>;
  /** Answers computed (not served from the cache), for tests and the benchmark. */
  computed: number;
}

// One cache per database handle: two databases (tests run one per file) never share an answer.
const caches = new WeakMap<Kysely<Database>, DashboardCache>();

function cacheOf(db: Kysely<Database>): DashboardCache {
  let c = caches.get(db);
  if (!c) {
    c = {
      answers: new LRUCache({ max: MAX_ANSWERS }),
      full: new LRUCache({ max: MAX_FULL_ANSWERS }),
      inflight: new Map(),
      computed: 0,
    };
    caches.set(db, c);
  }
  return c;
}

/** How many answers this database's cache has computed so far. */
export function computedAnswers(db: Kysely<Database>): number {
  return cacheOf(db).computed;
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
  const store = options.full ? cache.full : cache.answers;
  const hit = store.get(entry);
  if (hit) return hit.value as T;
  const running = cache.inflight.get(entry);
  if (running) return running as Promise<T>;
  cache.computed++;
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
