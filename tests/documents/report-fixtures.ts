// Reports and consolidated reports built from figures made here (no database): two communes' statistics on the
// national preset forms, for the report documents tests and for looking at the documents by hand.
import type { ReportKind, ReportStatistics } from '../../src/core/plans/reports.ts';
import { fillForm, PRESET_FORMS, reportPeriod } from '../../src/core/reports/forms.ts';
import { completeStatistics, rollUpStatistics, type StatisticValues } from '../../src/core/reports/statistics.ts';
import type { Consolidated } from '../../src/server/features/reports/consolidate.ts';
import type { periodicReportDocument } from '../../src/server/features/reports/documents.ts';

export type ReportOfDocument = Parameters<typeof periodicReportDocument>[0];

/** Xã Vạn Phú: cases of several kinds and causes, hazard sites, a forum; some typed figures, one left out. */
export const VAN_PHU: StatisticValues = completeStatistics(
  {
    'children.total': 1234,
    'children.under6': 402,
    'children.special': 12,
    'children.special_supported': 9,
    'abuse.total': 3,
    'abuse.sexual': 1,
    'abuse.physical': 2,
    'abuse.emotional': 0,
    'abuse.neglect': 0,
    'abuse.exploitation': 0,
    'abuse.supported': 2,
    'child_labour.total': 1,
    'injury.total': 2,
    'injury.drowning': 1,
    'injury.traffic': 1,
    'death.total': 1,
    'death.drowning': 1,
    'drowning.total': 2,
    'hazard.listed': 5,
    'hazard.fixed': 1,
    'hazard.open': 4,
    'hazard.fenced': 3,
    'hazard.signposted': 2,
    'hazard.unsafe': 1,
    'forum.held': 1,
    'forum.children': 35,
    'forum.boys': 17,
    'forum.girls': 18,
    'recommendation.total': 6,
    'recommendation.answered': 4,
    'event.action_month': 3,
    'event.participants': 410,
  },
  { 'violation.handled': 24, 'budget.spent': 12_500_000, 'budget.planned': 20_000_000 },
);

/** Xã Đại Từ: one abused child not yet supported (0%), more children, no typed figures at all. */
export const DAI_TU: StatisticValues = completeStatistics(
  {
    'children.total': 2100,
    'children.special': 8,
    'children.special_supported': 8,
    'abuse.total': 1,
    'abuse.physical': 1,
    'abuse.supported': 0,
    'injury.total': 1,
    'injury.fall': 1,
    'drowning.total': 0,
    'hazard.listed': 3,
    'hazard.open': 3,
    'hazard.fenced': 1,
  },
  { 'budget.spent': 3_000_000 },
);

export function statisticsOf(
  kind: ReportKind,
  values: StatisticValues,
  year = 2026,
  heldOn?: string,
): ReportStatistics {
  const form = PRESET_FORMS[kind];
  return {
    period: reportPeriod(kind, year, { dueOn: `${year}-06-20`, heldOn }),
    form: { kind, version: form.version, provinceId: null, title: form.title },
    values,
    tables: fillForm(form, values),
  };
}

