// The consolidated report of a province: which of its communes reported, on time or late, which are
// missing, and the roll-up of the submitted reports' frozen figures with a row per commune and totals.
import type { Kysely } from 'kysely';
import { rollUp, type ReportFigures, type YearlyReportKind } from '../../../core/plans/reports.ts';
import { fillForm } from '../../../core/reports/forms.ts';
import { rollUpStatistics, type StatisticValues } from '../../../core/reports/statistics.ts';
import type { Database } from '../../db/schema.ts';
import { viOrder } from '../../db/collation.ts';
import { Refusal } from '../../platform/refusal.ts';
import type { PlanContext } from '../plans/index.ts';
import { todayInVietnam } from '../../platform/clock.ts';
import type { Consolidated, ConsolidatedRow } from './contracts.ts';
import { formFor } from './statistics.ts';
import { dueDatesFor, periodOf, summaryOf } from './store.ts';

export type { Consolidated, ConsolidatedRow };
type Completeness = Consolidated['completeness'];

const rate = (satisfied: number, respondents: number) =>
  respondents > 0 ? Math.round((1000 * satisfied) / respondents) / 10 : null;

function c13Of(f: ReportFigures): { satisfied: number; respondents: number } {
  const a = [f.surveys.children, f.surveys.residents];
  return {
    satisfied: a.reduce((s, x) => s + (x?.satisfied ?? 0), 0),
    respondents: a.reduce((s, x) => s + (x?.respondents ?? 0), 0),
  };
}

/** Only the province's officials (and the administrator) see it: a commune reads its own report only. */
export function requireProvinceOfficial(ctx: PlanContext) {
  if (ctx.level !== 'province') throw new Refusal('invalid', 'reports:error.not_province', { name: ctx.unitName });
  if (!ctx.canWrite) throw new Refusal('forbidden', 'reports:error.province_only', { name: ctx.unitName });
}

export async function consolidate(
  db: Kysely<Database>,
  ctx: PlanContext,
  year: number,
  kind: YearlyReportKind,
  today = todayInVietnam(),
): Promise<Consolidated> {
  requireProvinceOfficial(ctx);
  const communes = await db
    .selectFrom('unit')
    .select(['id', 'code', 'name'])
    .where('parent_id', '=', ctx.unitId)
    .where('level', '=', 'commune')
    .where('valid_to', 'is', null)
    .orderBy(viOrder('name'))
    .orderBy('id')
    .execute();
  const ids = communes.map((c) => c.id);
  const [reports, due] = await Promise.all([
    ids.length
      ? db
          .selectFrom('periodic_report')
          .selectAll()
          .where('unit_id', 'in', ids)
          .where('year', '=', year)
          .where('kind', '=', kind)
          .where('forum_id', 'is', null)
          .execute()
      : [],
    dueDatesFor(db, [...ids, ctx.unitId], ctx.unitId, year),
  ]);
  const reportOf = new Map(reports.map((r) => [r.unit_id, r]));
  const completeness: Completeness = {
    units: communes.length,
    submitted: 0,
    onTime: 0,
    late: 0,
    missing: 0,
    pending: 0,
  };
  const submitted: ReportFigures[] = [];
  const byUnit: Record<string, StatisticValues> = {};
  const rows: ConsolidatedRow[] = communes.map((c) => {
    const row = reportOf.get(c.id);
    const s = summaryOf(row, c.id, { kind, year }, due.get(c.id)!, today);
    completeness[s.timeliness === 'on_time' ? 'onTime' : s.timeliness] += 1;
    const f = s.status === 'submitted' ? (row?.figures ?? null) : null;
    if (f) {
      completeness.submitted += 1;
      submitted.push(f);
      // Reports frozen before report forms existed carry no statistics: listed, not added up.
      if (f.statistics) byUnit[String(c.id)] = f.statistics.values;
    }
    const c13 = f ? c13Of(f) : null;
    return {
      unitId: c.id,
      code: c.code,
      name: c.name,
      dueOn: s.dueOn,
      status: s.timeliness,
      submittedOn: s.submittedOn,
      score: f?.score?.total ?? null,
      recognized: f ? (f.score ? f.score.recognized : null) : null,
      tasksDone: f ? f.tasks.done : null,
      tasksTotal: f ? f.tasks.total : null,
      overdue: f ? f.tasks.overdue : null,
      c13Rate: c13 ? rate(c13.satisfied, c13.respondents) : null,
      forums: f ? f.forums.forums + f.forums.consultations : null,
      events: f ? f.forums.events : null,
    };
  });
  const r = rollUp(submitted);
  const form = await formFor(db, ctx.unitId, kind);
  const statistics = Object.keys(byUnit).length
    ? {
        period: periodOf(due.get(ctx.unitId)!, { kind, year }),
        tables: fillForm(form.form, rollUpStatistics(Object.values(byUnit))),
        byUnit,
      }
    : null;
  const s = r.surveys;
  return {
    province: { id: ctx.unitId, name: ctx.unitName },
    year,
    kind,
    today,
    completeness,
    rows,
    rollUp: r,
    totals: {
      score: r.meanScore,
      recognized: r.recognized,
      scored: r.scored,
      tasksDone: r.tasks.done,
      tasksTotal: r.tasks.total,
      overdue: r.tasks.overdue,
      c13Rate: rate(s.children.satisfied + s.residents.satisfied, s.children.respondents + s.residents.respondents),
      forums: r.forums.forums + r.forums.consultations,
      events: r.forums.events,
    },
    statistics,
  };
}
