// A fresh database per test file: in-memory PGlite, or a schema of its own on DATABASE_URL, dropped on
// close. Migrated, or left empty for tests of a migration, which apply those before it with migrateUntil.
import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { openDatabase, type DatabaseHandle } from '../../src/server/db/database.ts';
import { migrate, migrationsDir } from '../../src/server/db/migrate.ts';

export async function openTestDatabase(options: { migrated?: boolean } = {}): Promise<DatabaseHandle> {
  const url = process.env.DATABASE_URL || undefined;
  const schema = url ? `test_${randomBytes(6).toString('hex')}` : undefined;
  const handle = await openDatabase({ url, dataDir: 'memory', schema });
  if (options.migrated !== false) await migrate(handle);
  const close = handle.close;
  return {
    ...handle,
    async close() {
      if (url && schema) await handle.exec(`DROP SCHEMA "${schema}" CASCADE`).catch(() => undefined);
      await close();
    },
  };
}

/** Applies the migrations before `before` the way migrate() does, so that migrate() later applies the rest. */
export async function migrateUntil(handle: DatabaseHandle, before: string): Promise<void> {
  await handle.exec(
    'CREATE TABLE IF NOT EXISTS schema_migration (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
  );
  for (const file of (await readdir(migrationsDir)).filter((f) => f.endsWith('.sql')).sort()) {
    const name = file.replace(/\.sql$/, '');
    if (name >= before) break;
    await handle.exec(
      `BEGIN;\n${await readFile(path.join(migrationsDir, file), 'utf8')}\n;\nINSERT INTO schema_migration (name) VALUES ('${name}');\nCOMMIT;`,
    );
  }
}

/** The id of the unit of this level with this official code as it stands today. */
async function currentUnitId(db: DatabaseHandle['db'], level: 'province' | 'commune', code: string): Promise<number> {
  const row = await db
    .selectFrom('unit')
    .select('id')
    .where('code', '=', code)
    .where('level', '=', level)
    .where('valid_to', 'is', null)
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The id of the commune with this official code as it stands today (the demo's communes by code, e.g. '05830' Đại Từ). */
export const communeId = (db: DatabaseHandle['db'], code: string) => currentUnitId(db, 'commune', code);

/** The id of the province with this official code as it stands today (the demo's is '19' Thái Nguyên). */
export const provinceId = (db: DatabaseHandle['db'], code: string) => currentUnitId(db, 'province', code);
