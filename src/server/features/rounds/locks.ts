// What a round entry's state leaves the commune free to change: read by the save of an assessment's
// values, inside its transaction, so that a submitted dossier stays exactly as it was sent.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { reopenedInputs } from '../../../core/workflow/review.ts';
import type { RuleSetDefinition } from '../../../core/rule-sets/schema.ts';
import { loadRuleSet, type LoadedRuleSet } from '../rule-sets/index.ts';

type Db = Kysely<Database>;

export async function entryRuleSet(db: Db, assessmentId: number): Promise<LoadedRuleSet> {
  const a = await db
    .selectFrom('assessment')
    .select('rule_set_id')
    .where('id', '=', assessmentId)
    .executeTakeFirstOrThrow();
  return loadRuleSet(db, a.rule_set_id);
}

/** Items returned in the entry's current submission. */
async function returnedItems(db: Db, entryId: number, submission: number): Promise<string[]> {
  const rows = await db
    .selectFrom('item_review')
    .select('item_code')
    .where('entry_id', '=', entryId)
    .where('submission_number', '=', submission)
    .where('decision', '=', 'returned')
    .execute();
  return rows.map((r) => r.item_code);
}

/**
 * Which inputs of an assessment the commune may change now: all before self-assessment, the inputs
 * of returned items after a return, none otherwise. Called inside the save's transaction.
 */
export async function editableInputs(trx: Db, assessmentId: number): Promise<Set<string> | 'all'> {
  const entry = await trx
    .selectFrom('round_entry')
    .select(['id', 'state', 'submissions'])
    .where('assessment_id', '=', assessmentId)
    .forUpdate()
    .executeTakeFirst();
  return inputsOpenIn(trx, entry ?? null, async () => (await entryRuleSet(trx, assessmentId)).definition);
}

/** The same, from an entry the caller has read and locked itself (a save reads it with its values). */
export async function inputsOpenIn(
  trx: Db,
  entry: { id: number; state: string; submissions: number } | null,
  definition: () => Promise<RuleSetDefinition>,
): Promise<Set<string> | 'all'> {
  if (!entry || entry.state === 'draft') return 'all';
  if (entry.state !== 'returned') return new Set();
  return reopenedInputs(await definition(), await returnedItems(trx, entry.id, entry.submissions));
}
