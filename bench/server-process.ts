// The API server for the load test, in a process of its own: opens the prepared database, listens on
// 127.0.0.1 on a free port and prints `BENCH_SERVER_PORT=<port>`. Stops on SIGTERM/SIGINT or when its
// parent closes stdin (so it never outlives the benchmark).
import pg from 'pg';
import { buildApp } from '../src/server/app.ts';
import { openDatabase } from '../src/server/db/database.ts';

const url = process.env.BENCH_SERVER_DB_URL || undefined;

// Counts the statements sent to PostgreSQL (BEGIN and COMMIT included); printed on SIGUSR2 (see below).
let queries = 0;
const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
(pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown }).query = function (
  this: unknown,
  ...args: unknown[]
) {
  queries++;
  return query.apply(this, args);
};
const database = await openDatabase({
  url,
  schema: url ? process.env.BENCH_SERVER_DB_SCHEMA || undefined : undefined,
  dataDir: url ? undefined : process.env.BENCH_SERVER_DATA_DIR,
});
// BENCH_SERVER_SERVE_WEB=1: also serve dist/web, as `npm start` does (the public pages' section).
const app = await buildApp(database, { serveWeb: process.env.BENCH_SERVER_SERVE_WEB === '1', logger: false });
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : 0;
console.log(`BENCH_SERVER_PORT=${port}`);

let stopping = false;
async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  const force = setTimeout(() => process.exit(code || 1), 10_000);
  force.unref();
  try {
    await app.close();
    await database.close();
  } finally {
    process.exit(code);
  }
}
// SIGUSR2: print how many statements were sent to PostgreSQL so far (the load test takes the difference).
process.on('SIGUSR2', () => console.log(`BENCH_SERVER_QUERIES=${url ? queries : -1}`));
process.once('SIGTERM', () => void stop(0));
process.once('SIGINT', () => void stop(0));
process.stdin.on('end', () => void stop(0));
process.stdin.on('error', () => void stop(0));
process.stdin.resume();
