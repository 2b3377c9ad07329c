// The national dashboard added up from cached parts, one per current province plus one for the units that
// stand for communes of two provinces (an old commune split between provinces, counted once nationally), so
// that after a save only the saving province's part is computed again, not the whole country.
// A part is cached under the counters it depends on (cache.ts), read in the same statement as the national
// counter; what depends on the unit list alone (the provinces, the cross-province units, each part's
// counters, the order of names) is computed once per unit-list version (dashboard_epoch -1, migration 0036).
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { scoreBands } from '../../../core/dashboards/figures.ts';
import {
  addCounts,
  addCriterion,
  meanOf,
  meanTotal,
  mergeOrdered,
  noCounts,
  type CountSums,
  type CriterionSums,
} from '../../../core/dashboards/rollup.ts';
import { compareToTarget } from '../../../core/dashboards/targets.ts';
import { latestPublished } from '../rule-sets/index.ts';
import { cachedPart, epochSnapshot, hasPart, type EpochSnapshot } from './cache.ts';
import {
  criterionList,
  readDashboard,
  resolvePeriod,
  readNationPart,
  timelinessOrder,
  warningOrder,
  type BreakdownRow,
  type Counts,
  type Dashboard,
  type NationPart,
  type PeriodRef,
  type TimelinessRow,
} from './store.ts';

/** What the roll-up derives from the unit list alone. */
interface UnitList {
  /** Current provinces by code (the national breakdown's order). */
  provinces: Array<{ id: number; code: string; name: string }>;
  /** The parents of current communes with a part: the current provinces first, in their order, then any other. */
  partIds: number[];
  /** Per province, the counters its part depends on: its own and its communes' predecessors' old provinces. */
  deps: Map<number, number[]>;
  /** Units that may stand for communes of two or more provinces. */
  cross: number[];
  /** The counters the cross units' part depends on. */
  crossDeps: number[];
  /** Each unit's place in name order (vi_natural, then id): how the dashboards order lists by name. */
  nameRank: Map<number, number>;
}

const unitLists = new WeakMap<Kysely<Database>, { version: string; list: Promise<UnitList> }>();

function unitList(db: Kysely<Database>, version: string): Promise<UnitList> {
  const known = unitLists.get(db);
  if (known?.version === version) return known.list;
  const list = readUnitList(db);
  unitLists.set(db, { version, list });
  list.catch(() => unitLists.get(db)?.list === list && unitLists.delete(db));
  return list;
}

async function readUnitList(db: Kysely<Database>): Promise<UnitList> {
  const [provinces, parents, deps, cross, names] = await Promise.all([
    sql<{ id: number; code: string; name: string }>`
      SELECT id, code, name FROM unit WHERE level = 'province' AND valid_to IS NULL ORDER BY code`.execute(db),
    // The nation counts every current commune with a parent (store.ts scopeFilter), a current province or not.
    sql<{ id: number }>`
      SELECT DISTINCT parent_id AS id FROM unit WHERE level = 'commune' AND valid_to IS NULL AND parent_id IS NOT NULL`.execute(
      db,
    ),
    // As epochKey's province query (cache.ts), for every province at once.
    sql<{ province: number; old: number[] }>`
      SELECT c.parent_id AS province, array_agg(DISTINCT o.parent_id) FILTER (WHERE o.parent_id IS NOT NULL) AS old
        FROM unit c JOIN unit_lineage l ON l.successor_id = c.id JOIN unit o ON o.id = l.predecessor_id
       WHERE c.parent_id IS NOT NULL GROUP BY c.parent_id`.execute(db),
    // The provinces a unit may count in (store.ts members: itself as a current commune, or a predecessor of one).
    sql<{ unit_id: number; provinces: number[] }>`
      WITH stands AS (
        SELECT c.id AS unit_id, c.parent_id AS province FROM unit c
         WHERE c.level = 'commune' AND c.valid_to IS NULL AND c.parent_id IS NOT NULL
        UNION
        SELECT l.predecessor_id, c.parent_id FROM unit_lineage l JOIN unit c ON c.id = l.successor_id
         WHERE c.level = 'commune' AND c.valid_to IS NULL AND c.parent_id IS NOT NULL)
      SELECT s.unit_id, array_agg(s.province) || array_agg(DISTINCT u.parent_id) AS provinces
        FROM stands s JOIN unit u ON u.id = s.unit_id
       GROUP BY s.unit_id HAVING count(DISTINCT s.province) > 1`.execute(db),
    sql<{ id: number }>`SELECT id FROM unit ORDER BY name COLLATE vi_natural, id`.execute(db),
  ]);
  const byProvince = new Map(deps.rows.map((r) => [Number(r.province), (r.old ?? []).map(Number)]));
  const base = [-1, 0];
  const uniq = (xs: number[]) => [...new Set(xs)].sort((a, b) => a - b);
  const partIds = [...new Set([...provinces.rows, ...parents.rows].map((r) => Number(r.id)))];
  return {
    provinces: provinces.rows.map((r) => ({ id: Number(r.id), code: String(r.code), name: String(r.name) })),
    partIds,
    deps: new Map(partIds.map((id) => [id, uniq([...base, id, ...(byProvince.get(id) ?? [])])])),
    cross: cross.rows.map((r) => Number(r.unit_id)).sort((a, b) => a - b),
    crossDeps: uniq([...base, ...cross.rows.flatMap((r) => r.provinces.filter((p) => p !== null).map(Number))]),
    nameRank: new Map(names.rows.map((r, i) => [Number(r.id), i])),
  };
}

