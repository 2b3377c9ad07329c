// A plan's tasks as they are carried out: progress notes with their evidence, cancelling, what each agency
// owes, and the reminders sent when a task passes its deadline.
import type { Kysely } from 'kysely';
import { statusFromProgress, type TaskStatus } from '../../../core/plans/tasks.ts';
import { pickLocale, translator } from '../../../i18n/index.ts';
import type { Database } from '../../db/schema.ts';
import { Refusal, notFound } from '../../platform/refusal.ts';
import { writeAudit } from '../audit/index.ts';
import { todayInVietnam } from '../../platform/clock.ts';
import { requireWrite, type PlanContext } from './access.ts';
import type { ProgressNote, UnitTask } from './contracts.ts';
import { planIssuesError, planTasks, type TaskView } from './store.ts';

export interface ProgressInput {
  notedOn: string;
  progress: number;
  note: string;
  evidence?: string;
}

async function loadTask(db: Kysely<Database>, ctx: PlanContext, taskId: number) {
  const task = await db.selectFrom('plan_task').selectAll().where('id', '=', taskId).executeTakeFirst();
  if (!task || task.unit_id !== ctx.unitId) throw notFound('task', taskId);
  return task;
}

export async function taskProgress(db: Kysely<Database>, ctx: PlanContext, taskId: number): Promise<ProgressNote[]> {
  await loadTask(db, ctx, taskId);
  const rows = await db
    .selectFrom('task_progress as p')
    .leftJoin('app_user as u', 'u.id', 'p.created_by')
    .select(['p.id', 'p.noted_on', 'p.progress', 'p.note', 'p.evidence', 'u.full_name'])
    .where('p.task_id', '=', taskId)
    .orderBy('p.noted_on')
    .orderBy('p.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    notedOn: r.noted_on,
    progress: r.progress,
    note: r.note,
    evidence: r.evidence,
    byName: r.full_name,
  }));
}

/** Records progress on a task; 100% marks it done on that day. Refused on a cancelled task. */
export async function recordProgress(
  db: Kysely<Database>,
  ctx: PlanContext,
  taskId: number,
  input: ProgressInput,
): Promise<TaskView> {
  requireWrite(ctx);
  await db.transaction().execute(async (trx) => {
    const task = await trx.selectFrom('plan_task').selectAll().where('id', '=', taskId).forUpdate().executeTakeFirst();
    if (!task || task.unit_id !== ctx.unitId) throw notFound('task', taskId);
    if (task.status === 'cancelled') throw new Refusal('conflict', 'plans:error.task_cancelled', { id: taskId });
    const issues = [];
    if (!input.note.trim()) issues.push({ field: 'note', key: 'issue.required', params: {} });
    if (input.notedOn > todayInVietnam())
      issues.push({ field: 'notedOn', key: 'issue.in_future', params: { value: input.notedOn } });
    if (!Number.isInteger(input.progress) || input.progress < 0 || input.progress > 100)
      issues.push({ field: 'progress', key: 'issue.progress_range', params: { value: input.progress } });
    if (issues.length) throw planIssuesError(issues);
    await trx
      .insertInto('task_progress')
      .values({
        task_id: taskId,
        unit_id: task.unit_id,
        province_id: task.province_id,
        noted_on: input.notedOn,
        progress: input.progress,
        note: input.note.trim(),
        evidence: input.evidence?.trim() ?? '',
        created_by: ctx.userId,
      })
      .execute();
    const status = statusFromProgress(input.progress, task.status);
    await trx
      .updateTable('plan_task')
      .set({ progress: input.progress, status, done_on: status === 'done' ? (task.done_on ?? input.notedOn) : null })
      .where('id', '=', taskId)
      .execute();
    await writeAudit(trx, {
      userId: ctx.userId,
      action: 'progress',
      entity: 'plan_task',
      entityId: taskId,
      before: { status: task.status, progress: task.progress },
      after: input,
      ip: ctx.ip,
    });
  });
  const task = await loadTask(db, ctx, taskId);
  return (await planTasks(db, { planId: task.plan_id })).find((t) => t.id === taskId)!;
}

