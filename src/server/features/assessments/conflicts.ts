// Conflicts without loss (issue 21): a save may carry, per input, the value the client edited from (its base).
// A field whose stored value is neither that base nor the value sent was changed by someone else meanwhile: the
// save is refused whole (409) naming each such field with both values, and the person chooses per field. The
// value they do not keep is recorded apart (assessment_value_unkept), and the history answer shows it.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { RuleSetDefinition } from '../../../core/rule-sets/schema.ts';
import { Refusal, phrase, valueRefusal } from '../../platform/refusal.ts';

export type Figure = number | boolean | null;

/** One field changed by someone else since the client read it: what they saw, what they sent, what stands now. */
export interface ValueConflict {
  code: string;
  base: Figure;
  mine: Figure;
  theirs: { value: Figure; enteredBy: number | null; enteredByName: string | null; enteredAt: string | null };
}

/** The refusal of a save with conflicting fields; the route answers 409 with `conflicts` beside the error. */
export class ValueConflicts extends Refusal {
  constructor(readonly conflicts: ValueConflict[]) {
    super(
      'conflict',
      'assessments:error.value_conflict',
      { count: conflicts.length },
      conflicts.map((c) => ({
        field: c.code,
        value: c.mine,
        message: phrase('assessments:error.value_conflict_field', {
          field: c.code,
          theirs: shownFigure(c.theirs.value),
          name: c.theirs.enteredByName ?? '—',
          mine: shownFigure(c.mine),
        }),
      })),
    );
  }
}

const shownFigure = (v: Figure) =>
  v === null
    ? phrase('assessments:value.empty')
    : typeof v === 'boolean'
      ? phrase(`assessments:value.${v ? 'yes' : 'no'}`)
      : v;

/** A stored value as the save's read gives it (migrations/0035 assessment_save_read). */
interface StoredRead {
  code: string;
  value: number | boolean;
  by: number | null;
  by_name: string | null;
  at: string;
}

interface ConflictFields {
  values: Record<string, Figure>;
  bases?: Record<string, Figure>;
  notKept?: Record<string, Figure>;
}

/**
 * Refuses the save when a field sent with a base was changed by someone else since (stored value ≠ base and ≠
 * the value sent): nothing is written. Values sent without a base are saved as before. A base or a not-kept
 * value naming no input of the rule set is refused as bad input.
 */
export async function refuseConflicts(
  trx: Kysely<Database>,
  assessmentId: number | null,
  change: ConflictFields,
  stored: StoredRead[],
  def: RuleSetDefinition,
): Promise<void> {
  const known = new Set(def.inputs.map((i) => i.code));
  const unknown = [
    ...Object.entries(change.bases ?? {}).map(([code, value]) => ({ field: `bases.${code}`, code, value })),
    ...Object.entries(change.notKept ?? {}).map(([code, value]) => ({ field: `notKept.${code}`, code, value })),
  ].filter((u) => !known.has(u.code));
  if (unknown.length)
    throw valueRefusal(
      'invalid',
      'assessments:error.invalid_values',
      unknown.map((u) => ({ field: u.field, value: u.value, code: 'unknown_code' })),
    );
  const bases = change.bases ?? {};
  const now = new Map(stored.map((v) => [v.code, v]));
  const changed = Object.entries(change.values).filter(([code, mine]) => {
    if (!(code in bases)) return false;
    const current = now.get(code)?.value ?? null;
    return current !== bases[code] && current !== mine;
  });
  if (!changed.length) return;
  // A cleared value has no row: who cleared it and when is the newest history row.
  const clearedCodes = changed.map(([code]) => code).filter((code) => !now.has(code));
  const cleared = new Map<string, { by: number | null; by_name: string | null; at: string }>();
  if (clearedCodes.length && assessmentId !== null) {
    const rows = await trx
      .selectFrom('assessment_value_history as h')
      .leftJoin('app_user as u', 'u.id', 'h.entered_by')
      .select(['h.code', 'h.entered_by', 'h.entered_at', 'u.full_name'])
      .where('h.assessment_id', '=', assessmentId)
      .where('h.code', 'in', clearedCodes)
      .orderBy('h.id', 'asc')
      .execute();
    for (const r of rows)
      cleared.set(r.code, { by: r.entered_by, by_name: r.full_name, at: new Date(r.entered_at).toISOString() });
  }
  throw new ValueConflicts(
    changed.map(([code, mine]) => {
      const current = now.get(code) ?? cleared.get(code);
      return {
        code,
        base: bases[code] ?? null,
        mine,
        theirs: {
          value: now.get(code)?.value ?? null,
          enteredBy: current?.by ?? null,
          enteredByName: current?.by_name ?? null,
          enteredAt: current?.at ?? null,
        },
      };
    }),
  );
}

/**
 * Records the values the person chose not to keep, each beside the value that stands after this save, in
 * the save's transaction. One statement, and only when there are any.
 */
export async function recordUnkept(
  trx: Kysely<Database>,
  target: { id: number; province_id: number },
  change: ConflictFields,
  stored: StoredRead[],
  userId: number,
): Promise<void> {
  const entries = Object.entries(change.notKept ?? {});
  if (!entries.length) return;
  const now = new Map(stored.map((v) => [v.code, v.value]));
  const json = (v: Figure | undefined) => (v === null || v === undefined ? null : JSON.stringify(v));
  await trx
    .insertInto('assessment_value_unkept')
    .values(
      entries.map(([code, value]) => ({
        province_id: target.province_id,
        assessment_id: target.id,
        code,
        value: json(value),
        kept_value: json(code in change.values ? change.values[code] : now.get(code)),
        entered_by: userId,
      })),
    )
    .execute();
}

/** The not-kept values of an assessment (one code or all), newest first, as history entries marked not kept. */
export async function unkeptHistory(db: Kysely<Database>, assessmentId: number, code?: string) {
  let q = db
    .selectFrom('assessment_value_unkept as k')
    .leftJoin('app_user as u', 'u.id', 'k.entered_by')
    .select(['k.code', 'k.value', 'k.entered_at', 'u.full_name'])
    .where('k.assessment_id', '=', assessmentId)
    .orderBy('k.id', 'desc')
    .limit(500);
  if (code) q = q.where('k.code', '=', code);
  const rows = await q.execute();
  return rows.map((r) => ({
    code: r.code,
    value: r.value,
    sourceNote: '',
    origin: 'manual' as const,
    enteredByName: r.full_name,
    enteredAt: new Date(r.entered_at).toISOString(),
    notKept: true as const,
  }));
}
