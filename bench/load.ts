// 3. Save-and-rescore under concurrent clients: PUT /api/units/:unitId/assessments/:periodId/values
// against a server in a separate process, from clients that each loop sequentially.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DatabaseHandle } from '../src/server/db/database.ts';
import { createUser } from '../src/server/features/auth/users.ts';
import { seeded } from './random.ts';
import type { Commune } from './recompute.ts';
import { smallChange } from './values.ts';
import { int, ms, percentile, row, sec } from './stats.ts';

export interface Officer {
  username: string;
  password: string;
  commune: Commune;
}

/** Creates one commune officer per commune (argon2id hashing, one after another). */
export async function createOfficers(
  handle: DatabaseHandle,
  communes: Commune[],
  count: number,
): Promise<{ officers: Officer[]; millis: number }> {
  const t0 = performance.now();
  const rng = seeded(50);
  const chosen = new Set<number>();
  while (chosen.size < Math.min(count, communes.length)) chosen.add(rng.int(0, communes.length - 1));
  const officers: Officer[] = [];
  for (const index of chosen) {
    const commune = communes[index]!;
    const officer = {
      username: `bench.officer${String(officers.length + 1).padStart(2, '0')}`,
      password: randomBytes(12).toString('base64url'),
      commune,
    };
    await createUser(handle.db, {
      username: officer.username,
      password: officer.password,
      fullName: `Bench officer ${officers.length + 1}`,
      roles: [{ role: 'commune_officer', unitId: commune.unitId }],
    });
    officers.push(officer);
  }
  return { officers, millis: performance.now() - t0 };
}

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Statements the server has sent to PostgreSQL so far (null on PGlite). */
  queries(): Promise<number | null>;
  stop(): Promise<void>;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const live = new Set<ChildProcess>();

/** Kills every server this benchmark started (used on exit and on errors). */
export function killServers(): void {
  for (const child of live) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

export async function startServer(env: Record<string, string>): Promise<ServerProcess> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env, LOGIN_RATE_LIMIT: '1000', LOG_LEVEL: 'silent' };
  delete childEnv.DATABASE_URL;
  delete childEnv.DATABASE_SCHEMA;
  delete childEnv.CFC_DATA_DIR;
  // BENCH_SERVER_PROF=<dir>: the server writes a V8 CPU profile there when it stops (for diagnosis).
  const prof = process.env.BENCH_SERVER_PROF
    ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.BENCH_SERVER_PROF)}`]
    : [];
  const child = spawn(process.execPath, [...prof, '--import', 'tsx', path.join(here, 'server-process.ts')], {
    cwd: path.resolve(here, '..'),
    env: childEnv,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  live.add(child);
  child.on('exit', () => live.delete(child));
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
    process.stderr.write(`[server] ${d}`);
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString())); // registered first: the listeners below see it
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start within 60 s: ${stderr}`)), 60_000);
    child.stdout!.on('data', () => {
      const m = /BENCH_SERVER_PORT=(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}: ${stderr}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    queries: () =>
      new Promise<number | null>((resolve) => {
        const pattern = /BENCH_SERVER_QUERIES=(-?\d+)\n/g;
        const seen = [...out.matchAll(pattern)].length;
        const timer = setTimeout(() => {
          child.stdout!.off('data', check);
          resolve(null);
        }, 5_000);
        const check = () => {
          const all = [...out.matchAll(pattern)];
          if (all.length <= seen) return;
          clearTimeout(timer);
          child.stdout!.off('data', check);
          const n = Number(all[all.length - 1]![1]);
          resolve(n < 0 ? null : n);
        };
        child.stdout!.on('data', check);
        child.kill('SIGUSR2');
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
        child.once('exit', () => {
          clearTimeout(force);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

async function login(url: string, officer: Officer): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: officer.username, password: officer.password }),
    signal: AbortSignal.timeout(30_000),
  });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`login ${officer.username}: ${res.status} ${body}`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('cfc_session='));
  if (!cookie) throw new Error(`login ${officer.username}: no session cookie`);
  return cookie.split(';')[0]!;
}

export interface LoadResult {
  clients: number;
  measuredMillis: number;
  requests: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
  errors: number;
  firstErrors: string[];
  warmupRequests: number;
  warmupErrors: number;
  /** Successful saves in all, warm-up included: each wrote one audit row and three history rows. */
  saved: number;
  /** Mean size of a response body (the assessment view the page redraws from). */
  responseBytes: number;
  /** Statements sent to PostgreSQL per request, BEGIN/COMMIT included (null on PGlite). */
  queriesPerRequest: number | null;
}

