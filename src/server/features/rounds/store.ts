// Rounds and their entries: configuration, item reviews, the appraiser's values and the recognition
// decision. The transitions of the state machine are in transitions.ts.
import { sql, type ExpressionBuilder, type Kysely, type Transaction } from 'kysely';
import type { CouncilMember, Database } from '../../db/schema.ts';
import type { Actor, EntryState } from '../../../core/workflow/round-entry.ts';
import {
  isPendingReturn,
  mayWithdrawReturn,
  reviewItems,
  reviewOpen,
  type ReviewDecision,
} from '../../../core/workflow/review.ts';
import { score, type ScoreResult } from '../../../core/scoring/engine.ts';
import { validateValues } from '../../../core/scoring/validate.ts';
import { forbidden, notFound, phrase, Refusal, valueRefusal, type IssueCode } from '../../platform/refusal.ts';
import { decisionIssues, type DecisionFacts } from '../../../core/workflow/decision.ts';
import { writeAudit } from '../audit/index.ts';
import type { SessionUser } from '../auth/index.ts';
import { DEFAULT_CATEGORY } from '../assessments/index.ts';
import { notifyUnitRoles } from './notifications.ts';
import { entryRuleSet } from './locks.ts';
import { loadRuleSet } from '../rule-sets/index.ts';
import { todayInVietnam } from '../../platform/clock.ts';

export type Db = Kysely<Database>;

/** Today in Vietnam (src/server/platform/clock.ts): the day deadlines and posting windows are counted in. */
export const today = () => todayInVietnam();

/** The default calendar of a round, from the real plans (every date editable). */
export function defaultCalendar(year: number) {
  return {
    dossierDue: `${year}-11-15`,
    appraisalDue: `${year}-11-25`,
    decisionDue: `${year}-11-30`,
    reportDue: `${year}-12-05`,
  };
}

/** The former district that ran a round from before 01/07/2025, by name (issue 19). */
export const roundIssuerName = (eb: ExpressionBuilder<Database, 'round'>) =>
  eb
    .selectFrom('unit_group')
    .select('unit_group.name')
    .whereRef('unit_group.id', '=', 'round.issuer_group_id')
    .as('issuer_group_name');
/** The former district that signed a recognition decision from before 01/07/2025, by name. */
export const decisionIssuerName = (eb: ExpressionBuilder<Database, 'recognition_decision'>) =>
  eb
    .selectFrom('unit_group')
    .select('unit_group.name')
    .whereRef('unit_group.id', '=', 'recognition_decision.issuer_group_id')
    .as('issuer_group_name');

export async function loadRound(db: Db, id: number) {
  const round = await db
    .selectFrom('round')
    .selectAll()
    .select(roundIssuerName)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!round) throw notFound('round', id);
  return round;
}

/** The roles this user holds for a commune's entry, as the workflow names them. */
export function actorsFor(user: SessionUser, unit: { id: number; parent_id: number | null }): Actor[] {
  const actors = new Set<Actor>();
  for (const r of user.roles) {
    if ((r.role === 'commune_officer' || r.role === 'commune_chairman') && r.unitId === unit.id) actors.add(r.role);
    else if (
      (r.role === 'appraiser' || r.role === 'sector_reviewer' || r.role === 'signer') &&
      r.unitId === unit.parent_id
    )
      actors.add(r.role);
  }
  return [...actors];
}

/** Sectors whose items this user may review for the unit (appraisers: every sector). */
export function reviewSectors(user: SessionUser, unit: { parent_id: number | null }): Set<string> | 'all' {
  if (user.roles.some((r) => r.role === 'appraiser' && r.unitId === unit.parent_id)) return 'all';
  return new Set(
    user.roles.filter((r) => r.role === 'sector_reviewer' && r.unitId === unit.parent_id).map((r) => r.sector ?? ''),
  );
}

