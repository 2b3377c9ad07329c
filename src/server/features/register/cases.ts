// Protection cases: sensitive details only for the case worker and the chairman, intervention-plan
// deadlines in working days (Nghị định 56/2017, Điều 28) and warnings when they pass.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import {
  addWorkingDays,
  workingCalendar,
  type HolidayAdjustment,
  type WorkingCalendar,
} from '../../../core/calendar/working-days.ts';
import { dueStatus, type DueStatus } from '../../../core/calendar/deadline.ts';
import { byVi } from '../../../core/collation.ts';
import { caseGroup, caseShown, grantedGroups, isSensitiveCase, type FieldGroup } from '../../../core/privacy/policy.ts';
import {
  CAUSE_CASE_KINDS,
  checkCase,
  PLAN_APPROVAL_WORKING_DAYS,
  PLAN_CASE_KINDS,
  PLAN_DRAFT_WORKING_DAYS,
  planTimeliness,
  type CaseFields,
  type CaseKind,
} from '../../../core/register/records.ts';
import { pickLocale, translator } from '../../../i18n/index.ts';
import { Refusal, forbidden } from '../../platform/refusal.ts';
import { writeAudit } from '../audit/index.ts';
import { deniedRead, isCommuneStaff, logReads, type RegisterContext } from './access.ts';
import { caseFactsByChild, recordIssuesError, subjectOf } from './children.ts';
import { todayInVietnam } from '../../platform/clock.ts';

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
  cause: string | null;
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

/**
 * The next plan step and where its due date stands on `today`, counted in working days (the shared
 * DueStatus: a Sunday after a Friday deadline is overdue by 0 working days, said with its date, never "0").
 */
export function deadlineOf(
  calendar: WorkingCalendar,
  c: Pick<CaseRow, 'kind' | 'closed_on' | 'plan_drafted_on' | 'plan_approved_on' | 'plan_due_on' | 'approval_due_on'>,
  today: string,
): ({ step: 'draft' | 'approve' } & DueStatus) | null {
  if (!PLAN_CASE_KINDS.includes(c.kind as CaseKind) || c.closed_on) return null;
  const step: 'draft' | 'approve' | null = !c.plan_drafted_on ? 'draft' : !c.plan_approved_on ? 'approve' : null;
  if (!step) return null;
  const dueOn = step === 'draft' ? c.plan_due_on : c.approval_due_on;
  if (!dueOn) return null;
  return { step, ...dueStatus(dueOn, today, calendar) };
}

