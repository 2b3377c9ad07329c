// Shapes of the rounds API (assessment rounds, dossiers, reviews, decisions, notifications), as the web app reads them.
import { ENTRY_STATES, type EntryState } from '../../../core/workflow/round-entry.ts';
import type { DisclosedResult, SuppressedCell } from '../../../core/privacy/disclosure.ts';

export type { EntryState };

export interface Round {
  id: number;
  provinceId: number;
  periodId: number;
  ruleSetId: number;
  title: string;
  dossierDue: string;
  appraisalDue: string;
  decisionDue: string;
  reportDue: string;
  postingDays: number;
  appraisingBody: string;
  signerTitle: string;
  signerName: string;
  status: string;
}

export interface RoundRow {
  unitId: number;
  code: string;
  name: string;
  category: string | null;
  entryId: number | null;
  state: EntryState;
  submissions: number;
  total: number | null;
  recognizedByScore: boolean;
  registered: boolean;
  decisionNumber: string | null;
  overdue: boolean;
}

export interface RoundDetail {
  round: Round;
  year: number;
  term: { start: number; end: number };
  entries: RoundRow[];
}

export interface CouncilMember {
  name: string;
  position: string;
  role: string;
}

export interface ReviewItem {
  code: string;
  criterion: string;
  sector: string;
  inputs: string[];
}

export interface ItemReview {
  itemCode: string;
  sector: string;
  decision: 'accepted' | 'returned';
  reason: string;
  reviewerName: string | null;
  reviewedAt: string;
}

/** Values of a dossier; a figure withheld from the reader (src/core/privacy/disclosure.ts) is the suppressed cell. */
export type Values = Record<string, number | boolean | null | SuppressedCell>;
export type Figure = Values[string];

export interface EntryView {
  round: Round;
  unit: { id: number; code: string; name: string; category: string | null };
  assessmentId: number | null;
  ruleSet: { id: number; code: string; version: number | string };
  entry: {
    id: number | null;
    state: EntryState;
    submissions: number;
    council: CouncilMember[];
    meetingOn: string | null;
    meetingPlace: string;
    meetingSummary: string;
    postingFrom: string | null;
    postingTo: string | null;
    decision: { number: string; signedOn: string } | null;
  };
  actions: string[];
  actors: string[];
  editable: 'all' | 'returned_only' | 'none';
  reopenedInputs: string[];
  items: ReviewItem[];
  reviewSectors: 'all' | string[];
  reviews: ItemReview[];
  submissions: Array<{ number: number; submittedAt: string; total: number; recognized: boolean }>;
  lastSubmission: { values: Values; result: DisclosedResult } | null;
  changes: Array<{ code: string; before: Figure; after: Figure }>;
  appraiser: { values: Values; result: DisclosedResult | null } | null;
  transitions: Array<{ action: string; fromState: string; toState: string; actorName: string | null; comment: string; at: string }>;
}

export interface Decision {
  id: number;
  number: string;
  signedOn: string;
  signerName: string;
  signerTitle: string;
}

export interface AppNotification {
  id: number;
  kind: string;
  message: string;
  link: string | null;
  createdAt: string;
  read: boolean;
}

export type { ModeratedComment } from '../../../server/features/public-posting/store.ts';

/** Links to the official documents (served by the documents feature). */
export const docs = {
  decisionDocx: (id: number) => `/api/decisions/${id}/document.docx`,
  decisionPdf: (id: number) => `/api/decisions/${id}/document.pdf`,
  minutesDocx: (roundId: number, unitId: number) => `/api/rounds/${roundId}/entries/${unitId}/minutes.docx`,
  minutesPdf: (roundId: number, unitId: number) => `/api/rounds/${roundId}/entries/${unitId}/minutes.pdf`,
  calendar: (roundId: number) => `/api/rounds/${roundId}/calendar.ics`,
};

/** Actions that need a written reason. */
export const NEEDS_COMMENT = new Set(['reject', 'revoke', 'reopen']);
/** The main road of a dossier, for the step indicator. */
export const STEPS: EntryState[] = ['draft', 'self_assessed', 'posted', 'submitted', 'appraised', 'recognized'];

export const ENTRY_STATE_LIST: readonly EntryState[] = ENTRY_STATES;
