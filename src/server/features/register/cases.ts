// Protection cases: sensitive details only for the case worker and the chairman, intervention-plan
// deadlines in working days (Nghị định 56/2017, Điều 28) and warnings when they pass.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { addWorkingDays, workingCalendar, workingDaysBetween, type HolidayAdjustment, type WorkingCalendar } from '../../../core/calendar/working-days.ts';
import { caseVisibility } from '../../../core/register/privacy.ts';
import {
  checkCase,
  PLAN_APPROVAL_WORKING_DAYS,
  PLAN_CASE_KINDS,
  PLAN_DRAFT_WORKING_DAYS,
  planTimeliness,
  type CaseFields,
  type CaseKind,
} from '../../../core/register/records.ts';
import { pickLocale, translator, type Locale } from '../../../i18n/index.ts';
import { AppError, forbidden, notFound } from '../../http/errors.ts';
import { writeAudit } from '../audit/audit.ts';
import { logReads, type RegisterContext } from './access.ts';
import { recordIssuesError, todayIso } from './children.ts';

let cached: { at: number; calendar: WorkingCalendar } | null = null;

/** The working calendar with the official adjustments stored by the administrator (cached a minute). */
export async function loadCalendar(db: Kysely<Database>): Promise<WorkingCalendar> {
  if (cached && Date.now() - cached.at < 60_000) return cached.calendar;
  const rows = await db.selectFrom('holiday_adjustment').select(['day', 'kind', 'name']).execute();
  const calendar = workingCalendar(rows.map((r): HolidayAdjustment => ({ date: r.day, kind: r.kind, name: r.name })));
  cached = { at: Date.now(), calendar };
  return calendar;
}
export const forgetCalendar = () => {
  cached = null;
};

/** Due dates of a case's plan: drafted 5 working days after the report, approved 2 after the draft. */
export function planDeadlines(calendar: WorkingCalendar, c: Pick<CaseFields, 'kind' | 'reportedOn' | 'planDraftedOn'>) {
  if (!PLAN_CASE_KINDS.includes(c.kind)) return { planDueOn: null, approvalDueOn: null };
  return {
    planDueOn: addWorkingDays(calendar, c.reportedOn, PLAN_DRAFT_WORKING_DAYS),
    approvalDueOn: c.planDraftedOn ? addWorkingDays(calendar, c.planDraftedOn, PLAN_APPROVAL_WORKING_DAYS) : null,
  };
}

type CaseRow = {
  id: number;
  child_id: number;
  kind: string;
  abuse_kind: string | null;
  occurred_on: string;
  reported_on: string;
  emergency: boolean;
  summary: string;
  case_worker_id: number | null;
  plan_due_on: string | null;
  plan_drafted_on: string | null;
  approval_due_on: string | null;
  plan_approved_on: string | null;
  closed_on: string | null;
};

/** The next plan step, its due date, and whether it has passed (working days left, negative when late). */
export function deadlineOf(calendar: WorkingCalendar, c: CaseRow, today: string) {
  if (!PLAN_CASE_KINDS.includes(c.kind as CaseKind) || c.closed_on) return null;
  const step = !c.plan_drafted_on ? 'draft' : !c.plan_approved_on ? 'approve' : null;
  if (!step) return null;
  const dueOn = (step === 'draft' ? c.plan_due_on : c.approval_due_on)!;
  const overdue = today > dueOn;
  const left = overdue ? -workingDaysBetween(calendar, dueOn, today) : workingDaysBetween(calendar, today, dueOn);
  return { step, dueOn, overdue, workingDaysLeft: left };
}

