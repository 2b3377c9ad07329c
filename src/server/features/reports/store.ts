// Periodic reports of a commune or province (6-month, annual, Action Month) and the report on a children's forum:
// due dates and cut-offs from the unit's plan of the year (or its province's, or the defaults), the live draft
// and its written parts and typed figures, saving with a revision, and submission, which freezes the figures and
// the data period once. Every write is one transaction.
import type { Kysely, Selectable } from 'kysely';
import { reportDueOn } from '../../../core/plans/plan.ts';
import {
  YEARLY_REPORT_KINDS,
  timeliness,
  type ReportFigures,
  type ReportKind,
  type YearlyReportKind,
} from '../../../core/plans/reports.ts';
import { forumReportDue, reportPeriod } from '../../../core/reports/forms.ts';
import { enteredIssue, statisticOf, type StatisticValues } from '../../../core/reports/statistics.ts';
import type { Database, PeriodicReportTable } from '../../db/schema.ts';
import { fieldRefusal, Refusal } from '../../platform/refusal.ts';
import { writeAudit } from '../audit/index.ts';
import { requireWrite, type PlanContext } from '../plans/index.ts';
import { now, todayInVietnam } from '../../platform/clock.ts';
import type { ReportSummary } from './contracts.ts';
import { draftFigures } from './figures.ts';
import { draftNarrative, parseNarrative, periodPhrase, storeNarrative, type Narrative } from './narrative.ts';

type Row = Selectable<PeriodicReportTable>;

export const DEFAULT_DUE: Record<YearlyReportKind, string> = {
  six_month: '05-10',
  annual: '11-10',
  action_month: '07-10',
};

export interface DueInfo {
  six_month: string;
  annual: string;
  action_month: string;
  /** The plan's own cut-offs (MM-DD); null: the default of Nghị định 09/2019 (see reportPeriod). */
  cutoff: { six_month: string | null; annual: string | null };
  /** The unit's own plan of the year, when it has one. */
  planId: number | null;
}

/** The forum a forum report is about. */
export interface ForumRef {
  id: number;
  title: string;
  heldOn: string;
  kind: 'forum' | 'consultation';
  level: string;
  children: number;
  /** Fewer than FORUM_MIN_CHILDREN children took part. */
  under30: boolean;
}

/** Which report: one of the unit's yearly reports, or the report on one forum. */
export type ReportRef = { kind: YearlyReportKind; year: number } | { kind: 'forum'; year: number; forum: ForumRef };

const forumOf = (ref: ReportRef): ForumRef | null => (ref.kind === 'forum' ? ref.forum : null);

/**
 * The due dates and cut-offs of the year's reports for each unit: from its own plan of the year (an issued one
 * first), else from its province's plan (which sets the communes' reporting regime), else the defaults.
 */
export async function dueDatesFor(
  db: Kysely<Database>,
  unitIds: number[],
  provinceId: number,
  year: number,
): Promise<Map<number, DueInfo>> {
  const plans = await db
    .selectFrom('plan')
    .select([
      'id',
      'unit_id',
      'six_month_due',
      'annual_due',
      'action_month_due',
      'six_month_cutoff',
      'annual_cutoff',
      'status',
    ])
    .where('year', '=', year)
    .where('unit_id', 'in', [...unitIds, provinceId])
    .orderBy('id', 'desc')
    .execute();
  const best = new Map<number, (typeof plans)[number]>();
  for (const p of plans) {
    const had = best.get(p.unit_id);
    if (!had || (had.status !== 'issued' && p.status === 'issued')) best.set(p.unit_id, p);
  }
  const province = best.get(provinceId);
  const out = new Map<number, DueInfo>();
  for (const id of unitIds) {
    const own = best.get(id);
    const from = own ?? province;
    out.set(id, {
      six_month: reportDueOn(year, from?.six_month_due ?? DEFAULT_DUE.six_month),
      annual: reportDueOn(year, from?.annual_due ?? DEFAULT_DUE.annual),
      action_month: reportDueOn(year, from?.action_month_due ?? DEFAULT_DUE.action_month),
      // A commune plan that sets no cut-off follows its province's (the province sets the reporting regime).
      cutoff: {
        six_month: own?.six_month_cutoff ?? province?.six_month_cutoff ?? null,
        annual: own?.annual_cutoff ?? province?.annual_cutoff ?? null,
      },
      planId: own?.id ?? null,
    });
  }
  return out;
}

