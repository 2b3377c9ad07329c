// What the reports API answers: the server's contracts (type-only: nothing of the server reaches the bundle).
import type { ReportKind, RollUp, Timeliness } from '../../../core/plans/reports.ts';
import type {
  Consolidated,
  ConsolidatedRow,
  ReportFigures,
  ReportNarrative as Narrative,
  ReportSummary,
  ReportView,
} from '../../../server/features/reports/contracts.ts';

/** A report's figures as the reader may see them: those withheld from them are suppressed. */
export type {
  Consolidated,
  ConsolidatedRow,
  Narrative,
  ReportFigures,
  ReportKind,
  ReportSummary,
  ReportView,
  RollUp,
  Timeliness,
};

export const reportsApi = (unitId: number) => `/api/units/${unitId}/reports`;
export const reportApi = (unitId: number, year: number, kind: ReportKind) => `${reportsApi(unitId)}/${year}/${kind}`;

/** The badge tone of a status; the words (with ⚠) carry the meaning, the colour only repeats it. */
export const statusTone = (s: Timeliness) =>
  (s === 'on_time' ? 'ok' : s === 'pending' ? 'muted' : s === 'late' ? 'warn' : 'bad') as
    'ok' | 'muted' | 'warn' | 'bad';
