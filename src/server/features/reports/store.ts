// Periodic reports (6-month, annual) of a commune or province: due dates from the unit's plan of the year
// (or its province's, or the defaults), the live draft and its written parts, saving with a revision,
// and submission, which freezes the figures once. Every write is one transaction.
import type { Kysely, Selectable } from 'kysely';
import { reportDueOn } from '../../../core/plans/plan.ts';
import { REPORT_KINDS, timeliness, type ReportFigures, type ReportKind } from '../../../core/plans/reports.ts';
import type { Database, PeriodicReportTable } from '../../db/schema.ts';
import { Refusal } from '../../platform/refusal.ts';
import { writeAudit } from '../audit/index.ts';
import { requireWrite, type PlanContext } from '../plans/index.ts';
import { todayInVietnam } from '../../platform/clock.ts';
import type { ReportSummary } from './contracts.ts';
import { draftFigures } from './figures.ts';
import { draftNarrative, parseNarrative, periodPhrase, storeNarrative, type Narrative } from './narrative.ts';

type Row = Selectable<PeriodicReportTable>;

export const DEFAULT_DUE: Record<ReportKind, string> = { six_month: '05-10', annual: '11-10' };

export interface DueInfo {
  six_month: string;
  annual: string;
  /** The unit's own plan of the year, when it has one. */
  planId: number | null;
}

/**
 * The due dates of the year's reports for each unit: from its own plan of the year (an issued one first),
 * else from its province's plan (which sets the communes' reporting regime), else the defaults.
 */
export async function dueDatesFor(
  db: Kysely<Database>,
  unitIds: number[],
  provinceId: number,
  year: number,
): Promise<Map<number, DueInfo>> {
  const plans = await db
    .selectFrom('plan')
    .select(['id', 'unit_id', 'six_month_due', 'annual_due', 'status'])
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
      planId: own?.id ?? null,
    });
  }
  return out;
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
  submittedByName: string | null;
  plans: Array<{ id: number; title: string; number: string; status: 'draft' | 'issued' }>;
  canWrite: boolean;
}

export const submittedDay = (at: Date | string | null): string | null => (at ? todayInVietnam(new Date(at)) : null);

export function summaryOf(
  row: Row | undefined,
  unitId: number,
  year: number,
  kind: ReportKind,
  due: DueInfo,
  today: string,
): ReportSummary {
  const submittedOn = row?.status === 'submitted' ? submittedDay(row.submitted_at) : null;
  // A submitted report keeps the due date it was submitted against.
  const dueOn = row?.status === 'submitted' ? row.due_on : due[kind];
  return {
    unitId,
    year,
    kind,
    dueOn,
    status: row?.status ?? 'draft',
    stored: Boolean(row),
    submittedAt: row?.submitted_at ? new Date(row.submitted_at).toISOString() : null,
    submittedOn,
    timeliness: timeliness(dueOn, submittedOn, today),
    revision: row?.revision ?? 0,
  };
}

async function rowOf(db: Kysely<Database>, unitId: number, year: number, kind: ReportKind): Promise<Row | undefined> {
  return db
    .selectFrom('periodic_report')
    .selectAll()
    .where('unit_id', '=', unitId)
    .where('year', '=', year)
    .where('kind', '=', kind)
    .executeTakeFirst();
}

async function dueOf(db: Kysely<Database>, ctx: PlanContext, year: number): Promise<DueInfo> {
  return (await dueDatesFor(db, [ctx.unitId], ctx.provinceId, year)).get(ctx.unitId)!;
}

