// The real server (src/server/main.ts) in a child process, for tests that kill it: PGlite in a data
// directory or PostgreSQL in a database of its own, started, SIGKILLed and restarted on the same data.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { DEMO_PASSWORD } from '../../src/server/demo/accounts.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const live = new Set<ChildProcess>();

/** Kills every server this helper started and waits for them: call it in afterAll, so that a test failing half-way leaves none behind. */
export async function killServers(): Promise<void> {
  await Promise.all(
    [...live].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
}
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/** Where the server keeps its data: a PGlite directory or a PostgreSQL URL. */
export type Store = { kind: 'pglite'; dataDir: string } | { kind: 'postgres'; url: string };

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Everything the server wrote to stdout and stderr so far (for failure messages). */
  output(): string;
  /** SIGKILL: no shutdown code runs, as in a power cut or the OOM killer. Resolves once the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM and wait (the normal stop). */
  stop(): Promise<void>;
  /** Whether the process is still running. */
  alive(): boolean;
}

/** Starts `src/server/main.ts` on the store (the demo is seeded on an empty one) and waits until it listens. */
export async function startServer(
  store: Store,
  env: Record<string, string> = {},
  timeoutMs = 180_000,
): Promise<ServerProcess> {
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    LOGIN_RATE_LIMIT: '1000',
    ...env,
  };
  for (const k of ['DATABASE_URL', 'DATABASE_SCHEMA', 'CFC_DATA_DIR']) delete childEnv[k];
  if (store.kind === 'pglite') childEnv.CFC_DATA_DIR = store.dataDir;
  else childEnv.DATABASE_URL = store.url;
  // The delay that lets a test kill the server mid-transaction is the tests' own (tests/support/delay.ts).
  const entry = childEnv.CFC_TEST_DELAY_TABLE ? 'tests/support/server-main.ts' : 'src/server/main.ts';
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, entry)], {
    cwd: root,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => (live.delete(child), resolve())));
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start within ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    const check = () => {
      const m = /running: http:\/\/localhost:(\d+)/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      child.stdout!.off('data', check);
      resolve(Number(m[1]));
    };
    child.stdout!.on('data', check);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code ?? signal}) before listening:\n${out}`));
    });
  });
  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    output: () => out,
    alive,
    async kill() {
      if (alive()) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (!alive()) return;
      const force = setTimeout(() => child.kill('SIGKILL'), 20_000);
      child.kill('SIGTERM');
      await exited;
      clearTimeout(force);
    },
  };
}

/** Logs in over HTTP and returns the session cookie (`cfc_session=…`). */
export async function loginAt(url: string, username: string, password = DEMO_PASSWORD): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
    signal: AbortSignal.timeout(30_000),
  });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${body}`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('cfc_session='));
  if (!cookie) throw new Error(`login ${username}: no session cookie`);
  return cookie.split(';')[0]!;
}

/** The shared PostgreSQL server (trust auth); CFC_TEST_PG_URL points elsewhere. */
export const ADMIN_PG_URL = process.env.CFC_TEST_PG_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

/** A fresh PostgreSQL database on the shared server, dropped (with its connections) by `drop()`. */
export async function createPgDatabase(prefix: string): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_PG_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(ADMIN_PG_URL);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: ADMIN_PG_URL });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/** Polls `probe` until it returns a value (not undefined) or the time is up. */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 60_000,
  everyMs = 50,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
