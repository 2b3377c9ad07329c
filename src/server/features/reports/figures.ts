// The figures a periodic report is drafted from, drawn live from the unit's data: the tasks of its plans of
// the year, the targets with their measured values, the criteria inputs and score of the year's assessment,
// the satisfaction surveys (C13) and the forums and events of the half-year or the year.
import type { Kysely } from 'kysely';
import type { ReportFigures, ReportKind, AudienceFigure, TargetFigure } from '../../../core/plans/reports.ts';
import { indicatorInputs } from '../../../core/plans/indicators.ts';
import { discloseValues, type SuppressedCell } from '../../../core/privacy/disclosure.ts';
import { summariseTasks } from '../../../core/plans/tasks.ts';
import type { Database } from '../../db/schema.ts';
import { plainValues, readAssessment } from '../assessments/index.ts';
import { lensOf, timelineOf } from '../assessments/index.ts';
import type { SessionUser } from '../auth/index.ts';
import { latestPublished, loadRuleSet } from '../rule-sets/index.ts';
import { listEvents, listForums, type ForumContext } from '../forums/index.ts';
import type { PlanContext } from '../plans/index.ts';
import { readPlan } from '../plans/index.ts';
import { surveyReport } from '../surveys/index.ts';

/** The days a report covers: the first half of the year for the 6-month report, the whole year for the annual one. */
export function reportRange(year: number, kind: ReportKind): { from: string; to: string } {
  return { from: `${year}-01-01`, to: kind === 'six_month' ? `${year}-06-30` : `${year}-12-31` };
}

/** The unit's plans of the year, read through the plans feature (targets measured, tasks with their state). */
export async function plansOfYear(db: Kysely<Database>, ctx: PlanContext, year: number) {
  const ids = await db
    .selectFrom('plan')
    .select('id')
    .where('unit_id', '=', ctx.unitId)
    .where('year', '=', year)
    .orderBy('id')
    .execute();
  const plans = [];
  for (const { id } of ids) plans.push(await readPlan(db, ctx, id));
  return plans;
}

async function assessmentFigures(
  db: Kysely<Database>,
  ctx: PlanContext,
  year: number,
): Promise<Pick<ReportFigures, 'inputs' | 'score'>> {
  if (ctx.level !== 'commune') return { inputs: {}, score: null };
  const period = await db.selectFrom('period').select('id').where('year', '=', year).executeTakeFirst();
  if (!period) return { inputs: {}, score: null };
  const a = await readAssessment(db, ctx.unitId, period.id);
  // Nothing entered yet: no score to report (an empty assessment would score 0 and read as a failure).
  if (a.id === null) return { inputs: {}, score: null };
  const r = a.result;
  return {
    inputs: Object.fromEntries(Object.entries(plainValues(a.values)).map(([k, v]) => [k, v ?? null])),
    score: {
      total: r.total,
      maxTotal: r.maxTotal,
      threshold: r.threshold,
      recognized: r.recognized,
      complete: r.complete,
      provisional: r.provisional,
      criteria: Object.fromEntries(r.criteria.map((c) => [c.code, c.points])),
      zeroCriteria: r.reasons.flatMap((x) => (x.kind === 'criterion_zero' ? [x.criterion] : [])),
    },
  };
}

async function surveyFigures(db: Kysely<Database>, ctx: PlanContext, year: number): Promise<ReportFigures['surveys']> {
  const out: ReportFigures['surveys'] = { children: null, residents: null };
  if (ctx.level !== 'commune') return out;
  const period = await db.selectFrom('period').select('id').where('year', '=', year).executeTakeFirst();
  if (!period) return out;
  const report = await surveyReport(db, ctx.unitId, period.id);
  for (const a of report.audiences) {
    const fig: AudienceFigure = {
      sampleSize: a.sampleSize ?? 0,
      respondents: a.result.respondents,
      satisfied: a.result.satisfied,
    };
    out[a.result.audience] = fig;
  }
  return out;
}

