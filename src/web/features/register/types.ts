// Shapes of the register API's JSON bodies, as the register pages read them.
import type { LocalText } from '../../app/format.ts';

export type RegisterAccess = 'collaborator' | 'officer' | 'chairman';

export interface Village {
  id: number;
  name: string;
  children: number;
}

export interface CircumstanceGroupRow {
  code: string;
  parent: string | null;
  letter: string;
  label: LocalText;
  sensitive: boolean;
  builtin: boolean;
}

// The register's responses are the server's contracts (src/server/features/register/contracts.ts).
export type { ChildRow, ChildPage, ChildRecord, CaseView, CaseWritten, DerivedRecord, DerivedRecords, AccessLogRow } from '../../../server/features/register/contracts.ts';

export type CaseDeadline = NonNullable<import('../../../server/features/register/contracts.ts').CaseView['deadline']>;

/** Where a computed value comes from: the register (with records behind it), the surveys, or the forums and events. */
export type DerivedOrigin = 'register' | 'survey' | 'forum';

export interface DerivedInput {
  code: string;
  source: 'child' | 'case' | 'village' | 'survey' | 'forum';
  origin: DerivedOrigin;
  sensitive: boolean;
  computed: number | boolean | null;
  stored: { value: number | boolean; origin: 'manual' | DerivedOrigin; sourceNote: string; enteredAt: string } | null;
  differs: boolean;
}

export interface DerivedBody {
  period: { id: number; year: number; startsOn: string; endsOn: string };
  hasRegister: boolean;
  inputs: DerivedInput[];
}

export interface Job<R> {
  id: string;
  status: 'running' | 'done' | 'failed';
  phase: string;
  done: number;
  total: number;
  result?: R;
  error?: { code?: string; message: string; issues?: Array<{ field: string; value: unknown; message: string }> } | string;
}

export interface ImportIssue {
  sheet: string;
  row: number;
  column: string;
  field: string;
  value: unknown;
  code: string;
  message: string;
}

export interface ImportPreview {
  /** null when the file has issues: nothing is kept to be written. */
  importId: string | number | null;
  fileName: string;
  summary: {
    rows: number;
    children: { new: number; updated: number };
    circumstances: number;
    supports: number;
    healthRecords: number;
    newVillages: string[];
  };
  issues: ImportIssue[];
  issueCount: number;
}

export interface ImportCommitted {
  children: number | { new: number; updated: number };
  circumstances: number;
  supports: number;
  healthRecords: number;
}