/** A case as its viewer sees it: only cases the policy shows get here, so every one is whole. */
function caseView(calendar: WorkingCalendar, c: CaseQueryRow, today: string) {
  return {
    id: c.id,
    kind: c.kind,
    reportedOn: c.reported_on,
    closedOn: c.closed_on,
    caseWorker: { id: c.case_worker_id, name: c.worker_name ?? null },
    /** Who assigned the worker and when; null while nobody has (a sensitive case then waits for the chairman). */
    assignment: c.assigned_by
      ? { by: c.assigner_name ?? null, at: c.assigned_at ? new Date(c.assigned_at).toISOString() : null }
      : null,
    deadline: deadlineOf(calendar, c, today),
    timeliness: planTimeliness({
      kind: c.kind as CaseKind,
      planDueOn: c.plan_due_on,
      approvalDueOn: c.approval_due_on,
      planDraftedOn: c.plan_drafted_on,
      planApprovedOn: c.plan_approved_on,
    }),
    child: { id: c.child_id, code: c.child_code, fullName: c.child_name },
    details: {
      abuseKind: c.abuse_kind,
      cause: c.cause,
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
export type CaseView = ReturnType<typeof caseView>;

const caseQuery = (db: Kysely<Database>) =>
  db
    .selectFrom('protection_case as pc')
    .innerJoin('child as c', 'c.id', 'pc.child_id')
    .leftJoin('app_user as w', 'w.id', 'pc.case_worker_id')
    .leftJoin('app_user as a', 'a.id', 'pc.assigned_by')
    .select([
      'pc.id',
      'pc.child_id',
      'pc.kind',
      'pc.abuse_kind',
      'pc.cause',
      'pc.occurred_on',
      'pc.reported_on',
      'pc.emergency',
      'pc.summary',
      'pc.case_worker_id',
      'pc.assigned_by',
      'pc.assigned_at',
      'pc.plan_due_on',
      'pc.plan_drafted_on',
      'pc.approval_due_on',
      'pc.plan_approved_on',
      'pc.closed_on',
      'c.code as child_code',
      'c.full_name as child_name',
      'c.village_id',
      'c.birth_date',
      'w.full_name as worker_name',
      'a.full_name as assigner_name',
    ]);
type CaseQueryRow = Awaited<ReturnType<ReturnType<typeof caseQuery>['executeTakeFirstOrThrow']>>;

/** A case the policy shows, with the field group it is shown under (for the access log). */
interface ShownCase {
  row: CaseQueryRow;
  group: FieldGroup;
}

/** Keeps the cases the policy shows this viewer; the others leave no trace in the answer. */
async function shownCases(db: Kysely<Database>, ctx: RegisterContext, rows: CaseQueryRow[]): Promise<ShownCase[]> {
  const facts = await caseFactsByChild(db, [...new Set(rows.map((r) => r.child_id))]);
  return rows.flatMap((row) => {
    const granted = grantedGroups(ctx.viewer, subjectOf(ctx, row, facts.get(row.child_id) ?? []));
    return caseShown(ctx.viewer, granted, {
      id: row.id,
      kind: row.kind,
      caseWorkerId: row.case_worker_id,
      assignedBy: row.assigned_by,
    })
      ? [{ row, group: caseGroup(granted, row.kind) }]
      : [];
  });
}

/** The commune's cases the viewer may see (officer, chairman; collaborators none). Identities shown are logged. */
export async function listCases(db: Kysely<Database>, ctx: RegisterContext, filter: { open?: boolean }) {
  if (!isCommuneStaff(ctx)) throw forbidden();
  const calendar = await loadCalendar(db);
  const today = todayInVietnam();
  const rows = await caseQuery(db)
    .where('pc.unit_id', '=', ctx.communeId)
    .$if(filter.open === true, (q) => q.where('pc.closed_on', 'is', null))
    .orderBy('pc.reported_on', 'desc')
    .orderBy('pc.id', 'desc')
    .limit(2000)
    .execute();
  const shown = (await shownCases(db, ctx, rows)).slice(0, 500);
  await logReads(
    db,
    ctx,
    'list',
    shown.map(({ row, group }) => ({ childId: row.child_id, caseId: row.id, fields: ['identity', group] })),
  );
  return shown.map(({ row }) => caseView(calendar, row, today));
}

/** A case the viewer may see; any other id, existing or not, is answered as not found (and the refusal logged). */
async function loadCase(db: Kysely<Database>, ctx: RegisterContext, caseId: number): Promise<ShownCase> {
  if (!isCommuneStaff(ctx)) throw forbidden();
  const row = await caseQuery(db)
    .where('pc.id', '=', caseId)
    .where('pc.unit_id', '=', ctx.communeId)
    .executeTakeFirst();
  if (!row) return deniedRead(db, ctx, 'case', caseId);
  const [shown] = await shownCases(db, ctx, [row]);
  return shown ?? deniedRead(db, ctx, 'case', caseId, { childId: row.child_id, caseId });
}

/** A shown case as its view, the read logged with the group it was shown under. */
async function viewCase(db: Kysely<Database>, ctx: RegisterContext, { row, group }: ShownCase) {
  const view = caseView(await loadCalendar(db), row, todayInVietnam());
  await logReads(db, ctx, 'case_view', [{ childId: row.child_id, caseId: row.id, fields: ['identity', group] }]);
  return view;
}

export async function readCase(db: Kysely<Database>, ctx: RegisterContext, caseId: number) {
  return viewCase(db, ctx, await loadCase(db, ctx, caseId));
}

/** The case as the viewer may now see it, or null when a change (a kind made sensitive, a worker moved) took it out of their sight. */
async function caseAfterWrite(db: Kysely<Database>, ctx: RegisterContext, caseId: number): Promise<CaseView | null> {
  const [shown] = await shownCases(db, ctx, [
    await caseQuery(db).where('pc.id', '=', caseId).executeTakeFirstOrThrow(),
  ]);
  return shown ? viewCase(db, ctx, shown) : null;
}

/** The officers and chairmen a case may be assigned to (the chairman's list), in Vietnamese name order. */
export async function caseWorkers(db: Kysely<Database>, ctx: RegisterContext) {
  if (ctx.access !== 'chairman') throw new Refusal('forbidden', 'register:error.assign_by_chairman');
  const rows = await db
    .selectFrom('user_role as r')
    .innerJoin('app_user as u', 'u.id', 'r.user_id')
    .select(['u.id', 'u.full_name'])
    .distinct()
    .where('r.unit_id', '=', ctx.communeId)
    .where('r.role', 'in', ['commune_officer', 'commune_chairman'])
    .where('u.disabled', '=', false)
    .execute();
  return rows.map((r) => ({ id: r.id, fullName: r.full_name })).sort(byVi((r) => r.fullName));
}

/** The commune officers a case may be given to. */
async function isCommuneOfficer(db: Kysely<Database>, communeId: number, userId: number) {
  const row = await db
    .selectFrom('user_role')
    .select('id')
    .where('user_id', '=', userId)
    .where('unit_id', '=', communeId)
    .where('role', 'in', ['commune_officer', 'commune_chairman'])
    .executeTakeFirst();
  return !!row;
}

/** Tells the commune's chairmen that a sensitive case waits for a worker (the message names the case number, never the child). */
async function askChairmanToAssign(db: Kysely<Database>, ctx: RegisterContext, caseId: number) {
  const chairmen = await db
    .selectFrom('user_role as r')
    .innerJoin('app_user as u', 'u.id', 'r.user_id')
    .select(['u.id', 'u.locale'])
    .where('r.role', '=', 'commune_chairman')
    .where('r.unit_id', '=', ctx.communeId)
    .execute();
  for (const c of chairmen) {
    const message = translator(pickLocale(c.locale))('register:remind.unassigned', { id: caseId });
    await db
      .insertInto('notification')
      .values({
        user_id: c.id,
        kind: 'case_plan',
        message,
        link: `/register/${ctx.communeId}/cases/${caseId}?step=assign`,
      })
      .execute();
  }
}

/**
 * Opens a case (officer or chairman). Only the chairman assigns a worker; an officer who opens a case of
 * a kind that is not sensitive is its worker of record, but that grants nothing beyond what every
 * officer sees. A sensitive case an officer opens waits for the chairman, who is told at once.
 */
export async function createCase(
  db: Kysely<Database>,
  ctx: RegisterContext,
  body: { childId: number; caseWorkerId?: number | null } & Record<string, unknown>,
) {
  if (!isCommuneStaff(ctx)) throw forbidden();
  const child = await db
    .selectFrom('child')
    .select(['id', 'birth_date', 'village_id'])
    .where('id', '=', body.childId)
    .where('unit_id', '=', ctx.communeId)
    .executeTakeFirst();
  if (!child) return deniedRead(db, ctx, 'child', body.childId);
  const checked = checkCase(body, { birthDate: child.birth_date }, todayInVietnam());
  if (!checked.ok) throw recordIssuesError(checked.issues);
  const f = checked.value;
  if (f.planApprovedOn) throw new Refusal('forbidden', 'register:error.approve_by_chairman');
  if (body.caseWorkerId != null && ctx.access !== 'chairman')
    throw new Refusal('forbidden', 'register:error.assign_by_chairman');
  const assigned = ctx.access === 'chairman' && body.caseWorkerId != null ? body.caseWorkerId : null;
  if (assigned !== null && !(await isCommuneOfficer(db, ctx.communeId, assigned)))
    throw recordIssuesError([{ field: 'caseWorkerId', value: assigned, code: 'not_commune_officer' }]);
  const workerId = assigned ?? (ctx.access === 'officer' && !isSensitiveCase(f.kind) ? ctx.viewer.userId : null);
  const deadlines = planDeadlines(await loadCalendar(db), f);
  const id = await db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('protection_case')
      .values({
        child_id: child.id,
        unit_id: ctx.communeId,
        province_id: ctx.provinceId,
        kind: f.kind,
        abuse_kind: f.abuseKind,
        cause: f.cause,
        occurred_on: f.occurredOn,
        reported_on: f.reportedOn,
        emergency: f.emergency,
        summary: f.summary,
        case_worker_id: workerId,
        assigned_by: assigned !== null ? ctx.viewer.userId : null,
        assigned_at: assigned !== null ? new Date() : null,
        plan_due_on: deadlines.planDueOn,
        plan_drafted_on: f.planDraftedOn,
        approval_due_on: deadlines.approvalDueOn,
        closed_on: f.closedOn,
        created_by: ctx.viewer.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (f.kind === 'death')
      await trx
        .updateTable('child')
        .set({ died_on: sql<string>`coalesce(died_on, ${f.occurredOn}::date)` })
        .where('id', '=', child.id)
        .execute();
    await writeAudit(trx, {
      userId: ctx.viewer.userId,
      action: 'create_case',
      entity: 'protection_case',
      entityId: id,
      after: { kind: f.kind, cause: f.cause, caseWorkerId: workerId, assigned: assigned !== null },
      ip: ctx.ip,
    });
    if (isSensitiveCase(f.kind) && workerId === null && ctx.access !== 'chairman')
      await askChairmanToAssign(trx, ctx, id);
    return id;
  });
  return { id, case: await caseAfterWrite(db, ctx, id) };
}

/** Edits a case (its worker or the chairman); assigning the worker is the chairman's alone, approval too (approvePlan). */
export async function updateCase(
  db: Kysely<Database>,
  ctx: RegisterContext,
  caseId: number,
  body: Record<string, unknown>,
) {
  const { row } = await loadCase(db, ctx, caseId);
  if (ctx.access !== 'chairman' && row.case_worker_id !== ctx.viewer.userId) throw forbidden();
  const merged = {
    kind: row.kind,
    abuseKind: row.abuse_kind,
    // A case changed to a kind without causes drops its cause, rather than being refused for it.
    cause: body.kind !== undefined && !CAUSE_CASE_KINDS.includes(body.kind as CaseKind) ? null : row.cause,
    occurredOn: row.occurred_on,
    reportedOn: row.reported_on,
    emergency: row.emergency,
    summary: row.summary,
    planDraftedOn: row.plan_drafted_on,
    planApprovedOn: row.plan_approved_on,
    closedOn: row.closed_on,
    ...body,
  };
  // An injury or death recorded before causes existed may be edited without one until its kind or cause is touched.
  const causeOptional = row.cause === null && body.kind === undefined && body.cause === undefined;
  const checked = checkCase(merged, { birthDate: row.birth_date }, todayInVietnam(), { causeOptional });
  if (!checked.ok) throw recordIssuesError(checked.issues);
  const f = checked.value;
  if (f.planApprovedOn !== row.plan_approved_on) throw new Refusal('forbidden', 'register:error.approve_by_chairman');
  let assignment: { case_worker_id: number | null; assigned_by: number | null; assigned_at: Date | null } | null = null;
  if (body.caseWorkerId !== undefined && body.caseWorkerId !== row.case_worker_id) {
    if (ctx.access !== 'chairman') throw new Refusal('forbidden', 'register:error.assign_by_chairman');
    const workerId = body.caseWorkerId as number | null;
    if (workerId !== null && !(await isCommuneOfficer(db, ctx.communeId, workerId)))
      throw recordIssuesError([{ field: 'caseWorkerId', value: workerId, code: 'not_commune_officer' }]);
    assignment = {
      case_worker_id: workerId,
      assigned_by: workerId === null ? null : ctx.viewer.userId,
      assigned_at: workerId === null ? null : new Date(),
    };
  }
  const deadlines = planDeadlines(await loadCalendar(db), f);
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('protection_case')
      .set({
        kind: f.kind,
        abuse_kind: f.abuseKind,
        cause: f.cause,
        occurred_on: f.occurredOn,
        reported_on: f.reportedOn,
        emergency: f.emergency,
        summary: f.summary,
        ...(assignment ?? {}),
        plan_due_on: deadlines.planDueOn,
        plan_drafted_on: f.planDraftedOn,
        approval_due_on: deadlines.approvalDueOn,
        closed_on: f.closedOn,
        updated_at: sql<Date>`now()`,
      })
      .where('id', '=', caseId)
      .execute();
    await writeAudit(trx, {
      userId: ctx.viewer.userId,
      action: assignment ? 'assign_case' : 'update_case',
      entity: 'protection_case',
      entityId: caseId,
      after: { fields: Object.keys(body), ...(assignment ? { caseWorkerId: assignment.case_worker_id } : {}) },
      ip: ctx.ip,
    });
  });
  return { id: caseId, case: await caseAfterWrite(db, ctx, caseId) };
}

/** The chairman approves the intervention plan on a date (after the draft, not in the future); answers the case as now seen. */
export async function approvePlan(db: Kysely<Database>, ctx: RegisterContext, caseId: number, approvedOn: string) {
  if (ctx.access !== 'chairman') throw new Refusal('forbidden', 'register:error.approve_by_chairman');
  const { row } = await loadCase(db, ctx, caseId);
  if (!row.plan_drafted_on) throw new Refusal('conflict', 'register:error.no_plan_yet');
  const checked = checkCase(
    {
      kind: row.kind,
      abuseKind: row.abuse_kind,
      occurredOn: row.occurred_on,
      reportedOn: row.reported_on,
      planDraftedOn: row.plan_drafted_on,
      planApprovedOn: approvedOn,
      closedOn: row.closed_on,
    },
    { birthDate: row.birth_date },
    todayInVietnam(),
  );
  if (!checked.ok) throw recordIssuesError(checked.issues);
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('protection_case')
      .set({ plan_approved_on: approvedOn, plan_approved_by: ctx.viewer.userId, updated_at: sql<Date>`now()` })
      .where('id', '=', caseId)
      .execute();
    await writeAudit(trx, {
      userId: ctx.viewer.userId,
      action: 'approve_intervention_plan',
      entity: 'protection_case',
      entityId: caseId,
      after: { approvedOn },
      ip: ctx.ip,
    });
  });
  return readCase(db, ctx, caseId);
}

