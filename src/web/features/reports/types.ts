// What the reports API answers (src/server/features/reports/{store,consolidate}.ts).
import type { ReportFigures, ReportKind, RollUp, Timeliness } from '../../../core/plans/reports.ts';

// The views are the server's own types (type-only: nothing of the server reaches the bundle).
import type { Consolidated, ConsolidatedRow } from '../../../server/features/reports/consolidate.ts';
import type { Narrative } from '../../../server/features/reports/narrative.ts';
import type { ReportSummary, ReportView } from '../../../server/features/reports/store.ts';

export type { Consolidated, ConsolidatedRow, Narrative, ReportFigures, ReportKind, ReportSummary, ReportView, RollUp, Timeliness };


export const reportsApi = (unitId: number) => `/api/units/${unitId}/reports`;
export const reportApi = (unitId: number, year: number, kind: ReportKind) => `${reportsApi(unitId)}/${year}/${kind}`;

/** The badge tone of a status; the words (with ⚠) carry the meaning, the colour only repeats it. */
export const statusTone = (s: Timeliness) => (s === 'on_time' ? 'ok' : s === 'pending' ? 'muted' : s === 'late' ? 'warn' : 'bad') as 'ok' | 'muted' | 'warn' | 'bad';