const epochsOf = (snapshot: EpochSnapshot, deps: number[]) =>
  deps.map((p) => `${p}:${snapshot.counters.get(p) ?? 0}`).join(',');

/** Parts missing from the cache above which a request computes the national answer whole (about its cost). */
const MAX_MISSING = 4;

/**
 * Every part of the national answer under the snapshot's counters: from the cache, or computed (all at
 * once); null, computing none, when more than `maxMissing` are neither cached nor being computed.
 */
async function partsOf(
  db: Kysely<Database>,
  snapshot: EpochSnapshot,
  period: PeriodRef,
  today: string,
  limit: number | null,
  maxMissing = Infinity,
) {
  const units = await unitList(db, snapshot.counters.get(-1) ?? '0');
  const at = `${period.id}|${today}|${limit ?? 'all'}`;
  const wanted = [
    ...units.partIds.map((id) => ({ provinceId: id as number | null, deps: units.deps.get(id)! })),
    ...(units.cross.length ? [{ provinceId: null, deps: units.crossDeps }] : []),
  ].map((w) => ({ ...w, entry: `part|${w.provinceId ?? 'cross'}|${at}|${epochsOf(snapshot, w.deps)}` }));
  if (wanted.filter((w) => !hasPart(db, w.entry)).length > maxMissing) return null;
  const parts = await Promise.all(
    wanted.map((w) =>
      cachedPart(db, w.entry, `${w.provinceId ?? 'cross'}|${period.id}`, () =>
        readNationPart(db, { provinceId: w.provinceId, cross: units.cross }, period, today, limit),
      ),
    ),
  );
  return {
    units,
    provinceParts: parts.slice(0, units.partIds.length),
    crossPart: units.cross.length ? parts[units.partIds.length]! : null,
  };
}

/** How often the counters are read while someone asks for the national dashboard. */
const WATCH_MS = 50;
/** How long after the last national request its parts are kept computed ahead. */
const KEEP_MS = 60_000;

interface Watch {
  asks: Map<string, { periodId: number; today: string; limit: number | null; until: number }>;
  timer: NodeJS.Timeout | null;
  nation: string;
  busy: boolean;
}

const watches = new WeakMap<Kysely<Database>, Watch>();

/**
 * Keeps the national answer's parts computed ahead while it is being asked for: a change (a save) is
 * noticed within WATCH_MS and the changed province's part computed at once, so that the next national
 * request only adds up the parts. Parts are still keyed by the counters read before they are computed:
 * nothing is ever answered from before a change.
 */
function keepAhead(db: Kysely<Database>, periodId: number, today: string, limit: number | null) {
  let w = watches.get(db);
  if (!w) {
    w = { asks: new Map(), timer: null, nation: '', busy: false };
    watches.set(db, w);
  }
  w.asks.set(`${periodId}|${today}|${limit}`, { periodId, today, limit, until: Date.now() + KEEP_MS });
  if (!w.timer) {
    const watch = w;
    watch.timer = setInterval(() => void aheadTick(db, watch), WATCH_MS);
    // The watch never keeps the process alive on its own.
    watch.timer.unref();
  }
}

async function aheadTick(db: Kysely<Database>, w: Watch) {
  if (w.busy) return;
  const now = Date.now();
  for (const [k, a] of w.asks) if (a.until < now) w.asks.delete(k);
  if (!w.asks.size) return stopWatch(w);
  w.busy = true;
  try {
    const snapshot = await epochSnapshot(db);
    if (snapshot.nation === w.nation) return;
    w.nation = snapshot.nation;
    // The period read after the counters, as a request reads it: a part is never computed from an older one.
    await Promise.all(
      [...w.asks.values()].map(async (a) =>
        partsOf(db, snapshot, await resolvePeriod(db, a.periodId), a.today, a.limit),
      ),
    );
  } catch {
    // A closed database or a failing statement: stop; the next national request computes what it needs.
    stopWatch(w);
  } finally {
    w.busy = false;
  }
}

function stopWatch(w: Watch) {
  if (w.timer) clearInterval(w.timer);
  w.timer = null;
  w.asks.clear();
  w.nation = '';
}

/**
 * The national dashboard of the period, as readDashboard computes it for the nation, from parts: each cached
 * under the counters in `snapshot` it depends on, computed (all missing ones at once) only when one changed.
 */