/**
 * Tells the case worker and the commune chairman, once per case and step, when a plan step is due
 * within a working day or has passed. The message names the case number, never the child.
 */
export async function remindCasePlans(db: Kysely<Database>, today: string): Promise<number> {
  const calendar = await loadCalendar(db);
  const cases = await db
    .selectFrom('protection_case')
    .select([
      'id',
      'unit_id',
      'child_id',
      'kind',
      'abuse_kind',
      'occurred_on',
      'reported_on',
      'emergency',
      'summary',
      'case_worker_id',
      'plan_due_on',
      'plan_drafted_on',
      'approval_due_on',
      'plan_approved_on',
      'closed_on',
    ])
    .where('kind', 'in', [...PLAN_CASE_KINDS])
    .where('closed_on', 'is', null)
    .where('plan_approved_on', 'is', null)
    .execute();
  let written = 0;
  for (const c of cases) {
    const deadline = deadlineOf(calendar, c, today);
    // Due within a working day (or today), or already passed.
    if (!deadline || (deadline.state === 'upcoming' && deadline.days > 1)) continue;
    const link = `/register/${c.unit_id}/cases/${c.id}?step=${deadline.step}`;
    const chairmen = await db
      .selectFrom('user_role')
      .select('user_id')
      .where('role', '=', 'commune_chairman')
      .where('unit_id', '=', c.unit_id)
      .execute();
    const to = [
      ...new Set([c.case_worker_id, ...chairmen.map((r) => r.user_id)].filter((id): id is number => id !== null)),
    ];
    for (const userId of to) {
      const already = await db
        .selectFrom('notification')
        .select('id')
        .where('user_id', '=', userId)
        .where('kind', '=', 'case_plan')
        .where('link', '=', link)
        .executeTakeFirst();
      if (already) continue;
      const user = await db.selectFrom('app_user').select('locale').where('id', '=', userId).executeTakeFirstOrThrow();
      const t = translator(pickLocale(user.locale));
      const message = t(deadline.state === 'overdue' ? 'register:remind.overdue' : 'register:remind.due', {
        id: c.id,
        step: t(`register:step.${deadline.step}`),
        date: deadline.dueOn.split('-').reverse().join('/'),
      });
      await db.insertInto('notification').values({ user_id: userId, kind: 'case_plan', message, link }).execute();
      written++;
    }
  }
  return written;
}