function caseView(ctx: RegisterContext, calendar: WorkingCalendar, c: CaseRow & { child_code?: string; child_name?: string; worker_name?: string | null }, today: string) {
  const visibility = caseVisibility(ctx.access, ctx.viewer.userId, { kind: c.kind as CaseKind, caseWorkerId: c.case_worker_id });
  const base = {
    id: c.id,
    visibility,
    kind: c.kind,
    reportedOn: c.reported_on,
    closedOn: c.closed_on,
    caseWorker: { id: c.case_worker_id, name: c.worker_name ?? null },
    deadline: deadlineOf(calendar, c, today),
    timeliness: planTimeliness({ kind: c.kind as CaseKind, planDueOn: c.plan_due_on, approvalDueOn: c.approval_due_on, planDraftedOn: c.plan_drafted_on, planApprovedOn: c.plan_approved_on }),
  };
  if (visibility !== 'full') return { ...base, child: null, details: null };
  return {
    ...base,
    child: { id: c.child_id, code: c.child_code ?? null, fullName: c.child_name ?? null },
    details: {
      abuseKind: c.abuse_kind,
      occurredOn: c.occurred_on,
      emergency: c.emergency,
      summary: c.summary,
      planDueOn: c.plan_due_on,
      planDraftedOn: c.plan_drafted_on,
      approvalDueOn: c.approval_due_on,
      planApprovedOn: c.plan_approved_on,
    },
  };
}

const caseQuery = (db: Kysely<Database>) =>
  db
    .selectFrom('protection_case as pc')
    .innerJoin('child as c', 'c.id', 'pc.child_id')
    .leftJoin('app_user as w', 'w.id', 'pc.case_worker_id')
    .select([
      'pc.id', 'pc.child_id', 'pc.kind', 'pc.abuse_kind', 'pc.occurred_on', 'pc.reported_on', 'pc.emergency', 'pc.summary', 'pc.case_worker_id',
      'pc.plan_due_on', 'pc.plan_drafted_on', 'pc.approval_due_on', 'pc.plan_approved_on', 'pc.closed_on',
      'c.code as child_code', 'c.full_name as child_name', 'w.full_name as worker_name',
    ]);

/** The commune's cases for the officer and the chairman; collaborators see none. Identities shown are logged. */
export async function listCases(db: Kysely<Database>, ctx: RegisterContext, filter: { open?: boolean }) {
  if (ctx.access === 'collaborator') throw forbidden();
  const calendar = await loadCalendar(db);
  const today = todayIso();
  const rows = await caseQuery(db)
    .where('pc.unit_id', '=', ctx.communeId)
    .$if(filter.open === true, (q) => q.where('pc.closed_on', 'is', null))
    .orderBy('pc.reported_on', 'desc')
    .orderBy('pc.id', 'desc')
    .limit(500)
    .execute();
  const views = rows.map((r) => caseView(ctx, calendar, r, today));
  await logReads(db, ctx, 'list', views.filter((v) => v.child).map((v) => ({ childId: v.child!.id, caseId: v.id, fields: ['cases'] })));
  return views;
}

async function loadCase(db: Kysely<Database>, ctx: RegisterContext, caseId: number) {
  if (ctx.access === 'collaborator') throw forbidden();
  const row = await caseQuery(db).where('pc.id', '=', caseId).where('pc.unit_id', '=', ctx.communeId).executeTakeFirst();
  if (!row) throw notFound('case', caseId);
  return row;
}

export async function readCase(db: Kysely<Database>, ctx: RegisterContext, caseId: number) {
  const row = await loadCase(db, ctx, caseId);
  const view = caseView(ctx, await loadCalendar(db), row, todayIso());
  await logReads(db, ctx, 'case_view', [{ childId: view.child ? row.child_id : null, caseId, fields: view.visibility === 'full' ? ['identity', 'cases'] : ['case_restricted'] }]);
  return view;
}

/** The commune officers a case may be given to. */
async function isCommuneOfficer(db: Kysely<Database>, communeId: number, userId: number) {
  const row = await db.selectFrom('user_role').select('id').where('user_id', '=', userId).where('unit_id', '=', communeId).where('role', 'in', ['commune_officer', 'commune_chairman']).executeTakeFirst();
  return !!row;
}

