// The one scoring engine: pure, no I/O; the server, the web page and the command line all call it.
import type { Band, ItemDef, Mark, Measure, RuleSetDefinition } from '../rule-sets/schema.ts';
import { validateValues, type InputValues, type ValidationIssue } from './validate.ts';

export type ItemStatus = 'scored' | 'no_cases' | 'no_band' | 'no_denominator' | 'missing';

export interface ItemResult {
  code: string;
  mark: Mark;
  points: number;
  max: number;
  status: ItemStatus;
  /** The inputs the item read, as entered. */
  inputs: Record<string, number | boolean | null>;
  /** Computed value: the rate in the item's scale (%, ‰, per 100,000), the count, or the flag. */
  value: number | boolean | null;
  scale: number | null;
  direction: 'higher' | 'lower' | null;
  band: Band | null;
  /** True when this item's value zeroed its whole criterion. */
  zeroesCriterion: boolean;
}

export interface CriterionResult {
  code: string;
  points: number;
  max: number;
  /** Sum of item points before the cap. */
  raw: number;
  zeroedBy: string | null;
  provisional: boolean;
  items: ItemResult[];
}

export type Reason =
  | { kind: 'criterion_zero'; criterion: string; zeroedBy: string | null }
  | { kind: 'below_threshold'; total: number; threshold: number; shortfall: number }
  | { kind: 'incomplete'; missing: string[] };

export interface ScoreResult {
  ruleSet: string;
  ruleSetVersion: string;
  category: string;
  total: number;
  maxTotal: number;
  threshold: number;
  recognized: boolean;
  complete: boolean;
  provisional: boolean;
  criteria: CriterionResult[];
  reasons: Reason[];
}

export type Evaluation = { ok: true; result: ScoreResult } | { ok: false; issues: ValidationIssue[] };

export interface EvaluateOptions {
  /** Drafts may leave inputs empty; missing inputs score 0 and the result is marked incomplete. */
  allowMissing?: boolean;
}

/** A threshold as an exact fraction, so that 949/1000 is never rounded up to 95%. */
interface Fraction {
  num: number;
  den: number;
}

function toFraction(x: number): Fraction {
  const text = String(x);
  if (!/e/i.test(text)) {
    const dot = text.indexOf('.');
    if (dot < 0) return { num: x, den: 1 };
    const decimals = text.length - dot - 1;
    const den = 10 ** decimals;
    return { num: Math.round(x * den), den };
  }
  return { num: x, den: 1 };
}

const fractions = new WeakMap<Band, Fraction>();
function bandFraction(band: Band): Fraction {
  let f = fractions.get(band);
  if (!f) fractions.set(band, (f = toFraction(band.threshold)));
  return f;
}

/** Compares a/b (b > 0) with the fraction f exactly: negative, zero or positive like a/b − f. */
function compareRatio(a: number, b: number, f: Fraction): number {
  const left = a * f.den;
  const right = f.num * b;
  if (Number.isSafeInteger(left) && Number.isSafeInteger(right)) return left - right;
  const diff = BigInt(a) * BigInt(f.den) - BigInt(f.num) * BigInt(b);
  return diff > 0n ? 1 : diff < 0n ? -1 : 0;
}

function matchBand(bands: Band[], direction: 'higher' | 'lower', a: number, b: number): Band | null {
  for (const band of bands) {
    const cmp = compareRatio(a, b, bandFraction(band));
    if (direction === 'higher' ? cmp >= 0 : cmp <= 0) return band;
  }
  return null;
}

function inputsOf(measure: Measure): string[] {
  if (measure.kind === 'rate') return [measure.numerator, measure.denominator];
  return [measure.input];
}

function itemMax(item: ItemDef): number {
  const m = item.measure;
  if (m.kind === 'flag') return m.points;
  const bandMax = Math.max(...m.bands.map((b) => b.points));
  return m.kind === 'rate' && m.noCases ? Math.max(bandMax, m.noCases.points) : bandMax;
}

