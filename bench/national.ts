// National scale (BENCH_ONLY=national, PostgreSQL only): every current commune (3,321 in 34 provinces)
// with five periods (2022–2026) of assessments and full values, then
//   a. a full recompute of one period (goal < 5 s);
//   b. the dashboards under 50 concurrent users (bench/dashboard-load.ts; goal p95 < 200 ms);
//   c. the register import's commit against PostgreSQL's own COPY of the same rows (goal ≥ 50 % of COPY's rate);
//   d. a national child register (BENCH_NATIONAL_CHILDREN, 10 million) generated province by province
//      with the product's generator (its COPY writer; BENCH_NATIONAL_WRITER=insert for the INSERT one) until
//      BENCH_NATIONAL_REGISTER_SECONDS (600) is spent: the size reached is reported as is;
//   e. reads on it: table sizes, one large commune's listing and derived inputs, a national count by province.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import type { DatabaseHandle } from '../src/server/db/database.ts';
import { ensurePeriod } from '../src/server/platform/periods.ts';
import { latestPublished } from '../src/server/features/rule-sets/store.ts';
import { generateRegister } from '../src/server/demo/synthetic-register.ts';
import { seeded } from './random.ts';
import { benchRecompute, type Commune, type RecomputeResult } from './recompute.ts';
import { benchRegisterImport, reportImport, type ImportResult } from './register-import.ts';
import { benchDerive, benchListing, listCalls, REGISTER_TABLES, unevenSizes } from './register.ts';
import { communeValues } from './values.ts';
import { goal, heading, int, ms, row, sec } from './stats.ts';
import { computedParts, epochSnapshot } from '../src/server/features/dashboards/cache.ts';
import { nationFromParts } from '../src/server/features/dashboards/parts.ts';
import { LIST_LIMIT, readDashboard, resolvePeriod } from '../src/server/features/dashboards/store.ts';
import { today } from '../src/server/features/rounds/store.ts';

export const NATIONAL_YEARS = [2022, 2023, 2024, 2025, 2026] as const;

export interface NationalData {
  periods: Map<number, number>;
  communes: Commune[];
  provinces: number[];
  assessments: number;
  valueRows: number;
  millis: number;
}

/** Categories, then one assessment with a full set of values per current commune and period, in bulk. */
export async function populateNational(handle: DatabaseHandle, seed = 3321): Promise<NationalData> {
  const { db } = handle;
  const rng = seeded(seed);
  const started = performance.now();
  const ruleSet = await latestPublished(db);
  const units = await db
    .selectFrom('unit')
    .select(['id', 'kind', 'parent_id'])
    .where('level', '=', 'commune')
    .where('valid_to', 'is', null)
    .orderBy('id')
    .execute();
  const categories = units.map((u) => ({
    id: u.id,
    c:
      u.kind === 'phuong'
        ? rng.chance(0.85)
          ? 'urban_ward'
          : 'other'
        : u.kind === 'dac_khu'
          ? 'disadvantaged'
          : rng.chance(0.35)
            ? 'disadvantaged'
            : 'other',
  }));
  await sql`UPDATE unit SET category = x.c FROM jsonb_to_recordset(${JSON.stringify(categories)}::jsonb) AS x(id int, c text) WHERE unit.id = x.id`.execute(
    db,
  );
  const categoryOf = new Map(categories.map((c) => [c.id, c.c]));
  const periods = new Map<number, number>();
  let communes: Commune[] = [];
  let valueRows = 0;
  let assessments = 0;
  for (const year of NATIONAL_YEARS) {
    const periodId = await ensurePeriod(db, year);
    periods.set(year, periodId);
    const inserted = await sql<{ id: number; unit_id: number }>`
      INSERT INTO assessment (unit_id, period_id, rule_set_id, category)
      SELECT id, ${periodId}::int, ${ruleSet.id}::int, coalesce(category, 'other') FROM unit
      WHERE level = 'commune' AND valid_to IS NULL ORDER BY id
      RETURNING id, unit_id`.execute(db);
    assessments += inserted.rows.length;
    const these = inserted.rows
      .sort((a, b) => a.unit_id - b.unit_id)
      .map((r) => ({
        unitId: r.unit_id,
        assessmentId: r.id,
        category: categoryOf.get(r.unit_id) ?? 'other',
        values: communeValues(rng),
      }));
    for (let i = 0; i < these.length; i += 400) {
      const rows: Array<{ a: number; c: string; v: number | boolean }> = [];
      for (const commune of these.slice(i, i + 400))
        for (const [c, v] of Object.entries(commune.values)) rows.push({ a: commune.assessmentId, c, v });
      valueRows += rows.length;
      await sql`INSERT INTO assessment_value (assessment_id, code, value)
        SELECT x.a, x.c, x.v FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(a int, c text, v jsonb)`.execute(
        db,
      );
    }
    if (year === 2026) communes = these;
  }
  await sql`ANALYZE assessment, assessment_value, unit`.execute(db);
  const provinces = [...new Set(units.map((u) => u.parent_id!))].sort((a, b) => a - b);
  return { periods, communes, provinces, assessments, valueRows, millis: performance.now() - started };
}