/** The entry of a commune in a round, created with its assessment on first use. */
export async function ensureEntry(db: Db, roundId: number, unitId: number): Promise<number> {
  const existing = await db
    .selectFrom('round_entry')
    .select('id')
    .where('round_id', '=', roundId)
    .where('unit_id', '=', unitId)
    .executeTakeFirst();
  if (existing) return existing.id;
  return db.transaction().execute(async (trx) => {
    const round = await loadRound(trx, roundId);
    const unit = await trx
      .selectFrom('unit')
      .select(['id', 'parent_id', 'level', 'valid_to', 'category'])
      .where('id', '=', unitId)
      .executeTakeFirst();
    if (!unit) throw notFound('unit', unitId);
    if (unit.level !== 'commune' || unit.valid_to !== null || unit.parent_id !== round.province_id)
      throw new Refusal('invalid', 'rounds:error.not_in_round');
    await trx
      .insertInto('assessment')
      .values({
        unit_id: unitId,
        period_id: round.period_id,
        rule_set_id: round.rule_set_id,
        category: unit.category ?? DEFAULT_CATEGORY,
      })
      .onConflict((oc) => oc.columns(['unit_id', 'period_id']).doNothing())
      .execute();
    const assessment = await trx
      .selectFrom('assessment')
      .select('id')
      .where('unit_id', '=', unitId)
      .where('period_id', '=', round.period_id)
      .executeTakeFirstOrThrow();
    const inserted = await trx
      .insertInto('round_entry')
      .values({ round_id: roundId, unit_id: unitId, assessment_id: assessment.id })
      .onConflict((oc) => oc.columns(['round_id', 'unit_id']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (inserted) return inserted.id;
    return (
      await trx
        .selectFrom('round_entry')
        .select('id')
        .where('round_id', '=', roundId)
        .where('unit_id', '=', unitId)
        .executeTakeFirstOrThrow()
    ).id;
  });
}

/** The entry, locked for the rest of the transaction: transitions, reviews and uploads take turns. */
export async function lockEntry(trx: Transaction<Database>, entryId: number) {
  const entry = await trx
    .selectFrom('round_entry')
    .selectAll()
    .where('id', '=', entryId)
    .forUpdate()
    .executeTakeFirst();
  if (!entry) throw notFound('round_entry', entryId);
  return entry;
}

/**
 * The locked entry, its commune (whose parent appraises it) and its assessment's rule set id, in one
 * statement: only the entry's row is locked (FOR UPDATE OF e).
 */
export async function lockEntryWithUnit(trx: Transaction<Database>, entryId: number) {
  const row = await trx
    .selectFrom('round_entry as e')
    .innerJoin('unit as u', 'u.id', 'e.unit_id')
    .innerJoin('assessment as a', 'a.id', 'e.assessment_id')
    .innerJoin('round as r', 'r.id', 'e.round_id')
    .selectAll('e')
    .select([
      'u.parent_id as unit_parent_id',
      'u.name as unit_name',
      'u.category as unit_category',
      'a.rule_set_id as assessment_rule_set_id',
      'r.province_id as round_province_id',
      'r.posting_days as round_posting_days',
      'r.require_evidence as round_require_evidence',
    ])
    .where('e.id', '=', entryId)
    .forUpdate('e')
    .executeTakeFirst();
  if (!row) throw notFound('round_entry', entryId);
  const {
    unit_parent_id,
    unit_name,
    unit_category,
    assessment_rule_set_id,
    round_province_id,
    round_posting_days,
    round_require_evidence,
    ...entry
  } = row;
  return {
    entry,
    unit: { id: entry.unit_id, parent_id: unit_parent_id, name: unit_name, category: unit_category },
    ruleSetId: assessment_rule_set_id,
    // What a transition needs of its round, read with the entry (not a statement of its own).
    round: {
      id: entry.round_id,
      province_id: round_province_id,
      posting_days: round_posting_days,
      require_evidence: round_require_evidence,
    },
  };
}

/**
 * Accepts or returns one item of the current submission, while the dossier waits for appraisal. A return
 * needs a reason and is only recorded: it waits on the dossier until the appraiser sends the returns
 * together (sendReturns in transitions.ts); the dossier's state does not change and nobody is told.
 */
export async function reviewItem(
  db: Db,
  entryId: number,
  itemCode: string,
  user: SessionUser,
  input: { decision: ReviewDecision; reason?: string },
  meta: { ip?: string },
): Promise<EntryState> {
  return db.transaction().execute(async (trx) => {
    const { entry, unit, ruleSetId } = await lockEntryWithUnit(trx, entryId);
    const state = entry.state as EntryState;
    assertReviewOpen(state);
    const rs = await loadRuleSet(trx, ruleSetId);
    const item = reviewItems(rs.definition).find((i) => i.code === itemCode);
    if (!item) throw notFound('item', itemCode);
    const sectors = reviewSectors(user, unit);
    if (sectors !== 'all' && !sectors.has(item.sector))
      throw new Refusal('forbidden', 'rounds:error.not_your_sector', { item: itemCode, sector: item.sector });
    const reason = input.reason?.trim() ?? '';
    if (input.decision === 'returned' && !reason)
      throw new Refusal('invalid', 'rounds:error.reason_required', { item: itemCode }, [
        {
          field: 'reason',
          value: input.reason ?? null,
          message: phrase('rounds:error.reason_required', { item: itemCode }),
        },
      ]);
    const before = await trx
      .selectFrom('item_review')
      .select(['decision', 'reason', 'sent_at'])
      .where('entry_id', '=', entryId)
      .where('submission_number', '=', entry.submissions)
      .where('item_code', '=', itemCode)
      .executeTakeFirst();
    await trx
      .insertInto('item_review')
      .values({
        entry_id: entryId,
        submission_number: entry.submissions,
        item_code: itemCode,
        sector: item.sector,
        decision: input.decision,
        reason,
        reviewer_id: user.id,
      })
      .onConflict((oc) =>
        oc.columns(['entry_id', 'submission_number', 'item_code']).doUpdateSet({
          decision: input.decision,
          reason,
          reviewer_id: user.id,
          reviewed_at: sql`now()`,
          sent_at: null,
        }),
      )
      .execute();
    await writeAudit(trx, {
      userId: user.id,
      action: `review_${input.decision}`,
      entity: 'round_entry',
      entityId: entryId,
      before: before ?? null,
      after: { item: itemCode, decision: input.decision, reason, submission: entry.submissions },
      ip: meta.ip,
    });
    return state;
  });
}

/** Items are judged only while the dossier waits for appraisal; after a return, once it is resubmitted. */
function assertReviewOpen(state: EntryState) {
  if (reviewOpen(state)) return;
  if (state === 'returned') throw new Refusal('conflict', 'rounds:error.review_closed', {});
  throw new Refusal('conflict', 'rounds:error.not_under_review', { state });
}

/**
 * Withdraws a return not sent yet (the item waits for a review again), by the appraiser or a reviewer of the
 * item's sector; a sent return or an acceptance is not withdrawn here.
 */
export async function withdrawReturn(
  db: Db,
  entryId: number,
  itemCode: string,
  user: SessionUser,
  meta: { ip?: string },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const { entry, unit } = await lockEntryWithUnit(trx, entryId);
    const sectors = reviewSectors(user, unit);
    if (sectors !== 'all' && sectors.size === 0) throw forbidden();
    assertReviewOpen(entry.state as EntryState);
    const review = await trx
      .selectFrom('item_review')
      .select(['id', 'sector', 'decision', 'reason', 'sent_at', 'reviewer_id'])
      .where('entry_id', '=', entryId)
      .where('submission_number', '=', entry.submissions)
      .where('item_code', '=', itemCode)
      .executeTakeFirst();
    if (!review || !isPendingReturn({ decision: review.decision, sentAt: review.sent_at }))
      throw new Refusal('conflict', 'rounds:error.no_pending_return', { item: itemCode });
    if (
      !mayWithdrawReturn(
        { decision: review.decision, sentAt: review.sent_at, sector: review.sector },
        reviewSectors(user, unit),
      )
    )
      throw new Refusal('forbidden', 'rounds:error.not_your_sector', { item: itemCode, sector: review.sector });
    await trx.deleteFrom('item_review').where('id', '=', review.id).execute();
    await writeAudit(trx, {
      userId: user.id,
      action: 'review_withdrawn',
      entity: 'round_entry',
      entityId: entryId,
      before: { item: itemCode, decision: review.decision, reason: review.reason, reviewer: review.reviewer_id },
      after: { item: itemCode, submission: entry.submissions },
      ip: meta.ip,
    });
  });
}

