// The occurrences of a recurring task ("01 tin bài mỗi tháng"): each month or quarter of the plan's span is
// one, done when enough activities serving the task fall in it. Pure: the activity days come from the log.
import type { TaskRecurrence } from './plan.ts';

export type OccurrenceState = 'done' | 'missed' | 'current' | 'future';

export interface Occurrence {
  /** '2026-03' for a month, '2026-Q1' for a quarter. */
  key: string;
  from: string;
  to: string;
  /** Activities serving the task held in it. */
  done: number;
  state: OccurrenceState;
}

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** The months or quarters of the years from–to, in order (none for a one-off task). */
export function periodsOf(
  recurrence: TaskRecurrence,
  yearFrom: number,
  yearTo: number,
): Array<{ key: string; from: string; to: string }> {
  if (recurrence === 'once') return [];
  const step = recurrence === 'monthly' ? 1 : 3;
  const out: Array<{ key: string; from: string; to: string }> = [];
  for (let y = yearFrom; y <= yearTo; y++) {
    for (let m = 1; m <= 12; m += step) {
      const end = m + step - 1;
      out.push({
        key: recurrence === 'monthly' ? `${y}-${pad(m)}` : `${y}-Q${(m + 2) / 3}`,
        from: `${y}-${pad(m)}-01`,
        to: `${y}-${pad(end)}-${pad(lastDay(y, end))}`,
      });
    }
  }
  return out;
}

/**
 * A recurring task's occurrences over the plan's years up to the end of today's year (a 2019–2025 plan read
 * in 2021 lists 2019–2021): those past are done or missed, today's is current until done, later ones future.
 * `activityDays` are the days (YYYY-MM-DD) of the activities serving the task.
 */
export function occurrencesOf(
  task: { recurrence: TaskRecurrence; perOccurrence: number },
  plan: { year: number; yearTo?: number | null },
  activityDays: readonly string[],
  today: string,
): Occurrence[] {
  const last = Math.min(Math.max(plan.yearTo ?? plan.year, plan.year), Math.max(Number(today.slice(0, 4)), plan.year));
  const need = Math.max(1, task.perOccurrence);
  return periodsOf(task.recurrence, plan.year, last).map((p) => {
    const done = activityDays.filter((d) => d >= p.from && d <= p.to).length;
    const state: OccurrenceState =
      done >= need ? 'done' : p.to < today ? 'missed' : p.from > today ? 'future' : 'current';
    return { ...p, done, state };
  });
}

/** How a recurring task stands: occurrences done of those that have ended or are done already. */
export function occurrenceSummary(occurrences: readonly Occurrence[]): { done: number; due: number } {
  const due = occurrences.filter((o) => o.state === 'done' || o.state === 'missed').length;
  return { done: occurrences.filter((o) => o.state === 'done').length, due };
}
