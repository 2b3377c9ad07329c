// What every start does: migrate, load the official units and the preset rule set, and on an empty
// database create the demo.
import { sql } from 'kysely';
import { databaseOptionsFromEnv, openDatabase, type DatabaseHandle, type DatabaseOptions } from './db/database.ts';
import { migrate } from './db/migrate.ts';
import { ensureCircumstanceGroups } from './features/register/index.ts';
import { ensurePresetQuestionnaires } from './features/surveys/index.ts';
import { loadOfficialUnits } from './features/units/index.ts';
import { ensurePresetRuleSets } from './features/rule-sets/index.ts';
import { seedDemo, type DemoSummary } from './demo/seed.ts';

export interface Prepared {
  migrations: string[];
  unitsLoaded: boolean;
  demo: DemoSummary | null;
}

export async function prepareDatabase(database: DatabaseHandle, options: { demo?: boolean } = {}): Promise<Prepared> {
  const migrations = await migrate(database);
  await ensurePresetRuleSets(database.db);
  await ensureCircumstanceGroups(database.db);
  await ensurePresetQuestionnaires(database.db);
  const units = await loadOfficialUnits(database.db);
  const demo = options.demo === false ? null : await seedDemo(database.db);
  // Small tables that never change enough for autovacuum to analyse them (period: a row a year) would
  // otherwise keep default estimates, and the dashboards' plans go wrong (docs/performance.md).
  if (migrations.length || !units.skipped || demo) await analyseOwnTables(database);
  return { migrations, unitsLoaded: !units.skipped, demo };
}

/** ANALYZE the tables of this schema only: a shared server may hold other schemas (tests, benchmarks). */
async function analyseOwnTables(database: DatabaseHandle): Promise<void> {
  const { rows } = await sql<{
    name: string;
  }>`SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = current_schema()`.execute(database.db);
  if (rows.length) await sql.raw(`ANALYZE ${rows.map((r) => r.name).join(', ')}`).execute(database.db);
}

export async function bootstrap(
  options: DatabaseOptions & { demo?: boolean } = databaseOptionsFromEnv(),
): Promise<Prepared & { database: DatabaseHandle }> {
  const database = await openDatabase(options);
  return { database, ...(await prepareDatabase(database, options)) };
}