/** The appraiser's own corrected values, scored and kept beside the commune's. */
export async function saveAppraiserValues(
  db: Db,
  entryId: number,
  user: SessionUser,
  values: Record<string, number | boolean>,
  meta: { ip?: string },
): Promise<ScoreResult | null> {
  return db.transaction().execute(async (trx) => {
    const entry = await lockEntry(trx, entryId);
    if (!['submitted', 'returned', 'appraised'].includes(entry.state))
      throw new Refusal('conflict', 'rounds:error.not_under_review', { state: entry.state });
    const rs = await entryRuleSet(trx, entry.assessment_id);
    const last = await trx
      .selectFrom('round_submission')
      .select('values')
      .where('entry_id', '=', entryId)
      .where('number', '=', entry.submissions)
      .executeTakeFirstOrThrow();
    const merged = { ...last.values, ...values };
    const checked = validateValues(rs.definition, merged, { allowMissing: false });
    if (!checked.ok) throw valueRefusal('invalid', 'assessments:error.invalid_values', checked.issues);
    const category =
      (await trx.selectFrom('unit').select('category').where('id', '=', entry.unit_id).executeTakeFirstOrThrow())
        .category ?? DEFAULT_CATEGORY;
    const differs = Object.keys(values).some((k) => last.values[k] !== values[k]);
    const result = differs ? score(rs.definition, String(rs.version), category, checked.values) : null;
    await trx
      .updateTable('round_entry')
      .set({
        appraiser_values: differs ? JSON.stringify(values) : null,
        appraiser_result: result ? JSON.stringify(result) : null,
        updated_at: sql`now()`,
      })
      .where('id', '=', entryId)
      .execute();
    await writeAudit(trx, {
      userId: user.id,
      action: 'appraiser_values',
      entity: 'round_entry',
      entityId: entryId,
      before: { values: entry.appraiser_values },
      after: { values: differs ? values : null, total: result?.total ?? null },
      ip: meta.ip,
    });
    return result;
  });
}

