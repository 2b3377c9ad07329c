// A real server over a fresh database holding the demo (units, preset, accounts, values).
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server/app.ts';
import { prepareDatabase } from '../../src/server/bootstrap.ts';
import type { DatabaseHandle } from '../../src/server/db/database.ts';
import { DEMO_PASSWORD } from '../../src/server/demo/accounts.ts';
import { openTestDatabase } from './db.ts';

export interface TestApp {
  app: FastifyInstance;
  database: DatabaseHandle;
  close(): Promise<void>;
}

export async function startTestApp(options: { demo?: boolean } = {}): Promise<TestApp> {
  const database = await openTestDatabase();
  await prepareDatabase(database, { demo: options.demo ?? true });
  const app = await buildApp(database, { serveWeb: true });
  await app.ready();
  return {
    app,
    database,
    async close() {
      await app.close();
      await database.close();
    },
  };
}

export async function startTestServer(): Promise<TestApp & { url: string }> {
  const started = await startTestApp();
  await started.app.listen({ port: 0, host: '127.0.0.1' });
  const address = started.app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { ...started, url: `http://127.0.0.1:${port}` };
}

/** Logs in through the API and returns the session cookie header to send with later requests. */
export async function login(app: FastifyInstance, username: string, password = DEMO_PASSWORD): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'cfc_session');
  if (!cookie) throw new Error('no session cookie');
  return `cfc_session=${cookie.value}`;
}
