// The dashboards under concurrent users: a server in another process (bench/server-process.ts), clients
// each logged in as a system administrator (who may read every level), asking for the national (10 %),
// a province's (30 %) and a commune's (60 %) dashboard of the latest period, after a warm-up. Meanwhile a
// background writer saves one value of a random commune about every second through the API, as that
// commune's officer, so that the dashboards' cache (src/server/features/dashboards/cache.ts) is really
// invalidated under load: each write changes its province's and the nation's figures.
import { sql } from 'kysely';
import { createUser } from '../src/server/features/auth/users.ts';
import type { DatabaseHandle } from '../src/server/db/database.ts';
import type { ServerProcess } from './load.ts';
import { seeded } from './random.ts';
import { int, ms, percentile, row, sec } from './stats.ts';

export interface DashboardLoad {
  clients: number;
  thinkMs: number;
  requests: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  errors: number;
  firstErrors: string[];
  byLevel: Record<string, { requests: number; p50: number; p95: number; bytes: number }>;
  /** Saves by the background writer during the measured window, and those refused or failed. */
  writes: number;
  writeErrors: number;
}

/** A commune officer the background writer saves as, for a commune without a dossier (its inputs stay open). */
export interface CommuneWriter {
  username: string;
  password: string;
  unitId: number;
  periodId: number;
}

/** Communes (and so officers) the writer picks from, by default. */
const WRITER_COMMUNES = 20;

/** The reader account, and commune officers for the background writer (none with `writerCommunes: 0`). */
export async function createDashboardReader(
  handle: DatabaseHandle,
  options: { writerCommunes?: number } = {},
): Promise<{ username: string; password: string; writers: CommuneWriter[] }> {
  const stamp = Date.now().toString(36);
  const username = `bench.dashboards.${stamp}`;
  const password = 'bench-dashboards-2026';
  await createUser(handle.db, {
    username,
    password,
    fullName: 'Bench dashboards',
    roles: [{ role: 'system_admin', unitId: null }],
  });
  const count = options.writerCommunes ?? WRITER_COMMUNES;
  const period = await handle.db.selectFrom('period').select('id').orderBy('year', 'desc').limit(1).executeTakeFirst();
  if (!count || !period) return { username, password, writers: [] };
  // Spread over the country, the same on every run; a commune with a dossier may have its inputs frozen.
  const { rows } = await sql<{ id: number }>`
    SELECT c.id FROM unit c
     WHERE c.level = 'commune' AND c.valid_to IS NULL AND NOT EXISTS (SELECT 1 FROM round_entry e WHERE e.unit_id = c.id)
     ORDER BY md5(c.id::text) LIMIT ${count}`.execute(handle.db);
  const writers: CommuneWriter[] = [];
  for (const r of rows) {
    const w = { username: `bench.writer.${stamp}.${r.id}`, password, unitId: r.id, periodId: period.id };
    await createUser(handle.db, {
      username: w.username,
      password,
      fullName: 'Bench writer',
      roles: [{ role: 'commune_officer', unitId: r.id }],
    });
    writers.push(w);
  }
  return { username, password, writers };
}

async function login(url: string, account: { username: string; password: string }): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: account.username, password: account.password }),
  });
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('cfc_session='));
  if (res.status !== 200 || !cookie) throw new Error(`login ${account.username}: ${res.status} ${await res.text()}`);
  return cookie.split(';')[0]!;
}

