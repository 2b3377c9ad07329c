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

export interface ChildRow {
  id: number;
  code: string;
  fullName: string;
  birthDate: string;
  age: number;
  sex: 'male' | 'female';
  villageId: number;
  villageName: string;
  householdCode: string;
  left: 'died' | 'moved' | null;
  groups: string[];
}

export interface ChildPage {
  total: number;
  page: number;
  pageSize: number;
  rows: ChildRow[];
}

export type Restricted = { id: number; restricted: true };

export interface ChildRecord {
  id: number;
  access: RegisterAccess;
  fieldGroups: string[];
  code: string;
  fullName: string;
  birthDate: string;
  age: number;
  sex: 'male' | 'female';
  idNumber: string | null;
  guardianName: string;
  guardianRelation: string;
  village: { id: number; name: string };
  household: { id: number; code: string; head: string; address: string };
  birthRegisteredOn: string | null;
  education: string | null;
  fullyImmunizedOn: string | null;
  disability: string;
  movedOutOn: string | null;
  diedOn: string | null;
  note: string;
  circumstances: Array<{ id: number; restricted: false; group: string; label: LocalText; startedOn: string; endedOn: string | null; note: string } | Restricted>;
  supports: Array<{ id: number; restricted: false; kind: string; givenOn: string; provider: string; note: string } | Restricted> | null;
  healthRecords: Array<{ id: number; kind: 'growth' | 'periodic'; checkedOn: string; weightKg: number | null; heightCm: number | null; underweight: boolean; stunted: boolean; note: string }>;
  cases: Array<{ id: number; restricted: false; kind: string; reportedOn: string; closedOn: string | null } | Restricted> | null;
}

export interface CaseDeadline {
  step: 'draft' | 'approve';
  dueOn: string;
  overdue: boolean;
  workingDaysLeft: number;
}

export interface CaseView {
  id: number;
  visibility: 'full' | 'restricted' | 'hidden';
  kind: string;
  reportedOn: string;
  closedOn: string | null;
  caseWorker: { id: number | null; name: string | null };
  deadline: CaseDeadline | null;
  timeliness: 'not_needed' | 'pending' | 'in_time' | 'late';
  child: { id: number; code: string | null; fullName: string | null } | null;
  details: {
    abuseKind: string | null;
    occurredOn: string;
    emergency: boolean;
    summary: string;
    planDueOn: string | null;
    planDraftedOn: string | null;
    approvalDueOn: string | null;
    planApprovedOn: string | null;
  } | null;
}

export interface AccessLogRow {
  id: number;
  at: string;
  action: string;
  fields: string[];
  childId: number | null;
  childCode: string | null;
  caseId: number | null;
  user: { username: string; fullName: string };
  ip: string | null;
}

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

export type DerivedRecord =
  | { kind: 'village'; id: number; name: string }
  | { kind: 'child'; restricted: false; id: number; code: string; fullName: string; birthDate: string; village: string; caseIds: number[] }
  | { kind: 'child'; restricted: true };

export interface DerivedRecords {
  code: string;
  source: 'child' | 'case' | 'village';
  count: number;
  shown?: number;
  restricted?: number;
  records: DerivedRecord[];
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