export async function saveCouncil(
  db: Db,
  entryId: number,
  user: SessionUser,
  input: { members: CouncilMember[]; meetingOn: string | null; meetingPlace: string; meetingSummary: string },
  meta: { ip?: string },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const entry = await lockEntry(trx, entryId);
    if (entry.state !== 'draft') throw new Refusal('conflict', 'rounds:error.council_locked', { state: entry.state });
    await trx
      .updateTable('round_entry')
      .set({
        council: JSON.stringify(input.members),
        meeting_on: input.meetingOn,
        meeting_place: input.meetingPlace,
        meeting_summary: input.meetingSummary,
        updated_at: sql`now()`,
      })
      .where('id', '=', entryId)
      .execute();
    await writeAudit(trx, {
      userId: user.id,
      action: 'council',
      entity: 'round_entry',
      entityId: entryId,
      before: { council: entry.council, meetingOn: entry.meeting_on },
      after: input,
      ip: meta.ip,
    });
  });
}

/** The result the decision rests on: the appraiser's corrected score if any, else the last submission's. */
export async function decidingResult(db: Db, entryId: number): Promise<ScoreResult | null> {
  const entry = await db
    .selectFrom('round_entry')
    .select(['appraiser_result', 'submissions'])
    .where('id', '=', entryId)
    .executeTakeFirstOrThrow();
  if (entry.appraiser_result) return entry.appraiser_result as ScoreResult;
  const last = await db
    .selectFrom('round_submission')
    .select('result')
    .where('entry_id', '=', entryId)
    .where('number', '=', entry.submissions)
    .executeTakeFirst();
  return (last?.result as ScoreResult | undefined) ?? null;
}

