// The disclosure rule of src/core/privacy/disclosure.ts as every answer applies it. A commune's values
// have a history (every save), and an answer may show any state of it: the form the current values, the
// history every state, a dossier its submissions, a report its frozen figures. One timeline per assessment
// decides every state, oldest first, each against the one before, so that a figure is withheld in every
// answer or in none, and what was withheld once stays withheld while it does not change.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { lensFor, suppressRecord, type Lens } from '../../../core/privacy/disclosure.ts';
import type { RuleSetDefinition } from '../../../core/rule-sets/schema.ts';
import type { SessionUser } from '../auth/index.ts';
import { viewerOf } from '../auth/index.ts';
import { latestPublished, loadRuleSet } from '../rule-sets/index.ts';

type Values = Readonly<Record<string, unknown>>;

/** The user's lens on a commune (a unit row: its id and its province as parent). */
export function lensOf(
  user: SessionUser,
  unit: { id: number; parent_id: number | null },
  def: RuleSetDefinition,
  k?: number,
): Lens {
  return lensFor(viewerOf(user), { id: unit.id, provinceId: unit.parent_id ?? 0 }, def, k);
}

export interface Timeline {
  readonly lens: Lens;
  /** Withheld inputs of the values after the save made at `at` (a history row's time). */
  afterSave(at: string | Date): ReadonlySet<string>;
  /** Withheld inputs of values taken from the assessment at a moment (a submission, a report's figures). */
  takenAt(moment: string | Date, values: Values): Set<string>;
  /** Withheld inputs of the values as they stand now. */
  now(values: Values): Set<string>;
}

const NOTHING: ReadonlySet<string> = new Set();

/** The timeline of an assessment's saves for a lens; the history is not read when the lens withholds nothing. */
export async function timelineOf(db: Kysely<Database>, lens: Lens, assessmentId: number | null): Promise<Timeline> {
  if (lens.exact) return { lens, afterSave: () => NOTHING, takenAt: () => new Set(), now: () => new Set() };
  const rows =
    assessmentId === null
      ? []
      : await db
          .selectFrom('assessment_value_history')
          .select(['code', 'value', 'entered_at'])
          .where('assessment_id', '=', assessmentId)
          .orderBy('id')
          .execute();
  // One state per save (its rows share the transaction's time), oldest first.
  const states: Array<{ at: number; values: Record<string, unknown> }> = [];
  let state: Record<string, unknown> = {};
  for (const h of rows) {
    const at = new Date(h.entered_at).getTime();
    state = { ...state };
    if (h.value === null) delete state[h.code];
    else state[h.code] = h.value;
    if (states.at(-1)?.at === at) states.at(-1)!.values = state;
    else states.push({ at, values: state });
  }
  const hidden = lens.series(states.map((s) => s.values));
  const stateAt = (t: number) => {
    let i = states.length - 1;
    while (i >= 0 && states[i]!.at > t) i--;
    return i < 0 ? { values: {}, hidden: NOTHING } : { values: states[i]!.values, hidden: hidden[i]! };
  };
  return {
    lens,
    afterSave: (at) => stateAt(new Date(at).getTime()).hidden,
    takenAt: (moment, values) => lens.after(stateAt(new Date(moment).getTime()), values),
    now: (values) => lens.after(stateAt(Infinity), values),
  };
}

/** History rows (newest first, as the history answer lists them) with each value withheld as at its save. */
export function discloseHistoryRows<R extends { code: string; value: unknown; enteredAt: string }>(
  timeline: Timeline,
  rows: R[],
) {
  return rows.map((r) => (r.value !== null && timeline.afterSave(r.enteredAt).has(r.code) ? suppressRecord(r) : r));
}

/**
 * The user's lens on each of several communes of one province for a period, under the rule set each
 * commune's assessment uses (the newest published one before its first save, as its form shows).
 */
export async function communeLenses(
  db: Kysely<Database>,
  user: SessionUser,
  provinceId: number,
  communeIds: number[],
  periodId: number,
  k?: number,
): Promise<Map<number, Lens>> {
  const rows = communeIds.length
    ? await db
        .selectFrom('assessment')
        .select(['unit_id', 'rule_set_id'])
        .where('period_id', '=', periodId)
        .where('unit_id', 'in', communeIds)
        .execute()
    : [];
  const ruleSetOf = new Map(rows.map((r) => [r.unit_id, r.rule_set_id]));
  const latest = await latestPublished(db);
  const defs = new Map<number, RuleSetDefinition>([[latest.id, latest.definition]]);
  for (const id of new Set(ruleSetOf.values())) if (!defs.has(id)) defs.set(id, (await loadRuleSet(db, id)).definition);
  return new Map(
    communeIds.map((id) => [
      id,
      lensOf(user, { id, parent_id: provinceId }, defs.get(ruleSetOf.get(id) ?? latest.id)!, k),
    ]),
  );
}
