// The one state machine of a commune's assessment in a round: states, transitions, and who may make each.
// Pure: the server asks it whether a transition is allowed, and the page asks it which buttons to show.

export const ENTRY_STATES = [
  'draft',
  'self_assessed',
  'posted',
  'submitted',
  'returned',
  'appraised',
  'recognized',
  'not_recognized',
  'revoked',
] as const;
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

/**
 * Where a transition is made: the dossier's own transitions, an item review (a return needs the item and
 * its reason), or a recognition decision (one signed decision recognises several communes at once).
 */
export type TransitionRoute = 'transitions' | 'review' | 'decision';

/**
 * What a transition needs besides state, role and comment, checked in this order. The server's handler of
 * each action (src/server/features/rounds/transitions.ts) checks exactly these.
 * - council: a self-assessment council of at least COUNCIL_MIN members and a meeting date;
 * - complete_values: every input of the rule set entered and valid;
 * - posting_over: the public posting, if any, has ended (the last day is still a day of posting).
 * - all_items_accepted: every item of the current submission accepted.
 * - evidence: where the round requires it, every criterion has at least one evidence file.
 * - pending_returns: at least one item's return recorded by a reviewer and not sent yet.
 */
export type Precondition =
  'council' | 'complete_values' | 'posting_over' | 'all_items_accepted' | 'evidence' | 'pending_returns';

/**
 * What a transition does besides moving the state, in this order:
 * - open_posting: stamps the posting window (today and the round's number of posting days);
 * - freeze_submission: keeps the values and their score as a numbered submission;
 * - carry_acceptances: accepted items whose inputs did not change stay accepted in the new submission.
 */
export type Effect = 'open_posting' | 'freeze_submission' | 'carry_acceptances';

export interface Transition {
  action: Action;
  from: EntryState[];
  to: EntryState;
  by: Actor[];
  /** A comment is required (a reason for a return, a refusal, a revocation, a reopening). */
  needsComment: boolean;
  via: TransitionRoute;
  needs: Precondition[];
  does: Effect[];
}

const COMMUNE: Actor[] = ['commune_officer', 'commune_chairman'];

/** A self-assessment council has at least this many members. */
export const COUNCIL_MIN = 3;

const T = (
  t: Omit<Transition, 'via' | 'needs' | 'does'> & Partial<Pick<Transition, 'via' | 'needs' | 'does'>>,
): Transition => ({
  via: 'transitions',
  needs: [],
  does: [],
  ...t,
});

export const TRANSITIONS: Transition[] = [
  T({
    action: 'self_assess',
    from: ['draft'],
    to: 'self_assessed',
    by: COMMUNE,
    needsComment: false,
    needs: ['council', 'complete_values'],
  }),
  T({
    action: 'publish',
    from: ['self_assessed'],
    to: 'posted',
    by: COMMUNE,
    needsComment: false,
    does: ['open_posting'],
  }),
  T({
    action: 'submit',
    from: ['posted'],
    to: 'submitted',
    by: COMMUNE,
    needsComment: false,
    needs: ['posting_over', 'evidence', 'complete_values'],
    does: ['freeze_submission'],
  }),
  // Sends the returns gathered on the dossier (src/core/workflow/review.ts): reviewers record them, the appraiser sends.
  T({
    action: 'return_item',
    from: ['submitted'],
    to: 'returned',
    by: ['appraiser'],
    needsComment: true,
    via: 'review',
    needs: ['pending_returns'],
  }),
  T({
    action: 'resubmit',
    from: ['returned'],
    to: 'submitted',
    by: COMMUNE,
    needsComment: false,
    needs: ['evidence', 'complete_values'],
    does: ['freeze_submission', 'carry_acceptances'],
  }),
  T({
    action: 'appraise',
    from: ['submitted'],
    to: 'appraised',
    by: ['appraiser'],
    needsComment: false,
    needs: ['all_items_accepted'],
  }),
  T({
    action: 'recognize',
    from: ['appraised'],
    to: 'recognized',
    by: ['signer'],
    needsComment: false,
    via: 'decision',
  }),
  T({ action: 'reject', from: ['appraised'], to: 'not_recognized', by: ['signer'], needsComment: true }),
  T({ action: 'revoke', from: ['recognized'], to: 'revoked', by: ['signer'], needsComment: true }),
  // Before submission the commune may go back to editing (e.g. after comments during the posting).
  T({ action: 'reopen', from: ['self_assessed', 'posted'], to: 'draft', by: COMMUNE, needsComment: true }),
];

