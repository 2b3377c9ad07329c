// What a draft rule set changes against the version it was copied from, in terms an official reads before
// publishing: thresholds, criteria maxima, items whose scoring changed, inputs marked sensitive.
import type { LocalText, RuleSetDefinition } from './schema.ts';

export type RuleSetChange =
  | { kind: 'threshold'; label: LocalText; from: number; to: number }
  | { kind: 'criterionMax'; code: string; title: LocalText; from: number; to: number }
  | { kind: 'item'; criterion: string; title: LocalText }
  | { kind: 'itemAdded'; criterion: string; title: LocalText }
  | { kind: 'itemRemoved'; criterion: string; title: LocalText }
  | { kind: 'sensitive'; label: LocalText; on: boolean }
  | { kind: 'noZeroCriterion'; on: boolean };

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The changes from `before` to `after`, in the order of the rule set (categories, criteria, inputs). */
export function ruleSetChanges(before: RuleSetDefinition, after: RuleSetDefinition): RuleSetChange[] {
  const out: RuleSetChange[] = [];
  for (const c of after.categories) {
    const old = before.categories.find((x) => x.code === c.code);
    if (old && old.threshold !== c.threshold)
      out.push({ kind: 'threshold', label: c.label, from: old.threshold, to: c.threshold });
  }
  if (before.noZeroCriterion !== after.noZeroCriterion)
    out.push({ kind: 'noZeroCriterion', on: after.noZeroCriterion });
  for (const c of after.criteria) {
    const old = before.criteria.find((x) => x.code === c.code);
    if (!old) {
      for (const item of c.items) out.push({ kind: 'itemAdded', criterion: c.code, title: item.title });
      continue;
    }
    if (old.max !== c.max) out.push({ kind: 'criterionMax', code: c.code, title: c.title, from: old.max, to: c.max });
    for (const item of c.items) {
      const was = old.items.find((x) => x.code === item.code);
      if (!was) out.push({ kind: 'itemAdded', criterion: c.code, title: item.title });
      else if (!same({ ...was, title: null }, { ...item, title: null }))
        out.push({ kind: 'item', criterion: c.code, title: item.title });
    }
    for (const was of old.items)
      if (!c.items.some((x) => x.code === was.code))
        out.push({ kind: 'itemRemoved', criterion: c.code, title: was.title });
  }
  for (const input of after.inputs) {
    const old = before.inputs.find((x) => x.code === input.code);
    if (old && !!old.sensitive !== !!input.sensitive)
      out.push({ kind: 'sensitive', label: input.label, on: !!input.sensitive });
  }
  return out;
}
