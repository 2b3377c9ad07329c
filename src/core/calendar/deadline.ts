import { workingDaysBetween, type WorkingCalendar } from './working-days.ts';

// Where a due date stands today, counted as the rule behind it counts: working days for the
// Children's Law steps of a case, calendar days for dossiers, reports and plan tasks.

export type DueState = 'upcoming' | 'today' | 'overdue';

export interface DueStatus {
  dueOn: string;
  state: DueState;
  /**
   * Days left (upcoming) or days late (overdue), in `unit`. Overdue in working days can be 0 (a
   * Sunday after a Friday deadline): the deadline has passed but no working day has yet, so it is
   * said with its date ("đã quá hạn ngày 04/12/2026"), never as "0 days".
   */
  days: number;
  unit: 'working' | 'calendar';
}

const MS_PER_DAY = 86_400_000;
const dayNumber = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / MS_PER_DAY;

/** Where `dueOn` stands on `today` (both yyyy-mm-dd, Vietnam days); with a calendar, counted in working days. */
export function dueStatus(dueOn: string, today: string, calendar?: WorkingCalendar): DueStatus {
  const unit = calendar ? 'working' : 'calendar';
  if (today === dueOn) return { dueOn, state: 'today', days: 0, unit };
  const overdue = today > dueOn;
  const [from, to] = overdue ? [dueOn, today] : [today, dueOn];
  const days = calendar ? workingDaysBetween(calendar, from, to) : dayNumber(to) - dayNumber(from);
  return { dueOn, state: overdue ? 'overdue' : 'upcoming', days, unit };
}
