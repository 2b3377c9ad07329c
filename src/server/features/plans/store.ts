// Plans (Kế hoạch) of a commune or province: agencies, the plan's sections, targets linked to measured
// indicators, tasks assigned to agencies, assignments per agency, and issuing. Every save is one
// transaction; a refusal names the field and the value, and stores nothing.
import type { Kysely, Selectable, Transaction } from 'kysely';
import {
  AGENCY_KINDS,
  checkIssue,
  checkPlan,
  inheritFrom,
  planInput,
  type AgencyKind,
  type InheritNotes,
  type PlanInput,
  type PlanIssue,
} from '../../../core/plans/plan.ts';
import { indicatorDef } from '../../../core/plans/indicators.ts';
import { issueProblems, type IssuablePlan } from '../../../core/plans/issue.ts';
import { taskState } from '../../../core/plans/tasks.ts';
import { occurrencesOf } from '../../../core/plans/recurrence.ts';
import { budgetTotals } from '../../../core/plans/budget.ts';
import type { Database } from '../../db/schema.ts';
import { notFound, phrase, Refusal, rowField } from '../../platform/refusal.ts';
import { writeAudit } from '../audit/index.ts';
import { todayInVietnam } from '../../platform/clock.ts';
import { requireWrite, type PlanContext } from './access.ts';
import { measuredData, measuredTarget, statisticsOfYear } from './measures.ts';
import type { PlanAgency, PlanSummary, PlanTarget, PlanTask, PlanView } from './contracts.ts';

export type Db = Kysely<Database> | Transaction<Database>;

/** A value as the officer reads it: dates dd/mm/yyyy. */
const shown = (value: unknown) =>
  typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value.split('-').reverse().join('/') : (value ?? '');

/** A unit's name inside a sentence: 'của UBND tỉnh Thái Nguyên', not 'Tỉnh'. */
const inSentence = (name: string) =>
  name.replace(/^(Xã|Phường|Tỉnh|Thành phố|Đặc khu|Thị trấn)(?=\s)/u, (kind) => kind.toLocaleLowerCase('vi'));

/** Issues as the API's 400: each names the field (translated, with its row) and the value. */
export function planIssuesError(issues: PlanIssue[], key = 'plans:error.invalid'): Refusal {
  const label = (field: string) => {
    const parts = field.split('.');
    const own = phrase(`plans:field.${parts[parts.length - 1]}`);
    return parts.length === 3 ? rowField(phrase(`plans:field.${parts[0]}`), Number(parts[1]), own) : own;
  };
  const params = (p: Record<string, unknown>) => Object.fromEntries(Object.entries(p).map(([k, v]) => [k, shown(v)]));
  return new Refusal(
    'invalid',
    key,
    { count: issues.length },
    issues.map((i) => ({
      field: i.field,
      value: (i.params.value as unknown) ?? null,
      message: phrase(`plans:${i.key}`, { ...params(i.params), field: label(i.field) }),
    })),
  );
}

// ---------------------------------------------------------------- agencies

export type AgencyView = PlanAgency;

/** The agencies most commune and province plans assign work to; a unit starts from these and edits them. */
export const DEFAULT_AGENCIES: Record<'commune' | 'province', Array<{ kind: AgencyKind; name: string }>> = {
  commune: [
    { kind: 'officer', name: 'Công chức Văn hóa - Xã hội' },
    { kind: 'finance', name: 'Công chức Tài chính - Kế toán' },
    { kind: 'health', name: 'Trạm Y tế xã' },
    { kind: 'school', name: 'Các trường Mầm non, Tiểu học, THCS' },
    { kind: 'police', name: 'Công an xã' },
    { kind: 'youth_union', name: 'Đoàn Thanh niên xã' },
    { kind: 'women_union', name: 'Hội Liên hiệp Phụ nữ xã' },
    { kind: 'fatherland_front', name: 'Ủy ban Mặt trận Tổ quốc Việt Nam xã' },
    { kind: 'village_head', name: 'Trưởng thôn, tổ trưởng tổ dân phố' },
  ],
  province: [
    { kind: 'department', name: 'Sở Y tế' },
    { kind: 'department', name: 'Sở Giáo dục và Đào tạo' },
    { kind: 'department', name: 'Sở Tài chính' },
    { kind: 'department', name: 'Sở Văn hóa, Thể thao và Du lịch' },
    { kind: 'police', name: 'Công an tỉnh' },
    { kind: 'youth_union', name: 'Tỉnh đoàn' },
    { kind: 'women_union', name: 'Hội Liên hiệp Phụ nữ tỉnh' },
    { kind: 'fatherland_front', name: 'Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh' },
    { kind: 'other', name: 'UBND các xã, phường' },
  ],
};

export async function listAgencies(db: Db, ctx: PlanContext): Promise<AgencyView[]> {
  return db
    .selectFrom('agency')
    .select(['id', 'kind', 'name', 'active'])
    .where('unit_id', '=', ctx.unitId)
    .orderBy('active', 'desc')
    .orderBy('id')
    .execute();
}