export function nationalHeading(): void {
  heading('National scale: 34 provinces, 3,321 communes, periods 2022–2026 (PostgreSQL)');
}

export async function benchNationalRecompute(
  handle: DatabaseHandle,
  data: NationalData,
  runs: number,
): Promise<RecomputeResult> {
  const r = await benchRecompute(handle, 'national', data.periods.get(2026)!, runs);
  row('national recompute, one period (goal < 1 s, on the slowest run)', `${sec(r.worst)} — ${goal(r.worst < 1000)}`);
  return r;
}

// ---------------------------------------------------------------------------------------------------
// c. Import commit vs COPY

export interface CopyComparison {
  import: ImportResult;
  rows: Record<string, number>;
  totalRows: number;
  importRowsPerSecond: number;
  copyMs: number;
  copyRowsPerSecond: number;
  ratio: number;
}

const COPIED = ['household', 'child', 'child_circumstance'] as const;

function psql(url: string, schema: string, command: string): void {
  const r = spawnSync(
    'psql',
    [url, '-v', 'ON_ERROR_STOP=1', '-qAt', '-c', `SET search_path TO "${schema}"`, '-c', command],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`psql ${command.slice(0, 80)}: ${r.stderr}`);
}

/**
 * The product's import of `n` children (preview, then the timed commit), then the same rows written by
 * PostgreSQL's COPY (psql's \copy, the COPY FROM STDIN protocol) into the same tables, indexes,
 * triggers and foreign keys: the rows are exported, deleted, and copied back with their ids.
 */
