// The dashboards under concurrent users: a server in another process (bench/server-process.ts), clients
// each logged in as a system administrator (who may read every level), asking for the national (10 %),
// a province's (30 %) and a commune's (60 %) dashboard of the latest period, after a warm-up.
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
}

export async function createDashboardReader(handle: DatabaseHandle): Promise<{ username: string; password: string }> {
  const username = `bench.dashboards.${Date.now().toString(36)}`;
  const password = 'bench-dashboards-2026';
  await createUser(handle.db, { username, password, fullName: 'Bench dashboards', roles: [{ role: 'system_admin', unitId: null }] });
  return { username, password };
}

export async function runDashboardLoad(
  label: string,
  server: ServerProcess,
  reader: { username: string; password: string },
  targets: { provinces: number[]; communes: number[] },
  options: { clients: number; warmupMs: number; durationMs: number; thinkMs: number },
): Promise<DashboardLoad> {
  const url = server.url;
  const cookies: string[] = [];
  for (let i = 0; i < options.clients; i += 5)
    cookies.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(5, options.clients - i) }, async () => {
          const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(reader) });
          const cookie = res.headers.getSetCookie().find((c) => c.startsWith('cfc_session='));
          if (res.status !== 200 || !cookie) throw new Error(`login: ${res.status} ${await res.text()}`);
          return cookie.split(';')[0]!;
        }),
      )),
    );
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
        x < 0.1 ? ['nation', '/api/dashboards/nation'] : x < 0.4 ? ['province', `/api/dashboards/provinces/${rng.pick(targets.provinces)}`] : ['commune', `/api/dashboards/communes/${rng.pick(targets.communes)}`];
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
  await Promise.all(cookies.map((c, i) => client(c, i)));
  const sorted = samples.map((s) => s.millis).sort((a, b) => a - b);
  const measured = lastEnd - measureFrom;
  const byLevel: DashboardLoad['byLevel'] = {};
  for (const level of ['nation', 'province', 'commune']) {
    const these = samples.filter((s) => s.level === level);
    const l = these.map((s) => s.millis).sort((a, b) => a - b);
    byLevel[level] = { requests: l.length, p50: percentile(l, 50), p95: percentile(l, 95), bytes: these.reduce((s, x) => s + x.bytes, 0) / Math.max(1, these.length) };
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
  };
  row(`${label}: window`, `${sec(measured)} after ${sec(options.warmupMs)} warm-up, ${options.clients} clients, ${options.thinkMs ? `~${options.thinkMs} ms pause` : 'no pause'}`);
  row(`${label}: ${int(result.requests)} requests`, `${result.perSecond.toFixed(1)} req/s; p50 ${ms(result.p50)}, p95 ${ms(result.p95)}, p99 ${ms(result.p99)}, max ${ms(result.max)}; ${errors} errors${firstErrors.length ? ` e.g. ${firstErrors[0]}` : ''}`);
  for (const [level, l] of Object.entries(byLevel)) row(`  ${level}`, `${int(l.requests)} requests, p50 ${ms(l.p50)}, p95 ${ms(l.p95)}, ${(l.bytes / 1024).toFixed(1)} KiB each`);
  return result;
}