async function forumFigures(
  db: Kysely<Database>,
  ctx: PlanContext,
  range: { from: string; to: string },
): Promise<ReportFigures['forums']> {
  const fctx: ForumContext = { userId: ctx.userId, communeId: ctx.unitId, provinceId: ctx.provinceId, canWrite: false };
  const [forums, events] = await Promise.all([listForums(db, fctx, range), listEvents(db, fctx, range)]);
  const recs = forums.flatMap((f) => f.recommendations);
  return {
    forums: forums.filter((f) => f.kind === 'forum').length,
    consultations: forums.filter((f) => f.kind === 'consultation').length,
    participants: forums.reduce((s, f) => s + f.participants.total, 0),
    recommendations: recs.length,
    answered: recs.filter((r) => r.answeredOn !== null).length,
    events: events.length,
  };
}

/** The report's figures as the data stand on `asOf` (yyyy-mm-dd). */
export async function draftFigures(
  db: Kysely<Database>,
  ctx: PlanContext,
  year: number,
  kind: ReportKind,
  asOf: string,
): Promise<ReportFigures> {
  const range = reportRange(year, kind);
  const [plans, assessment, surveys, forums] = await Promise.all([
    plansOfYear(db, ctx, year),
    assessmentFigures(db, ctx, year),
    surveyFigures(db, ctx, year),
    forumFigures(db, ctx, range),
  ]);
  const tasks = plans.flatMap((p) => p.tasks);
  return {
    asOf,
    tasks: summariseTasks(tasks, asOf),
    targets: plans.flatMap((p) =>
      p.targets.map((t) => ({
        text: t.text,
        indicator: t.indicator,
        goal: t.goal,
        value: t.measured?.value ?? null,
        met: t.measured?.met ?? null,
      })),
    ),
    ...assessment,
    surveys,
    forums,
  };
}

/** A target whose measured value reads a withheld input: its value and whether it is met are withheld too. */
export type DisclosedTarget = TargetFigure | (Omit<TargetFigure, 'value' | 'met'> & SuppressedCell & { met: null });
export type DisclosedFigures = Omit<ReportFigures, 'inputs' | 'targets'> & {
  inputs: Record<string, number | boolean | null | SuppressedCell>;
  targets: DisclosedTarget[];
};

/**
 * A commune's report as the reader may see it: the criteria inputs (live, or frozen on the day it was sent)
 * withheld as the assessment's form and history withhold them on that day, and the targets measured on them.
 */
export async function discloseReport<
  R extends {
    level: 'province' | 'commune';
    unitId: number;
    provinceId: number;
    year: number;
    frozen: boolean;
    submittedAt: string | null;
    figures: ReportFigures;
  },
>(db: Kysely<Database>, user: SessionUser, report: R): Promise<Omit<R, 'figures'> & { figures: DisclosedFigures }> {
  if (report.level !== 'commune') return report;
  const period = await db.selectFrom('period').select('id').where('year', '=', report.year).executeTakeFirst();
  const assessment = period
    ? await db
        .selectFrom('assessment')
        .select(['id', 'rule_set_id'])
        .where('unit_id', '=', report.unitId)
        .where('period_id', '=', period.id)
        .executeTakeFirst()
    : undefined;
  const ruleSet = assessment ? await loadRuleSet(db, assessment.rule_set_id) : await latestPublished(db);
  const timeline = await timelineOf(
    db,
    lensOf(user, { id: report.unitId, parent_id: report.provinceId }, ruleSet.definition),
    assessment?.id ?? null,
  );
  const inputs = report.figures.inputs;
  const hidden =
    report.frozen && report.submittedAt ? timeline.takenAt(report.submittedAt, inputs) : timeline.now(inputs);
  if (!hidden.size) return report;
  return {
    ...report,
    figures: {
      ...report.figures,
      inputs: discloseValues(inputs, hidden),
      targets: report.figures.targets.map((t) =>
        indicatorInputs(t.indicator).some((code) => hidden.has(code))
          ? { ...t, value: null, met: null, suppressed: true as const }
          : t,
      ),
    },
  };
}
