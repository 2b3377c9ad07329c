// The assessment form's logic, free of React: reading what was typed, checking it and scoring it live
// with the one scoring engine (src/core/scoring), and working out which values changed.
import { evaluate, type ScoreResult } from '../../../core/scoring/engine.ts';
import { validateValues, type ValidationIssue } from '../../../core/scoring/validate.ts';
import type { InputDef, RuleSetDefinition } from '../../../core/rule-sets/schema.ts';
import { numberInputText, parseLocaleNumber, type NumberLocale } from '../../../core/numbers.ts';
import type { StoredValue } from '../../app/types.ts';

/** What a field holds while editing: the text typed for a count, yes/no/unset for a flag. */
export type Draft = string | boolean | null;

/** A value as sent to the engine and the server: null clears; a string is text that is not a number. */
export type RawValue = number | boolean | string | null;

/**
 * Reads the text typed in a count field, in the convention of the language on screen ("1.200" is 1200 in
 * Vietnamese, "1,200" in English; src/core/numbers.ts). Empty means "not entered"; text that is not a number
 * there is kept as text so that the engine's check names it in its message.
 */
export function parseCount(text: string, locale: NumberLocale): number | string | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  return parseLocaleNumber(trimmed, locale) ?? trimmed;
}

export function draftOf(input: InputDef, stored: StoredValue | undefined, locale: NumberLocale): Draft {
  if (!stored) return input.kind === 'flag' ? null : '';
  if (input.kind === 'flag') return typeof stored.value === 'boolean' ? stored.value : null;
  return typeof stored.value === 'number' ? numberInputText(stored.value, locale) : String(stored.value ?? '');
}

/** The draft showing a value sent or received as a figure (a queued save, a conflict): null is empty. */
export function draftOfFigure(input: InputDef, value: number | boolean | null, locale: NumberLocale): Draft {
  return draftOf(input, value === null ? undefined : ({ value } as StoredValue), locale);
}

export function rawOf(input: InputDef, draft: Draft, locale: NumberLocale): RawValue {
  if (input.kind === 'flag') return typeof draft === 'boolean' ? draft : null;
  return parseCount(typeof draft === 'string' ? draft : '', locale);
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
  locale: NumberLocale,
): LiveState {
  const raw: Record<string, RawValue> = {};
  for (const input of def.inputs) {
    const draft = input.code in edits ? (edits[input.code] ?? null) : draftOf(input, stored[input.code], locale);
    raw[input.code] = rawOf(input, draft, locale);
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