export function sampleReport(
  kind: ReportKind,
  options: { statistics?: ReportStatistics | null; forum?: ReportOfDocument['forum'] } = {},
): ReportOfDocument {
  const statistics = options.statistics === undefined ? statisticsOf(kind, VAN_PHU) : options.statistics;
  return {
    unitId: 11,
    year: 2026,
    kind,
    forumId: options.forum?.id ?? null,
    dueOn: '2026-06-20',
    period: statistics?.period ?? { from: '2025-12-15', to: '2026-06-14' },
    status: 'submitted',
    stored: true,
    submittedAt: '2026-06-18T02:00:00Z',
    submittedOn: '2026-06-18',
    timeliness: 'on_time',
    revision: 2,
    unitName: 'Xã Vạn Phú',
    level: 'commune',
    provinceId: 1,
    frozen: true,
    narrative: {
      results: '- Đã tổ chức các hoạt động theo kế hoạch.',
      difficulties: '- Còn điểm nguy cơ đuối nước chưa có rào chắn.',
      proposals: '- Đề nghị hỗ trợ kinh phí làm rào chắn.',
    },
    entered: { 'violation.handled': 24, 'budget.spent': 12_500_000 },
    forum: options.forum ?? null,
    submittedByName: 'Nguyễn Văn An',
    plans: [{ id: 3, title: 'Kế hoạch công tác trẻ em năm 2026', number: '45/KH-UBND', status: 'issued' }],
    canWrite: false,
    figures: {
      asOf: statistics?.period.to ?? '2026-06-14',
      tasks: {
        total: 10,
        done: 6,
        doneLate: 1,
        inProgress: 3,
        notStarted: 1,
        overdue: 1,
        cancelled: 0,
        meanProgress: 72,
      },
      targets: [{ text: 'Không để trẻ em bị đuối nước', indicator: null, goal: 0, value: 2, met: false }],
      inputs: {},
      score: null,
      surveys: { children: null, residents: null },
      forums: { forums: 1, consultations: 0, participants: 35, recommendations: 6, answered: 4, events: 3 },
      ...(statistics ? { statistics } : {}),
    },
  };
}

const row = (
  unitId: number,
  code: string,
  name: string,
  status: Consolidated['rows'][number]['status'],
  submittedOn: string | null,
): Consolidated['rows'][number] => ({
  unitId,
  code,
  name,
  dueOn: '2026-06-20',
  status,
  submittedOn,
  score: null,
  recognized: null,
  tasksDone: submittedOn ? 6 : null,
  tasksTotal: submittedOn ? 10 : null,
  overdue: submittedOn ? 1 : null,
  c13Rate: null,
  forums: submittedOn ? 1 : null,
  events: submittedOn ? 3 : null,
});

const empty = { sampleSize: 0, respondents: 0, satisfied: 0 };

/**
 * The province over three communes: Đại Từ and Vạn Phú submitted (Vạn Phú late), Yên Lạc missing. The
 * statistics are the two submitted reports' values, rolled up.
 */
export function sampleConsolidated(kind: ReportKind = 'six_month', withStatistics = true): Consolidated {
  const byUnit = { '12': DAI_TU, '11': VAN_PHU };
  const form = PRESET_FORMS[kind];
  return {
    province: { id: 1, name: 'Tỉnh Thái Nguyên' },
    year: 2026,
    kind,
    today: '2026-06-25',
    completeness: { units: 3, submitted: 2, onTime: 1, late: 1, missing: 1, pending: 0 },
    rows: [
      row(12, '05812', 'Xã Đại Từ', 'on_time', '2026-06-19'),
      row(11, '05800', 'Xã Vạn Phú', 'late', '2026-06-22'),
      row(13, '05830', 'Xã Yên Lạc', 'missing', null),
    ],
    rollUp: {
      units: 2,
      tasks: {
        total: 20,
        done: 12,
        doneLate: 2,
        inProgress: 6,
        notStarted: 2,
        overdue: 2,
        cancelled: 0,
        meanProgress: 70,
      },
      inputs: {},
      flags: {},
      rates: {},
      scored: 0,
      recognized: 0,
      meanScore: null,
      zeroed: {},
      surveys: { children: empty, residents: empty },
      forums: { forums: 2, consultations: 0, participants: 70, recommendations: 12, answered: 8, events: 6 },
    },
    totals: {
      score: null,
      recognized: 0,
      scored: 0,
      tasksDone: 12,
      tasksTotal: 20,
      overdue: 2,
      c13Rate: null,
      forums: 2,
      events: 6,
    },
    statistics: withStatistics
      ? {
          period: reportPeriod(kind, 2026, { dueOn: '2026-06-20' }),
          tables: fillForm(form, rollUpStatistics(Object.values(byUnit))),
          byUnit,
        }
      : null,
  };
}
