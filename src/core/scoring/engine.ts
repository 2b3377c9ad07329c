// The one scoring engine: pure, no I/O; the server, the web page and the command line all call it.
import type { Band, ItemDef, Mark, RuleSetDefinition } from '../rule-sets/schema.ts';
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
  /** The same, exact, for thresholds too small or too large for the number fast path (1e-7, 1e+21). */
  bigNum: bigint;
  bigDen: bigint;
}

function toFraction(x: number): Fraction {
  // The shortest decimal that reads back as x, exponent included ("1e-7" is 1/10,000,000).
  const [mantissa = '0', exponent = '0'] = String(x).split(/e/i);
  const dot = mantissa.indexOf('.');
  const shift = Number(exponent) - (dot < 0 ? 0 : mantissa.length - dot - 1);
  const digits = BigInt(dot < 0 ? mantissa : mantissa.slice(0, dot) + mantissa.slice(dot + 1));
  const bigNum = shift > 0 ? digits * 10n ** BigInt(shift) : digits;
  const bigDen = shift < 0 ? 10n ** BigInt(-shift) : 1n;
  return { num: Number(bigNum), den: Number(bigDen), bigNum, bigDen };
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
  const diff = BigInt(a) * f.bigDen - f.bigNum * BigInt(b);
  return diff > 0n ? 1 : diff < 0n ? -1 : 0;
}

function matchBand(bands: Band[], direction: 'higher' | 'lower', a: number, b: number): Band | null {
  for (const band of bands) {
    const cmp = compareRatio(a, b, bandFraction(band));
    if (direction === 'higher' ? cmp >= 0 : cmp <= 0) return band;
  }
  return null;
}

/** What never changes for an item: its input codes and maximum, worked out once per definition. */
interface CompiledItem {
  def: ItemDef;
  codes: string[];
  max: number;
  zeroAbove: Fraction | null;
}

const compiled = new WeakMap<ItemDef, CompiledItem>();

function compileItem(item: ItemDef): CompiledItem {
  let c = compiled.get(item);
  if (c) return c;
  const m = item.measure;
  let max: number;
  if (m.kind === 'flag') max = m.points;
  else {
    max = 0;
    for (const b of m.bands) if (b.points > max) max = b.points;
    if (m.kind === 'rate' && m.noCases && m.noCases.points > max) max = m.noCases.points;
  }
  c = {
    def: item,
    codes: m.kind === 'rate' ? [m.numerator, m.denominator] : [m.input],
    max,
    zeroAbove: item.zeroCriterionAbove === undefined ? null : toFraction(item.zeroCriterionAbove),
  };
  compiled.set(item, c);
  return c;
}

// Results are built as one object literal each, in one shape: the engine's hot path.
function result(
  c: CompiledItem,
  inputs: Record<string, number | boolean | null>,
  mark: Mark,
  points: number,
  status: ItemStatus,
  value: number | boolean | null,
  band: Band | null,
  zeroesCriterion: boolean,
): ItemResult {
  const m = c.def.measure;
  return {
    code: c.def.code,
    mark,
    points,
    max: c.max,
    status,
    inputs,
    value,
    scale: m.kind === 'rate' ? m.scale : null,
    direction: m.kind === 'flag' ? null : m.direction,
    band,
    zeroesCriterion,
  };
}

function evaluateItem(item: ItemDef, values: InputValues): ItemResult {
  const c = compileItem(item);
  const m = item.measure;
  const inputs: Record<string, number | boolean | null> = {};
  let missing = false;
  for (const code of c.codes) {
    const v = values[code];
    if (v === undefined) missing = true;
    inputs[code] = v ?? null;
  }
  if (missing) return result(c, inputs, item.mark, 0, 'missing', null, null, false);

  if (m.kind === 'flag') {
    const on = values[m.input] === true;
    return result(c, inputs, item.mark, on ? m.points : 0, 'scored', on, null, false);
  }

  let a: number;
  let b: number;
  if (m.kind === 'count') {
    a = values[m.input] as number;
    b = 1;
  } else {
    const den = values[m.denominator] as number;
    if (den === 0) {
      if (m.noCases)
        return result(c, inputs, m.noCases.mark ?? item.mark, m.noCases.points, 'no_cases', null, null, false);
      return result(c, inputs, item.mark, 0, 'no_denominator', null, null, false);
    }
    a = (values[m.numerator] as number) * m.scale;
    b = den;
  }
  const band = matchBand(m.bands, m.direction, a, b);
  const zeroes = c.zeroAbove !== null && compareRatio(a, b, c.zeroAbove) > 0;
  return result(
    c,
    inputs,
    band?.mark ?? item.mark,
    band ? band.points : 0,
    band ? 'scored' : 'no_band',
    a / b,
    band,
    zeroes,
  );
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
    const items: ItemResult[] = [];
    let raw = 0;
    let zeroedBy: string | null = null;
    let itemProvisional = false;
    for (const def of criterion.items) {
      const i = evaluateItem(def, values);
      items.push(i);
      raw += i.points;
      if (i.zeroesCriterion && zeroedBy === null) zeroedBy = i.code;
      if (i.mark === 'P') itemProvisional = true;
      if (i.status === 'missing') for (const k in i.inputs) if (i.inputs[k] === null) missing.push(k);
    }
    const points = zeroedBy !== null ? 0 : Math.min(raw, criterion.max);
    provisional ||= itemProvisional;
    criteria.push({
      code: criterion.code,
      points,
      max: criterion.max,
      raw,
      zeroedBy,
      provisional: itemProvisional,
      items,
    });
    total += points;
    maxTotal += criterion.max;
    if (points === 0 && def.noZeroCriterion)
      reasons.push({ kind: 'criterion_zero', criterion: criterion.code, zeroedBy });
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
