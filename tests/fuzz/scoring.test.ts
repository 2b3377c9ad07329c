// Fuzzing the scoring input: validateValues, evaluate, the CLI score document, the rule-set schema and
// the entry-cell reader, with any JSON, values keyed by the preset's own codes, and generated rule sets.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PRESETS, scoreDocument } from '../../src/cli/score-command.ts';
import { cellValue } from '../../src/core/rule-sets/input-rows.ts';
import { maxTotal, ratioPairs, RuleSetDefinition } from '../../src/core/rule-sets/schema.ts';
import { evaluate, score } from '../../src/core/scoring/engine.ts';
import { MAX_COUNT, validateValues, type IssueCode } from '../../src/core/scoring/validate.ts';
import { bounded, fuzz } from './seeds.ts';

const preset = PRESETS['qd06-2019']!.definition;
const inputCodes = preset.inputs.map((i) => i.code);
const counts = preset.inputs.filter((i) => i.kind === 'count').map((i) => i.code);
const flags = preset.inputs.filter((i) => i.kind === 'flag').map((i) => i.code);
const categories = preset.categories.map((c) => c.code);
const ISSUE_CODES: ReadonlySet<IssueCode> = new Set([
  'not_an_object',
  'unknown_code',
  'unknown_category',
  'missing',
  'not_boolean',
  'not_a_number',
  'not_integer',
  'negative',
  'too_large',
  'above_denominator',
]);
// Keys that an object lookup finds on every object: a dictionary any fuzzer of a JSON reader should try.
const PROTO_KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype'];

/** Any value a JSON document or a form may bring, weighted towards what a checker must tell apart. */
const anyValue = fc.oneof(
  fc.integer({ min: -10, max: 2 * MAX_COUNT }),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(0, 1, -0, MAX_COUNT, MAX_COUNT + 1, Number.MAX_SAFE_INTEGER, 1e21, 0.5, '1', '', 'true', [], {}),
  fc.string({ maxLength: 8 }),
  fc.jsonValue({ maxDepth: 2 }),
);
const anyKey = fc.oneof(fc.constantFrom(...inputCodes), fc.constantFrom(...PROTO_KEYS), fc.string({ maxLength: 12 }));
/** An object keyed mostly by real input codes, with wrong and hostile keys among them. */
const valuesObject = fc.oneof(
  fc.dictionary(anyKey, anyValue, { maxKeys: 50 }),
  fc.record(Object.fromEntries(inputCodes.map((c) => [c, anyValue])), { requiredKeys: [] }),
  // JSON.parse makes "__proto__" an own key, as a request body or a file does.
  fc
    .dictionary(anyKey, anyValue, { maxKeys: 8 })
    .map((o) => JSON.parse(JSON.stringify(o).replace(/^\{/, '{"__proto__":1,').replace(',}', '}'))),
);

/** Good values for the preset: every count within its denominator, every flag a boolean. */
const goodValues = fc
  .tuple(
    fc.array(fc.oneof(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 100_000 }), fc.constant(0)), {
      minLength: counts.length,
      maxLength: counts.length,
    }),
    fc.array(fc.boolean(), { minLength: flags.length, maxLength: flags.length }),
  )
  .map(([ns, bs]) => {
    const v: Record<string, number | boolean> = {};
    counts.forEach((c, i) => (v[c] = ns[i]!));
    flags.forEach((c, i) => (v[c] = bs[i]!));
    // Clamp numerators to their denominators until nothing moves (pairs may chain).
    for (let changed = true; changed;) {
      changed = false;
      for (const { numerator, denominator } of ratioPairs(preset))
        if ((v[numerator] as number) > (v[denominator] as number)) {
          v[numerator] = v[denominator]!;
          changed = true;
        }
    }
    return v;
  });

