// The assessment form's logic, free of React: reading what was typed, checking it and scoring it live
// with the one scoring engine (src/core/scoring), and working out which values changed.
import { evaluate, type ScoreResult } from '../../../core/scoring/engine.ts';
import { validateValues, type ValidationIssue } from '../../../core/scoring/validate.ts';
import type { InputDef, RuleSetDefinition } from '../../../core/rule-sets/schema.ts';
import type { StoredValue } from '../../app/types.ts';

/** What a field holds while editing: the text typed for a count, yes/no/unset for a flag. */
export type Draft = string | boolean | null;

/** A value as sent to the engine and the server: null clears; a string is text that is not a number. */
export type RawValue = number | boolean | string | null;

/**
 * Reads the text typed in a count field. Empty means "not entered". Thousands separators
 * ("1.234", "1 234") are accepted since counts are whole numbers; anything else that is not a
 * number is kept as text so that the engine's check names it in its message.
 */
export function parseCount(text: string): number | string | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const compact = trimmed.replace(/[\s\u00a0\u202f]/g, '');
  if (/^\d{1,3}(\.\d{3})+$/.test(compact) || /^\d{1,3}(,\d{3})+$/.test(compact))
    return Number(compact.replace(/[.,]/g, ''));
  if (/^-?\d+([.,]\d+)?$/.test(compact)) return Number(compact.replace(',', '.'));
  return trimmed;
}

export function draftOf(input: InputDef, stored: StoredValue | undefined): Draft {
  if (!stored) return input.kind === 'flag' ? null : '';
  if (input.kind === 'flag') return typeof stored.value === 'boolean' ? stored.value : null;
  return typeof stored.value === 'number' ? String(stored.value) : String(stored.value ?? '');
}

export function rawOf(input: InputDef, draft: Draft): RawValue {
  if (input.kind === 'flag') return typeof draft === 'boolean' ? draft : null;
  return parseCount(typeof draft === 'string' ? draft : '');
}

export interface LiveState {
  raw: Record<string, RawValue>;
  /** Issues found by the engine's own checks, by input code. */
  issues: Map<string, ValidationIssue[]>;
  /** The live result over every value that passed the checks (values with issues count as not entered). */
  result: ScoreResult | null;
  /** Issues that stop scoring altogether (e.g. the commune has no category). */
  blocking: ValidationIssue[];
}

export function computeLive(
  def: RuleSetDefinition,
  version: string,
  category: string | null,
  stored: Record<string, StoredValue>,
  edits: Record<string, Draft>,
): LiveState {
  const raw: Record<string, RawValue> = {};
  for (const input of def.inputs) {
    const draft = input.code in edits ? (edits[input.code] ?? null) : draftOf(input, stored[input.code]);
    raw[input.code] = rawOf(input, draft);
  }
  const issues = new Map<string, ValidationIssue[]>();
  const checked = validateValues(def, raw, { allowMissing: true });
  if (!checked.ok)
    for (const issue of checked.issues) issues.set(issue.field, [...(issues.get(issue.field) ?? []), issue]);

  const clean: Record<string, RawValue> = {};
  for (const [code, value] of Object.entries(raw)) clean[code] = issues.has(code) ? null : value;
  const evaluation = evaluate(def, version, category, clean, { allowMissing: true });
  return evaluation.ok
    ? { raw, issues, result: evaluation.result, blocking: [] }
    : { raw, issues, result: null, blocking: evaluation.issues };
}

function same(a: RawValue, b: RawValue): boolean {
  return a === b;
}

/** Codes whose value (or source note) differs from what the server holds. */
export function changedCodes(
  def: RuleSetDefinition,
  stored: Record<string, StoredValue>,
  raw: Record<string, RawValue>,
  notes: Record<string, string>,
): { values: string[]; notes: string[] } {
  const values: string[] = [];
  const noteCodes: string[] = [];
  for (const input of def.inputs) {
    const saved = stored[input.code]?.value ?? null;
    if (!same(saved, raw[input.code] ?? null)) values.push(input.code);
    const note = notes[input.code];
    if (note !== undefined && note.trim() !== (stored[input.code]?.sourceNote ?? '').trim()) noteCodes.push(input.code);
  }
  return { values, notes: noteCodes };
}

/** The server names fields "C02.births" or "values.C02.births": both point at the input C02.births. */
export function fieldCode(field: string): string {
  return field.replace(/^(values|notes)\./, '');
}
