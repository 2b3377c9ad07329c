// The dossier's transitions, one handler per action beside the state machine of
// src/core/workflow/round-entry.ts: the core says who may move a dossier from which state to which, and what
// each move needs and does; each handler here checks those needs against the database and makes those effects.
import { sql, type Transaction } from 'kysely';
import { addDays, format, parseISO } from 'date-fns';
import type { Database } from '../../db/schema.ts';
import {
  checkDirectTransition,
  councilReady,
  criteriaWithoutEvidence,
  pendingItems,
  postingOver,
  type Action,
  type DirectAction,
  type DirectCheck,
  type EntryState,
} from '../../../core/workflow/round-entry.ts';
import {
  carriedAcceptances,
  checkSendReturns,
  diffValues,
  pendingReturns,
  returnsComment,
  reviewItems,
  type ReviewDecision,
} from '../../../core/workflow/review.ts';
import { score } from '../../../core/scoring/engine.ts';
import { validateValues } from '../../../core/scoring/validate.ts';
import { phrase, Refusal, valueRefusal } from '../../platform/refusal.ts';
import { auditInsert, writeAudit } from '../audit/index.ts';
import type { SessionUser } from '../auth/index.ts';
import { DEFAULT_CATEGORY, plainValues } from '../assessments/index.ts';
import { loadRuleSet, type LoadedRuleSet } from '../rule-sets/index.ts';
import { criteriaWithEvidence } from '../evidence/index.ts';
import { notifyReturns, notifyUnitRoles } from './notifications.ts';
import { actorsFor, lockEntry, lockEntryWithUnit, today, type Db } from './store.ts';

type Trx = Transaction<Database>;
type EntryRow = Awaited<ReturnType<typeof lockEntry>>;
type Patch = Partial<{ posting_from: string; posting_to: string; submissions: number }>;

/** What a handler works on: the locked entry, its commune and round, and the one who acts. */
interface TransitionContext {
  trx: Trx;
  entry: EntryRow;
  unit: { id: number; parent_id: number | null; name: string; category: string | null };
  round: Awaited<ReturnType<typeof lockEntryWithUnit>>['round'];
  user: SessionUser;
  ruleSet: () => Promise<LoadedRuleSet>;
}

/** Checks a transition's needs and makes its effects, answering the columns of the entry it changes. */
type Handler = (ctx: TransitionContext) => Promise<Patch>;

async function assessmentValues(trx: Trx, assessmentId: number) {
  const rows = await trx
    .selectFrom('assessment_value')
    .select(['code', 'value'])
    .where('assessment_id', '=', assessmentId)
    .execute();
  return plainValues(Object.fromEntries(rows.map((r) => [r.code, { value: r.value }])));
}

// The needs (Precondition) and effects (Effect) of the core, each once.

async function needCouncil({ entry }: TransitionContext) {
  if (!councilReady(entry.council, entry.meeting_on)) throw new Refusal('conflict', 'rounds:error.council_missing', {});
}

async function needPostingOver({ entry }: TransitionContext) {
  if (!postingOver(entry.posting_to, today()))
    throw new Refusal('conflict', 'rounds:error.posting_not_over', { until: entry.posting_to });
}

async function needAllItemsAccepted({ trx, entry, ruleSet }: TransitionContext) {
  const accepted = await trx
    .selectFrom('item_review')
    .select('item_code')
    .where('entry_id', '=', entry.id)
    .where('submission_number', '=', entry.submissions)
    .where('decision', '=', 'accepted')
    .execute();
  const pending = pendingItems(
    reviewItems((await ruleSet()).definition),
    accepted.map((r) => r.item_code),
  );
  if (pending.length)
    throw new Refusal('conflict', 'rounds:error.items_pending', {
      count: pending.length,
      items: pending.slice(0, 8).join(', '),
    });
}

/** Where the round requires it, every criterion has an evidence file; the refusal lists those that have none. */
async function needEvidence({ trx, entry, round, ruleSet }: TransitionContext) {
  if (!round.require_evidence) return;
  const { criteria } = (await ruleSet()).definition;
  const missing = criteriaWithoutEvidence(criteria, await criteriaWithEvidence(trx, entry.id));
  if (!missing.length) return;
  const titles = new Map(criteria.map((c) => [c.code, c.title.vi]));
  throw new Refusal('conflict', 'rounds:error.evidence_missing', {
    count: missing.length,
    criteria: missing.map((code) => `${code} ${titles.get(code) ?? ''}`.trim()).join('; '),
  });
}

function openPosting({ round }: TransitionContext): Patch {
  const from = today();
  return { posting_from: from, posting_to: format(addDays(parseISO(from), round.posting_days - 1), 'yyyy-MM-dd') };
}