describe('validateValues and evaluate, any input', () => {
  it('never throw; give ok with exactly the known inputs, or issues each naming a field and a known code', () => {
    fc.assert(
      fc.property(
        valuesObject,
        fc.oneof(fc.constantFrom(...categories), anyValue),
        fc.boolean(),
        (raw, category, allowMissing) =>
          bounded(200, () => {
            const checked = validateValues(preset, raw, { allowMissing, category });
            if (checked.ok) {
              for (const k of Object.keys(checked.values)) expect(inputCodes).toContain(k);
              expect(categories).toContain(category);
            } else {
              expect(checked.issues.length).toBeGreaterThan(0);
              for (const i of checked.issues) {
                expect(ISSUE_CODES.has(i.code), i.code).toBe(true);
                // The field is an input of the rule set, or the key or part of the request that is wrong.
                if (i.code === 'unknown_code') expect(Object.keys(raw as object)).toContain(i.field);
                else if (i.code === 'unknown_category') expect(i.field).toBe('category');
                else expect(inputCodes).toContain(i.field);
              }
            }
            const out = evaluate(preset, '1', category, raw, { allowMissing });
            expect(out.ok).toBe(checked.ok);
            if (out.ok) expect(out.result.total).toBeGreaterThanOrEqual(0);
          }),
      ),
      fuzz('scoring.validate', 400),
    );
  });

  it('non-objects are one not_an_object issue on "values"', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.constant(null), fc.boolean(), fc.double(), fc.string(), fc.array(anyValue, { maxLength: 3 })),
        (raw) => {
          const checked = validateValues(preset, raw, { allowMissing: true });
          expect(checked).toEqual({ ok: false, issues: [{ field: 'values', value: raw, code: 'not_an_object' }] });
        },
      ),
      fuzz('scoring.validate', 100),
    );
  });
});

describe('evaluate, good input generated from the preset', () => {
  it('validates, totals within 0..1000, and is recognised exactly when above the threshold with no zero criterion', () => {
    fc.assert(
      fc.property(goodValues, fc.constantFrom(...categories), (values, category) => {
        const out = evaluate(preset, '1', category, values);
        if (!out.ok) throw new Error(JSON.stringify(out.issues));
        const r = out.result;
        expect(r.total).toBeGreaterThanOrEqual(0);
        expect(r.total).toBeLessThanOrEqual(maxTotal(preset));
        expect(maxTotal(preset)).toBe(1000);
        expect(r.total).toBe(r.criteria.reduce((s, c) => s + c.points, 0));
        for (const c of r.criteria) expect(c.points).toBeLessThanOrEqual(c.max);
        const zero = r.criteria.some((c) => c.points === 0);
        expect(r.complete).toBe(true);
        expect(r.recognized).toBe(r.total >= r.threshold && !(preset.noZeroCriterion && zero));
        // The JSON document of the command line gives the same result.
        const doc = scoreDocument(JSON.stringify({ ruleSet: 'qd06-2019', category, values }), 'en');
        if (!doc.ok) throw new Error(doc.errors.join('\n'));
        expect(doc.output.total).toBe(r.total);
        expect(doc.output.recognized).toBe(r.recognized);
      }),
      fuzz('scoring.good', 300),
    );
  });
});

describe('cfc score document, any text', () => {
  const docArb = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
    fc
      .record(
        {
          ruleSet: fc.oneof(fc.constant('qd06-2019'), fc.constantFrom(...PROTO_KEYS), anyValue),
          category: fc.oneof(fc.constantFrom(...categories), fc.constantFrom(...PROTO_KEYS), anyValue),
          values: fc.oneof(valuesObject, goodValues, anyValue),
        },
        { requiredKeys: [] },
      )
      .map((d) => JSON.stringify(d)),
  );
  it('never throws: a result, or errors that are sentences', () => {
    fc.assert(
      fc.property(docArb, fc.constantFrom('vi' as const, 'en' as const), (text, locale) =>
        bounded(300, () => {
          const out = scoreDocument(text, locale);
          if (out.ok) {
            expect(out.output.total).toBeGreaterThanOrEqual(0);
            expect(out.output.total).toBeLessThanOrEqual(1000);
          } else {
            expect(out.errors.length).toBeGreaterThan(0);
            for (const e of out.errors) expect(e.trim().length).toBeGreaterThan(3);
          }
        }),
      ),
      fuzz('scoring.document', 400),
    );
  });

  it('regression: a rule set named like an Object property ("toString", "__proto__") is an unknown rule set, not a TypeError', () => {
    for (const ruleSet of PROTO_KEYS) {
      const out = scoreDocument(JSON.stringify({ ruleSet, category: 'other', values: {} }), 'en');
      expect(out.ok).toBe(false);
      if (!out.ok) expect(out.errors[0]).toContain('ruleSet');
    }
  });
});