/** The day the report is due: the plan's (or default) day of the year, or 15 days after the forum. */
export function dueOnOf(due: DueInfo, ref: ReportRef): string {
  return ref.kind === 'forum' ? forumReportDue(ref.forum.heldOn) : due[ref.kind];
}

/** The days the report's data cover, from the plan's cut-off and due day (see reportPeriod). */
export function periodOf(due: DueInfo, ref: ReportRef): { from: string; to: string } {
  if (ref.kind === 'forum')
    return reportPeriod('forum', ref.year, { dueOn: dueOnOf(due, ref), heldOn: ref.forum.heldOn });
  const cutoff = ref.kind === 'action_month' ? null : due.cutoff[ref.kind];
  return reportPeriod(ref.kind, ref.year, { dueOn: due[ref.kind], cutoff });
}

export type { ReportSummary };

export interface ReportView extends ReportSummary {
  unitName: string;
  level: 'province' | 'commune';
  provinceId: number;
  figures: ReportFigures;
  /** True once submitted: the figures are those frozen on that day. */
  frozen: boolean;
  narrative: Narrative;
  /** The figures the unit typed in, by statistic code. */
  entered: StatisticValues;
  forum: ForumRef | null;
  submittedByName: string | null;
  plans: Array<{ id: number; title: string; number: string; status: 'draft' | 'issued' }>;
  canWrite: boolean;
}

export const submittedDay = (at: Date | string | null): string | null => (at ? todayInVietnam(new Date(at)) : null);

export function summaryOf(
  row: Row | undefined,
  unitId: number,
  ref: ReportRef,
  due: DueInfo,
  today: string,
): ReportSummary {
  const submittedOn = row?.status === 'submitted' ? submittedDay(row.submitted_at) : null;
  // A submitted report keeps the due date it was submitted against.
  const dueOn = row?.status === 'submitted' ? row.due_on : dueOnOf(due, ref);
  const period =
    row?.status === 'submitted' && row.period_from && row.period_to
      ? { from: row.period_from, to: row.period_to }
      : periodOf(due, ref);
  return {
    unitId,
    year: ref.year,
    kind: ref.kind,
    forumId: forumOf(ref)?.id ?? null,
    dueOn,
    period,
    status: row?.status ?? 'draft',
    stored: Boolean(row),
    submittedAt: row?.submitted_at ? new Date(row.submitted_at).toISOString() : null,
    submittedOn,
    timeliness: timeliness(dueOn, submittedOn, today),
    revision: row?.revision ?? 0,
  };
}

async function rowOf(db: Kysely<Database>, unitId: number, ref: ReportRef): Promise<Row | undefined> {
  const forum = forumOf(ref);
  let q = db.selectFrom('periodic_report').selectAll();
  q = forum
    ? q.where('forum_id', '=', forum.id)
    : q
        .where('unit_id', '=', unitId)
        .where('year', '=', ref.year)
        .where('kind', '=', ref.kind)
        .where('forum_id', 'is', null);
  return q.executeTakeFirst();
}

async function dueOf(db: Kysely<Database>, ctx: PlanContext, year: number): Promise<DueInfo> {
  return (await dueDatesFor(db, [ctx.unitId], ctx.provinceId, year)).get(ctx.unitId)!;
}

/** The unit's yearly reports (6-month, annual, Action Month). */
export async function listReports(
  db: Kysely<Database>,
  ctx: PlanContext,
  year: number,
  today = todayInVietnam(),
): Promise<ReportSummary[]> {
  const [rows, due] = await Promise.all([
    db
      .selectFrom('periodic_report')
      .selectAll()
      .where('unit_id', '=', ctx.unitId)
      .where('year', '=', year)
      .where('forum_id', 'is', null)
      .execute(),
    dueOf(db, ctx, year),
  ]);
  return YEARLY_REPORT_KINDS.map((kind) =>
    summaryOf(
      rows.find((r) => r.kind === kind),
      ctx.unitId,
      { kind, year },
      due,
      today,
    ),
  );
}

