// What the reports API answers (src/server/features/reports/{store,consolidate}.ts).
import type { ReportKind, RollUp, Timeliness } from '../../../core/plans/reports.ts';

// The views are the server's own types (type-only: nothing of the server reaches the bundle).
import type { Consolidated, ConsolidatedRow } from '../../../server/features/reports/consolidate.ts';
import type { Narrative } from '../../../server/features/reports/narrative.ts';
import type { ReportSummary, ReportView as StoredReportView } from '../../../server/features/reports/store.ts';
import type { DisclosedFigures } from '../../../server/features/reports/figures.ts';

/** A report as the reader may see it: figures withheld from them are suppressed (reports/figures.ts discloseReport). */
export type ReportFigures = DisclosedFigures;
export type ReportView = Omit<StoredReportView, 'figures'> & { figures: ReportFigures };

export type { Consolidated, ConsolidatedRow, Narrative, ReportKind, ReportSummary, RollUp, Timeliness };


export const reportsApi = (unitId: number) => `/api/units/${unitId}/reports`;
export const reportApi = (unitId: number, year: number, kind: ReportKind) => `${reportsApi(unitId)}/${year}/${kind}`;

/** The badge tone of a status; the words (with ⚠) carry the meaning, the colour only repeats it. */
export const statusTone = (s: Timeliness) => (s === 'on_time' ? 'ok' : s === 'pending' ? 'muted' : s === 'late' ? 'warn' : 'bad') as 'ok' | 'muted' | 'warn' | 'bad';