/** Freezes the values and their score as the next submission; carries acceptances over when asked. */
async function freezeSubmission(ctx: TransitionContext, carry: boolean): Promise<Patch> {
  const { trx, entry, unit, user } = ctx;
  const rs = await ctx.ruleSet();
  const values = await assessmentValues(trx, entry.assessment_id);
  const checked = validateValues(rs.definition, values, { allowMissing: false });
  if (!checked.ok) throw new Refusal('conflict', 'rounds:error.incomplete', { count: checked.issues.length });
  const result = score(rs.definition, String(rs.version), unit.category ?? DEFAULT_CATEGORY, checked.values);
  const number = entry.submissions + 1;
  await trx
    .insertInto('round_submission')
    .values({
      entry_id: entry.id,
      number,
      values: JSON.stringify(values),
      result: JSON.stringify(result),
      submitted_by: user.id,
    })
    .execute();
  if (carry) {
    // Acceptances of items whose inputs did not change carry over; the rest wait for a new review.
    const previous = await trx
      .selectFrom('round_submission')
      .select('values')
      .where('entry_id', '=', entry.id)
      .where('number', '=', entry.submissions)
      .executeTakeFirstOrThrow();
    const changes = diffValues(previous.values, values);
    const reviews = await trx
      .selectFrom('item_review')
      .selectAll()
      .where('entry_id', '=', entry.id)
      .where('submission_number', '=', entry.submissions)
      .execute();
    const decisions = new Map(reviews.map((r) => [r.item_code, r.decision as ReviewDecision]));
    const carried = new Set(carriedAcceptances(rs.definition, decisions, changes));
    const keep = reviews.filter((r) => carried.has(r.item_code));
    if (keep.length)
      await trx
        .insertInto('item_review')
        .values(
          keep.map((r) => ({
            entry_id: entry.id,
            submission_number: number,
            item_code: r.item_code,
            sector: r.sector,
            decision: 'accepted' as const,
            reason: '',
            reviewer_id: r.reviewer_id,
            reviewed_at: r.reviewed_at,
          })),
        )
        .execute();
  }
  return { submissions: number };
}

/** One handler per action of the transitions route; a move with neither needs nor effects changes only the state. */
export const HANDLERS: { readonly [A in DirectAction]: Handler } = {
  self_assess: async (ctx) => {
    await needCouncil(ctx);
    const rs = await ctx.ruleSet();
    const checked = validateValues(rs.definition, await assessmentValues(ctx.trx, ctx.entry.assessment_id), {
      allowMissing: false,
    });
    if (!checked.ok) throw valueRefusal('conflict', 'rounds:error.incomplete', checked.issues);
    return {};
  },
  publish: async (ctx) => openPosting(ctx),
  submit: async (ctx) => {
    await needPostingOver(ctx);
    await needEvidence(ctx);
    return freezeSubmission(ctx, false);
  },
  resubmit: async (ctx) => {
    await needEvidence(ctx);
    return freezeSubmission(ctx, true);
  },
  appraise: async (ctx) => {
    await needAllItemsAccepted(ctx);
    return {};
  },
  reject: async () => ({}),
  revoke: async () => ({}),
  reopen: async () => ({}),
};

/** The refusal of a transition the state machine does not allow, with its reason. */
function refusalOf(check: Extract<DirectCheck, { ok: false }>, state: EntryState, input: TransitionInput): Refusal {
  const action = input.action;
  switch (check.reason) {
    case 'not_allowed':
      return new Refusal('forbidden', 'rounds:error.not_allowed', { action });
    case 'comment_required':
      return new Refusal('invalid', 'rounds:error.comment_required', { action }, [
        {
          field: 'comment',
          value: input.comment ?? null,
          message: phrase('rounds:error.comment_required', { action }),
        },
      ]);
    case 'unknown_action':
      return new Refusal('invalid', 'rounds:error.unknown_action', { action });
    case 'use_review':
      return new Refusal('invalid', 'rounds:error.use_review', {});
    case 'use_decision':
      return new Refusal('invalid', 'rounds:error.use_decision', {});
    case 'wrong_state':
      return new Refusal('conflict', 'rounds:error.wrong_state', {
        action,
        state,
        allowed: (check.allowedFrom ?? []).join(', '),
      });
  }
}

export interface TransitionInput {
  action: Action | string;
  comment?: string;
}

/**
 * Makes one transition of the state machine, with its preconditions, in one transaction that locks
 * the entry: an out-of-order or racing transition is refused (conflict) and changes nothing.
 */
