// Shapes of the rounds API (assessment rounds, dossiers, reviews, decisions, notifications), as the web app reads them.
import { ENTRY_STATES, type EntryState } from '../../../core/workflow/round-entry.ts';
import type { SuppressedCell } from '../../../core/privacy/disclosure.ts';

export type { EntryState };

// The rounds API's answers are the server's own contract (type-only: nothing of the server is bundled).
export type {
  AppNotification,
  CouncilMember,
  Decision,
  EntryView,
  ItemReview,
  ReviewItem,
  Round,
  RoundDetail,
  RoundRow,
} from '../../../server/features/rounds/contracts.ts';
export type { ModeratedComment } from '../../../server/features/public-posting/contracts.ts';

/** Values of a dossier; a figure withheld from the reader (src/core/privacy/disclosure.ts) is the suppressed cell. */
export type Values = Record<string, number | boolean | null | SuppressedCell>;
export type Figure = Values[string];

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
