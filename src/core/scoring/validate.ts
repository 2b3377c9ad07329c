// Input checks shared by every caller of the engine; each issue names the field and the value.
import { ratioPairs, type InputDef, type RuleSetDefinition } from '../rule-sets/schema.ts';

export type InputValue = number | boolean;
export type InputValues = Record<string, InputValue | undefined>;

export type IssueCode =
  | 'not_an_object'
  | 'unknown_code'
  | 'unknown_category'
  | 'missing'
  | 'not_boolean'
  | 'not_a_number'
  | 'not_integer'
  | 'negative'
  | 'too_large'
  | 'above_denominator';

export interface ValidationIssue {
  field: string;
  value: unknown;
  code: IssueCode;
  params?: Record<string, unknown>;
}

/** Counts above this are certainly typing errors (no commune has a billion children). */
export const MAX_COUNT = 100_000_000;

export function checkValue(kind: 'count' | 'flag', field: string, value: unknown): ValidationIssue | null {
  if (kind === 'flag') return typeof value === 'boolean' ? null : { field, value, code: 'not_boolean' };
  if (typeof value !== 'number' || !Number.isFinite(value)) return { field, value, code: 'not_a_number' };
  if (value < 0) return { field, value, code: 'negative' };
  if (!Number.isInteger(value)) return { field, value, code: 'not_integer' };
  if (value > MAX_COUNT) return { field, value, code: 'too_large', params: { max: MAX_COUNT } };
  return null;
}

// The inputs and numerator/denominator pairs of a definition, worked out once per definition.
const shapes = new WeakMap<RuleSetDefinition, { known: Map<string, InputDef>; pairs: ReturnType<typeof ratioPairs> }>();
function shapeOf(def: RuleSetDefinition) {
  let shape = shapes.get(def);
  if (!shape) shapes.set(def, (shape = { known: new Map(def.inputs.map((i) => [i.code, i])), pairs: ratioPairs(def) }));
  return shape;
}

export type Checked = { ok: true; values: InputValues } | { ok: false; issues: ValidationIssue[] };

/**
 * Checks raw values against a rule set. With `allowMissing` (drafts), absent or null inputs are
 * accepted; a numerator is still compared with its denominator whenever both are present.
 */
export function validateValues(
  def: RuleSetDefinition,
  raw: unknown,
  options: { allowMissing: boolean; category?: unknown },
): Checked {
  const issues: ValidationIssue[] = [];
  if ('category' in options && !def.categories.some((c) => c.code === options.category))
    issues.push({ field: 'category', value: options.category ?? null, code: 'unknown_category' });
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    issues.push({ field: 'values', value: raw, code: 'not_an_object' });
    return { ok: false, issues };
  }
  const input = raw as Record<string, unknown>;
  const { known, pairs } = shapeOf(def);
  for (const field in input) if (!known.has(field)) issues.push({ field, value: input[field], code: 'unknown_code' });

  const values: InputValues = {};
  for (const inputDef of known.values()) {
    const value = input[inputDef.code];
    if (value === undefined || value === null) {
      if (!options.allowMissing) issues.push({ field: inputDef.code, value: value ?? null, code: 'missing' });
      continue;
    }
    const issue = checkValue(inputDef.kind, inputDef.code, value);
    if (issue) issues.push(issue);
    else values[inputDef.code] = value as InputValue;
  }
  for (const { numerator, denominator } of pairs) {
    const n = values[numerator];
    const d = values[denominator];
    if (typeof n === 'number' && typeof d === 'number' && n > d)
      issues.push({
        field: numerator,
        value: n,
        code: 'above_denominator',
        params: { denominator, denominatorValue: d },
      });
  }
  return issues.length ? { ok: false, issues } : { ok: true, values };
}
