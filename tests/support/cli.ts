// The `cfc` command line run as an operator runs it, in a process of its own, against a database the
// test also opens: an on-disk PGlite directory (the command opens it after the test has closed it), or
// the test's own schema on DATABASE_URL (kept open, shared).
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/server/db/database.ts';
import { migrate } from '../../src/server/db/migrate.ts';
import { openTestDatabase } from './db.ts';

export interface CliDatabase {
  /** The database as the test writes it; close it with `release` before running the command. */
  open(): Promise<DatabaseHandle>;
  release(handle: DatabaseHandle): Promise<void>;
  /** Runs `cfc <args>` and returns its exit status and output. */
  cfc(...args: string[]): SpawnSyncReturns<string>;
}

/** Sets up, for the enclosing describe block, a database that `cfc` can open too. */
export function useCliDatabase(prefix: string): CliDatabase {
  let dir = '';
  let env: Record<string, string> = {};
  let keep: DatabaseHandle | null = null;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), prefix));
    if (process.env.DATABASE_URL) {
      keep = await openTestDatabase();
      env = { DATABASE_URL: process.env.DATABASE_URL, DATABASE_SCHEMA: keep.schema };
    } else env = { CFC_DATA_DIR: dir, DATABASE_URL: '' };
  });
  afterAll(async () => {
    await keep?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    async open() {
      if (keep) return keep;
      const h = await openDatabase({ dataDir: dir });
      await migrate(h);
      return h;
    },
    async release(h) {
      if (h !== keep) await h.close();
    },
    cfc: (...args) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/cfc.ts', ...args], {
        encoding: 'utf8',
        env: { ...process.env, ...env },
      }),
  };
}