/** Opens a case (officer or chairman). The officer who opens it handles it unless the chairman names another. */
export async function createCase(db: Kysely<Database>, ctx: RegisterContext, body: { childId: number; caseWorkerId?: number | null } & Record<string, unknown>, locale: Locale) {
  if (ctx.access !== 'officer' && ctx.access !== 'chairman') throw forbidden();
  const child = await db.selectFrom('child').select(['id', 'birth_date']).where('id', '=', body.childId).where('unit_id', '=', ctx.communeId).executeTakeFirst();
  if (!child) throw notFound('child', body.childId);
  const checked = checkCase(body, { birthDate: child.birth_date }, todayIso());
  if (!checked.ok) throw recordIssuesError(checked.issues, locale);
  const f = checked.value;
  if (f.planApprovedOn) throw new AppError(403, 'register:error.approve_by_chairman');
  const workerId = body.caseWorkerId ?? (ctx.access === 'officer' ? ctx.viewer.userId : null);
  if (workerId !== null && workerId !== ctx.viewer.userId && ctx.access !== 'chairman') throw new AppError(403, 'register:error.assign_by_chairman');
  if (workerId !== null && !(await isCommuneOfficer(db, ctx.communeId, workerId))) throw recordIssuesError([{ field: 'caseWorkerId', value: workerId, code: 'not_commune_officer' }], locale);
  const deadlines = planDeadlines(await loadCalendar(db), f);
  return db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('protection_case')
      .values({
        child_id: child.id, unit_id: ctx.communeId, province_id: ctx.provinceId, kind: f.kind, abuse_kind: f.abuseKind, occurred_on: f.occurredOn, reported_on: f.reportedOn,
        emergency: f.emergency, summary: f.summary, case_worker_id: workerId, plan_due_on: deadlines.planDueOn, plan_drafted_on: f.planDraftedOn,
        approval_due_on: deadlines.approvalDueOn, closed_on: f.closedOn, created_by: ctx.viewer.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (f.kind === 'death') await trx.updateTable('child').set({ died_on: sql<string>`coalesce(died_on, ${f.occurredOn}::date)` }).where('id', '=', child.id).execute();
    await writeAudit(trx, { userId: ctx.viewer.userId, action: 'create_case', entity: 'protection_case', entityId: id, after: { kind: f.kind }, ip: ctx.ip });
    return id;
  });
}

/** Edits a case (its worker or the chairman); approval is the chairman's alone, through approvePlan. */
export async function updateCase(db: Kysely<Database>, ctx: RegisterContext, caseId: number, body: Record<string, unknown>, locale: Locale) {
  const row = await loadCase(db, ctx, caseId);
  if (caseVisibility(ctx.access, ctx.viewer.userId, { kind: row.kind as CaseKind, caseWorkerId: row.case_worker_id }) !== 'full') throw forbidden();
  if (ctx.access !== 'chairman' && row.case_worker_id !== ctx.viewer.userId) throw forbidden();
  const child = await db.selectFrom('child').select(['birth_date']).where('id', '=', row.child_id).executeTakeFirstOrThrow();
  const merged = { kind: row.kind, abuseKind: row.abuse_kind, occurredOn: row.occurred_on, reportedOn: row.reported_on, emergency: row.emergency, summary: row.summary, planDraftedOn: row.plan_drafted_on, planApprovedOn: row.plan_approved_on, closedOn: row.closed_on, ...body };
  const checked = checkCase(merged, { birthDate: child.birth_date }, todayIso());
  if (!checked.ok) throw recordIssuesError(checked.issues, locale);
  const f = checked.value;
  if (f.planApprovedOn !== row.plan_approved_on) throw new AppError(403, 'register:error.approve_by_chairman');
  let workerId = row.case_worker_id;
  if (body.caseWorkerId !== undefined && body.caseWorkerId !== row.case_worker_id) {
    if (ctx.access !== 'chairman') throw new AppError(403, 'register:error.assign_by_chairman');
    workerId = body.caseWorkerId as number | null;
    if (workerId !== null && !(await isCommuneOfficer(db, ctx.communeId, workerId))) throw recordIssuesError([{ field: 'caseWorkerId', value: workerId, code: 'not_commune_officer' }], locale);
  }
  const deadlines = planDeadlines(await loadCalendar(db), f);
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('protection_case')
      .set({
        kind: f.kind, abuse_kind: f.abuseKind, occurred_on: f.occurredOn, reported_on: f.reportedOn, emergency: f.emergency, summary: f.summary, case_worker_id: workerId,
        plan_due_on: deadlines.planDueOn, plan_drafted_on: f.planDraftedOn, approval_due_on: deadlines.approvalDueOn, closed_on: f.closedOn, updated_at: sql<Date>`now()`,
      })
      .where('id', '=', caseId)
      .execute();
    await writeAudit(trx, { userId: ctx.viewer.userId, action: 'update_case', entity: 'protection_case', entityId: caseId, after: { fields: Object.keys(body) }, ip: ctx.ip });
  });
}