/** Cancels or reopens a task (a cancelled task keeps its notes and no longer counts as overdue). */
export async function setTaskStatus(
  db: Kysely<Database>,
  ctx: PlanContext,
  taskId: number,
  status: Extract<TaskStatus, 'cancelled' | 'in_progress' | 'not_started'>,
): Promise<void> {
  requireWrite(ctx);
  await db.transaction().execute(async (trx) => {
    const task = await trx
      .selectFrom('plan_task')
      .select(['id', 'unit_id', 'status', 'progress'])
      .where('id', '=', taskId)
      .forUpdate()
      .executeTakeFirst();
    if (!task || task.unit_id !== ctx.unitId) throw notFound('task', taskId);
    await trx.updateTable('plan_task').set({ status, done_on: null }).where('id', '=', taskId).execute();
    await writeAudit(trx, {
      userId: ctx.userId,
      action: 'status',
      entity: 'plan_task',
      entityId: taskId,
      before: { status: task.status },
      after: { status },
      ip: ctx.ip,
    });
  });
}

/** Every task of the unit's plans, optionally those of one agency: what that agency owes, soonest first. */
export async function unitTasks(db: Kysely<Database>, ctx: PlanContext, agencyId?: number): Promise<UnitTask[]> {
  if (agencyId) {
    const agency = await db.selectFrom('agency').select('unit_id').where('id', '=', agencyId).executeTakeFirst();
    if (!agency || agency.unit_id !== ctx.unitId) throw notFound('agency', agencyId);
  }
  const [tasks, plans] = await Promise.all([
    planTasks(db, { unitId: ctx.unitId, agencyId }),
    db.selectFrom('plan').select(['id', 'title', 'year']).where('unit_id', '=', ctx.unitId).execute(),
  ]);
  const byId = new Map(plans.map((p) => [p.id, p]));
  const rank = { overdue: 0, due_soon: 1, open: 2, done_late: 3, done: 4, cancelled: 5 } as const;
  return tasks
    .map((t) => ({ ...t, planTitle: byId.get(t.planId)?.title ?? '', planYear: byId.get(t.planId)?.year ?? 0 }))
    .sort(
      (a, b) => rank[a.state] - rank[b.state] || (a.dueOn ?? '9999').localeCompare(b.dueOn ?? '9999') || a.id - b.id,
    );
}

/**
 * Tells the unit's officers (commune officer and chairman, or the province officials), once per task, when
 * an open task has passed its deadline.
 */
export async function remindOverdueTasks(db: Kysely<Database>, today: string): Promise<number> {
  const tasks = await db
    .selectFrom('plan_task as t')
    .innerJoin('plan as p', 'p.id', 't.plan_id')
    .select(['t.id', 't.plan_id', 't.unit_id', 't.position', 't.text', 't.due_on', 'p.title'])
    .where('t.status', 'in', ['not_started', 'in_progress'])
    .where('t.due_on', '<', today)
    .where('t.reminded_at', 'is', null)
    .execute();
  let written = 0;
  for (const task of tasks) {
    const users = await db
      .selectFrom('user_role as r')
      .innerJoin('app_user as u', 'u.id', 'r.user_id')
      .select(['u.id', 'u.locale'])
      .where('r.unit_id', '=', task.unit_id)
      .where('r.role', 'in', ['commune_officer', 'commune_chairman', 'province_official'])
      .where('u.disabled', '=', false)
      .execute();
    const link = `/plans/${task.unit_id}/${task.plan_id}#task-${task.id}`;
    await db.transaction().execute(async (trx) => {
      for (const u of users) {
        const t = translator(pickLocale(u.locale));
        const message = t('plans:remind.overdue', {
          position: task.position + 1,
          plan: task.title,
          date: task.due_on!.split('-').reverse().join('/'),
        });
        await trx.insertInto('notification').values({ user_id: u.id, kind: 'task_overdue', message, link }).execute();
        written++;
      }
      await trx.updateTable('plan_task').set({ reminded_at: new Date() }).where('id', '=', task.id).execute();
    });
  }
  return written;
}