export async function nationFromParts(
  db: Kysely<Database>,
  snapshot: EpochSnapshot,
  period: PeriodRef,
  today: string,
  limit: number | null,
  options: { maxMissing?: number; keepAhead?: boolean } = {},
): Promise<Dashboard> {
  if (options.keepAhead ?? true) keepAhead(db, period.id, today, limit);
  const [periods, rs, ready] = await Promise.all([
    db.selectFrom('period').select(['id', 'year']).orderBy('year').execute(),
    latestPublished(db),
    partsOf(db, snapshot, period, today, limit, options.maxMissing ?? MAX_MISSING),
  ]);
  // Most provinces changed (a recompute, a new day, a changed unit list): one national computation is
  // several times cheaper than every part; the watch computes the parts meanwhile, for the next change.
  if (!ready) return readDashboard(db, { level: 'nation' }, period, today, limit === null ? { full: true } : { limit });
  const { units, provinceParts, crossPart } = ready;
  const parts = crossPart ? [...provinceParts, crossPart] : provinceParts;

  // Each unit once: a province's own units, and the cross units from their part.
  const byPeriod = new Map<number, CountSums>();
  for (const p of parts)
    for (const c of p.counts)
      if (!c.cross || p === crossPart) byPeriod.set(c.periodId, addCounts(byPeriod.get(c.periodId) ?? noCounts(), c));
  const countsOf = (periodId: number): Counts => {
    const { totalSum: _, ...c } = byPeriod.get(periodId) ?? noCounts();
    return { ...c, meanTotal: meanTotal(byPeriod.get(periodId) ?? noCounts()) };
  };
  const counts = countsOf(period.id);

  const criteria = new Map<string, CriterionSums>();
  for (const p of parts)
    for (const { code, ...k } of p.criteria) {
      const had = criteria.get(code);
      criteria.set(code, had ? addCriterion(had, k) : k);
    }
  const figures = new Map(
    [...criteria].map(([code, k]) => [
      code,
      {
        max: k.max,
        scored: k.scored,
        meanPoints: meanOf(Number(k.pointsSum), k.scored),
        belowFull: k.belowFull,
        zeroed: k.zeroed,
      },
    ]),
  );

  const rank = (id: number) => units.nameRank.get(id) ?? Number.MAX_SAFE_INTEGER;
  const byName = (a: TimelinessRow, b: TimelinessRow) => timelinessOrder(a, b) || rank(a.unitId) - rank(b.unitId);
  const times = parts.map((p) => p.timeliness);
  const sum = (f: (t: NationPart['timeliness']) => number) => times.reduce((s, t) => s + f(t), 0);
  const entries = sum((t) => t.time.entries);
  const rows = mergeOrdered(
    times.map((t) => t.time.rows),
    byName,
    limit,
  );
  const warningsTotal = parts.reduce((s, p) => s + p.warnings.total, 0);
  const warnings = mergeOrdered(
    parts.map((p) => p.warnings.list),
    warningOrder,
    limit,
  );

  // The current provinces are the first parts, in the same order.
  const breakdown: BreakdownRow[] = units.provinces.map((pr, i) => {
    const part = provinceParts[i]!;
    const c = part.counts.filter((x) => x.periodId === period.id).reduce(addCounts, noCounts());
    return {
      unitId: pr.id,
      code: pr.code,
      name: pr.name,
      units: c.units,
      assessed: c.assessed,
      complete: c.complete,
      recognised: c.recognised,
      meanTotal: meanTotal(c),
      comparison: compareToTarget('province', period.year, c.recognised, c.units, part.own),
    };
  });

  return {
    level: 'nation',
    unit: null,
    period,
    asOf: new Date().toISOString(),
    today,
    counts,
    criteria: criterionList(rs, figures),
    distribution: scoreBands().map((b, i) => ({
      ...b,
      count: parts.reduce((s, p) => s + (p.distribution[i] ?? 0), 0),
    })),
    warnings,
    warningsTotal,
    warningsOmitted: warningsTotal - warnings.length,
    listLimit: limit,
    comparison: compareToTarget('nation', period.year, counts.recognised, counts.units, null),
    trend: periods.map((p) => {
      const c = countsOf(p.id);
      return {
        periodId: p.id,
        year: p.year,
        ...c,
        comparison: compareToTarget('nation', p.year, c.recognised, c.units, null),
      };
    }),
    breakdown,
    timeliness: {
      rounds: new Set(times.flatMap((t) => t.roundIds)).size,
      entries,
      onTime: sum((t) => t.time.onTime),
      late: sum((t) => t.time.late),
      overdue: sum((t) => t.time.overdue),
      pending: sum((t) => t.time.pending),
      noEntry: Math.max(0, counts.units - sum((t) => t.withEntry)),
      rows,
      omitted: entries - rows.length,
    },
  };
}
