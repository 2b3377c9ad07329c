// A rule set is data: this schema is the only place that says what a rule set may contain.
import { z } from 'zod';

export const LocalText = z.object({ vi: z.string().min(1), en: z.string().min(1) });
export type LocalText = z.infer<typeof LocalText>;

/** C = confirmed in public sources, P = provisional (shown as such wherever a score is shown). */
export const Mark = z.enum(['C', 'P']);
export type Mark = z.infer<typeof Mark>;

const Code = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*$/, 'code');

export const InputDef = z.object({
  code: Code,
  kind: z.enum(['count', 'flag']),
  label: LocalText,
  /** Criterion the input is entered under; shared base counts have none. */
  criterion: z.string().optional(),
  sector: z.string(),
  /**
   * A count of children or cases that could single a child out (abuse, offences, injuries, special
   * circumstances): small values are shown exactly only to those who enter or score it
   * (src/core/privacy/disclosure.ts). Scoring never reads it.
   */
  sensitive: z.boolean().optional(),
});
export type InputDef = z.infer<typeof InputDef>;

export const Band = z.object({
  /** For "higher" the band matches from this value upwards (≥); for "lower", at most this value (≤). */
  threshold: z.number().finite().nonnegative(),
  points: z.number().int().nonnegative(),
  mark: Mark.optional(),
});
export type Band = z.infer<typeof Band>;

const Direction = z.enum(['higher', 'lower']);

export const Measure = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('flag'), input: Code, points: z.number().int().nonnegative() }),
  z.object({
    kind: z.literal('rate'),
    numerator: Code,
    denominator: Code,
    /** 100 = percent, 1000 = per 1,000, 100000 = per 100,000. */
    scale: z.number().int().positive(),
    direction: Direction,
    bands: z.array(Band).min(1),
    /** Points when the denominator is 0 ("no cases → full points"); absent means 0 points. */
    noCases: z.object({ points: z.number().int().nonnegative(), mark: Mark.optional() }).optional(),
  }),
  z.object({ kind: z.literal('count'), input: Code, direction: Direction, bands: z.array(Band).min(1) }),
]);
export type Measure = z.infer<typeof Measure>;

export const ItemDef = z.object({
  code: Code,
  title: LocalText,
  mark: Mark,
  markNote: LocalText.optional(),
  measure: Measure,
  /** When the item's value is above this, the whole criterion scores 0 (e.g. any child death). */
  zeroCriterionAbove: z.number().nonnegative().optional(),
});
export type ItemDef = z.infer<typeof ItemDef>;

export const CriterionDef = z.object({
  code: Code,
  title: LocalText,
  max: z.number().int().positive(),
  sector: z.string(),
  items: z.array(ItemDef).min(1),
});
export type CriterionDef = z.infer<typeof CriterionDef>;

export const CategoryDef = z.object({
  code: z.string().min(1),
  label: LocalText,
  threshold: z.number().int().nonnegative(),
  mark: Mark,
});
export type CategoryDef = z.infer<typeof CategoryDef>;

export const SectorDef = z.object({ code: z.string().min(1), label: LocalText });

export const RuleSetDefinition = z
  .object({
    code: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
    title: LocalText,
    source: LocalText.optional(),
    sectors: z.array(SectorDef).min(1),
    inputs: z.array(InputDef).min(1),
    categories: z.array(CategoryDef).min(1),
    criteria: z.array(CriterionDef).min(1),
    /** A criterion scoring 0 fails the unit whatever its total ("điểm liệt"). */
    noZeroCriterion: z.boolean(),
  })
  .superRefine((def, ctx) => {
    const inputs = new Map(def.inputs.map((i) => [i.code, i]));
    const sectors = new Set(def.sectors.map((s) => s.code));
    const seen = new Set<string>();
    const unique = (code: string, path: (string | number)[]) => {
      if (seen.has(code)) ctx.addIssue({ code: 'custom', path, message: `duplicate code ${code}` });
      seen.add(code);
    };
    const need = (code: string, kind: 'count' | 'flag', path: (string | number)[]) => {
      const input = inputs.get(code);
      if (!input) ctx.addIssue({ code: 'custom', path, message: `unknown input ${code}` });
      else if (input.kind !== kind) ctx.addIssue({ code: 'custom', path, message: `input ${code} must be a ${kind}` });
    };
    def.inputs.forEach((i, n) => {
      unique(i.code, ['inputs', n, 'code']);
      if (!sectors.has(i.sector))
        ctx.addIssue({ code: 'custom', path: ['inputs', n, 'sector'], message: `unknown sector ${i.sector}` });
    });
    def.criteria.forEach((c, ci) => {
      unique(c.code, ['criteria', ci, 'code']);
      if (!sectors.has(c.sector))
        ctx.addIssue({ code: 'custom', path: ['criteria', ci, 'sector'], message: `unknown sector ${c.sector}` });
      c.items.forEach((item, ii) => {
        const path = ['criteria', ci, 'items', ii, 'measure'];
        unique(`item:${item.code}`, ['criteria', ci, 'items', ii, 'code']);
        const m = item.measure;
        if (m.kind === 'flag') need(m.input, 'flag', path);
        else if (m.kind === 'count') need(m.input, 'count', path);
        else {
          need(m.numerator, 'count', path);
          need(m.denominator, 'count', path);
        }
      });
    });
    const cats = new Set<string>();
    def.categories.forEach((c, n) => {
      if (cats.has(c.code))
        ctx.addIssue({ code: 'custom', path: ['categories', n, 'code'], message: `duplicate category ${c.code}` });
      cats.add(c.code);
    });
  });
export type RuleSetDefinition = z.infer<typeof RuleSetDefinition>;

/** A stored rule set: the definition plus the version it was published as. */
export interface RuleSet {
  definition: RuleSetDefinition;
  version: string;
}

export function maxTotal(def: RuleSetDefinition): number {
  return def.criteria.reduce((sum, c) => sum + c.max, 0);
}

/** Numerator → denominator pairs that must hold (a numerator never exceeds its denominator). */
export function ratioPairs(def: RuleSetDefinition): Array<{ numerator: string; denominator: string }> {
  const seen = new Set<string>();
  const pairs: Array<{ numerator: string; denominator: string }> = [];
  for (const c of def.criteria)
    for (const item of c.items) {
      const m = item.measure;
      if (m.kind !== 'rate') continue;
      const key = `${m.numerator}/${m.denominator}`;
      if (!seen.has(key)) pairs.push({ numerator: m.numerator, denominator: m.denominator });
      seen.add(key);
    }
  return pairs;
}

/** True when any item, band, no-cases rule or category threshold of the rule set is provisional. */
export function hasProvisional(def: RuleSetDefinition): boolean {
  return (
    def.categories.some((c) => c.mark === 'P') ||
    def.criteria.some((c) =>
      c.items.some((i) => {
        const m = i.measure;
        if (i.mark === 'P') return true;
        if (m.kind === 'flag') return false;
        return m.bands.some((b) => b.mark === 'P') || (m.kind === 'rate' && m.noCases?.mark === 'P');
      }),
    )
  );
}