/** The chairman approves the intervention plan on a date (after the draft, not in the future). */
export async function approvePlan(db: Kysely<Database>, ctx: RegisterContext, caseId: number, approvedOn: string, locale: Locale) {
  if (ctx.access !== 'chairman') throw new AppError(403, 'register:error.approve_by_chairman');
  const row = await loadCase(db, ctx, caseId);
  if (!row.plan_drafted_on) throw new AppError(409, 'register:error.no_plan_yet');
  const child = await db.selectFrom('child').select(['birth_date']).where('id', '=', row.child_id).executeTakeFirstOrThrow();
  const checked = checkCase({ kind: row.kind, abuseKind: row.abuse_kind, occurredOn: row.occurred_on, reportedOn: row.reported_on, planDraftedOn: row.plan_drafted_on, planApprovedOn: approvedOn, closedOn: row.closed_on }, { birthDate: child.birth_date }, todayIso());
  if (!checked.ok) throw recordIssuesError(checked.issues, locale);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('protection_case').set({ plan_approved_on: approvedOn, plan_approved_by: ctx.viewer.userId, updated_at: sql<Date>`now()` }).where('id', '=', caseId).execute();
    await writeAudit(trx, { userId: ctx.viewer.userId, action: 'approve_intervention_plan', entity: 'protection_case', entityId: caseId, after: { approvedOn }, ip: ctx.ip });
  });
}

/**
 * Tells the case worker and the commune chairman, once per case and step, when a plan step is due
 * within a working day or has passed. The message names the case number, never the child.
 */
export async function remindCasePlans(db: Kysely<Database>, today: string): Promise<number> {
  const calendar = await loadCalendar(db);
  const cases = await db
    .selectFrom('protection_case')
    .select(['id', 'unit_id', 'child_id', 'kind', 'abuse_kind', 'occurred_on', 'reported_on', 'emergency', 'summary', 'case_worker_id', 'plan_due_on', 'plan_drafted_on', 'approval_due_on', 'plan_approved_on', 'closed_on'])
    .where('kind', 'in', [...PLAN_CASE_KINDS])
    .where('closed_on', 'is', null)
    .where('plan_approved_on', 'is', null)
    .execute();
  let written = 0;
  for (const c of cases) {
    const deadline = deadlineOf(calendar, c, today);
    if (!deadline || deadline.workingDaysLeft > 1) continue;
    const link = `/register/${c.unit_id}/cases/${c.id}?step=${deadline.step}`;
    const chairmen = await db.selectFrom('user_role').select('user_id').where('role', '=', 'commune_chairman').where('unit_id', '=', c.unit_id).execute();
    const to = [...new Set([c.case_worker_id, ...chairmen.map((r) => r.user_id)].filter((id): id is number => id !== null))];
    for (const userId of to) {
      const already = await db.selectFrom('notification').select('id').where('user_id', '=', userId).where('kind', '=', 'case_plan').where('link', '=', link).executeTakeFirst();
      if (already) continue;
      const user = await db.selectFrom('app_user').select('locale').where('id', '=', userId).executeTakeFirstOrThrow();
      const t = translator(pickLocale(user.locale));
      const message = t(deadline.overdue ? 'register:remind.overdue' : 'register:remind.due', { id: c.id, step: t(`register:step.${deadline.step}`), date: deadline.dueOn.split('-').reverse().join('/') });
      await db.insertInto('notification').values({ user_id: userId, kind: 'case_plan', message, link }).execute();
      written++;
    }
  }
  return written;
}
