// A fresh, migrated database per test file: in-memory PGlite, or a schema of its own on DATABASE_URL.
import { randomBytes } from 'node:crypto';
import { openDatabase, type DatabaseHandle } from '../../src/server/db/database.ts';
import { migrate } from '../../src/server/db/migrate.ts';

export async function openTestDatabase(): Promise<DatabaseHandle> {
  const url = process.env.DATABASE_URL || undefined;
  const schema = url ? `test_${randomBytes(6).toString('hex')}` : undefined;
  const handle = await openDatabase({ url, dataDir: 'memory', schema });
  await migrate(handle);
  const close = handle.close;
  return {
    ...handle,
    async close() {
      if (url && schema) await handle.exec(`DROP SCHEMA "${schema}" CASCADE`).catch(() => undefined);
      await close();
    },
  };
}
