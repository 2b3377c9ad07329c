// The figures a periodic report is drafted from, drawn from the unit's data as they stood at the end of the
// report's period (or today, while it runs): the tasks of its plans of the year, the targets with their
// measured values, the criteria inputs and score of the year's assessment, the satisfaction surveys (C13)
// and the forums and events of the data period (see reportPeriod), with the statistics of the unit's report form.
import type { Kysely } from 'kysely';
import type { ReportFigures, AudienceFigure, TargetFigure } from '../../../core/plans/reports.ts';
import type { StatisticValues } from '../../../core/reports/statistics.ts';
import { endOfVietnamDay, figuresDay, taskAsOf, type ProgressNote } from '../../../core/plans/as-of.ts';
import { indicatorDef, indicatorInputs, measure } from '../../../core/plans/indicators.ts';
import { isSensitiveStatistic } from '../../../core/reports/statistics.ts';
import { score as scoreOf } from '../../../core/scoring/engine.ts';
import type { InputValues } from '../../../core/scoring/validate.ts';
import type { ScoreResult } from '../../../core/scoring/engine.ts';
import { disclosesExact, discloseValues, type SuppressedCell } from '../../../core/privacy/disclosure.ts';
import { summariseTasks } from '../../../core/plans/tasks.ts';
import { todayInVietnam } from '../../platform/clock.ts';
import type { Database } from '../../db/schema.ts';
import { plainValues, readAssessment } from '../assessments/index.ts';
import { lensOf, timelineOf } from '../assessments/index.ts';
import { viewerOf, type SessionUser } from '../auth/index.ts';
import { latestPublished, loadRuleSet } from '../rule-sets/index.ts';
import { listEvents, listForums, type ForumContext } from '../forums/index.ts';
import type { PlanContext } from '../plans/index.ts';
import { readPlan } from '../plans/index.ts';
import { surveyReport } from '../surveys/index.ts';
import type { ReportRef } from './store.ts';
import { forumFiguresOf, reportStatistics } from './statistics.ts';

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

/**
 * The assessment's inputs as they stood at `cutoff`: a value entered (or changed) later is replaced by the one
 * before it in the value history, or left out when there was none yet.
 */
async function valuesAsOf(db: Kysely<Database>, assessmentId: number, cutoff: Date): Promise<InputValues> {
  const [current, history] = await Promise.all([
    db
      .selectFrom('assessment_value')
      .select(['code', 'value', 'entered_at'])
      .where('assessment_id', '=', assessmentId)
      .execute(),
    db
      .selectFrom('assessment_value_history')
      .select(['code', 'value'])
      .where('assessment_id', '=', assessmentId)
      .where('entered_at', '<', cutoff)
      .orderBy('entered_at')
      .orderBy('id')
      .execute(),
  ]);
  const values: InputValues = {};
  for (const h of history) {
    if (h.value === null) delete values[h.code];
    else values[h.code] = h.value;
  }
  // A value unchanged since before the cutoff is the one that stood then (it may predate the history).
  for (const c of current) if (new Date(c.entered_at) < cutoff) values[c.code] = c.value;
  return values;
}

/** The year's assessment as it stood at the end of `day`: the inputs then, and the score they give. */
async function assessmentFigures(
  db: Kysely<Database>,
  ctx: PlanContext,
  year: number,
  day: string,
): Promise<{ values: InputValues; result: ScoreResult | null; figures: Pick<ReportFigures, 'inputs' | 'score'> }> {
  const none = { values: {}, result: null, figures: { inputs: {}, score: null } };
  if (ctx.level !== 'commune') return none;
  const period = await db.selectFrom('period').select('id').where('year', '=', year).executeTakeFirst();
  if (!period) return none;
  const a = await readAssessment(db, ctx.unitId, period.id);
  if (a.id === null) return none;
  // Drawn as of today: the values as they stand now (entry times are real time, the day is the product's clock).
  const values = day >= todayInVietnam() ? plainValues(a.values) : await valuesAsOf(db, a.id, endOfVietnamDay(day));
  // Nothing entered yet by then: no score to report (an empty assessment would score 0 and read as a failure).
  if (!Object.keys(values).length) return { ...none, values };
  const r = scoreOf(a.ruleSet.definition, String(a.ruleSet.version), a.category, values);
  const figures: Pick<ReportFigures, 'inputs' | 'score'> = {
    inputs: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v ?? null])),
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
  return { values, result: r, figures };
}

/**
 * The year's satisfaction surveys opened by the end of `day`. Their answers carry no time (kept anonymous
 * on purpose), so a survey opened by then counts with the answers it has now.
 */
