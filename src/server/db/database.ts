// PostgreSQL when DATABASE_URL is set, embedded PGlite otherwise; both behind one Kysely instance.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Kysely, PostgresDialect, type Dialect, type KyselyPlugin } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { Database } from './schema.ts';
import { config } from '../platform/config.ts';

export type Db = Kysely<Database>;

export interface DatabaseOptions {
  /** postgres://… ; without it an embedded PGlite is used. */
  url?: string;
  /** PGlite data directory; 'memory' keeps everything in memory (tests). */
  dataDir?: string;
  /** PostgreSQL schema to use (tests isolate themselves in a schema of their own). */
  schema?: string;
  /** More Kysely plugins (the crash tests add one that holds a transaction open: tests/support/delay.ts). */
  plugins?: KyselyPlugin[];
}

export interface DatabaseHandle {
  db: Db;
  kind: 'postgres' | 'pglite';
  schema: string;
  /** Runs a multi-statement SQL script (simple query protocol) on one connection; used for migrations. */
  exec(script: string): Promise<void>;
  /** PostgreSQL only: a pooled node-postgres client (schema set), for COPY FROM STDIN; release it after use. */
  rawClient?: () => Promise<pg.PoolClient>;
  close(): Promise<void>;
}

const DATE_OID = 1082;
const INT8_OID = 20;

export async function openDatabase(options: DatabaseOptions = {}): Promise<DatabaseHandle> {
  const schema = options.schema ?? 'public';
  let dialect: Dialect;
  let kind: DatabaseHandle['kind'];
  let exec: (script: string) => Promise<void>;
  let rawClient: DatabaseHandle['rawClient'];
  if (options.url) {
    kind = 'postgres';
    const types = {
      getTypeParser: (oid: number, format?: 'text' | 'binary') =>
        oid === DATE_OID ? (v: string) => v : pg.types.getTypeParser(oid, format as 'text'),
    };
    const pool = new pg.Pool({
      connectionString: options.url,
      max: config.databasePoolSize,
      types,
      ...(schema !== 'public' ? { options: `-c search_path=${schema}` } : {}),
    });
    rideOutConnectionLoss(pool);
    if (schema !== 'public') {
      const client = await pool.connect();
      try {
        await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      } finally {
        client.release();
      }
    }
    dialect = new PostgresDialect({ pool });
    rawClient = () => pool.connect();
    exec = async (script) => {
      const client = await pool.connect();
      try {
        await client.query(script);
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined); // a failed script must not leave its transaction open
        throw error;
      } finally {
        client.release();
      }
    };
  } else {
    kind = 'pglite';
    const dir = options.dataDir ?? config.dataDir;
    let dataDir: string | undefined;
    if (dir !== 'memory') {
      dataDir = path.resolve(dir, 'pglite');
      mkdirSync(dataDir, { recursive: true });
    }
    const client = await PGlite.create({
      dataDir,
      parsers: { [DATE_OID]: (v: string) => v, [INT8_OID]: (v: string) => v },
    });
    dialect = new PGliteDialect(client);
    exec = async (script) => {
      try {
        await client.exec(script);
      } catch (error) {
        await client.exec('ROLLBACK').catch(() => undefined);
        throw error;
      }
    };
  }
  const db = new Kysely<Database>({ dialect, plugins: options.plugins ?? [] });
  return { db, kind, schema, exec, ...(rawClient ? { rawClient } : {}), close: () => db.destroy() };
}

/** Options from the settings (src/server/platform/config.ts): DATABASE_URL, CFC_DATA_DIR, DATABASE_SCHEMA. */
export function databaseOptionsFromEnv(): DatabaseOptions {
  return { url: config.databaseUrl, dataDir: config.dataDir, schema: config.databaseSchema };
}

/** Errors that mean the database could not be reached or the connection was lost (restart, terminated backend, network), not a bad query. */
export function isConnectionError(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  // SQLSTATE class 08 (connection exception), 57P01–57P03 (shutdown, crash, starting up) and Node's socket errors.
  if (
    typeof code === 'string' &&
    (code.startsWith('08') ||
      /^(57P0[123]|ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|EAI_AGAIN)$/.test(code))
  )
    return true;
  return (
    typeof message === 'string' &&
    /^(Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect)/.test(
      message,
    )
  );
}

/**
 * Keeps the process alive when PostgreSQL drops connections (restart, failover, pg_terminate_backend):
 * the pool discards broken clients and opens new ones on the next request; a plain read outside a
 * transaction that lost its connection is tried once more on a fresh one (reads are idempotent).
 */
function rideOutConnectionLoss(pool: pg.Pool) {
  // An idle client's lost connection is emitted by the pool: unhandled, that 'error' would end the process.
  pool.on('error', (error) => console.warn(`[db] idle connection lost / mất kết nối rảnh: ${error.message}`));
  pool.on('connect', (client) => {
    // A checked-out client's lost connection fails its query (answered 503) and emits 'error' too: same crash otherwise.
    client.on('error', () => undefined);
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    let inTransaction = false;
    const retrying = async (text: string, values?: unknown[]) => {
      const head = text.trimStart().slice(0, 40).toLowerCase();
      // Kysely's own single statements; a script (migrations) is never retried and changes nothing here.
      const single = !text.includes(';');
      if (single && /^(begin|start transaction)\b/.test(head)) inTransaction = true;
      else if (single && /^(commit|end|rollback)\b/.test(head) && !/^rollback\s+to\b/.test(head)) inTransaction = false;
      try {
        return await query(text, values);
      } catch (error) {
        if (inTransaction || !single || !head.startsWith('select') || !isConnectionError(error)) throw error;
        // A moment for the pool to see its other lost connections (their errors arrive together), then another client.
        await new Promise((resolve) => setTimeout(resolve, 100));
        return pool.query(text, values);
      }
    };
    // Only the promise form with SQL text (Kysely's) is retried; callbacks, cursors and config objects pass through.
    client.query = ((...args: unknown[]) =>
      typeof args[0] === 'string' && args.length <= 2 && (args[1] === undefined || Array.isArray(args[1]))
        ? retrying(args[0], args[1] as unknown[] | undefined)
        : query(...args)) as typeof client.query;
  });
}