export async function listReports(
  db: Kysely<Database>,
  ctx: PlanContext,
  year: number,
  today = todayInVietnam(),
): Promise<ReportSummary[]> {
  const [rows, due] = await Promise.all([
    db.selectFrom('periodic_report').selectAll().where('unit_id', '=', ctx.unitId).where('year', '=', year).execute(),
    dueOf(db, ctx, year),
  ]);
  return REPORT_KINDS.map((kind) =>
    summaryOf(
      rows.find((r) => r.kind === kind),
      ctx.unitId,
      year,
      kind,
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
  year: number,
  kind: ReportKind,
  today = todayInVietnam(),
): Promise<ReportView> {
  const [row, due, plans] = await Promise.all([
    rowOf(db, ctx.unitId, year, kind),
    dueOf(db, ctx, year),
    db
      .selectFrom('plan')
      .select(['id', 'title', 'number', 'status'])
      .where('unit_id', '=', ctx.unitId)
      .where('year', '=', year)
      .orderBy('id')
      .execute(),
  ]);
  const frozen = row?.status === 'submitted' && row.figures !== null;
  const figures = frozen ? row!.figures! : await draftFigures(db, ctx, year, kind, today);
  const stored = row ? parseNarrative(row.narrative) : null;
  // Prefilled the first time (nothing saved yet), from the figures of the day.
  const narrative =
    stored && (stored.results || stored.difficulties || stored.proposals)
      ? stored
      : draftNarrative(figures, { name: ctx.unitName, level: ctx.level }, year, kind);
  const by = row?.submitted_by
    ? await db.selectFrom('app_user').select('full_name').where('id', '=', row.submitted_by).executeTakeFirst()
    : undefined;
  return {
    ...summaryOf(row, ctx.unitId, year, kind, due, today),
    unitName: ctx.unitName,
    level: ctx.level,
    provinceId: ctx.provinceId,
    figures,
    frozen,
    narrative,
    submittedByName: by?.full_name ?? null,
    plans,
    canWrite: ctx.canWrite && row?.status !== 'submitted',
  };
}

/** The stored row, created (empty, as a draft) when the unit has none yet; locked for the transaction. */
async function lockRow(
  trx: Kysely<Database>,
  ctx: PlanContext,
  year: number,
  kind: ReportKind,
): Promise<{ row: Row; created: boolean }> {
  const due = await dueOf(trx, ctx, year);
  const inserted = await trx
    .insertInto('periodic_report')
    .values({ unit_id: ctx.unitId, province_id: ctx.provinceId, year, kind, plan_id: due.planId, due_on: due[kind] })
    .onConflict((oc) => oc.columns(['unit_id', 'year', 'kind']).doNothing())
    .returning('id')
    .executeTakeFirst();
  const row = await trx
    .selectFrom('periodic_report')
    .selectAll()
    .where('unit_id', '=', ctx.unitId)
    .where('year', '=', year)
    .where('kind', '=', kind)
    .forUpdate()
    .executeTakeFirstOrThrow();
  return { row, created: Boolean(inserted) };
}

/** Saves the written parts; `revision` is the one the editor started from (0 before the first save). */
export async function saveNarrative(
  db: Kysely<Database>,
  ctx: PlanContext,
  year: number,
  kind: ReportKind,
  input: { narrative: Narrative; revision: number },
): Promise<void> {
  requireWrite(ctx);
  await db.transaction().execute(async (trx) => {
    const { row, created } = await lockRow(trx, ctx, year, kind);
    if (row.status === 'submitted') throw alreadySubmitted(row);
    // A row created just now has revision 1 and stands for "nothing saved": the editor started from 0.
    const current = created ? 0 : row.revision;
    if (input.revision !== current) throw new Refusal('conflict', 'reports:error.stale', { revision: current });
    const narrative = storeNarrative({
      results: input.narrative.results.trim(),
      difficulties: input.narrative.difficulties.trim(),
      proposals: input.narrative.proposals.trim(),
    });
    await trx
      .updateTable('periodic_report')
      .set({ narrative, revision: current + 1 })
      .where('id', '=', row.id)
      .execute();
    await writeAudit(trx, {
      userId: ctx.userId,
      action: 'update',
      entity: 'periodic_report',
      entityId: row.id,
      before: { narrative: row.narrative, revision: current },
      after: { narrative, revision: current + 1 },
      ip: ctx.ip,
    });
  });
}

/**
 * Submits the report: freezes the figures of the day, records when and by whom. Submitting again is refused
 * with the day it was sent, unless it is the same submission retried (same key), which answers as the first did.
 */
export async function submitReport(
  db: Kysely<Database>,
  ctx: PlanContext,
  year: number,
  kind: ReportKind,
  key: string,
  today = todayInVietnam(),
): Promise<ReportView> {
  requireWrite(ctx);
  await db.transaction().execute(async (trx) => {
    const { row, created } = await lockRow(trx, ctx, year, kind);
    if (row.status === 'submitted') {
      if (row.submission_key === key) return;
      throw alreadySubmitted(row);
    }
    const due = await dueOf(trx, ctx, year);
    const figures = await draftFigures(trx, ctx, year, kind, today);
    // Never-edited written parts are submitted as drafted from the same figures.
    const narrative =
      created || !row.narrative.trim()
        ? storeNarrative(draftNarrative(figures, { name: ctx.unitName, level: ctx.level }, year, kind))
        : row.narrative;
    const submittedAt = new Date();
    await trx
      .updateTable('periodic_report')
      .set({
        status: 'submitted',
        figures: JSON.stringify(figures),
        narrative,
        submitted_at: submittedAt,
        submitted_by: ctx.userId,
        submission_key: key,
        due_on: due[kind],
        plan_id: due.planId,
        revision: (created ? 0 : row.revision) + 1,
      })
      .where('id', '=', row.id)
      .execute();
    await writeAudit(trx, {
      userId: ctx.userId,
      action: 'submit',
      entity: 'periodic_report',
      entityId: row.id,
      after: { key, year, kind, dueOn: due[kind], submittedAt: submittedAt.toISOString() },
      ip: ctx.ip,
    });
  });
  return readReport(db, { ...ctx }, year, kind, today);
}
