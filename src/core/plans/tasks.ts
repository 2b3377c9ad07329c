// The state of a plan's task on a given day, and the summary a report gives of them. Pure.
import { differenceInCalendarDays, parseISO } from 'date-fns';

export const TASK_STATUSES = ['not_started', 'in_progress', 'done', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export interface TaskLike {
  status: TaskStatus;
  dueOn: string | null;
  doneOn: string | null;
  progress: number;
}

export type TaskState = 'done' | 'done_late' | 'cancelled' | 'overdue' | 'due_soon' | 'open';

/** Days before the deadline at which an open task shows as due soon. */
export const DUE_SOON_DAYS = 7;

export function taskState(task: TaskLike, today: string): TaskState {
  if (task.status === 'cancelled') return 'cancelled';
  if (task.status === 'done') return task.dueOn && task.doneOn && task.doneOn > task.dueOn ? 'done_late' : 'done';
  if (!task.dueOn) return 'open';
  const left = differenceInCalendarDays(parseISO(task.dueOn), parseISO(today));
  if (left < 0) return 'overdue';
  return left <= DUE_SOON_DAYS ? 'due_soon' : 'open';
}

export interface TaskSummary {
  total: number;
  done: number;
  doneLate: number;
  inProgress: number;
  notStarted: number;
  overdue: number;
  cancelled: number;
  /** Mean progress of the tasks not cancelled, in %. */
  meanProgress: number;
}

/** No tasks at all (a forum's report, a roll-up before the first unit). */
export const emptyTaskSummary = (): TaskSummary => ({
  total: 0,
  done: 0,
  doneLate: 0,
  inProgress: 0,
  notStarted: 0,
  overdue: 0,
  cancelled: 0,
  meanProgress: 0,
});

export function summariseTasks(tasks: readonly TaskLike[], today: string): TaskSummary {
  const s = emptyTaskSummary();
  let progress = 0;
  for (const t of tasks) {
    s.total += 1;
    const state = taskState(t, today);
    if (state === 'cancelled') {
      s.cancelled += 1;
      continue;
    }
    progress += t.status === 'done' ? 100 : t.progress;
    if (state === 'done') s.done += 1;
    else if (state === 'done_late') {
      s.done += 1;
      s.doneLate += 1;
    } else {
      if (t.status === 'in_progress') s.inProgress += 1;
      else s.notStarted += 1;
      if (state === 'overdue') s.overdue += 1;
    }
  }
  const counted = s.total - s.cancelled;
  s.meanProgress = counted ? Math.round(progress / counted) : 0;
  return s;
}

/** The status a progress note implies: 100% is done, anything above 0 is under way. */
export function statusFromProgress(progress: number, current: TaskStatus): TaskStatus {
  if (current === 'cancelled') return current;
  if (progress >= 100) return 'done';
  return progress > 0 ? 'in_progress' : current === 'done' ? 'in_progress' : current;
}