describe('rule sets as data', () => {
  const text = fc.constant({ vi: 'x', en: 'x' });
  const code = fc.constantFrom('a', 'b', 'c', 'd');
  // A small rule set whose thresholds and scales are anything the schema may let through.
  const threshold = fc.oneof(
    fc.double({ min: 0, max: 1e6, noNaN: true }),
    fc.constantFrom(0, 1e-7, 5e-324, 2.5e-10, 1e21, 0.1, 95),
  );
  const band = fc.record({ threshold, points: fc.integer({ min: 0, max: 100 }) });
  const measure = fc.oneof(
    fc.record({ kind: fc.constant('flag'), input: fc.constant('f'), points: fc.integer({ min: 0, max: 100 }) }),
    fc.record({
      kind: fc.constant('count'),
      input: code,
      direction: fc.constantFrom('higher', 'lower'),
      bands: fc.array(band, { minLength: 1, maxLength: 3 }),
    }),
    fc.record(
      {
        kind: fc.constant('rate'),
        numerator: code,
        denominator: code,
        scale: fc.oneof(fc.constantFrom(100, 1000, 100_000), fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER })),
        direction: fc.constantFrom('higher', 'lower'),
        bands: fc.array(band, { minLength: 1, maxLength: 3 }),
        noCases: fc.record({ points: fc.integer({ min: 0, max: 100 }) }),
      },
      { requiredKeys: ['kind', 'numerator', 'denominator', 'scale', 'direction', 'bands'] },
    ),
  );
  const definition = fc
    .array(
      fc.record(
        { measure, zeroCriterionAbove: fc.option(threshold, { nil: undefined }) },
        { requiredKeys: ['measure'] },
      ),
      { minLength: 1, maxLength: 4 },
    )
    .chain((items) =>
      fc.record({
        code: fc.constant('fuzz'),
        title: text,
        sectors: fc.constant([{ code: 's', label: { vi: 's', en: 's' } }]),
        inputs: fc.constant([
          ...['a', 'b', 'c', 'd'].map((c) => ({ code: c, kind: 'count', label: { vi: c, en: c }, sector: 's' })),
          { code: 'f', kind: 'flag', label: { vi: 'f', en: 'f' }, sector: 's' },
        ]),
        categories: fc.constant([{ code: 'other', label: { vi: 'k', en: 'o' }, threshold: 50, mark: 'C' }]),
        criteria: fc.constant([
          {
            code: 'C1',
            title: { vi: 'c', en: 'c' },
            max: 100,
            sector: 's',
            items: items.map((it, i) => ({ code: `i${i}`, title: { vi: 'i', en: 'i' }, mark: 'C', ...it })),
          },
        ]),
        noZeroCriterion: fc.boolean(),
      }),
    );
  const values = fc.record({
    a: fc.nat(MAX_COUNT),
    b: fc.nat(MAX_COUNT),
    c: fc.nat(1000),
    d: fc.nat(10),
    f: fc.boolean(),
  });

  it('the schema never throws on any JSON, and a definition it accepts always scores within its maximum', () => {
    fc.assert(
      fc.property(fc.oneof(definition, fc.jsonValue({ maxDepth: 4 })), values, (raw, v) =>
        bounded(300, () => {
          const parsed = RuleSetDefinition.safeParse(raw);
          if (!parsed.success) {
            expect(parsed.error.issues.length).toBeGreaterThan(0);
            return;
          }
          const def = parsed.data;
          const checked = validateValues(def, v, { allowMissing: false });
          if (!checked.ok) {
            for (const i of checked.issues) expect(i.code).toBe('above_denominator');
            return;
          }
          const r = score(def, '1', 'other', checked.values);
          expect(r.total).toBeGreaterThanOrEqual(0);
          expect(r.total).toBeLessThanOrEqual(maxTotal(def));
        }),
      ),
      fuzz('scoring.ruleSet', 300),
    );
  });

  it('regression: a band threshold below 1e-6 (printed with an exponent) is compared, not a RangeError', () => {
    const def = RuleSetDefinition.parse({
      code: 'tiny',
      title: { vi: 'x', en: 'x' },
      sectors: [{ code: 's', label: { vi: 's', en: 's' } }],
      inputs: [
        { code: 'n', kind: 'count', label: { vi: 'n', en: 'n' }, sector: 's' },
        { code: 'd', kind: 'count', label: { vi: 'd', en: 'd' }, sector: 's' },
      ],
      categories: [{ code: 'other', label: { vi: 'k', en: 'o' }, threshold: 0, mark: 'C' }],
      criteria: [
        {
          code: 'C1',
          title: { vi: 'c', en: 'c' },
          max: 10,
          sector: 's',
          items: [
            {
              code: 'r',
              title: { vi: 'r', en: 'r' },
              mark: 'C',
              measure: {
                kind: 'rate',
                numerator: 'n',
                denominator: 'd',
                scale: 1,
                direction: 'higher',
                bands: [{ threshold: 1e-7, points: 10 }],
              },
              zeroCriterionAbove: 2.5e-8,
            },
          ],
        },
      ],
      noZeroCriterion: false,
    });
    // 1/10,000,001 is just below 1e-7; 1/9,999,999 just above.
    const points = (d: number) => score(def, '1', 'other', { n: 1, d }).criteria[0]!.items[0]!.points;
    expect(points(10_000_001)).toBe(0);
    expect(points(10_000_000)).toBe(10);
    expect(points(9_999_999)).toBe(10);
    // Above 2.5e-8 zeroes the criterion: 1/39,999,999 is above, 1/40,000,000 equal.
    expect(score(def, '1', 'other', { n: 1, d: 39_999_999 }).criteria[0]!.zeroedBy).toBe('r');
    expect(score(def, '1', 'other', { n: 1, d: 40_000_000 }).criteria[0]!.zeroedBy).toBe(null);
    expect(score(def, '1', 'other', { n: 0, d: 5 }).criteria[0]!.zeroedBy).toBe(null);
  });
});

describe('entry cells of the criteria-inputs workbook (cellValue)', () => {
  const cell = fc.oneof(
    fc.string({ maxLength: 12 }),
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.constantFrom('1.234', '1,234', ' 12 ', 'Có', 'KHÔNG', 'x', '+5', '-0', '1e5', '١٢', '0x10'),
  );
  it('never throws, and what it reads either passes checkValue or is reported by it', () => {
    fc.assert(
      fc.property(fc.constantFrom('count' as const, 'flag' as const), cell, (kind, c) => {
        const v = cellValue(kind, c);
        if (kind === 'flag')
          expect(typeof v === 'boolean' || Object.is(v, typeof c === 'string' ? c.trim() : c)).toBe(true);
        const checked = validateValues(
          preset,
          { [kind === 'flag' ? flags[0]! : 'pop.children']: v },
          { allowMissing: true },
        );
        if (!checked.ok)
          for (const i of checked.issues)
            expect(['not_boolean', 'not_a_number', 'not_integer', 'negative', 'too_large']).toContain(i.code);
      }),
      fuzz('scoring.cellValue', 300),
    );
  });
});
