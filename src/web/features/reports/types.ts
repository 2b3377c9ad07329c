// What the reports API answers: the server's contracts (type-only: nothing of the server reaches the bundle).
import type { ReportKind, RollUp, Timeliness } from '../../../core/plans/reports.ts';
import type { FormTableValue } from '../../../core/reports/forms.ts';
import type { StatisticValues } from '../../../core/reports/statistics.ts';
import type {
  Consolidated,
  ConsolidatedRow,
  ForumReportList,
  ForumReportRow,
  ReportFigures,
  ReportNarrative as Narrative,
  ReportSummary,
  ReportView,
} from '../../../server/features/reports/contracts.ts';

type ReportStatistics = NonNullable<ReportFigures['statistics']>;

/** A report's figures as the reader may see them: those withheld from them are suppressed. */
export type {
  Consolidated,
  ConsolidatedRow,
  ForumReportList,
  ForumReportRow,
  FormTableValue,
  Narrative,
  ReportFigures,
  ReportKind,
  ReportStatistics,
  ReportSummary,
  ReportView,
  RollUp,
  StatisticValues,
  Timeliness,
};

/** The kinds a unit reports once a year, in the order the year's list shows them. */
export const YEARLY_KINDS = ['six_month', 'annual', 'action_month'] as const;
export type YearlyKind = (typeof YEARLY_KINDS)[number];
export const yearlyKind = (s: string | null): YearlyKind =>
  (YEARLY_KINDS as readonly string[]).includes(s ?? '') ? (s as YearlyKind) : 'six_month';

/** A report's statistics, where the report has them (those frozen before forms existed have none). */
export const statisticsOf = (r: { figures: ReportFigures }): ReportStatistics | null => r.figures.statistics ?? null;

/** The roll-up of the submitted reports' statistics on the consolidated report (null: none has any). */
export type ConsolidatedStatistics = NonNullable<Consolidated['statistics']>;
export const consolidatedStatisticsOf = (c: Consolidated): ConsolidatedStatistics | null => c.statistics ?? null;

/** A forum's report: a report like the yearly ones, about one forum (`forum` set). */
export type ForumReportView = ReportView;

export const reportsApi = (unitId: number) => `/api/units/${unitId}/reports`;
export const reportApi = (unitId: number, year: number, kind: ReportKind) => `${reportsApi(unitId)}/${year}/${kind}`;
export const forumReportsApi = (unitId: number) => `/api/units/${unitId}/forum-reports`;
export const forumReportApi = (unitId: number, forumId: number) => `${forumReportsApi(unitId)}/${forumId}`;
/** The page of a forum's report (linked from the forum's own page too). */
export const forumReportPath = (unitId: number, forumId: number) => `/reports/${unitId}/forums/${forumId}`;

/** The badge tone of a status; the words (with ⚠) carry the meaning, the colour only repeats it. */
export const statusTone = (s: Timeliness) =>
  (s === 'on_time' ? 'ok' : s === 'pending' ? 'muted' : s === 'late' ? 'warn' : 'bad') as
    'ok' | 'muted' | 'warn' | 'bad';