export async function runLoad(
  label: string,
  server: ServerProcess,
  periodId: number,
  officers: Officer[],
  options: {
    warmupMs: number;
    durationMs: number;
    /** pause after each save, jittered ±50 %; 0 = closed loop */ thinkMs?: number;
  },
): Promise<LoadResult> {
  const url = server.url;
  const t0 = performance.now();
  const cookies: string[] = [];
  for (let i = 0; i < officers.length; i += 5)
    cookies.push(...(await Promise.all(officers.slice(i, i + 5).map((o) => login(url, o)))));
  row(`${label}: ${officers.length} logins`, sec(performance.now() - t0));

  const queriesBefore = await server.queries();
  const measureFrom = performance.now() + options.warmupMs;
  const endAt = measureFrom + options.durationMs;
  const latencies: number[] = [];
  let errors = 0;
  let warmupRequests = 0;
  let warmupErrors = 0;
  let saved = 0;
  let bytes = 0;
  let lastEnd = measureFrom;
  const firstErrors: string[] = [];

  const client = async (officer: Officer, cookie: string, index: number) => {
    const rng = seeded(1000 + index);
    const target = `${url}/api/units/${officer.commune.unitId}/assessments/${periodId}/values`;
    while (performance.now() < endAt) {
      const body = JSON.stringify({ values: smallChange(officer.commune.values, rng) });
      const start = performance.now();
      let ok = false;
      let problem = '';
      try {
        const res = await fetch(target, {
          method: 'PUT',
          headers: { 'content-type': 'application/json', cookie },
          body,
          signal: AbortSignal.timeout(30_000),
        });
        const text = await res.text();
        ok = res.status === 200 && text.includes('"result"');
        if (ok) bytes += Buffer.byteLength(text);
        if (!ok) problem = `${res.status} ${text.slice(0, 200)}`;
      } catch (error) {
        problem = String(error);
      }
      const end = performance.now();
      if (options.thinkMs) await new Promise((r) => setTimeout(r, options.thinkMs! * (0.5 + rng())));
      if (ok) saved++;
      if (start < measureFrom) {
        warmupRequests++;
        if (!ok) {
          warmupErrors++;
          if (firstErrors.length < 5) firstErrors.push(`(warm-up) ${problem}`);
        }
        continue;
      }
      lastEnd = Math.max(lastEnd, end);
      if (ok) latencies.push(end - start);
      else {
        errors++;
        if (firstErrors.length < 5) firstErrors.push(problem);
      }
    }
  };
  await Promise.all(officers.map((o, i) => client(o, cookies[i]!, i)));
  const queriesAfter = await server.queries();
  const allRequests = warmupRequests + latencies.length + errors;

  latencies.sort((a, b) => a - b);
  const measuredMillis = lastEnd - measureFrom;
  const requests = latencies.length + errors;
  const result: LoadResult = {
    clients: officers.length,
    measuredMillis,
    requests,
    perSecond: (requests * 1000) / measuredMillis,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    max: latencies[latencies.length - 1] ?? NaN,
    mean: latencies.reduce((s, x) => s + x, 0) / Math.max(1, latencies.length),
    errors,
    firstErrors,
    warmupRequests,
    warmupErrors,
    saved,
    responseBytes: bytes / Math.max(1, saved),
    queriesPerRequest:
      queriesBefore !== null && queriesAfter !== null ? (queriesAfter - queriesBefore) / allRequests : null,
  };
  row(
    `${label}: measured window`,
    `${sec(measuredMillis)} after ${sec(options.warmupMs)} warm-up (${int(warmupRequests)} warm-up requests not counted)`,
  );
  row(
    `${label}: requests/s (${officers.length} clients)`,
    `${result.perSecond.toFixed(1)}/s  (${int(requests)} requests)`,
  );
  row(
    `${label}: latency p50 / p95 / p99 / max`,
    `${ms(result.p50)} / ${ms(result.p95)} / ${ms(result.p99)} / ${ms(result.max)}  (mean ${ms(result.mean)})`,
  );
  row(
    `${label}: per request`,
    `${(result.responseBytes / 1024).toFixed(1)} KiB response body${result.queriesPerRequest !== null ? `, ${result.queriesPerRequest.toFixed(1)} SQL statements (BEGIN/COMMIT included)` : ''}`,
  );
  row(
    `${label}: errors`,
    `${errors} measured, ${warmupErrors} during warm-up${firstErrors.length ? `  e.g. ${firstErrors[0]}` : ''}`,
  );
  return result;
}