async function surveyFigures(
  db: Kysely<Database>,
  ctx: PlanContext,
  year: number,
  day: string,
): Promise<ReportFigures['surveys']> {
  const out: ReportFigures['surveys'] = { children: null, residents: null };
  if (ctx.level !== 'commune') return out;
  const period = await db.selectFrom('period').select('id').where('year', '=', year).executeTakeFirst();
  if (!period) return out;
  const report = await surveyReport(db, ctx.unitId, period.id);
  const opened = new Set(
    (
      await db
        .selectFrom('survey')
        .select('id')
        .where('unit_id', '=', ctx.unitId)
        .where('period_id', '=', period.id)
        .where('created_at', '<', endOfVietnamDay(day))
        .execute()
    ).map((r) => r.id),
  );
  for (const a of report.audiences) {
    if (!opened.has(a.result.surveyId)) continue;
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
  // A recommendation answered after the period's end is still unanswered in its report.
  const recs = forums.flatMap((f) => f.recommendations);
  const to = range.to;
  return {
    forums: forums.filter((f) => f.kind === 'forum').length,
    consultations: forums.filter((f) => f.kind === 'consultation').length,
    participants: forums.reduce((s, f) => s + f.participants.total, 0),
    recommendations: recs.length,
    answered: recs.filter((r) => r.answeredOn !== null && r.answeredOn <= to).length,
    events: events.length,
  };
}

/** The progress notes of these tasks, by task, in the order they were written. */
async function notesOf(db: Kysely<Database>, taskIds: number[]): Promise<Map<number, ProgressNote[]>> {
  const out = new Map<number, ProgressNote[]>();
  if (!taskIds.length) return out;
  const rows = await db
    .selectFrom('task_progress')
    .select(['task_id', 'noted_on', 'progress'])
    .where('task_id', 'in', taskIds)
    .orderBy('id')
    .execute();
  for (const r of rows) {
    const list = out.get(r.task_id) ?? [];
    list.push({ notedOn: r.noted_on, progress: r.progress });
    out.set(r.task_id, list);
  }
  return out;
}

/**
 * The report's figures as the data stood at the end of its data period — or on `today`, while the period runs
 * (`asOf` is that day): tasks as their progress notes dated by then make them (a deadline after it is not
 * passed, progress noted later does not count); the assessment's inputs entered by then, the score and the
 * targets measured on them; forums and events held in the period, recommendations answered by then; the
 * surveys opened by then; and the statistics of the unit's report form over the period. A forum's report
 * holds that forum's figures only.
 */
export async function draftFigures(
  db: Kysely<Database>,
  ctx: PlanContext,
  ref: ReportRef,
  data: { period: { from: string; to: string }; entered: StatisticValues },
  today: string,
): Promise<ReportFigures> {
  const asOf = figuresDay(data.period.to, today);
  const range = { from: data.period.from, to: asOf };
  const statistics = await reportStatistics(db, ctx, ref, range, data.entered);
  if (ref.kind === 'forum') return { ...forumFiguresOf(asOf, statistics.values), statistics };
  const year = ref.year;
  const [plans, assessment, surveys, forums] = await Promise.all([
    plansOfYear(db, ctx, year),
    assessmentFigures(db, ctx, year, asOf),
    surveyFigures(db, ctx, year, asOf),
    forumFigures(db, ctx, range),
  ]);
  const tasks = plans.flatMap((p) => p.tasks);
  const notes = await notesOf(
    db,
    tasks.map((t) => t.id),
  );
  // Targets are measured on the inputs (and score) as they stood then; a province's plans measure nothing.
  const { values, result } = assessment;
  return {
    asOf,
    tasks: summariseTasks(
      tasks.map((t) => taskAsOf(t, notes.get(t.id) ?? [], asOf)),
      asOf,
    ),
    targets: plans.flatMap((p) =>
      p.targets.map((t) => {
        const def = t.indicator ? indicatorDef(t.indicator) : undefined;
        // Statistic targets on the report's own statistics (both levels); criteria targets on a commune's inputs.
        const m = !t.indicator
          ? null
          : def?.kind === 'statistic'
            ? measure(t.indicator, {}, null, t.goal, statistics.values, t.comparison)
            : ctx.level === 'commune'
              ? measure(t.indicator, values, result, t.goal, null, t.comparison)
              : null;
        return { text: t.text, indicator: t.indicator, goal: t.goal, value: m?.value ?? null, met: m?.met ?? null };
      }),
    ),
    ...assessment.figures,
    surveys,
    forums,
    statistics,
  };
}

/** A target whose measured value reads a withheld input: its value and whether it is met are withheld too. */
export type DisclosedTarget = TargetFigure | (Omit<TargetFigure, 'value' | 'met'> & SuppressedCell & { met: null });
export type DisclosedFigures = Omit<ReportFigures, 'inputs' | 'targets'> & {
  inputs: Record<string, number | boolean | null | SuppressedCell>;
  targets: DisclosedTarget[];
};

const statisticTarget = (code: string | null) => {
  const def = code ? indicatorDef(code) : undefined;
  return def?.kind === 'statistic' ? def.statistic : null;
};

/**
 * The report without its counts of harmed children for a reader who may not see the unit's sensitive counts
 * exactly (the one rule of core/privacy/disclosure.ts; a province's report is the province's own figures):
 * those rows and values are absent, and a target measured on one is withheld.
 */
function withoutSensitiveStatistics<R extends { unitId: number; provinceId: number; figures: ReportFigures }>(
  user: SessionUser,
  report: R,
): R {
  const exact = disclosesExact(
    viewerOf(user),
    { id: report.unitId, provinceId: report.provinceId },
    { sector: '', sensitive: true },
  );
  if (exact) return report;
  const f = report.figures;
  const statistics = f.statistics && {
    ...f.statistics,
    values: Object.fromEntries(Object.entries(f.statistics.values).filter(([code]) => !isSensitiveStatistic(code))),
    tables: f.statistics.tables
      .map((t) => ({ ...t, rows: t.rows.filter((r) => !isSensitiveStatistic(r.statistic)) }))
      .filter((t) => t.rows.length > 0),
  };
  const targets = f.targets.map((t) => {
    const code = statisticTarget(t.indicator);
    return code && isSensitiveStatistic(code) ? { ...t, value: null, met: null, suppressed: true as const } : t;
  });
  return { ...report, figures: { ...f, targets, ...(statistics ? { statistics } : {}) } };
}

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
  report = withoutSensitiveStatistics(user, report);
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