/**
 * Recognises appraised communes under one decision: every one must pass the rule (all criteria > 0
 * and the threshold), or nothing is recorded.
 */
export async function recordDecision(
  db: Db,
  roundId: number,
  user: SessionUser,
  input: { number: string; signedOn: string; signerName: string; signerTitle: string; entryIds: number[] },
  meta: { ip?: string },
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const round = await loadRound(trx, roundId);
    const exists = await trx
      .selectFrom('recognition_decision')
      .select('id')
      .where('round_id', '=', roundId)
      .where('number', '=', input.number)
      .executeTakeFirst();
    if (exists) throw new Refusal('conflict', 'rounds:error.decision_exists', { number: input.number });
    const entries = await trx
      .selectFrom('round_entry as e')
      .innerJoin('unit as u', 'u.id', 'e.unit_id')
      .select(['e.id', 'e.state', 'u.name', 'u.id as unit_id', 'u.parent_id'])
      .where('e.round_id', '=', roundId)
      .where('e.id', 'in', input.entryIds.length ? input.entryIds : [-1])
      .forUpdate()
      .execute();
    if (entries.length !== new Set(input.entryIds).size)
      throw new Refusal('invalid', 'rounds:error.entries_unknown', {});
    for (const e of entries) {
      if (!actorsFor(user, { id: e.unit_id, parent_id: e.parent_id }).some((a) => a === 'signer'))
        throw new Refusal('forbidden', 'rounds:error.not_allowed', { action: 'recognize' });
      if (e.state !== 'appraised')
        throw new Refusal('conflict', 'rounds:error.wrong_state', {
          action: 'recognize',
          state: e.state,
          allowed: 'appraised',
        });
      const result = await decidingResult(trx, e.id);
      if (!result || !result.recognized)
        throw new Refusal('conflict', 'rounds:error.fails_rule', {
          name: e.name,
          total: result?.total ?? 0,
          threshold: result?.threshold ?? 0,
        });
    }
    const { id } = await trx
      .insertInto('recognition_decision')
      .values({
        round_id: roundId,
        number: input.number,
        signed_on: input.signedOn,
        signer_name: input.signerName,
        signer_title: input.signerTitle,
        created_by: user.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const e of entries) {
      await trx
        .updateTable('round_entry')
        .set({ state: 'recognized', decision_id: id, updated_at: sql`now()` })
        .where('id', '=', e.id)
        .execute();
      await trx
        .insertInto('entry_transition')
        .values({
          entry_id: e.id,
          action: 'recognize',
          from_state: 'appraised',
          to_state: 'recognized',
          actor_id: user.id,
          comment: input.number,
        })
        .execute();
      await notifyUnitRoles(trx, {
        unitId: e.unit_id,
        provinceId: round.province_id,
        action: 'recognize',
        unitName: e.name,
        link: `/rounds/${roundId}/entries/${e.unit_id}`,
        comment: input.number,
      });
    }
    await writeAudit(trx, {
      userId: user.id,
      action: 'decision',
      entity: 'round',
      entityId: roundId,
      after: { decision: id, ...input },
      ip: meta.ip,
    });
    return id;
  });
}

/** The typed facts of a decision checked as the page checks them (core decisionIssues), as refusal issues per field. */
export function decisionFactIssues(facts: DecisionFacts): IssueCode[] {
  return decisionIssues(facts, today()).map((i) => ({
    field: i.field,
    value: i.value,
    message: phrase(i.key, i.params),
  }));
}