export async function transition(
  db: Db,
  entryId: number,
  user: SessionUser,
  input: TransitionInput,
  meta: { ip?: string },
): Promise<EntryState> {
  return db.transaction().execute(async (trx) => {
    const { entry, unit, ruleSetId, round } = await lockEntryWithUnit(trx, entryId);
    const state = entry.state as EntryState;
    const comment = input.comment?.trim() ?? '';
    const check = checkDirectTransition(state, input.action, actorsFor(user, unit), comment);
    if (!check.ok) throw refusalOf(check, state, input);
    const t = check.transition;
    let loaded: Promise<LoadedRuleSet> | undefined;
    const ruleSet = () => (loaded ??= loadRuleSet(trx, ruleSetId));
    const patch = await HANDLERS[t.action]({ trx, entry, unit, round, user, ruleSet });

    const link = `/rounds/${round.id}/entries/${entry.unit_id}`;
    await notifyUnitRoles(trx, {
      unitId: entry.unit_id,
      provinceId: round.province_id,
      action: t.action,
      unitName: unit.name,
      link,
      comment,
    });
    // The state, its line in the history and the audit row in one statement, last before commit: the audit
    // row holds its province's chain lock until then.
    await trx
      .with('moved', () =>
        trx
          .updateTable('round_entry')
          .set({ state: t.to, ...patch, updated_at: sql`now()` })
          .where('id', '=', entryId),
      )
      .with('audited', () =>
        auditInsert(trx, {
          userId: user.id,
          action: t.action,
          entity: 'round_entry',
          entityId: entryId,
          before: { state },
          after: { state: t.to, comment, ...patch },
          ip: meta.ip,
        }),
      )
      .insertInto('entry_transition')
      .values({ entry_id: entryId, action: t.action, from_state: state, to_state: t.to, actor_id: user.id, comment })
      .execute();
    return t.to;
  });
}

/**
 * Sends the returns gathered on the dossier, by the appraiser, at once (the transition `return_item`): every
 * pending return goes out, the dossier moves to "returned", the history keeps one line per item and the
 * commune gets one notice listing each item and reason. In one transaction that locks the entry: a second
 * send, or one with nothing pending, is refused and changes nothing.
 */
export async function sendReturns(db: Db, entryId: number, user: SessionUser, meta: { ip?: string }): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const { entry, unit, ruleSetId, round } = await lockEntryWithUnit(trx, entryId);
    const state = entry.state as EntryState;
    const rows = await trx
      .selectFrom('item_review')
      .select(['id', 'item_code', 'sector', 'decision', 'reason', 'sent_at'])
      .where('entry_id', '=', entry.id)
      .where('submission_number', '=', entry.submissions)
      .execute();
    const reviews = rows.map((r) => ({
      id: r.id,
      itemCode: r.item_code,
      sector: r.sector,
      decision: r.decision,
      reason: r.reason,
      sentAt: r.sent_at,
    }));
    const pendingCount = reviews.filter((r) => r.decision === 'returned' && !r.sentAt).length;
    const check = checkSendReturns(state, actorsFor(user, unit), pendingCount);
    if (!check.ok) {
      if (check.reason === 'not_allowed') throw new Refusal('forbidden', 'rounds:error.send_returns_not_allowed', {});
      if (check.reason === 'nothing_pending') throw new Refusal('conflict', 'rounds:error.nothing_to_return', {});
      if (state === 'returned') throw new Refusal('conflict', 'rounds:error.review_closed', {});
      throw new Refusal('conflict', 'rounds:error.not_under_review', { state });
    }
    const def = (await loadRuleSet(trx, ruleSetId)).definition;
    const pending = pendingReturns(reviews, reviewItems(def));
    await trx
      .updateTable('item_review')
      .set({ sent_at: sql`now()` })
      .where(
        'id',
        'in',
        pending.map((r) => r.id),
      )
      .execute();
    const comment = returnsComment(pending);
    await trx
      .updateTable('round_entry')
      .set({ state: 'returned', updated_at: sql`now()` })
      .where('id', '=', entry.id)
      .execute();
    await trx
      .insertInto('entry_transition')
      .values({
        entry_id: entry.id,
        action: 'return_item',
        from_state: state,
        to_state: 'returned',
        actor_id: user.id,
        comment,
      })
      .execute();
    const titles = new Map(def.criteria.flatMap((c) => c.items.map((i) => [i.code, i.title] as const)));
    await notifyReturns(trx, {
      unitId: entry.unit_id,
      unitName: unit.name,
      link: `/rounds/${round.id}/entries/${entry.unit_id}`,
      returns: pending.map((r) => ({ itemCode: r.itemCode, title: titles.get(r.itemCode), reason: r.reason })),
    });
    // Last before commit: the audit row holds its province's chain lock until then.
    await writeAudit(trx, {
      userId: user.id,
      action: 'return_item',
      entity: 'round_entry',
      entityId: entry.id,
      before: { state },
      after: { state: 'returned', items: pending.map((r) => ({ item: r.itemCode, reason: r.reason })) },
      ip: meta.ip,
    });
    return pending.length;
  });
}
