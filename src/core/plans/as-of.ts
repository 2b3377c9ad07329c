// What a report says about a plan's task "as of" a day: its state rebuilt from the progress notes dated on
// or before that day, so that work recorded later does not count and a deadline after the day is not yet passed. Pure.
import type { TaskLike } from './tasks.ts';

/** A progress note: the day it states and the progress it records (0–100). */
export interface ProgressNote {
  notedOn: string;
  progress: number;
}

/**
 * The task as it stood at the end of `day` (yyyy-mm-dd): progress and status from the latest note dated on
 * or before the day (none: not started, 0%); done only when a note of 100% is dated on or before it. A
 * cancelled task stays cancelled (the day it was cancelled is not recorded). `notes` in the order written.
 */
export function taskAsOf(task: TaskLike, notes: readonly ProgressNote[], day: string): TaskLike {
  if (task.status === 'cancelled') return task;
  if (task.status === 'done' && task.doneOn && task.doneOn <= day) return task;
  let latest: ProgressNote | null = null;
  let doneOn: string | null = null;
  // Latest by the day it states; among notes of one day, the one written last.
  for (const n of notes) {
    if (n.notedOn > day) continue;
    if (!latest || n.notedOn >= latest.notedOn) latest = n;
  }
  if (latest && latest.progress >= 100)
    doneOn = notes
      .filter((n) => n.notedOn <= day && n.progress >= 100)
      .reduce((d, n) => (n.notedOn < d ? n.notedOn : d), latest.notedOn);
  const progress = latest?.progress ?? 0;
  return {
    dueOn: task.dueOn,
    progress: Math.min(progress, 100),
    status: progress >= 100 ? 'done' : progress > 0 ? 'in_progress' : 'not_started',
    doneOn,
  };
}

/** The last day a report's figures may draw on: the period's end, or today while the period runs. */
export const figuresDay = (periodEnd: string, today: string): string => (today < periodEnd ? today : periodEnd);

/** The first moment after the end of `day` in Vietnam (UTC+7, no daylight saving): what was entered before it counts. */
export const endOfVietnamDay = (day: string): Date => new Date(Date.parse(`${day}T00:00:00+07:00`) + 86_400_000);
