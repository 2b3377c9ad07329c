// Item-by-item review: which inputs an item reads, what a return reopens, what a resubmission changed.
import type { RuleSetDefinition } from '../rule-sets/schema.ts';
import type { InputValues } from '../scoring/validate.ts';

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