/** Actions made through the dossier's transitions route (not an item review, not a decision). */
export type DirectAction = Exclude<Action, 'return_item' | 'recognize'>;
export const DIRECT_ACTIONS = TRANSITIONS.filter((t) => t.via === 'transitions').map((t) => t.action as DirectAction);

export type RefusalReason =
  'unknown_action' | 'wrong_state' | 'not_allowed' | 'comment_required' | 'use_review' | 'use_decision';

export type TransitionCheck =
  | { ok: true; transition: Transition }
  | { ok: false; reason: Exclude<RefusalReason, 'use_review' | 'use_decision'>; allowedFrom?: EntryState[] };

export type DirectCheck =
  | { ok: true; transition: Transition & { action: DirectAction } }
  | { ok: false; reason: RefusalReason; allowedFrom?: EntryState[] };

/** Whether `actors` (the roles the user holds for this entry) may take `action` from `state`. */
export function checkTransition(state: EntryState, action: string, actors: Actor[], comment = ''): TransitionCheck {
  const transition = TRANSITIONS.find((t) => t.action === action);
  if (!transition) return { ok: false, reason: 'unknown_action' };
  if (!transition.from.includes(state)) return { ok: false, reason: 'wrong_state', allowedFrom: transition.from };
  if (!actors.some((a) => transition.by.includes(a))) return { ok: false, reason: 'not_allowed' };
  if (transition.needsComment && !comment.trim()) return { ok: false, reason: 'comment_required' };
  return { ok: true, transition };
}

/**
 * checkTransition as the dossier's transitions route asks it: a return is made by reviewing an item and a
 * recognition by a decision, so both are refused there once state, role and comment would allow them.
 */
export function checkDirectTransition(state: EntryState, action: string, actors: Actor[], comment = ''): DirectCheck {
  const check = checkTransition(state, action, actors, comment);
  if (!check.ok) return check;
  if (check.transition.via === 'review') return { ok: false, reason: 'use_review' };
  if (check.transition.via === 'decision') return { ok: false, reason: 'use_decision' };
  return check as DirectCheck;
}

/** The actions open to these actors in this state (what the page offers). */
export function availableActions(state: EntryState, actors: Actor[]): Action[] {
  return TRANSITIONS.filter((t) => t.from.includes(state) && actors.some((a) => t.by.includes(a))).map((t) => t.action);
}

/** The actions the dossier page offers as buttons: those of the transitions route. */
export function directActions(state: EntryState, actors: Actor[]): DirectAction[] {
  return availableActions(state, actors).filter((a): a is DirectAction => (DIRECT_ACTIONS as Action[]).includes(a));
}

/** Whether the council may self-assess: enough members and a meeting held. */
export const councilReady = (council: readonly unknown[], meetingOn: string | null) =>
  council.length >= COUNCIL_MIN && !!meetingOn;

/** Whether the public posting, if any, is over on `today` (its last day is still a day of posting). */
export const postingOver = (postingTo: string | null, today: string) => !postingTo || postingTo < today;

/** Items of the current submission not accepted yet (what holds an appraisal back). */
export function pendingItems(items: readonly { code: string }[], accepted: Iterable<string>): string[] {
  const done = new Set(accepted);
  return items.filter((i) => !done.has(i.code)).map((i) => i.code);
}