export async function runDashboardLoad(
  label: string,
  server: ServerProcess,
  reader: { username: string; password: string; writers?: CommuneWriter[] },
  targets: { provinces: number[]; communes: number[] },
  options: {
    clients: number;
    warmupMs: number;
    durationMs: number;
    thinkMs: number;
    /** Pause between the writer's saves; 0: no writer. */ writeEveryMs?: number;
  },
): Promise<DashboardLoad> {
  const url = server.url;
  const cookies: string[] = [];
  for (let i = 0; i < options.clients; i += 5)
    cookies.push(
      ...(await Promise.all(Array.from({ length: Math.min(5, options.clients - i) }, async () => login(url, reader)))),
    );
  const writeEveryMs = options.writeEveryMs ?? 1000;
  const writers = writeEveryMs > 0 ? (reader.writers ?? []) : [];
  const writerCookies: string[] = [];
  for (const w of writers) writerCookies.push(await login(url, w));
  const measureFrom = performance.now() + options.warmupMs;
  const endAt = measureFrom + options.durationMs;
  const samples: { level: string; millis: number; bytes: number }[] = [];
  let errors = 0;
  let lastEnd = measureFrom;
  const firstErrors: string[] = [];
  const client = async (cookie: string, index: number) => {
    const rng = seeded(7000 + index);
    while (performance.now() < endAt) {
      const x = rng();
      const [level, target] =
        x < 0.1
          ? ['nation', '/api/dashboards/nation']
          : x < 0.4
            ? ['province', `/api/dashboards/provinces/${rng.pick(targets.provinces)}`]
            : ['commune', `/api/dashboards/communes/${rng.pick(targets.communes)}`];
      const start = performance.now();
      let ok = false;
      let problem = '';
      let bytes = 0;
      try {
        const res = await fetch(`${url}${target}`, { headers: { cookie }, signal: AbortSignal.timeout(30_000) });
        const text = await res.text();
        ok = res.status === 200;
        bytes = Buffer.byteLength(text);
        if (!ok) problem = `${target}: ${res.status} ${text.slice(0, 200)}`;
      } catch (error) {
        problem = `${target}: ${error}`;
      }
      const end = performance.now();
      if (start >= measureFrom) {
        lastEnd = Math.max(lastEnd, end);
        if (ok) samples.push({ level, millis: end - start, bytes });
        else {
          errors++;
          if (firstErrors.length < 5) firstErrors.push(problem);
        }
      }
      if (options.thinkMs) await new Promise((r) => setTimeout(r, options.thinkMs * (0.5 + rng())));
    }
  };
  let writes = 0;
  let writeErrors = 0;
  // One save at a time, about every writeEveryMs, counted inside the measured window only.
  const writer = async () => {
    const rng = seeded(9000);
    while (writers.length && performance.now() < endAt) {
      await new Promise((r) => setTimeout(r, writeEveryMs * (0.5 + rng())));
      if (performance.now() >= endAt) break;
      const i = Math.floor(rng() * writers.length);
      const w = writers[i]!;
      const inWindow = performance.now() >= measureFrom;
      try {
        const res = await fetch(`${url}/api/units/${w.unitId}/assessments/${w.periodId}/values`, {
          method: 'PUT',
          headers: { cookie: writerCookies[i]!, 'content-type': 'application/json' },
          body: JSON.stringify({ values: { 'C12.events': rng.int(0, 5) } }),
          signal: AbortSignal.timeout(30_000),
        });
        const text = await res.text();
        if (!inWindow) continue;
        if (res.status === 200) writes++;
        else {
          writeErrors++;
          if (firstErrors.length < 5) firstErrors.push(`writer ${w.unitId}: ${res.status} ${text.slice(0, 200)}`);
        }
      } catch (error) {
        if (inWindow) writeErrors++;
        if (inWindow && firstErrors.length < 5) firstErrors.push(`writer ${w.unitId}: ${error}`);
      }
    }
  };
  await Promise.all([...cookies.map((c, i) => client(c, i)), writer()]);
  const sorted = samples.map((s) => s.millis).sort((a, b) => a - b);
  const measured = lastEnd - measureFrom;
  const byLevel: DashboardLoad['byLevel'] = {};
  for (const level of ['nation', 'province', 'commune']) {
    const these = samples.filter((s) => s.level === level);
    const l = these.map((s) => s.millis).sort((a, b) => a - b);
    byLevel[level] = {
      requests: l.length,
      p50: percentile(l, 50),
      p95: percentile(l, 95),
      bytes: these.reduce((s, x) => s + x.bytes, 0) / Math.max(1, these.length),
    };
  }
  const result: DashboardLoad = {
    clients: options.clients,
    thinkMs: options.thinkMs,
    requests: sorted.length + errors,
    perSecond: ((sorted.length + errors) * 1000) / measured,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? NaN,
    errors,
    firstErrors,
    byLevel,
    writes,
    writeErrors,
  };
  const writing = writers.length
    ? `${writes} saves by the writer (~1 per ${sec(writeEveryMs)}, ${writers.length} communes)${writeErrors ? `, ${writeErrors} refused or failed` : ''}`
    : 'no writer';
  row(
    `${label}: window`,
    `${sec(measured)} after ${sec(options.warmupMs)} warm-up, ${options.clients} clients, ${options.thinkMs ? `~${options.thinkMs} ms pause` : 'no pause'}; ${writing}`,
  );
  row(
    `${label}: ${int(result.requests)} requests`,
    `${result.perSecond.toFixed(1)} req/s; p50 ${ms(result.p50)}, p95 ${ms(result.p95)}, p99 ${ms(result.p99)}, max ${ms(result.max)}; ${errors} errors; ${writes} writes${firstErrors.length ? ` e.g. ${firstErrors[0]}` : ''}`,
  );
  for (const [level, l] of Object.entries(byLevel))
    row(
      `  ${level}`,
      `${int(l.requests)} requests, p50 ${ms(l.p50)}, p95 ${ms(l.p95)}, ${(l.bytes / 1024).toFixed(1)} KiB each`,
    );
  return result;
}
