// What the reports API answers (src/server/features/reports/{store,consolidate}.ts).
import type { ReportFigures, ReportKind, RollUp, Timeliness } from '../../../core/plans/reports.ts';

export type { ReportFigures, ReportKind, Timeliness };

export interface Narrative {
  results: string;
  difficulties: string;
  proposals: string;
}

export interface ReportSummary {
  unitId: number;
  year: number;
  kind: ReportKind;
  dueOn: string;
  status: 'draft' | 'submitted';
  stored: boolean;
  submittedAt: string | null;
  submittedOn: string | null;
  timeliness: Timeliness;
  revision: number;
}

export interface ReportView extends ReportSummary {
  unitName: string;
  level: 'province' | 'commune';
  provinceId: number;
  figures: ReportFigures;
  frozen: boolean;
  narrative: Narrative;
  submittedByName: string | null;
  plans: Array<{ id: number; title: string; number: string; status: 'draft' | 'issued' }>;
  canWrite: boolean;
}

export interface ConsolidatedRow {
  unitId: number;
  code: string;
  name: string;
  dueOn: string;
  status: Timeliness;
  submittedOn: string | null;
  score: number | null;
  recognized: boolean | null;
  tasksDone: number | null;
  tasksTotal: number | null;
  overdue: number | null;
  c13Rate: number | null;
  forums: number | null;
  events: number | null;
}

export interface Consolidated {
  province: { id: number; name: string };
  year: number;
  kind: ReportKind;
  today: string;
  completeness: { units: number; submitted: number; onTime: number; late: number; missing: number; pending: number };
  rows: ConsolidatedRow[];
  rollUp: RollUp;
  totals: { score: number | null; recognized: number; scored: number; tasksDone: number; tasksTotal: number; overdue: number; c13Rate: number | null; forums: number; events: number };
}

export const reportsApi = (unitId: number) => `/api/units/${unitId}/reports`;
export const reportApi = (unitId: number, year: number, kind: ReportKind) => `${reportsApi(unitId)}/${year}/${kind}`;

/** The badge tone of a status; the words (with ⚠) carry the meaning, the colour only repeats it. */
export const statusTone = (s: Timeliness) => (s === 'on_time' ? 'ok' : s === 'pending' ? 'muted' : s === 'late' ? 'warn' : 'bad') as 'ok' | 'muted' | 'warn' | 'bad';
