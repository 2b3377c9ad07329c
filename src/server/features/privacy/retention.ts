// The daily retention job: applies the retention settings, anonymises children whose record is due
// (never deletes them: counts stay), and writes a summary of each run to the audit log.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { cutoff, dueForAnonymisation, ERASED_NAME } from '../../../core/privacy/retention.ts';
import { translator } from '../../../i18n/index.ts';
import { pruneAccessLog } from '../audit/index.ts';
import { writeAudit } from '../audit/index.ts';
import { SESSION_IDLE_MINUTES } from '../auth/index.ts';
import { retentionSettings, tombstoneChild } from './store.ts';

export interface RetentionSummary {
  day: string;
  importPreviews: number;
  sessions: number;
  surveyFailures: number;
  notifications: number;
  accessLog: number;
  childrenAnonymised: number;
}

/** Midnight (UTC) of a yyyy-mm-dd day: the job's clock is the day, so that a test can set it. */
const at = (day: string) => new Date(`${day}T00:00:00Z`);

/** Applies every retention rule as of `today`; each part in its own transaction, the summary audited. */
export async function runRetention(
  db: Kysely<Database>,
  today: string,
  userId: number | null = null,
): Promise<RetentionSummary> {
  const s = await retentionSettings(db);
  const summary: RetentionSummary = {
    day: today,
    importPreviews: 0,
    sessions: 0,
    surveyFailures: 0,
    notifications: 0,
    accessLog: 0,
    childrenAnonymised: 0,
  };

  const previews = await db
    .updateTable('register_import')
    .set({ status: 'discarded', rows: JSON.stringify({}) })
    .where('status', '=', 'preview')
    .where('created_at', '<', at(cutoff(today, s.import_preview_days, 'days')))
    .executeTakeFirst();
  summary.importPreviews = Number(previews.numUpdatedRows);

  // A session is over at its expiry or after the idle time; it is deleted `session_days` later.
  const sessionCut = at(cutoff(today, s.session_days, 'days'));
  const sessions = await db
    .deleteFrom('session')
    .where((eb) =>
      eb.or([
        eb('expires_at', '<', sessionCut),
        eb('last_seen_at', '<', new Date(sessionCut.getTime() - SESSION_IDLE_MINUTES * 60_000)),
      ]),
    )
    .executeTakeFirst();
  summary.sessions = Number(sessions.numDeletedRows);

  const failures = await db
    .deleteFrom('survey_code_failure')
    .where('failed_at', '<', at(cutoff(today, s.survey_flood_days, 'days')))
    .executeTakeFirst();
  summary.surveyFailures = Number(failures.numDeletedRows);

  const notifications = await db
    .deleteFrom('notification')
    .where('created_at', '<', at(cutoff(today, s.notification_months, 'months')))
    .executeTakeFirst();
  summary.notifications = Number(notifications.numDeletedRows);

  // The read log is append-only and chained: only this path may delete from it, and it records what it cut.
  summary.accessLog = await pruneAccessLog(db, at(cutoff(today, s.access_log_years, 'years')), today, userId);

  // Children who left before the cut-off and are not erased yet; their cases decide the rest.
  const leftBefore = cutoff(today, s.left_child_years, 'years');
  const candidates = await db
    .selectFrom('child as c')
    .select(['c.id', 'c.moved_out_on', 'c.died_on'])
    .where((eb) => eb.or([eb('c.moved_out_on', '<=', leftBefore), eb('c.died_on', '<=', leftBefore)]))
    .where('c.full_name', '<>', ERASED_NAME)
    .where(sql<boolean>`NOT EXISTS (SELECT 1 FROM privacy_erasure e WHERE e.subject = 'child' AND e.subject_id = c.id)`)
    .orderBy('c.id')
    .execute();
  const basis = translator('vi')('privacy:basis.retention', { years: s.left_child_years });
  for (const c of candidates) {
    const cases = await db
      .selectFrom('protection_case')
      .select(['id', 'closed_on'])
      .where('child_id', '=', c.id)
      .execute();
    if (
      !dueForAnonymisation(
        { movedOutOn: c.moved_out_on, diedOn: c.died_on },
        cases.map((k) => ({ id: k.id, closedOn: k.closed_on })),
        s,
        today,
      )
    )
      continue;
    await db
      .transaction()
      .execute((trx) =>
        tombstoneChild(trx, c.id, { userId: null, reason: 'retention', legalBasis: basis, requestRef: '' }),
      );
    summary.childrenAnonymised++;
  }

  await writeAudit(db, { userId, action: 'retention_run', entity: 'privacy', entityId: today, after: summary });
  return summary;
}

/** The reminders' hourly tick runs the job once a day: a run already audited for today is enough. */
export async function dailyRetention(db: Kysely<Database>, today: string): Promise<number> {
  const done = await db
    .selectFrom('audit_log')
    .select('id')
    .where('action', '=', 'retention_run')
    .where('entity', '=', 'privacy')
    .where('entity_id', '=', today)
    .executeTakeFirst();
  if (done) return 0;
  const s = await runRetention(db, today);
  return s.importPreviews + s.sessions + s.surveyFailures + s.notifications + s.accessLog + s.childrenAnonymised;
}