/** yyyy-mm-dd → dd/mm/yyyy */
export const dmy = (iso: string) => iso.split('-').reverse().join('/');

const reportName = (year: number, kind: ReportKind) => periodPhrase(year, kind);

function alreadySubmitted(row: Row): Refusal {
  return new Refusal('conflict', 'reports:error.already_submitted', {
    period: reportName(row.year, row.kind),
    date: dmy(submittedDay(row.submitted_at)!),
  });
}

/** The report as the person sees it: frozen figures once submitted, else drafted live, with its written parts. */
export async function readReport(
  db: Kysely<Database>,
  ctx: PlanContext,
  ref: ReportRef,
  today = todayInVietnam(),
): Promise<ReportView> {
  const [row, due, plans] = await Promise.all([
    rowOf(db, ctx.unitId, ref),
    dueOf(db, ctx, ref.year),
    db
      .selectFrom('plan')
      .select(['id', 'title', 'number', 'status'])
      .where('unit_id', '=', ctx.unitId)
      .where('year', '=', ref.year)
      .orderBy('id')
      .execute(),
  ]);
  const entered = row?.entered ?? {};
  const frozen = row?.status === 'submitted' && row.figures !== null;
  const figures = frozen
    ? row!.figures!
    : await draftFigures(db, ctx, ref, { period: periodOf(due, ref), entered }, today);
  const stored = row ? parseNarrative(row.narrative) : null;
  // Prefilled the first time (nothing saved yet), from the figures of the day.
  const narrative =
    stored && (stored.results || stored.difficulties || stored.proposals)
      ? stored
      : draftNarrative(figures, { name: ctx.unitName, level: ctx.level }, ref.year, ref.kind);
  const by = row?.submitted_by
    ? await db.selectFrom('app_user').select('full_name').where('id', '=', row.submitted_by).executeTakeFirst()
    : undefined;
  return {
    ...summaryOf(row, ctx.unitId, ref, due, today),
    unitName: ctx.unitName,
    level: ctx.level,
    provinceId: ctx.provinceId,
    figures,
    frozen,
    narrative,
    entered,
    forum: forumOf(ref),
    submittedByName: by?.full_name ?? null,
    plans,
    canWrite: ctx.canWrite && row?.status !== 'submitted',
  };
}

/** The stored row, created (empty, as a draft) when the unit has none yet; locked for the transaction. */
async function lockRow(
  trx: Kysely<Database>,
  ctx: PlanContext,
  ref: ReportRef,
): Promise<{ row: Row; created: boolean; due: DueInfo }> {
  const due = await dueOf(trx, ctx, ref.year);
  const forum = forumOf(ref);
  const values = {
    unit_id: ctx.unitId,
    province_id: ctx.provinceId,
    year: ref.year,
    kind: ref.kind,
    forum_id: forum?.id ?? null,
    plan_id: due.planId,
    due_on: dueOnOf(due, ref),
  };
  // The conflict targets are the partial unique indexes (one per unit, year and kind; one per forum).
  const inserted = await trx
    .insertInto('periodic_report')
    .values(values)
    .onConflict((oc) =>
      forum
        ? oc.column('forum_id').where('forum_id', 'is not', null).doNothing()
        : oc.columns(['unit_id', 'year', 'kind']).where('forum_id', 'is', null).doNothing(),
    )
    .returning('id')
    .executeTakeFirst();
  let q = trx.selectFrom('periodic_report').selectAll();
  q = forum
    ? q.where('forum_id', '=', forum.id)
    : q
        .where('unit_id', '=', ctx.unitId)
        .where('year', '=', ref.year)
        .where('kind', '=', ref.kind)
        .where('forum_id', 'is', null);
  const row = await q.forUpdate().executeTakeFirstOrThrow();
  return { row, created: Boolean(inserted), due };
}

/**
 * The typed figures checked one by one: a refusal names the statistic in Vietnamese and the value given.
 * Null clears a figure. Codes not typed by the unit (counted, rates) are refused.
 */
export function checkEntered(input: Record<string, unknown>): StatisticValues {
  const out: StatisticValues = {};
  for (const [code, value] of Object.entries(input)) {
    const issue = enteredIssue(code, value);
    if (issue) {
      const def = statisticOf(code);
      throw fieldRefusal('invalid', `reports:error.entered_${issue}`, `entered.${code}`, value, {
        statistic: def?.label.vi ?? code,
        value: JSON.stringify(value ?? null),
      });
    }
    out[code] = value as number | null;
  }
  return out;
}

