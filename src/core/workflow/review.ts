// Item-by-item review: which inputs an item reads, what a return reopens, what a resubmission changed.
import type { RuleSetDefinition } from '../rule-sets/schema.ts';
import type { InputValues } from '../scoring/validate.ts';
import { TRANSITIONS, type Actor, type EntryState } from './round-entry.ts';

export type ReviewDecision = 'accepted' | 'returned';

export interface ItemRef {
  code: string;
  criterion: string;
  /** The sector whose department reviews the item (the criterion's sector). */
  sector: string;
  inputs: string[];
}

export function reviewItems(def: RuleSetDefinition): ItemRef[] {
  return def.criteria.flatMap((c) =>
    c.items.map((item) => {
      const m = item.measure;
      return {
        code: item.code,
        criterion: c.code,
        sector: c.sector,
        inputs: m.kind === 'rate' ? [m.numerator, m.denominator] : [m.input],
      };
    }),
  );
}

/** Inputs the commune may change after a return: those read by the returned items, and only those. */
export function reopenedInputs(def: RuleSetDefinition, returnedItems: string[]): Set<string> {
  const returned = new Set(returnedItems);
  return new Set(
    reviewItems(def)
      .filter((i) => returned.has(i.code))
      .flatMap((i) => i.inputs),
  );
}

export interface ValueChange {
  code: string;
  before: number | boolean | null;
  after: number | boolean | null;
}

/** Every input whose value differs between two submissions. */
export function diffValues(before: InputValues, after: InputValues): ValueChange[] {
  const codes = new Set([...Object.keys(before), ...Object.keys(after)]);
  const changes: ValueChange[] = [];
  for (const code of [...codes].sort()) {
    const a = before[code] ?? null;
    const b = after[code] ?? null;
    if (a !== b) changes.push({ code, before: a, after: b });
  }
  return changes;
}

/**
 * After a resubmission an item keeps its acceptance only if none of its inputs changed; returned
 * items and items touched by a change wait for a new review.
 */
export function carriedAcceptances(
  def: RuleSetDefinition,
  previous: Map<string, ReviewDecision>,
  changed: ValueChange[],
): string[] {
  const touched = new Set(changed.map((c) => c.code));
  return reviewItems(def)
    .filter((i) => previous.get(i.code) === 'accepted' && !i.inputs.some((code) => touched.has(code)))
    .map((i) => i.code);
}

// Returns are gathered. A reviewer's return of an item waits on the dossier (pending) and changes nothing
// else: the dossier stays "submitted" and nobody is told. The appraiser sends every pending return at
// once; only then does the dossier move to "returned" and the commune get one notice listing each item
// and reason. At that moment accepted items stay accepted (and carry over to the next submission when
// their inputs do not change), pending returns become the returned items the commune may correct, and
// items nobody has judged yet wait for a review after the resubmission.

/** A review as the dossier keeps it: a return is pending while `sentAt` is empty. */
export interface ReviewRecord {
  itemCode: string;
  sector: string;
  decision: ReviewDecision;
  reason: string;
  sentAt: string | Date | null;
}

/** Items are judged (accepted, returned, a return withdrawn) only while the dossier waits for appraisal. */
export const reviewOpen = (state: EntryState) => state === 'submitted';

export const isPendingReturn = (r: Pick<ReviewRecord, 'decision' | 'sentAt'>) => r.decision === 'returned' && !r.sentAt;

/** The returns not sent yet, in the order of the rule set's items when it is given. */
export function pendingReturns<T extends ReviewRecord>(
  reviews: readonly T[],
  items?: readonly { code: string }[],
): T[] {
  const pending = reviews.filter(isPendingReturn);
  if (!items) return pending;
  const order = new Map(items.map((i, n) => [i.code, n]));
  return [...pending].sort((a, b) => (order.get(a.itemCode) ?? 1e9) - (order.get(b.itemCode) ?? 1e9));
}

export type SendCheck = { ok: true } | { ok: false; reason: 'wrong_state' | 'not_allowed' | 'nothing_pending' };

/**
 * Whether these actors may send the gathered returns now: the actors of the transition `return_item` of
 * the state machine (the appraiser), its state ("submitted"), and at least one return waiting.
 */
export function checkSendReturns(state: EntryState, actors: readonly Actor[], pending: number): SendCheck {
  const t = TRANSITIONS.find((x) => x.action === 'return_item')!;
  // Who first: one who may not send learns nothing of the dossier's state.
  if (!actors.some((a) => t.by.includes(a))) return { ok: false, reason: 'not_allowed' };
  if (!t.from.includes(state)) return { ok: false, reason: 'wrong_state' };
  if (pending < 1) return { ok: false, reason: 'nothing_pending' };
  return { ok: true };
}

/** Whether a reviewer of `sectors` may withdraw this review: a pending return of an item of theirs. */
export function mayWithdrawReturn(
  review: Pick<ReviewRecord, 'decision' | 'sentAt' | 'sector'>,
  sectors: 'all' | ReadonlySet<string> | readonly string[],
): boolean {
  if (!isPendingReturn(review)) return false;
  if (sectors === 'all') return true;
  return sectors instanceof Set ? sectors.has(review.sector) : (sectors as readonly string[]).includes(review.sector);
}

/** What sending does to each item: returned (the pending returns), kept accepted, still to be judged. */
export function sendOutcome<T extends ReviewRecord>(items: readonly { code: string }[], reviews: readonly T[]) {
  const by = new Map(reviews.map((r) => [r.itemCode, r]));
  const returned = pendingReturns(reviews, items);
  const accepted = items.filter((i) => by.get(i.code)?.decision === 'accepted').length;
  const unjudged = items.filter((i) => !by.has(i.code)).length;
  return { returned, accepted, unjudged };
}

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

/** The history's line of a send: one line per item, "code: reason" (a reason's own line breaks folded). */
export function returnsComment(returns: readonly { itemCode: string; reason: string }[]): string {
  return returns.map((r) => `${r.itemCode}: ${oneLine(r.reason)}`).join('\n');
}

/** The items and reasons of a send's history line (also reads the one-item lines written before gathering). */
export function parseReturnsComment(comment: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of comment.split('\n')) {
    const m = /^([^:\s]+):\s*(.*)$/.exec(line);
    if (m && !out.has(m[1]!)) out.set(m[1]!, m[2]!);
  }
  return out;
}
