// The statistics a report holds: the form that applies to the unit (its province's latest adjusted copy, else
// the national preset), the counted values over the data period, the unit's typed ones, and the form's tables
// filled with them. Counts only: no child, case or site leaves here.
import { emptyTaskSummary } from '../../../core/plans/tasks.ts';
import type { Kysely } from 'kysely';
import type { ReportFigures, ReportKind, ReportStatistics } from '../../../core/plans/reports.ts';
import { fillForm, PRESET_FORMS, type ReportForm } from '../../../core/reports/forms.ts';
import { completeStatistics, type StatisticValues } from '../../../core/reports/statistics.ts';
import type { Database } from '../../db/schema.ts';
import type { PlanContext } from '../plans/index.ts';
import { measureForum, measureStatistics, type Measures } from '../statistics/index.ts';
import type { ReportRef } from './store.ts';

export interface EffectiveForm {
  form: ReportForm;
  /** The province whose adjusted copy it is; null for the national preset. */
  provinceId: number | null;
}

/** The form a unit of this province reports on: the province's latest adjusted copy of the kind, else the preset. */
export async function formFor(db: Kysely<Database>, provinceId: number, kind: ReportKind): Promise<EffectiveForm> {
  const row = await db
    .selectFrom('report_form')
    .select(['definition', 'version'])
    .where('province_id', '=', provinceId)
    .where('kind', '=', kind)
    .orderBy('version', 'desc')
    .executeTakeFirst();
  if (!row) return { form: PRESET_FORMS[kind], provinceId: null };
  return { form: { ...row.definition, kind, version: row.version }, provinceId };
}

/** The counted statistics of a province: its communes' counts added up (its own register is theirs). */
async function measuredOf(
  db: Kysely<Database>,
  ctx: PlanContext,
  ref: ReportRef,
  range: { from: string; to: string },
): Promise<Measures> {
  if (ref.kind === 'forum') return measureForum(db, ref.forum.id);
  let unitIds = [ctx.unitId];
  if (ctx.level === 'province') {
    const communes = await db
      .selectFrom('unit')
      .select('id')
      .where('parent_id', '=', ctx.unitId)
      .where('level', '=', 'commune')
      .where('valid_to', 'is', null)
      .execute();
    unitIds = communes.map((c) => c.id);
  }
  const measured = await measureStatistics(db, { unitIds, ...range });
  const sum: Measures = {};
  for (const m of measured.values()) for (const [code, n] of Object.entries(m)) sum[code] = (sum[code] ?? 0) + n;
  return sum;
}

/** The report's statistics over the days counted, on the unit's form. */
export async function reportStatistics(
  db: Kysely<Database>,
  ctx: PlanContext,
  ref: ReportRef,
  range: { from: string; to: string },
  entered: StatisticValues,
): Promise<ReportStatistics> {
  const [{ form, provinceId }, measured] = await Promise.all([
    formFor(db, ctx.provinceId, ref.kind),
    measuredOf(db, ctx, ref, range),
  ]);
  const values = completeStatistics(measured, entered);
  return {
    period: range,
    form: { kind: form.kind, version: form.version, provinceId, title: form.title },
    values,
    tables: fillForm(form, values),
  };
}

/** A forum report's own figures, in the shape every report has: the forum's participation, nothing else. */
export function forumFiguresOf(asOf: string, values: StatisticValues): Omit<ReportFigures, 'statistics'> {
  const n = (code: string) => values[code] ?? 0;
  return {
    asOf,
    tasks: emptyTaskSummary(),
    targets: [],
    inputs: {},
    score: null,
    surveys: { children: null, residents: null },
    forums: {
      forums: n('forum.held'),
      consultations: n('consultation.held'),
      participants: n('forum.children'),
      recommendations: n('recommendation.total'),
      answered: n('recommendation.answered'),
      events: 0,
    },
  };
}
