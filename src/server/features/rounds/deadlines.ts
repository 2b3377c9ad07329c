// Who each step of a round waits on, shared by the "due for me" list and the reminders sent
// before each deadline.
import { addDays, differenceInCalendarDays, format, parseISO } from 'date-fns';
import type { Kysely, Selectable } from 'kysely';
import type { Database, Role, RoundTable } from '../../db/schema.ts';
import { viOrder } from '../../db/collation.ts';
import { translator, pickLocale } from '../../../i18n/index.ts';

export interface DeadlineStep {
  kind: 'dossierDue' | 'appraisalDue' | 'decisionDue';
  column: 'dossier_due' | 'appraisal_due' | 'decision_due';
  /** Entry states in which the step is still to be done. */
  states: string[];
  /** Who has to do it, and where their role is held. */
  roles: Role[];
  at: 'commune' | 'province';
}

// The commune until its dossier is in, the appraisers until it is appraised, the signer until decided.
export const DEADLINE_STEPS: DeadlineStep[] = [
  {
    kind: 'dossierDue',
    column: 'dossier_due',
    states: ['draft', 'self_assessed', 'posted', 'returned'],
    roles: ['commune_officer', 'commune_chairman'],
    at: 'commune',
  },
  {
    kind: 'appraisalDue',
    column: 'appraisal_due',
    states: ['submitted', 'returned'],
    roles: ['appraiser', 'sector_reviewer'],
    at: 'province',
  },
  { kind: 'decisionDue', column: 'decision_due', states: ['appraised'], roles: ['signer'], at: 'province' },
];

export type Round = Selectable<RoundTable>;

/** Communes of the round with a dossier still waiting on this step. */
export async function waitingUnits(db: Kysely<Database>, round: Round, step: DeadlineStep) {
  const rows = await db
    .selectFrom('round_entry as e')
    .innerJoin('unit as u', 'u.id', 'e.unit_id')
    .select(['u.id', 'u.name', 'u.parent_id', 'e.state'])
    .where('e.round_id', '=', round.id)
    .where('e.state', 'in', step.states)
    .orderBy(viOrder('u.name'))
    .execute();
  return rows;
}

export function dueStatus(due: string, today: string): 'overdue' | 'soon' | 'later' {
  if (due < today) return 'overdue';
  return due <= format(addDays(parseISO(today), 7), 'yyyy-MM-dd') ? 'soon' : 'later';
}

/**
 * Reminds everyone a step waits on, once per round and step, when its deadline is three days away
 * or less (or passed). Returns the number of reminders written.
 */
export async function remindDeadlines(db: Kysely<Database>, today: string, daysBefore = 3): Promise<number> {
  const rounds = await db.selectFrom('round').selectAll().where('status', '=', 'open').execute();
  let written = 0;
  for (const round of rounds)
    for (const step of DEADLINE_STEPS) {
      const due = round[step.column];
      if (differenceInCalendarDays(parseISO(due), parseISO(today)) > daysBefore) continue;
      const units = await waitingUnits(db, round, step);
      if (!units.length) continue;
      const scopes = step.at === 'commune' ? units.map((u) => u.id) : [round.province_id];
      const users = await db
        .selectFrom('user_role as r')
        .innerJoin('app_user as u', 'u.id', 'r.user_id')
        .select(['u.id', 'u.locale', 'r.unit_id'])
        .where('r.role', 'in', step.roles)
        .where('r.unit_id', 'in', scopes)
        .where('u.disabled', '=', false)
        .execute();
      const link = `/rounds/${round.id}?due=${step.kind}`;
      for (const user of users) {
        const already = await db
          .selectFrom('notification')
          .select('id')
          .where('user_id', '=', user.id)
          .where('kind', '=', 'deadline')
          .where('link', '=', link)
          .executeTakeFirst();
        if (already) continue;
        const mine = step.at === 'commune' ? units.filter((u) => u.id === user.unit_id) : units;
        const t = translator(pickLocale(user.locale));
        const days = differenceInCalendarDays(parseISO(due), parseISO(today));
        await db
          .insertInto('notification')
          .values({
            user_id: user.id,
            kind: 'deadline',
            message: t(days < 0 ? 'rounds:remind.overdue' : 'rounds:remind.due', {
              step: t(`rounds:calendar.${step.kind}`),
              date: due.split('-').reverse().join('/'),
              days: Math.abs(days),
              count: mine.length,
              round: round.title,
            }),
            link,
          })
          .execute();
        written++;
      }
    }
  return written;
}

export type Reminder = (db: Kysely<Database>, today: string) => Promise<number>;

/** Runs the reminders every hour while the server runs (and once at start); returns a stop function. */
export function startReminders(
  db: Kysely<Database>,
  today: () => string,
  reminders: Reminder[] = [remindDeadlines],
): () => void {
  const run = () => {
    for (const remind of reminders) void remind(db, today()).catch(() => undefined);
  };
  run();
  const timer = setInterval(run, 3_600_000);
  timer.unref();
  return () => clearInterval(timer);
}
