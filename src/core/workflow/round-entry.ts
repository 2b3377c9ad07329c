// The one state machine of a commune's assessment in a round: states, transitions, and who may make each.
// Pure: the server asks it whether a transition is allowed, and the page asks it which buttons to show.

export const ENTRY_STATES = ['draft', 'self_assessed', 'posted', 'submitted', 'returned', 'appraised', 'recognized', 'not_recognized', 'revoked'] as const;
export type EntryState = (typeof ENTRY_STATES)[number];

/**
 * Who acts, as far as the workflow cares: the commune's side, the level above, the signer. The system
 * administrator is no actor: a dossier moves only by the hand of the people accountable for it.
 */
export type Actor = 'commune_officer' | 'commune_chairman' | 'appraiser' | 'sector_reviewer' | 'signer';

export type Action =
  | 'self_assess'
  | 'publish'
  | 'submit'
  | 'return_item'
  | 'resubmit'
  | 'appraise'
  | 'recognize'
  | 'reject'
  | 'revoke'
  | 'reopen';

export interface Transition {
  action: Action;
  from: EntryState[];
  to: EntryState;
  by: Actor[];
  /** A comment is required (a reason for a return, a refusal, a revocation, a reopening). */
  needsComment: boolean;
}

const COMMUNE: Actor[] = ['commune_officer', 'commune_chairman'];

export const TRANSITIONS: Transition[] = [
  { action: 'self_assess', from: ['draft'], to: 'self_assessed', by: COMMUNE, needsComment: false },
  { action: 'publish', from: ['self_assessed'], to: 'posted', by: COMMUNE, needsComment: false },
  { action: 'submit', from: ['posted'], to: 'submitted', by: COMMUNE, needsComment: false },
  { action: 'return_item', from: ['submitted', 'returned'], to: 'returned', by: ['appraiser', 'sector_reviewer'], needsComment: true },
  { action: 'resubmit', from: ['returned'], to: 'submitted', by: COMMUNE, needsComment: false },
  { action: 'appraise', from: ['submitted'], to: 'appraised', by: ['appraiser'], needsComment: false },
  { action: 'recognize', from: ['appraised'], to: 'recognized', by: ['signer'], needsComment: false },
  { action: 'reject', from: ['appraised'], to: 'not_recognized', by: ['signer'], needsComment: true },
  { action: 'revoke', from: ['recognized'], to: 'revoked', by: ['signer'], needsComment: true },
  // Before submission the commune may go back to editing (e.g. after comments during the posting).
  { action: 'reopen', from: ['self_assessed', 'posted'], to: 'draft', by: COMMUNE, needsComment: true },
];

export type TransitionCheck =
  | { ok: true; transition: Transition }
  | { ok: false; reason: 'unknown_action' | 'wrong_state' | 'not_allowed' | 'comment_required'; allowedFrom?: EntryState[] };

/** Whether `actors` (the roles the user holds for this entry) may take `action` from `state`. */
export function checkTransition(state: EntryState, action: string, actors: Actor[], comment = ''): TransitionCheck {
  const transition = TRANSITIONS.find((t) => t.action === action);
  if (!transition) return { ok: false, reason: 'unknown_action' };
  if (!transition.from.includes(state)) return { ok: false, reason: 'wrong_state', allowedFrom: transition.from };
  if (!actors.some((a) => transition.by.includes(a))) return { ok: false, reason: 'not_allowed' };
  if (transition.needsComment && !comment.trim()) return { ok: false, reason: 'comment_required' };
  return { ok: true, transition };
}

/** The actions open to these actors in this state (what the page offers). */
export function availableActions(state: EntryState, actors: Actor[]): Action[] {
  return TRANSITIONS.filter((t) => t.from.includes(state) && actors.some((a) => t.by.includes(a))).map((t) => t.action);
}

/** The commune may change its inputs only before self-assessment, or (returned items only) after a return. */
export function communeMayEdit(state: EntryState): 'all' | 'returned_only' | 'none' {
  if (state === 'draft') return 'all';
  if (state === 'returned') return 'returned_only';
  return 'none';
}
