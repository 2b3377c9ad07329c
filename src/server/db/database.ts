// PostgreSQL when DATABASE_URL is set, embedded PGlite otherwise; both behind one Kysely instance.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Kysely, PostgresDialect, type Dialect } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;

export interface DatabaseOptions {
  /** postgres://… ; without it an embedded PGlite is used. */
  url?: string;
  /** PGlite data directory; 'memory' keeps everything in memory (tests). */
  dataDir?: string;
  /** PostgreSQL schema to use (tests isolate themselves in a schema of their own). */
  schema?: string;
}

export interface DatabaseHandle {
  db: Db;
  kind: 'postgres' | 'pglite';
  schema: string;
  /** Runs a multi-statement SQL script (simple query protocol) on one connection; used for migrations. */
  exec(script: string): Promise<void>;
  close(): Promise<void>;
}

const DATE_OID = 1082;
const INT8_OID = 20;

export async function openDatabase(options: DatabaseOptions = {}): Promise<DatabaseHandle> {
  const schema = options.schema ?? 'public';
  let dialect: Dialect;
  let kind: DatabaseHandle['kind'];
  let exec: (script: string) => Promise<void>;
  if (options.url) {
    kind = 'postgres';
    const types = {
      getTypeParser: (oid: number, format?: 'text' | 'binary') =>
        oid === DATE_OID ? (v: string) => v : pg.types.getTypeParser(oid, format as 'text'),
    };
    const pool = new pg.Pool({
      connectionString: options.url,
      max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
      types,
      ...(schema !== 'public' ? { options: `-c search_path=${schema}` } : {}),
    });
    if (schema !== 'public') {
      const client = await pool.connect();
      try {
        await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      } finally {
        client.release();
      }
    }
    dialect = new PostgresDialect({ pool });
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
    const dir = options.dataDir ?? process.env.CFC_DATA_DIR ?? './data';
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
  const db = new Kysely<Database>({ dialect });
  return { db, kind, schema, exec, close: () => db.destroy() };
}

/** Options from the environment: DATABASE_URL, CFC_DATA_DIR. */
export function databaseOptionsFromEnv(): DatabaseOptions {
  return {
    url: process.env.DATABASE_URL || undefined,
    dataDir: process.env.CFC_DATA_DIR || undefined,
    schema: process.env.DATABASE_SCHEMA || undefined,
  };
}
