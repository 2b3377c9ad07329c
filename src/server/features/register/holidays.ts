// Holidays of a year and the administrator's adjustments per official decision (they move case deadlines).
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { statutoryHolidays } from '../../../core/calendar/working-days.ts';
import { requireRole, requireUser, type SessionUser } from '../auth/index.ts';
import { writeAudit } from '../audit/index.ts';
import { forgetCalendar, loadCalendar } from './cases.ts';
import type { HolidayAdjusted, Holidays } from './contracts.ts';

/** A year's statutory holidays, the days off in force, and the adjustments stored (any signed-in user). */
export async function listHolidays(db: Kysely<Database>, user: SessionUser | null, year: number): Promise<Holidays> {
  requireUser(user);
  const calendar = await loadCalendar(db);
  const adjustments = await db
    .selectFrom('holiday_adjustment')
    .select(['day', 'kind', 'name'])
    .where('day', '>=', `${year}-01-01`)
    .where('day', '<=', `${year}-12-31`)
    .orderBy('day')
    .execute();
  return {
    statutory: statutoryHolidays(year),
    holidays: calendar.holidays(year),
    adjustments: adjustments.map((a) => ({ date: a.day, kind: a.kind, name: a.name })),
  };
}

/** Sets or clears (kind null) the adjustment of one day (system administrator); audited. */
export async function adjustHoliday(
  db: Kysely<Database>,
  user: SessionUser | null,
  date: string,
  change: { kind: 'day_off' | 'working_day' | null; name: string },
  ip?: string,
): Promise<HolidayAdjusted> {
  const admin = requireRole(user, 'system_admin');
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('holiday_adjustment').where('day', '=', date).execute();
    if (change.kind)
      await trx
        .insertInto('holiday_adjustment')
        .values({ day: date, kind: change.kind, name: change.name, created_by: admin.id })
        .execute();
    await writeAudit(trx, { userId: admin.id, action: 'adjust', entity: 'holiday', entityId: date, after: change, ip });
  });
  forgetCalendar();
  return { date, ...change };
}