export async function benchImportVsCopy(
  handle: DatabaseHandle,
  url: string,
  schema: string,
  n: number,
): Promise<CopyComparison> {
  const { db } = handle;
  const result = await benchRegisterImport(handle, 'PostgreSQL', n);
  reportImport(result);
  const commune = (
    await sql<{ unit_id: number }>`SELECT unit_id FROM register_import ORDER BY id DESC LIMIT 1`.execute(db)
  ).rows[0]!.unit_id;
  const rows: Record<string, number> = {};
  for (const table of [...COPIED, 'village'])
    rows[table] = Number(
      (await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(table)} WHERE unit_id = ${commune}`.execute(db))
        .rows[0]!.n,
    );
  const totalRows = Object.values(rows).reduce((a, b) => a + b, 0);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cfc-copy-'));
  try {
    for (const table of COPIED)
      psql(
        url,
        schema,
        `\\copy (SELECT * FROM ${table} WHERE unit_id = ${commune} ORDER BY id) TO '${path.join(dir, table)}.csv' CSV`,
      );
    const bytes = COPIED.reduce((s, t) => s + statSync(path.join(dir, `${t}.csv`)).size, 0);
    for (const table of [...COPIED].reverse())
      await sql`DELETE FROM ${sql.table(table)} WHERE unit_id = ${commune}`.execute(db);
    await sql`VACUUM ${sql.join(COPIED.map((t) => sql.table(t)))}`.execute(db);
    // One psql session, one transaction, as the import commits in one.
    const t0 = performance.now();
    const r = spawnSync(
      'psql',
      [
        url,
        '-v',
        'ON_ERROR_STOP=1',
        '-qAt',
        '-1',
        '-c',
        `SET search_path TO "${schema}"`,
        ...COPIED.flatMap((t) => ['-c', `\\copy ${t} FROM '${path.join(dir, t)}.csv' CSV`]),
      ],
      { encoding: 'utf8' },
    );
    const copyMs = performance.now() - t0;
    if (r.status !== 0) throw new Error(`COPY failed: ${r.stderr}`);
    const copiedRows = COPIED.reduce((s, t) => s + rows[t]!, 0);
    // The import also wrote the commune's villages (a handful); the COPY side reuses them.
    const importRowsPerSecond = totalRows / (result.commitMs / 1000);
    const copyRowsPerSecond = copiedRows / (copyMs / 1000);
    const c: CopyComparison = {
      import: result,
      rows,
      totalRows,
      importRowsPerSecond,
      copyMs,
      copyRowsPerSecond,
      ratio: importRowsPerSecond / copyRowsPerSecond,
    };
    heading(`Import commit vs COPY of the same rows (${int(n)} children)`);
    row(
      'rows written by the commit',
      `${Object.entries(rows)
        .map(([t, k]) => `${int(k)} ${t}`)
        .join(', ')} (${int(totalRows)} rows)`,
    );
    row('import commit (one transaction)', `${sec(result.commitMs)} — ${int(importRowsPerSecond)} rows/s`);
    row(
      'COPY of the same rows (psql \\copy, one transaction)',
      `${sec(copyMs)} for ${int(copiedRows)} rows (${(bytes / 2 ** 20).toFixed(1)} MiB CSV, psql start included) — ${int(copyRowsPerSecond)} rows/s`,
    );
    row('import ÷ COPY rate (goal ≥ 50 %)', `${(c.ratio * 100).toFixed(0)} % — ${goal(c.ratio >= 0.5)}`);
    row(
      'preview + commit rate, end to end',
      `${int(totalRows / ((result.previewMs + result.commitMs) / 1000))} rows/s (${((totalRows / ((result.previewMs + result.commitMs) / 1000) / copyRowsPerSecond) * 100).toFixed(0)} % of COPY)`,
    );
    return c;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------------
// d. The national register

export interface NationalRegister {
  target: number;
  writer: 'copy' | 'insert';
  children: number;
  rows: number;
  provincesDone: number;
  seconds: number;
  bytes: number;
  stoppedEarly: boolean;
}

export interface NationalRegisterOptions {
  /** COPY … FROM STDIN (PostgreSQL's bulk path) or the INSERT … unnest writer the tests and PGlite use. */
  writer: 'copy' | 'insert';
  /** Children a transaction. */
  batchChildren: number;
  seed?: number;
  asOf?: string;
}

/** The register of `target` children over every current commune (±50 %), one province at a time, until the budget is spent. */
export async function generateNationalRegister(
  handle: DatabaseHandle,
  target: number,
  budgetMs: number,
  options: NationalRegisterOptions,
): Promise<NationalRegister> {
  const { db } = handle;
  const { writer, batchChildren, seed = 2016, asOf = '2026-09-30' } = options;
  if (writer === 'copy' && !handle.rawClient) throw new Error('the COPY writer needs PostgreSQL');
  const units = await db
    .selectFrom('unit')
    .select(['id', 'parent_id'])
    .where('level', '=', 'commune')
    .where('valid_to', 'is', null)
    .orderBy('id')
    .execute();
  const sizes = unevenSizes(target, units.length, seeded(seed));
  const byProvince = new Map<number, { ids: { id: number; provinceId: number }[]; sizes: number[] }>();
  units.forEach((u, i) => {
    const p = byProvince.get(u.parent_id!) ?? { ids: [], sizes: [] };
    p.ids.push({ id: u.id, provinceId: u.parent_id! });
    p.sizes.push(sizes[i]!);
    byProvince.set(u.parent_id!, p);
  });
  const started = performance.now();
  let children = 0;
  let rows = 0;
  let provincesDone = 0;
  let stoppedEarly = false;
  const tty = process.stderr.isTTY;
  let lastShown = 0;
  for (const [provinceId, p] of byProvince) {
    if (performance.now() - started > budgetMs) {
      stoppedEarly = true;
      break;
    }
    const s = await generateRegister(db, {
      seed,
      asOf,
      communes: p.ids,
      childrenPerCommune: p.sizes,
      userId: null,
      batchChildren,
      ...(writer === 'copy' ? { copyClient: handle.rawClient } : {}),
      onProgress: (done) => {
        if (tty && performance.now() - lastShown > 1000) {
          lastShown = performance.now();
          process.stderr.write(
            `\r  register: province ${provinceId}, ${provincesDone}/${byProvince.size} provinces, ${int(children + done)} children, ${sec(performance.now() - started)}   `,
          );
        }
      },
    });
    children += s.children;
    rows += s.villages + s.households + s.children + s.circumstances + s.supports + s.healthRecords + s.cases;
    provincesDone++;
    if (process.env.BENCH_NATIONAL_LOG === '1')
      console.error(
        `  province ${provinceId}: ${int(s.children)} children in ${sec(s.seconds * 1000)}; ${int(children)} in ${sec(performance.now() - started)}`,
      );
  }
  if (tty) process.stderr.write('\r\x1b[K');
  const seconds = (performance.now() - started) / 1000;
  const t = performance.now();
  await sql`ANALYZE ${sql.join(REGISTER_TABLES.map((t) => sql.table(t)))}`.execute(db);
  const analyzeMs = performance.now() - t;
  const size = await sql<{
    bytes: string;
  }>`SELECT sum(pg_total_relation_size(t::regclass))::bigint AS bytes FROM unnest(${sql.val([...REGISTER_TABLES])}::text[]) AS t`.execute(
    db,
  );
  const r = {
    target,
    writer,
    children,
    rows,
    provincesDone,
    seconds,
    bytes: Number(size.rows[0]?.bytes ?? 0),
    stoppedEarly,
  };
  heading(`National child register (target ${int(target)} children)`);
  row(
    'generated',
    `${int(children)} children in ${provincesDone} of ${byProvince.size} provinces, ${int(rows)} rows in ${sec(seconds * 1000)} (${int(rows / seconds)} rows/s, ${int(children / seconds)} children/s)`,
  );
  row(
    'writer',
    `${writer === 'copy' ? 'COPY FROM STDIN (text format)' : 'INSERT … SELECT FROM unnest'}, ${int(batchChildren)} children a transaction, two at once; every index, foreign key and trigger in place`,
  );
  row('ANALYZE (register tables)', sec(analyzeMs));
  row('size on disk (register tables + indexes)', `${(r.bytes / 2 ** 30).toFixed(2)} GiB`);
  if (stoppedEarly)
    row(
      'stopped',
      `the ${sec(budgetMs)} budget was spent; the size above is what was reached, nothing is extrapolated`,
    );
  return r;
}

// ---------------------------------------------------------------------------------------------------
// e. Reads at national scale

/**
 * On the national register: the size of each table, the listing of the largest commune (the mix of
 * filters of section 4, first pages and a third page), the derived inputs of that commune and of the
 * province with the most communes (section 4's measure), and a national count of children by province.
 */
export async function benchNationalReads(handle: DatabaseHandle, asOf = '2026-09-30'): Promise<void> {
  const { db } = handle;
  heading('Reads on the national register');
  const sizes = await sql<{ t: string; rows: string; heap: string; indexes: string }>`
    SELECT t, (SELECT reltuples::bigint FROM pg_class WHERE oid = t::regclass) AS rows,
      pg_table_size(t::regclass) AS heap, pg_indexes_size(t::regclass) AS indexes
    FROM unnest(${sql.val([...REGISTER_TABLES])}::text[]) AS t`.execute(db);
  const gib = (b: number) => `${(b / 2 ** 30).toFixed(2)} GiB`;
  for (const s of sizes.rows)
    row(`  ${s.t}`, `~${int(Number(s.rows))} rows: ${gib(Number(s.heap))} table, ${gib(Number(s.indexes))} indexes`);

  const largest = (
    await sql<{
      unit_id: number;
      province_id: number;
      n: string;
    }>`SELECT unit_id, province_id, count(*) AS n FROM child GROUP BY unit_id, province_id ORDER BY count(*) DESC, unit_id LIMIT 1`.execute(
      db,
    )
  ).rows[0];
  if (!largest) throw new Error('the national register is empty');
  const user = await db
    .insertInto('app_user')
    .values({
      username: `bench.national.${Date.now().toString(36)}`,
      password_hash: 'x',
      full_name: 'Bench national officer',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const villages = await db.selectFrom('village').select('id').where('unit_id', '=', largest.unit_id).execute();
  const viewer = { userId: user.id, roles: [{ role: 'commune_officer', unitId: largest.unit_id }] };
  const label = `commune ${largest.unit_id} (${int(Number(largest.n))} children)`;
  const scope = {
    viewer,
    provinceId: largest.province_id,
    communeIds: [largest.unit_id],
    villagesOf: new Map([[largest.unit_id, villages.map((v) => v.id)]]),
  };
  await benchListing(db, label, listCalls(seeded(10), scope, 60), 6);
  await benchDerive(db, label, [largest.unit_id], asOf.slice(0, 4), 3, 60_000);
  const province = (
    await sql<{
      id: number;
      communes: string;
    }>`SELECT parent_id AS id, count(*) AS communes FROM unit WHERE level = 'commune' AND valid_to IS NULL GROUP BY parent_id ORDER BY count(*) DESC, parent_id LIMIT 1`.execute(
      db,
    )
  ).rows[0]!;
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
  await benchDerive(db, `province ${province.id}`, communeIds, asOf.slice(0, 4), 3, 60_000);

  // The national count twice: the first pass also sets the hint bits of freshly loaded pages.
  for (const pass of ['first', 'second']) {
    const t = performance.now();
    const counts = (
      await sql<{
        province_id: number;
        n: string;
      }>`SELECT province_id, count(*) AS n FROM child GROUP BY province_id ORDER BY province_id`.execute(db)
    ).rows.map((r) => Number(r.n));
    const millis = performance.now() - t;
    row(
      `children by province, ${pass} run`,
      `${sec(millis)}: ${counts.length} provinces, ${int(Math.min(...counts))}–${int(Math.max(...counts))} each, ${int(counts.reduce((a, b) => a + b, 0))} in all`,
    );
  }
}

// ---------------------------------------------------------------------------------------------------
// b'. The national dashboard's own work, in process and without other load (issue 20, part 3)

export interface NationalDashboardWork {
  /** Median ms: the answer computed whole (store.ts readDashboard), as before the roll-up. */
  whole: number;
  /** Median ms: after a change in one province, its part and the roll-up (parts.ts nationFromParts). */
  afterSave: number;
  /** Median ms: every province changed (a recompute): the request's fallback, the answer computed whole. */
  allChanged: number;
}

/**
 * Times what a national request computes after a change: the answer whole, and the roll-up after a change
 * in one province (a no-op UPDATE of one assessment raises its province's counter, as a save does).
 */
export async function benchNationalDashboardWork(handle: DatabaseHandle, runs = 5): Promise<NationalDashboardWork> {
  const { db } = handle;
  const period = await resolvePeriod(db, undefined);
  const day = today();
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const timed = async (f: () => Promise<unknown>) => {
    const t = performance.now();
    await f();
    return performance.now() - t;
  };
  const rollUp = async () =>
    nationFromParts(db, await epochSnapshot(db), period, day, LIST_LIMIT, { keepAhead: false });
  const whole: number[] = [];
  for (let i = 0; i < runs; i++) whole.push(await timed(() => readDashboard(db, { level: 'nation' }, period, day)));
  // Every part in place first, as a running server keeps them.
  await nationFromParts(db, await epochSnapshot(db), period, day, LIST_LIMIT, {
    keepAhead: false,
    maxMissing: Infinity,
  });
  const { rows } = await sql<{ id: number }>`
    SELECT a.id FROM assessment a WHERE a.period_id = ${period.id} ORDER BY md5(a.id::text) LIMIT ${runs}`.execute(db);
  const afterSave: number[] = [];
  for (const r of rows) {
    await sql`UPDATE assessment SET total = total WHERE id = ${r.id}`.execute(db);
    afterSave.push(await timed(rollUp));
  }
  const allChanged: number[] = [];
  for (let i = 0; i < Math.min(runs, 3); i++) {
    // As a recompute of every province would raise them (without rewriting 3,321 rows before the load runs).
    await sql`UPDATE dashboard_epoch SET n = n + 1 WHERE province > 0`.execute(db);
    allChanged.push(await timed(rollUp));
  }
  const parts = [...computedParts(db).values()].reduce((s, n) => s + n, 0);
  const out = { whole: median(whole), afterSave: median(afterSave), allChanged: median(allChanged) };
  row('national dashboard computed whole (before: every request after a save)', `median ${ms(out.whole)} of ${runs}`);
  row(
    'national dashboard after a save in one province (1 part + roll-up)',
    `median ${ms(out.afterSave)} of ${rows.length} — ${(out.whole / out.afterSave).toFixed(1)}× less (${parts} parts computed in all)`,
  );
  row('national dashboard after every province changed (computed whole)', `median ${ms(out.allChanged)}`);
  return out;
}
