// Applies the SQL files of migrations/ in name order, once each, each in one transaction under a lock.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DatabaseHandle } from './database.ts';

export const migrationsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../migrations');

const LOCK_ID = 6_2019_06; // any constant shared by every process that migrates this database

export async function migrate(handle: DatabaseHandle): Promise<string[]> {
  await handle.exec(
    'CREATE TABLE IF NOT EXISTS schema_migration (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
  );
  const files = (await readdir(migrationsDir)).filter((f) => f.endsWith('.sql')).sort();
  const applied: string[] = [];
  for (const file of files) {
    const name = file.replace(/\.sql$/, '');
    const text = await readFile(path.join(migrationsDir, file), 'utf8');
    const quoted = name.replace(/'/g, "''");
    // The check runs inside the locked transaction, so two starting processes never both apply it.
    await handle
      .exec(
        `BEGIN;
SELECT pg_advisory_xact_lock(${LOCK_ID});
DO $$ BEGIN
  IF EXISTS (SELECT 1 FROM schema_migration WHERE name = '${quoted}') THEN
    RAISE EXCEPTION USING ERRCODE = 'P0001', MESSAGE = 'cfc:already-applied';
  END IF;
END $$;
${text}
;
INSERT INTO schema_migration (name) VALUES ('${quoted}');
COMMIT;`,
      )
      .then(
        () => applied.push(name),
        (error: unknown) => {
          if (!String((error as Error).message).includes('cfc:already-applied')) throw error;
        },
      );
  }
  return applied;
}