function evaluateItem(item: ItemDef, values: InputValues): ItemResult {
  const m = item.measure;
  const inputs: Record<string, number | boolean | null> = {};
  for (const code of inputsOf(m)) inputs[code] = values[code] ?? null;
  const base = {
    code: item.code,
    mark: item.mark,
    max: itemMax(item),
    inputs,
    scale: m.kind === 'rate' ? m.scale : null,
    direction: m.kind === 'flag' ? null : m.direction,
    zeroesCriterion: false,
  };
  const missing = Object.values(inputs).some((v) => v === null);
  if (missing) return { ...base, points: 0, status: 'missing', value: null, band: null };

  if (m.kind === 'flag') {
    const on = values[m.input] === true;
    return { ...base, points: on ? m.points : 0, status: 'scored', value: on, band: null };
  }

  let a: number;
  let b: number;
  let value: number;
  if (m.kind === 'count') {
    a = values[m.input] as number;
    b = 1;
    value = a;
  } else {
    const num = values[m.numerator] as number;
    const den = values[m.denominator] as number;
    if (den === 0) {
      if (m.noCases) {
        const mark = m.noCases.mark ?? item.mark;
        return { ...base, mark, points: m.noCases.points, status: 'no_cases', value: null, band: null };
      }
      return { ...base, points: 0, status: 'no_denominator', value: null, band: null };
    }
    a = num * m.scale;
    b = den;
    value = a / b;
  }
  const band = matchBand(m.bands, m.direction, a, b);
  const zeroesCriterion =
    item.zeroCriterionAbove !== undefined && compareRatio(a, b, toFraction(item.zeroCriterionAbove)) > 0;
  return {
    ...base,
    mark: band?.mark ?? item.mark,
    points: band ? band.points : 0,
    status: band ? 'scored' : 'no_band',
    value,
    band,
    zeroesCriterion,
  };
}

/** Scores already-validated values. Use `evaluate` unless the values were checked by `validateValues`. */
export function score(def: RuleSetDefinition, version: string, category: string, values: InputValues): ScoreResult {
  const cat = def.categories.find((c) => c.code === category);
  if (!cat) throw new Error(`unknown category ${category}`);
  const criteria: CriterionResult[] = [];
  const reasons: Reason[] = [];
  const missing: string[] = [];
  let total = 0;
  let maxTotal = 0;
  let provisional = false;
  for (const criterion of def.criteria) {
    const items = criterion.items.map((item) => evaluateItem(item, values));
    const raw = items.reduce((s, i) => s + i.points, 0);
    const zeroing = items.find((i) => i.zeroesCriterion);
    const points = zeroing ? 0 : Math.min(raw, criterion.max);
    const itemProvisional = items.some((i) => i.mark === 'P');
    provisional ||= itemProvisional;
    for (const i of items) if (i.status === 'missing') for (const [k, v] of Object.entries(i.inputs)) if (v === null) missing.push(k);
    criteria.push({
      code: criterion.code,
      points,
      max: criterion.max,
      raw,
      zeroedBy: zeroing?.code ?? null,
      provisional: itemProvisional,
      items,
    });
    total += points;
    maxTotal += criterion.max;
    if (points === 0 && def.noZeroCriterion)
      reasons.push({ kind: 'criterion_zero', criterion: criterion.code, zeroedBy: zeroing?.code ?? null });
  }
  if (total < cat.threshold)
    reasons.push({ kind: 'below_threshold', total, threshold: cat.threshold, shortfall: cat.threshold - total });
  const uniqueMissing = [...new Set(missing)];
  if (uniqueMissing.length) reasons.push({ kind: 'incomplete', missing: uniqueMissing });
  return {
    ruleSet: def.code,
    ruleSetVersion: version,
    category,
    total,
    maxTotal,
    threshold: cat.threshold,
    recognized: reasons.length === 0,
    complete: uniqueMissing.length === 0,
    provisional: provisional || cat.mark === 'P',
    criteria,
    reasons,
  };
}

/** Validates raw input (from JSON, a form or a file) and scores it; bad input returns every issue. */
export function evaluate(
  def: RuleSetDefinition,
  version: string,
  category: unknown,
  raw: unknown,
  options: EvaluateOptions = {},
): Evaluation {
  const checked = validateValues(def, raw, { allowMissing: options.allowMissing ?? false, category });
  if (!checked.ok) return checked;
  return { ok: true, result: score(def, version, category as string, checked.values) };
}