/** Saves the written parts and typed figures; `revision` is the one the editor started from (0 before the first save). */
export async function saveNarrative(
  db: Kysely<Database>,
  ctx: PlanContext,
  ref: ReportRef,
  input: { narrative: Narrative; revision: number; entered?: Record<string, unknown> },
): Promise<void> {
  requireWrite(ctx);
  const typed = input.entered ? checkEntered(input.entered) : null;
  await db.transaction().execute(async (trx) => {
    const { row, created } = await lockRow(trx, ctx, ref);
    if (row.status === 'submitted') throw alreadySubmitted(row);
    // A row created just now has revision 1 and stands for "nothing saved": the editor started from 0.
    const current = created ? 0 : row.revision;
    if (input.revision !== current) throw new Refusal('conflict', 'reports:error.stale', { revision: current });
    const narrative = storeNarrative({
      results: input.narrative.results.trim(),
      difficulties: input.narrative.difficulties.trim(),
      proposals: input.narrative.proposals.trim(),
    });
    // Figures not sent are kept; null clears one.
    const entered: StatisticValues = { ...row.entered, ...(typed ?? {}) };
    for (const [code, v] of Object.entries(entered)) if (v === null) delete entered[code];
    await trx
      .updateTable('periodic_report')
      .set({ narrative, entered: JSON.stringify(entered), revision: current + 1 })
      .where('id', '=', row.id)
      .execute();
    await writeAudit(trx, {
      userId: ctx.userId,
      action: 'update',
      entity: 'periodic_report',
      entityId: row.id,
      before: { narrative: row.narrative, entered: row.entered, revision: current },
      after: { narrative, entered, revision: current + 1 },
      ip: ctx.ip,
    });
  });
}

/**
 * Submits the report: freezes the figures of the day and the data period, records when and by whom. Submitting
 * again is refused with the day it was sent, unless it is the same submission retried (same key), which answers
 * as the first did.
 */
export async function submitReport(
  db: Kysely<Database>,
  ctx: PlanContext,
  ref: ReportRef,
  key: string,
  today = todayInVietnam(),
): Promise<ReportView> {
  requireWrite(ctx);
  await db.transaction().execute(async (trx) => {
    const { row, created, due } = await lockRow(trx, ctx, ref);
    if (row.status === 'submitted') {
      if (row.submission_key === key) return;
      throw alreadySubmitted(row);
    }
    const period = periodOf(due, ref);
    const figures = await draftFigures(trx, ctx, ref, { period, entered: row.entered }, today);
    // Never-edited written parts are submitted as drafted from the same figures.
    const narrative =
      created || !row.narrative.trim()
        ? storeNarrative(draftNarrative(figures, { name: ctx.unitName, level: ctx.level }, ref.year, ref.kind))
        : row.narrative;
    // Its day is set against the deadline, so it is read from the product's clock like every other day.
    const submittedAt = now();
    const dueOn = dueOnOf(due, ref);
    // The period actually counted: up to the day the figures were drawn, if sent before the cut-off.
    const counted = figures.statistics?.period ?? period;
    await trx
      .updateTable('periodic_report')
      .set({
        status: 'submitted',
        figures: JSON.stringify(figures),
        narrative,
        submitted_at: submittedAt,
        submitted_by: ctx.userId,
        submission_key: key,
        due_on: dueOn,
        plan_id: due.planId,
        period_from: counted.from,
        period_to: counted.to,
        revision: (created ? 0 : row.revision) + 1,
      })
      .where('id', '=', row.id)
      .execute();
    await writeAudit(trx, {
      userId: ctx.userId,
      action: 'submit',
      entity: 'periodic_report',
      entityId: row.id,
      after: {
        key,
        year: ref.year,
        kind: ref.kind,
        forumId: forumOf(ref)?.id ?? null,
        dueOn,
        period: counted,
        submittedAt: submittedAt.toISOString(),
      },
      ip: ctx.ip,
    });
  });
  return readReport(db, { ...ctx }, ref, today);
}
