// Periods: the calendar years assessments, rounds, plans, reports and surveys are counted in. Shared by
// every feature, owned by none.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { notFound } from './refusal.ts';

type Db = Kysely<Database>;

/** The period of a year, created (1 January – 31 December) the first time it is asked for; its id. */
export async function ensurePeriod(db: Db, year: number): Promise<number> {
  await db
    .insertInto('period')
    .values({ year, starts_on: `${year}-01-01`, ends_on: `${year}-12-31` })
    .onConflict((oc) => oc.column('year').doNothing())
    .execute();
  const row = await db.selectFrom('period').select('id').where('year', '=', year).executeTakeFirstOrThrow();
  return row.id;
}

/** A period by id; not_found when there is none. */
export async function loadPeriod(db: Db, id: number) {
  const row = await db.selectFrom('period').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('period', id);
  return row;
}

/** Every period, the latest year first. */
export function listPeriods(db: Db) {
  return db.selectFrom('period').selectAll().orderBy('year', 'desc').execute();
}