/** The commune may change its inputs only before self-assessment, or (returned items only) after a return. */
export function communeMayEdit(state: EntryState): 'all' | 'returned_only' | 'none' {
  if (state === 'draft') return 'all';
  if (state === 'returned') return 'returned_only';
  return 'none';
}

/** The day after `iso` (yyyy-mm-dd), as a calendar day. */
const nextDay = (iso: string): string => {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
};

/** The first day the dossier may be submitted after its public posting (the day after its last day). */
export const submitOpensOn = (postingTo: string | null): string | null => (postingTo ? nextDay(postingTo) : null);

/** The criteria (codes, in the rule set's order) with no evidence file among `attached` (criteria of files). */
export function criteriaWithoutEvidence(
  criteria: readonly { code: string }[],
  attached: Iterable<string | null>,
): string[] {
  const has = new Set(attached);
  return criteria.filter((c) => !has.has(c.code)).map((c) => c.code);
}

/**
 * What the page and the server know of a dossier beyond its state, for the needs that can be checked
 * without a transaction: the posting window, today (Vietnam), and the evidence rule.
 */
export interface EntryFacts {
  postingTo: string | null;
  today: string;
  /** The round requires evidence for every criterion. */
  requireEvidence: boolean;
  /** Criteria (codes) with no evidence file yet. */
  withoutEvidence: readonly string[];
}

/**
 * Why an action open to these actors in this state is held back now, and from when it will be open:
 * - posting_not_over: the public posting lasts to `postingTo`; open from the day after (`from`);
 * - evidence_required: the round requires evidence for every criterion; `criteria` still have none (no date:
 *   open as soon as they are attached).
 */
export type Hold = { reason: 'posting_not_over'; from: string } | { reason: 'evidence_required'; criteria: string[] };

/** An action open to these actors in this state: offered now, or held with its reason. */
export interface ActionOption {
  action: DirectAction;
  hold: Hold | null;
}

/** The hold of a transition's needs the facts can decide (the others are checked by the server when made). */
export function holdOf(transition: Transition, facts: EntryFacts): Hold | null {
  if (transition.needs.includes('posting_over') && !postingOver(facts.postingTo, facts.today))
    return { reason: 'posting_not_over', from: submitOpensOn(facts.postingTo)! };
  if (transition.needs.includes('evidence') && facts.requireEvidence && facts.withoutEvidence.length)
    return { reason: 'evidence_required', criteria: [...facts.withoutEvidence] };
  return null;
}

/**
 * The dossier's actions for these actors in this state, each offered now or held back with why and from
 * when: the page offers only the first kind and says the reasons of the second; the server refuses both
 * alike when made.
 */
export function actionOptions(state: EntryState, actors: Actor[], facts: EntryFacts): ActionOption[] {
  return directActions(state, actors).map((action) => ({
    action,
    hold: holdOf(
      TRANSITIONS.find((t) => t.action === action)!,
      facts,
    ),
  }));
}

/** States in which the commune still owes its dossier to the province (its due date counts against it). */
export const OWES_DOSSIER: readonly EntryState[] = ['draft', 'self_assessed', 'posted', 'returned'];

/**
 * Whether the commune may attach or remove evidence now, else when it may: after reopening the dossier
 * (self-assessed or posted: reopen goes back to draft), after a return (under review), or not any more
 * in this round (appraised and after).
 */
export type UploadWindow = 'open' | 'after_reopen' | 'after_return' | 'closed';
export function uploadWindow(state: EntryState): UploadWindow {
  if (communeMayEdit(state) !== 'none') return 'open';
  if (state === 'self_assessed' || state === 'posted') return 'after_reopen';
  if (state === 'submitted') return 'after_return';
  return 'closed';
}

/** Who hears of a transition (src/server/features/rounds/notifications.ts): the province's reviewers or the commune. */
export const notifiedOf = (action: Action): 'province_reviewers' | 'commune' =>
  action === 'submit' || action === 'resubmit' ? 'province_reviewers' : 'commune';
