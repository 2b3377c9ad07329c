// What each reports route does, start to end: a report read, saved or submitted is answered as this reader may
// see it (withheld figures suppressed), and the files are built from the same reading.
import type { Kysely } from 'kysely';
import type { YearlyReportKind } from '../../../core/plans/reports.ts';
import type { Locale } from '../../../i18n/index.ts';
import type { Database } from '../../db/schema.ts';
import { todayInVietnam } from '../../platform/clock.ts';
import { Refusal } from '../../platform/refusal.ts';
import type { SessionUser } from '../auth/index.ts';
import { consolidatedReportDocx, DOCX_MIME, periodicReportDocx, type DocumentFile } from '../documents/index.ts';
import type { PlanContext } from '../plans/index.ts';
import { latestPublished } from '../rule-sets/index.ts';
import { consolidate } from './consolidate.ts';
import { consolidatedReportDocument, periodicReportDocument } from './documents.ts';
import { discloseReport } from './figures.ts';
import type { Narrative } from './narrative.ts';
import { dueDatesFor, listReports, readReport, saveNarrative, submitReport, type ReportRef } from './store.ts';
import { consolidatedWorkbook } from './xlsx.ts';

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const FILE_PERIOD: Record<ReportRef['kind'], string> = {
  six_month: '6-thang',
  annual: 'nam',
  action_month: 'thang-hanh-dong',
  forum: 'dien-dan',
};
const periodName = (kind: ReportRef['kind']) => FILE_PERIOD[kind];

/** The unit's reports of a year (this year when none is asked). */
export function reportsOfYear(db: Kysely<Database>, ctx: PlanContext, year?: number) {
  return listReports(db, ctx, year ?? Number(todayInVietnam().slice(0, 4)));
}

/** A report as this reader may see it. */
export async function showReport(db: Kysely<Database>, user: SessionUser, ctx: PlanContext, ref: ReportRef) {
  return discloseReport(db, user, await readReport(db, ctx, ref));
}

/** Saves the written parts and answers the report as it now reads. */
export async function editReport(
  db: Kysely<Database>,
  user: SessionUser,
  ctx: PlanContext,
  ref: ReportRef,
  input: { narrative: Narrative; revision: number; entered?: Record<string, unknown> },
) {
  await saveNarrative(db, ctx, ref, input);
  return showReport(db, user, ctx, ref);
}

/** Submits the report once per key (from the Idempotency-Key header or the body); a retry answers as the first. */
export async function sendReport(
  db: Kysely<Database>,
  user: SessionUser,
  ctx: PlanContext,
  ref: ReportRef,
  key: string | undefined,
) {
  if (!key) throw new Refusal('invalid', 'reports:error.key_required');
  return discloseReport(db, user, await submitReport(db, ctx, ref, key));
}

/** Who signs and whom it goes to: the unit's own plan of the year, when it says. */
async function planExtras(db: Kysely<Database>, planId: number | null) {
  const plan = planId
    ? await db
        .selectFrom('plan')
        .select(['report_to', 'signer_authority', 'signer_capacity', 'signer_title', 'signer_name'])
        .where('id', '=', planId)
        .executeTakeFirst()
    : undefined;
  return {
    reportTo: plan?.report_to ?? '',
    signature: plan
      ? {
          authority: plan.signer_authority,
          capacity: plan.signer_capacity,
          title: plan.signer_title,
          name: plan.signer_name,
        }
      : null,
  };
}

/** The plan's budget lines, each with the activities' amounts against it held up to `upTo` (the data's last day). */
async function planBudget(db: Kysely<Database>, planId: number | null, upTo: string) {
  if (!planId) return [];
  const rows = await db
    .selectFrom('plan_budget_line as b')
    .select(['b.item', 'b.source', 'b.year', 'b.estimate'])
    .select((eb) =>
      eb
        .selectFrom('activity as a')
        .whereRef('a.budget_line_id', '=', 'b.id')
        .where('a.held_on', '<=', upTo)
        .select((e) => e.fn.coalesce(e.fn.sum<string>('a.amount'), e.lit(0)).as('s'))
        .as('spent'),
    )
    .where('b.plan_id', '=', planId)
    .orderBy('b.position')
    .execute();
  return rows.map((b) => ({
    item: b.item,
    source: b.source,
    year: b.year,
    estimate: Number(b.estimate),
    spent: Number(b.spent ?? 0),
  }));
}

/** The report as .docx, with the figures this reader may see. */
export async function reportFile(
  db: Kysely<Database>,
  user: SessionUser,
  ctx: PlanContext,
  ref: ReportRef,
): Promise<DocumentFile> {
  const report = await showReport(db, user, ctx, ref);
  const due = (await dueDatesFor(db, [ctx.unitId], ctx.provinceId, ref.year)).get(ctx.unitId)!;
  const ruleSet = await latestPublished(db)
    .then((x) => x.definition)
    .catch(() => null);
  const today = todayInVietnam();
  const upTo = report.figures.statistics?.period.to ?? today;
  const doc = periodicReportDocument(report, {
    ...(await planExtras(db, due.planId)),
    ruleSet,
    today,
    budget: await planBudget(db, due.planId, upTo < today ? upTo : today),
  });
  const name =
    ref.kind === 'forum'
      ? `Bao-cao-${periodName(ref.kind)}-${ref.forum.heldOn}-${report.unitName}`
      : `Bao-cao-${periodName(ref.kind)}-${ref.year}-${report.unitName}`;
  return { name, ext: 'docx', mime: DOCX_MIME, body: await periodicReportDocx(doc) };
}

/** The province's consolidated report as .docx, signed as its plan of the year says. */
export async function consolidatedFile(
  db: Kysely<Database>,
  ctx: PlanContext,
  year: number,
  kind: YearlyReportKind,
): Promise<DocumentFile> {
  const c = await consolidate(db, ctx, year, kind);
  const due = (await dueDatesFor(db, [ctx.unitId], ctx.unitId, year)).get(ctx.unitId)!;
  const doc = consolidatedReportDocument(c, kind, {
    signature: (await planExtras(db, due.planId)).signature,
    today: c.today,
  });
  const name = `Bao-cao-tong-hop-${periodName(kind)}-${year}-${c.province.name}`;
  return { name, ext: 'docx', mime: DOCX_MIME, body: await consolidatedReportDocx(doc) };
}

/** The roll-up tables as .xlsx, in the reader's language. */
export async function consolidatedSheet(
  db: Kysely<Database>,
  ctx: PlanContext,
  year: number,
  kind: YearlyReportKind,
  locale: Locale,
): Promise<DocumentFile> {
  const c = await consolidate(db, ctx, year, kind);
  const name = `Tong-hop-bao-cao-${periodName(kind)}-${year}-${c.province.name}`;
  return { name, ext: 'xlsx', mime: XLSX_MIME, body: await consolidatedWorkbook(c, kind, locale) };
}