/** Adds the usual agencies the unit does not have yet (by name); returns the unit's list. */
export async function addDefaultAgencies(db: Kysely<Database>, ctx: PlanContext): Promise<AgencyView[]> {
  requireWrite(ctx);
  await db
    .insertInto('agency')
    .values(
      DEFAULT_AGENCIES[ctx.level].map((a) => ({
        unit_id: ctx.unitId,
        province_id: ctx.provinceId,
        kind: a.kind,
        name: a.name,
      })),
    )
    .onConflict((oc) => oc.columns(['unit_id', 'name']).doNothing())
    .execute();
  return listAgencies(db, ctx);
}

export async function saveAgency(
  db: Kysely<Database>,
  ctx: PlanContext,
  input: { id?: number; kind: AgencyKind; name: string; active?: boolean },
): Promise<AgencyView> {
  requireWrite(ctx);
  const name = input.name.trim().replace(/\s+/gu, ' ');
  if (!name) throw planIssuesError([{ field: 'name', key: 'issue.required', params: {} }]);
  if (!AGENCY_KINDS.includes(input.kind))
    throw planIssuesError([{ field: 'kind', key: 'issue.unknown_kind', params: { value: input.kind } }]);
  return db.transaction().execute(async (trx) => {
    const clash = await trx
      .selectFrom('agency')
      .select('id')
      .where('unit_id', '=', ctx.unitId)
      .where('name', '=', name)
      .executeTakeFirst();
    if (clash && clash.id !== input.id)
      throw planIssuesError([{ field: 'name', key: 'issue.duplicate_agency_name', params: { value: name } }]);
    let id = input.id;
    if (id) {
      const res = await trx
        .updateTable('agency')
        .set({ kind: input.kind, name, active: input.active ?? true })
        .where('id', '=', id)
        .where('unit_id', '=', ctx.unitId)
        .executeTakeFirst();
      if (!res.numUpdatedRows) throw notFound('agency', id);
    } else {
      id = (
        await trx
          .insertInto('agency')
          .values({
            unit_id: ctx.unitId,
            province_id: ctx.provinceId,
            kind: input.kind,
            name,
            active: input.active ?? true,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    }
    await writeAudit(trx, {
      userId: ctx.userId,
      action: input.id ? 'update' : 'create',
      entity: 'agency',
      entityId: id,
      after: { kind: input.kind, name },
      ip: ctx.ip,
    });
    return { id, kind: input.kind, name, active: input.active ?? true };
  });
}

// ---------------------------------------------------------------- plans

export type { PlanSummary, PlanView };
export type TargetView = PlanTarget;
export type TaskView = PlanTask;

export async function listPlans(db: Db, ctx: PlanContext, year?: number): Promise<PlanSummary[]> {
  const today = todayInVietnam();
  let q = db
    .selectFrom('plan as p')
    .innerJoin('unit as u', 'u.id', 'p.unit_id')
    .select([
      'p.id',
      'p.unit_id',
      'u.name as unit_name',
      'p.year',
      'p.number',
      'p.issued_on',
      'p.title',
      'p.status',
      'p.parent_plan_id',
      'p.year_to',
      'p.sent_on',
    ])
    .select((eb) => [
      eb
        .selectFrom('plan_task as t')
        .whereRef('t.plan_id', '=', 'p.id')
        .select((e) => e.fn.countAll<string>().as('n'))
        .as('tasks'),
      eb
        .selectFrom('plan_task as t')
        .whereRef('t.plan_id', '=', 'p.id')
        .where('t.status', 'in', ['not_started', 'in_progress'])
        .where('t.due_on', '<', today)
        .select((e) => e.fn.countAll<string>().as('n'))
        .as('overdue'),
    ])
    .where('p.unit_id', '=', ctx.unitId);
  if (year) q = q.where('p.year', '=', year);
  const rows = await q.orderBy('p.year', 'desc').orderBy('p.id', 'desc').execute();
  return rows.map((r) => ({
    id: r.id,
    unitId: r.unit_id,
    unitName: r.unit_name,
    year: r.year,
    number: r.number,
    issuedOn: r.issued_on,
    title: r.title,
    status: r.status,
    parentPlanId: r.parent_plan_id,
    yearTo: r.year_to,
    sentOn: r.sent_on,
    tasks: Number(r.tasks ?? 0),
    overdue: Number(r.overdue ?? 0),
  }));
}

export async function planTasks(
  db: Db,
  where: { planId?: number; agencyId?: number; unitId?: number },
): Promise<TaskView[]> {
  let q = db.selectFrom('plan_task as t').selectAll('t');
  if (where.planId) q = q.where('t.plan_id', '=', where.planId);
  if (where.unitId) q = q.where('t.unit_id', '=', where.unitId);
  if (where.agencyId)
    q = q.where(
      't.id',
      'in',
      db.selectFrom('plan_task_agency').select('task_id').where('agency_id', '=', where.agencyId),
    );
  const tasks = await q.orderBy('t.plan_id').orderBy('t.position').execute();
  const links = tasks.length
    ? await db
        .selectFrom('plan_task_agency as l')
        .innerJoin('agency as a', 'a.id', 'l.agency_id')
        .select(['l.task_id', 'a.id', 'a.name'])
        .where(
          'l.task_id',
          'in',
          tasks.map((t) => t.id),
        )
        .orderBy('a.id')
        .execute()
    : [];
  const today = todayInVietnam();
  // A recurring task's occurrences are filled by the activities that serve it, over its plan's years.
  const recurring = tasks.filter((t) => t.recurrence !== 'once');
  const [served, spans] = recurring.length
    ? await Promise.all([
        db
          .selectFrom('activity')
          .select(['task_id', 'held_on'])
          .where(
            'task_id',
            'in',
            recurring.map((t) => t.id),
          )
          .execute(),
        db
          .selectFrom('plan')
          .select(['id', 'year', 'year_to'])
          .where('id', 'in', [...new Set(recurring.map((t) => t.plan_id))])
          .execute(),
      ])
    : [[], []];
  return tasks.map((t) => {
    const task = { status: t.status, dueOn: t.due_on, doneOn: t.done_on, progress: t.progress };
    const span = spans.find((p) => p.id === t.plan_id);
    return {
      id: t.id,
      planId: t.plan_id,
      position: t.position,
      text: t.text,
      dueOn: t.due_on,
      status: t.status,
      progress: t.progress,
      doneOn: t.done_on,
      state: taskState(task, today),
      inheritedFrom: t.inherited_from,
      agencies: links.filter((l) => l.task_id === t.id).map((l) => ({ id: l.id, name: l.name })),
      recurrence: t.recurrence,
      perOccurrence: t.per_occurrence,
      occurrences: span
        ? occurrencesOf(
            { recurrence: t.recurrence, perOccurrence: t.per_occurrence },
            { year: span.year, yearTo: span.year_to },
            served.filter((a) => a.task_id === t.id).map((a) => a.held_on),
            today,
          )
        : [],
    };
  });
}

async function loadPlanRow(db: Db, ctx: PlanContext, planId: number) {
  const row = await db.selectFrom('plan').selectAll().where('id', '=', planId).executeTakeFirst();
  // A plan of another unit is as unknown as a missing one: ids do not reveal what exists elsewhere.
  if (!row || row.unit_id !== ctx.unitId) throw notFound('plan', planId);
  return row;
}

export async function readPlan(db: Db, ctx: PlanContext, planId: number): Promise<PlanView> {
  const p = await loadPlanRow(db, ctx, planId);
  const [targets, tasks, assignments, parent, lines, group] = await Promise.all([
    db.selectFrom('plan_target').selectAll().where('plan_id', '=', planId).orderBy('position').execute(),
    planTasks(db, { planId }),
    db
      .selectFrom('plan_assignment as s')
      .innerJoin('agency as a', 'a.id', 's.agency_id')
      .select(['s.id', 's.agency_id', 'a.name', 's.heading', 's.duties'])
      .where('s.plan_id', '=', planId)
      .orderBy('s.position')
      .execute(),
    p.parent_plan_id
      ? db
          .selectFrom('plan as pp')
          .innerJoin('unit as u', 'u.id', 'pp.unit_id')
          .select(['pp.id', 'pp.number', 'pp.issued_on', 'pp.title', 'pp.issuer_name', 'u.name'])
          .where('pp.id', '=', p.parent_plan_id)
          .executeTakeFirst()
      : undefined,
    db
      .selectFrom('plan_budget_line as b')
      .select(['b.id', 'b.item', 'b.source', 'b.year', 'b.estimate'])
      .select((eb) =>
        eb
          .selectFrom('activity as a')
          .whereRef('a.budget_line_id', '=', 'b.id')
          .select((e) => e.fn.coalesce(e.fn.sum<string>('a.amount'), e.lit(0)).as('s'))
          .as('spent'),
      )
      .where('b.plan_id', '=', planId)
      .orderBy('b.position')
      .execute(),
    p.issuer_group_id
      ? db.selectFrom('unit_group').select(['id', 'name']).where('id', '=', p.issuer_group_id).executeTakeFirst()
      : undefined,
  ]);
  // A yearly step is measured on its own year; a whole-plan target on the plan's last year so far.
  const thisYear = Number(todayInVietnam().slice(0, 4));
  const yearOf = (t: { year: number | null }) => t.year ?? Math.max(p.year, Math.min(p.year_to ?? p.year, thisYear));
  const years = [...new Set(targets.map(yearOf))];
  const measuredBy = new Map(
    await Promise.all(
      years.map(async (year) => {
        const statistics = targets.some(
          (t) => yearOf(t) === year && indicatorDef(t.indicator ?? '')?.kind === 'statistic',
        )
          ? await statisticsOfYear(db, ctx, year)
          : null;
        return [year, { data: await measuredData(db, ctx, year), statistics }] as const;
      }),
    ),
  );
  const budgetLines = lines.map((b) => ({
    id: b.id,
    item: b.item,
    source: b.source,
    year: b.year,
    estimate: Number(b.estimate),
    spent: Number(b.spent ?? 0),
  }));
  const totals = budgetTotals(budgetLines);
  return {
    id: p.id,
    unitId: p.unit_id,
    unitName: ctx.unitName,
    level: ctx.level,
    year: p.year,
    number: p.number,
    issuedOn: p.issued_on,
    title: p.title,
    status: p.status,
    parentPlanId: p.parent_plan_id,
    place: p.place,
    basis: p.basis,
    purposes: p.purposes,
    requirements: p.requirements,
    budget: p.budget,
    reporting: p.reporting,
    sixMonthDue: p.six_month_due,
    annualDue: p.annual_due,
    sixMonthCutoff: p.six_month_cutoff,
    annualCutoff: p.annual_cutoff,
    actionMonthDue: p.action_month_due,
    reportTo: p.report_to,
    recipients: p.recipients,
    signerAuthority: p.signer_authority,
    signerCapacity: p.signer_capacity,
    signerTitle: p.signer_title,
    signerName: p.signer_name,
    revision: p.revision,
    parent: parent
      ? {
          id: parent.id,
          number: parent.number,
          issuedOn: parent.issued_on,
          title: parent.title,
          unitName: parent.name,
          issuerName: parent.issuer_name,
        }
      : null,
    targets: targets.map((t) => {
      const goal = t.goal === null ? null : Number(t.goal);
      const { data, statistics } = measuredBy.get(yearOf(t))!;
      return {
        id: t.id,
        text: t.text,
        indicator: t.indicator,
        goal,
        year: t.year,
        comparison: t.comparison,
        inheritedFrom: t.inherited_from,
        measured: measuredTarget(t.indicator, goal, data, statistics, { comparison: t.comparison, year: yearOf(t) }),
      };
    }),
    tasks,
    assignments: assignments.map((a) => ({
      id: a.id,
      agencyId: a.agency_id,
      agencyName: a.name,
      heading: a.heading,
      duties: a.duties,
    })),
    issuerName: p.issuer_name,
    lowerPlansDue: p.lower_plans_due,
    decisionNumber: p.decision_number,
    decisionOn: p.decision_on,
    issuerGroup: group ? { id: group.id, name: group.name } : null,
    budgetLines,
    budgetTotals: { estimate: totals.estimate, spent: totals.spent },
    yearTo: p.year_to,
    sentOn: p.sent_on,
    canWrite: ctx.canWrite,
  };
}

const planColumns = (input: PlanInput) => ({
  year: input.year,
  // A "multi-year" plan of one year is a yearly plan.
  year_to: input.yearTo !== null && input.yearTo > input.year ? input.yearTo : null,
  issuer_name: input.issuerName,
  lower_plans_due: input.lowerPlansDue,
  title: input.title,
  place: input.place,
  parent_plan_id: input.parentPlanId ?? null,
  basis: input.basis,
  purposes: input.purposes,
  requirements: input.requirements,
  budget: input.budget,
  reporting: input.reporting,
  six_month_due: input.sixMonthDue,
  annual_due: input.annualDue,
  six_month_cutoff: input.sixMonthCutoff,
  annual_cutoff: input.annualCutoff,
  action_month_due: input.actionMonthDue,
  report_to: input.reportTo,
  recipients: input.recipients,
  signer_authority: input.signerAuthority,
  signer_capacity: input.signerCapacity,
  signer_title: input.signerTitle,
  signer_name: input.signerName,
});

/** A stored plan's own fields as the input names them (its lists are kept apart). */
function storedInput(row: Selectable<Database['plan']>): Partial<PlanInput> {
  return {
    year: row.year,
    yearTo: row.year_to,
    title: row.title,
    issuerName: row.issuer_name,
    lowerPlansDue: row.lower_plans_due,
    place: row.place,
    parentPlanId: row.parent_plan_id,
    basis: row.basis,
    purposes: row.purposes,
    requirements: row.requirements,
    budget: row.budget,
    reporting: row.reporting,
    sixMonthDue: row.six_month_due,
    annualDue: row.annual_due,
    sixMonthCutoff: row.six_month_cutoff,
    annualCutoff: row.annual_cutoff,
    actionMonthDue: row.action_month_due,
    reportTo: row.report_to,
    recipients: row.recipients,
    signerAuthority: row.signer_authority,
    signerCapacity: row.signer_capacity,
    signerTitle: row.signer_title,
    signerName: row.signer_name,
  };
}

/** The stored rows of the lists a save leaves out, as the input names them (for checking only). */
async function storedLists(trx: Db, planId: number, kept: ReadonlySet<PartList>): Promise<Partial<PlanInput>> {
  const out: Partial<PlanInput> = {};
  if (kept.has('targets'))
    out.targets = (
      await trx.selectFrom('plan_target').selectAll().where('plan_id', '=', planId).orderBy('position').execute()
    ).map((t) => ({
      id: t.id,
      text: t.text,
      indicator: t.indicator,
      goal: t.goal === null ? null : Number(t.goal),
      year: t.year,
      comparison: t.comparison,
      inheritedFrom: t.inherited_from,
    }));
  if (kept.has('tasks')) {
    const [tasks, links] = await Promise.all([
      trx.selectFrom('plan_task').selectAll().where('plan_id', '=', planId).orderBy('position').execute(),
      trx
        .selectFrom('plan_task_agency as l')
        .innerJoin('plan_task as t', 't.id', 'l.task_id')
        .select(['l.task_id', 'l.agency_id'])
        .where('t.plan_id', '=', planId)
        .execute(),
    ]);
    out.tasks = tasks.map((t) => ({
      id: t.id,
      text: t.text,
      dueOn: t.due_on,
      agencyIds: links.filter((l) => l.task_id === t.id).map((l) => l.agency_id),
      recurrence: t.recurrence,
      perOccurrence: t.per_occurrence,
      inheritedFrom: t.inherited_from,
    }));
  }
  if (kept.has('assignments'))
    out.assignments = (
      await trx.selectFrom('plan_assignment').selectAll().where('plan_id', '=', planId).orderBy('position').execute()
    ).map((a) => ({ id: a.id, agencyId: a.agency_id, heading: a.heading, duties: a.duties }));
  if (kept.has('budgetLines'))
    out.budgetLines = (
      await trx.selectFrom('plan_budget_line').selectAll().where('plan_id', '=', planId).orderBy('position').execute()
    ).map((b) => ({ id: b.id, item: b.item, source: b.source, year: b.year, estimate: Number(b.estimate) }));
  return out;
}

async function checkAgainstUnit(trx: Db, ctx: PlanContext, input: PlanInput) {
  const agencies = await trx.selectFrom('agency').select('id').where('unit_id', '=', ctx.unitId).execute();
  const issues = checkPlan(input, new Set(agencies.map((a) => a.id)));
  if (input.parentPlanId) {
    const parent = await trx
      .selectFrom('plan')
      .select(['unit_id', 'province_id'])
      .where('id', '=', input.parentPlanId)
      .executeTakeFirst();
    // The plan implemented is the province's own (or, for a province, none of the product's yet).
    if (!parent || parent.unit_id !== ctx.provinceId || parent.unit_id === ctx.unitId)
      issues.push({ field: 'parentPlanId', key: 'issue.bad_parent', params: { value: input.parentPlanId } });
  }
  if (issues.length) throw planIssuesError(issues);
}

/** The lists of a plan, each written as a whole when the body carries it. */
const PART_LISTS = ['targets', 'tasks', 'assignments', 'budgetLines'] as const;
type PartList = (typeof PART_LISTS)[number];

/**
 * Writes the targets, tasks, assignments and budget lines of a plan: listed ones (with id) changed, new ones
 * added, unlisted ones removed. A list the body left out (`kept`) stays as it is.
 */
async function writeParts(
  trx: Transaction<Database>,
  ctx: PlanContext,
  planId: number,
  input: PlanInput,
  kept: ReadonlySet<PartList> = new Set(),
) {
  const owned = { plan_id: planId, unit_id: ctx.unitId, province_id: ctx.provinceId };
  // A kept list is written as it stands: its rows are read back as the input's own.
  const none = Promise.resolve([] as never[]);
  const [targets, tasks, assignments, budgetLines] = await Promise.all([
    kept.has('targets') ? none : trx.selectFrom('plan_target').select('id').where('plan_id', '=', planId).execute(),
    kept.has('tasks')
      ? none
      : trx
          .selectFrom('plan_task')
          .select(['id', 'status', 'progress', 'due_on'])
          .where('plan_id', '=', planId)
          .execute(),
    kept.has('assignments')
      ? none
      : trx.selectFrom('plan_assignment').select('id').where('plan_id', '=', planId).execute(),
    kept.has('budgetLines')
      ? none
      : trx
          .selectFrom('plan_budget_line as b')
          .select(['b.id'])
          .select((eb) =>
            eb
              .selectFrom('activity as a')
              .whereRef('a.budget_line_id', '=', 'b.id')
              .select((e) => e.fn.countAll<string>().as('n'))
              .as('spent'),
          )
          .where('b.plan_id', '=', planId)
          .execute(),
  ]);
  if (kept.has('targets')) input = { ...input, targets: [] };
  if (kept.has('tasks')) input = { ...input, tasks: [] };
  if (kept.has('assignments')) input = { ...input, assignments: [] };
  if (kept.has('budgetLines')) input = { ...input, budgetLines: [] };
  const unknown = (list: Array<{ id?: number }>, existing: Array<{ id: number }>, field: string) =>
    list.flatMap((x, i) =>
      x.id && !existing.some((e) => e.id === x.id)
        ? [{ field: `${field}.${i}.id`, key: 'issue.unknown_row', params: { value: x.id } }]
        : [],
    );
  const issues: PlanIssue[] = [
    ...unknown(input.targets, targets, 'targets'),
    ...unknown(input.tasks, tasks, 'tasks'),
    ...unknown(input.assignments, assignments, 'assignments'),
    ...unknown(input.budgetLines, budgetLines, 'budgetLines'),
  ];
  // A task someone has reported progress on is cancelled, not deleted: its history stays with the plan.
  const keptTasks = new Set(input.tasks.map((t) => t.id));
  const started = tasks.filter((t) => !keptTasks.has(t.id) && (t.status !== 'not_started' || t.progress > 0));
  for (const t of started) issues.push({ field: 'tasks', key: 'issue.task_has_progress', params: { value: t.id } });
  // A line the activity log has spent against stays: the spending would lose its line.
  const keptLines = new Set(input.budgetLines.map((b) => b.id));
  for (const b of budgetLines.filter((b) => !keptLines.has(b.id) && Number(b.spent ?? 0) > 0))
    issues.push({ field: 'budgetLines', key: 'issue.budget_line_spent', params: { value: b.id } });
  if (issues.length) throw planIssuesError(issues);

  const drop = async (
    table: 'plan_target' | 'plan_task' | 'plan_assignment' | 'plan_budget_line',
    existing: Array<{ id: number }>,
    kept: Array<{ id?: number }>,
  ) => {
    const keep = new Set(kept.map((k) => k.id));
    const gone = existing.filter((e) => !keep.has(e.id)).map((e) => e.id);
    if (gone.length) await trx.deleteFrom(table).where('id', 'in', gone).execute();
  };
  await drop('plan_target', targets, input.targets);
  await drop('plan_task', tasks, input.tasks);
  await drop('plan_assignment', assignments, input.assignments);
  await drop('plan_budget_line', budgetLines, input.budgetLines);

  for (const [position, t] of input.targets.entries()) {
    const values = {
      position,
      text: t.text,
      indicator: t.indicator || null,
      goal: t.goal ?? null,
      year: t.year ?? null,
      comparison: t.comparison ?? null,
      inherited_from: t.inheritedFrom ?? null,
    };
    if (t.id) await trx.updateTable('plan_target').set(values).where('id', '=', t.id).execute();
    else
      await trx
        .insertInto('plan_target')
        .values({ ...owned, ...values })
        .execute();
  }
  for (const [position, t] of input.tasks.entries()) {
    const values = {
      position,
      text: t.text,
      due_on: t.dueOn ?? null,
      recurrence: t.recurrence,
      per_occurrence: t.perOccurrence,
      inherited_from: t.inheritedFrom ?? null,
    };
    let id = t.id;
    if (id) {
      // A new deadline earns a new reminder.
      const moved = tasks.find((e) => e.id === id)?.due_on !== values.due_on;
      await trx
        .updateTable('plan_task')
        .set(moved ? { ...values, reminded_at: null } : values)
        .where('id', '=', id)
        .execute();
      await trx.deleteFrom('plan_task_agency').where('task_id', '=', id).execute();
    } else
      id = (
        await trx
          .insertInto('plan_task')
          .values({ ...owned, ...values })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    if (t.agencyIds.length)
      await trx
        .insertInto('plan_task_agency')
        .values(t.agencyIds.map((agency_id) => ({ task_id: id!, agency_id })))
        .execute();
  }
  for (const [position, b] of input.budgetLines.entries()) {
    const values = { position, item: b.item, source: b.source, year: b.year ?? null, estimate: b.estimate };
    if (b.id) await trx.updateTable('plan_budget_line').set(values).where('id', '=', b.id).execute();
    else
      await trx
        .insertInto('plan_budget_line')
        .values({ ...owned, ...values })
        .execute();
  }
  for (const [position, a] of input.assignments.entries()) {
    const values = { position, agency_id: a.agencyId, heading: a.heading, duties: a.duties };
    if (a.id) await trx.updateTable('plan_assignment').set(values).where('id', '=', a.id).execute();
    else
      await trx
        .insertInto('plan_assignment')
        .values({ ...owned, ...values })
        .execute();
  }
}

/** Creates a draft plan; answers it as it now reads. */
export async function createPlan(db: Kysely<Database>, ctx: PlanContext, body: unknown): Promise<PlanView> {
  requireWrite(ctx);
  const input = planInput.parse(body);
  const id = await db.transaction().execute(async (trx) => {
    await checkAgainstUnit(trx, ctx, input);
    const { id } = await trx
      .insertInto('plan')
      .values({ unit_id: ctx.unitId, province_id: ctx.provinceId, ...planColumns(input), created_by: ctx.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeParts(trx, ctx, id, input);
    await writeAudit(trx, {
      userId: ctx.userId,
      action: 'create',
      entity: 'plan',
      entityId: id,
      after: input,
      ip: ctx.ip,
    });
    return id;
  });
  return readPlan(db, ctx, id);
}

export async function updatePlan(
  db: Kysely<Database>,
  ctx: PlanContext,
  planId: number,
  body: unknown,
): Promise<PlanView> {
  requireWrite(ctx);
  await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('plan').selectAll().where('id', '=', planId).forUpdate().executeTakeFirst();
    if (!before || before.unit_id !== ctx.unitId) throw notFound('plan', planId);
    // A field the body leaves out keeps its stored value, not the schema's default: a client that does not
    // know a field (an older editor) never resets it.
    const raw = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
    const input = planInput.parse({ ...storedInput(before), ...raw });
    const kept = new Set(PART_LISTS.filter((k) => !(k in raw)));
    // An issued plan is a signed document: its text no longer changes; tasks still record their progress.
    if (before.status === 'issued') throw new Refusal('conflict', 'plans:error.issued', { number: before.number });
    if (input.revision !== undefined && input.revision !== before.revision)
      throw new Refusal('conflict', 'plans:error.stale', { revision: before.revision });
    // The checks read the whole plan: a kept list is checked as stored against the new years.
    await checkAgainstUnit(trx, ctx, { ...input, ...(await storedLists(trx, planId, kept)) });
    await trx
      .updateTable('plan')
      .set({ ...planColumns(input), revision: before.revision + 1, updated_at: new Date() })
      .where('id', '=', planId)
      .execute();
    await writeParts(trx, ctx, planId, input, kept);
    await writeAudit(trx, {
      userId: ctx.userId,
      action: 'update',
      entity: 'plan',
      entityId: planId,
      before,
      after: input,
      ip: ctx.ip,
    });
  });
  return readPlan(db, ctx, planId);
}

/** The plan as the issue checks read it: its sections, and its rows in the order the editor shows them. */
async function issuableOf(
  db: Db,
  p: { id: number; year: number; year_to: number | null } & Pick<
    IssuablePlan,
    'basis' | 'purposes' | 'requirements' | 'budget' | 'reporting' | 'recipients'
  >,
): Promise<IssuablePlan> {
  const [targets, tasks, links, assignments] = await Promise.all([
    db.selectFrom('plan_target').select('text').where('plan_id', '=', p.id).orderBy('position').execute(),
    db
      .selectFrom('plan_task')
      .select(['id', 'text', 'due_on', 'status', 'recurrence'])
      .where('plan_id', '=', p.id)
      .orderBy('position')
      .execute(),
    db
      .selectFrom('plan_task_agency as l')
      .innerJoin('plan_task as t', 't.id', 'l.task_id')
      .select(['l.task_id', 'l.agency_id'])
      .where('t.plan_id', '=', p.id)
      .execute(),
    db.selectFrom('plan_assignment').select('duties').where('plan_id', '=', p.id).execute(),
  ]);
  return {
    year: p.year,
    yearTo: p.year_to,
    basis: p.basis,
    purposes: p.purposes,
    requirements: p.requirements,
    budget: p.budget,
    reporting: p.reporting,
    recipients: p.recipients,
    targets,
    tasks: tasks.map((t) => ({
      text: t.text,
      dueOn: t.due_on,
      agencyIds: links.filter((l) => l.task_id === t.id).map((l) => l.agency_id),
      cancelled: t.status === 'cancelled',
      recurring: t.recurrence !== 'once',
    })),
    assignments,
  };
}

export async function issuePlan(
  db: Kysely<Database>,
  ctx: PlanContext,
  planId: number,
  input: {
    number: string;
    issuedOn: string;
    decisionNumber?: string;
    decisionOn?: string;
    signerName?: string;
    signerTitle?: string;
  },
): Promise<PlanView> {
  requireWrite(ctx);
  await db.transaction().execute(async (trx) => {
    const p = await trx.selectFrom('plan').selectAll().where('id', '=', planId).forUpdate().executeTakeFirst();
    if (!p || p.unit_id !== ctx.unitId) throw notFound('plan', planId);
    if (p.status === 'issued') throw new Refusal('conflict', 'plans:error.issued', { number: p.number });
    const signerName = input.signerName?.trim() || p.signer_name;
    const issues = checkIssue({ number: input.number, issuedOn: input.issuedOn, signerName, year: p.year });
    if (input.issuedOn > todayInVietnam())
      issues.push({ field: 'issuedOn', key: 'issue.in_future', params: { value: input.issuedOn } });
    // The covering decision issues the plan as its annex: the same day (the plan's date is the decision's).
    const decisionNumber = input.decisionNumber?.trim() ?? '';
    const decisionOn = decisionNumber ? (input.decisionOn ?? input.issuedOn) : null;
    if (!decisionNumber && input.decisionOn)
      issues.push({ field: 'decisionNumber', key: 'issue.required', params: {} });
    if (decisionOn && decisionOn > todayInVietnam())
      issues.push({ field: 'decisionOn', key: 'issue.in_future', params: { value: decisionOn } });
    issues.push(...issueProblems(await issuableOf(trx, p), { level: ctx.level, issuedOn: input.issuedOn }));
    if (issues.length) throw planIssuesError(issues, 'plans:error.not_issuable');
    await trx
      .updateTable('plan')
      .set({
        status: 'issued',
        number: input.number.trim(),
        issued_on: input.issuedOn,
        decision_number: decisionNumber,
        decision_on: decisionOn,
        signer_name: signerName,
        signer_title: input.signerTitle?.trim() || p.signer_title,
        issued_by: ctx.userId,
        revision: p.revision + 1,
        updated_at: new Date(),
      })
      .where('id', '=', planId)
      .execute();
    await writeAudit(trx, {
      userId: ctx.userId,
      action: 'issue',
      entity: 'plan',
      entityId: planId,
      after: input,
      ip: ctx.ip,
    });
  });
  return readPlan(db, ctx, planId);
}

/**
 * Records the day an issued plan was sent to the level above (null: not sent, correcting a mistake): not
 * before it was issued, not in the future. Audited with the day it replaces.
 */
export async function setPlanSent(
  db: Kysely<Database>,
  ctx: PlanContext,
  planId: number,
  sentOn: string | null,
): Promise<PlanView> {
  requireWrite(ctx);
  await db.transaction().execute(async (trx) => {
    const p = await trx
      .selectFrom('plan')
      .select(['id', 'unit_id', 'status', 'issued_on', 'sent_on', 'number'])
      .where('id', '=', planId)
      .forUpdate()
      .executeTakeFirst();
    if (!p || p.unit_id !== ctx.unitId) throw notFound('plan', planId);
    if (p.status !== 'issued' || !p.issued_on) throw new Refusal('conflict', 'plans:error.send_draft');
    const issues: PlanIssue[] = [];
    if (sentOn && sentOn > todayInVietnam())
      issues.push({ field: 'sentOn', key: 'issue.in_future', params: { value: sentOn } });
    else if (sentOn && sentOn < p.issued_on)
      issues.push({
        field: 'sentOn',
        key: 'issue.sent_before_issue',
        params: { value: sentOn, issuedOn: p.issued_on },
      });
    if (issues.length) throw planIssuesError(issues);
    await trx.updateTable('plan').set({ sent_on: sentOn, updated_at: new Date() }).where('id', '=', planId).execute();
    await writeAudit(trx, {
      userId: ctx.userId,
      action: 'send',
      entity: 'plan',
      entityId: planId,
      before: { sentOn: p.sent_on },
      after: { sentOn },
      ip: ctx.ip,
    });
  });
  return readPlan(db, ctx, planId);
}

/** The unit of a plan, for routes that name the plan alone; unknown to nobody but as a missing plan. */
export async function unitOfPlan(db: Db, planId: number): Promise<number> {
  const row = await db.selectFrom('plan').select('unit_id').where('id', '=', planId).executeTakeFirst();
  if (!row) throw notFound('plan', planId);
  return row.unit_id;
}

/**
 * A new draft that implements a plan of the level above: cites it, inherits targets, tasks and deadlines,
 * leaving out the province's own targets and deadlines already past; `adapted` says which.
 */
export async function draftFromParent(
  db: Kysely<Database>,
  ctx: PlanContext,
  parentPlanId: number,
): Promise<{ plan: PlanInput; adapted: InheritNotes }> {
  const parent = await db
    .selectFrom('plan as p')
    .innerJoin('unit as u', 'u.id', 'p.unit_id')
    .select([
      'p.id',
      'p.unit_id',
      'p.year',
      'p.number',
      'p.issued_on',
      'p.title',
      'p.six_month_due',
      'p.annual_due',
      'p.year_to',
      'p.issuer_name',
      'u.name',
    ])
    .where('p.id', '=', parentPlanId)
    .executeTakeFirst();
  if (!parent || parent.unit_id !== ctx.provinceId || parent.unit_id === ctx.unitId)
    throw notFound('plan', parentPlanId);
  const [targets, tasks, unit] = await Promise.all([
    db
      .selectFrom('plan_target')
      .select(['id', 'text', 'indicator', 'goal', 'year', 'comparison'])
      .where('plan_id', '=', parentPlanId)
      .orderBy('position')
      .execute(),
    db
      .selectFrom('plan_task')
      .select(['id', 'text', 'due_on', 'recurrence', 'per_occurrence'])
      .where('plan_id', '=', parentPlanId)
      .orderBy('position')
      .execute(),
    db.selectFrom('unit').select(['name']).where('id', '=', ctx.unitId).executeTakeFirstOrThrow(),
  ]);
  const { plan, notes } = inheritFrom(
    {
      id: parent.id,
      year: parent.year,
      number: parent.number,
      issuedOn: parent.issued_on,
      title: parent.title,
      yearTo: parent.year_to,
      // A department's plan is cited as the department's ('của Sở Y tế'), not the People's Committee's.
      issuerName: parent.issuer_name || `UBND ${inSentence(parent.name)}`,
      sixMonthDue: parent.six_month_due,
      annualDue: parent.annual_due,
      targets: targets.map((t) => ({
        id: t.id,
        text: t.text,
        indicator: t.indicator,
        goal: t.goal === null ? null : Number(t.goal),
        year: t.year,
        comparison: t.comparison,
      })),
      tasks: tasks.map((t) => ({
        id: t.id,
        text: t.text,
        dueOn: t.due_on,
        recurrence: t.recurrence,
        perOccurrence: t.per_occurrence,
      })),
    },
    {
      name: `UBND ${inSentence(unit.name)}`,
      place: unit.name.replace(/^(Xã|Phường|Đặc khu|Thị trấn|Tỉnh|Thành phố)\s+/u, ''),
      level: ctx.level,
    },
    todayInVietnam(),
  );
  return { plan, adapted: notes };
}
