import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { evaluate, score, type ScoreResult } from '../../src/core/scoring/engine.ts';
import { RuleSetDefinition, hasProvisional, maxTotal } from '../../src/core/rule-sets/schema.ts';
import { fullMarks, qd06 } from '../support/fixtures.ts';

const run = (values: Record<string, unknown>, category = 'other'): ScoreResult => {
  const out = evaluate(qd06, '1', category, values);
  if (!out.ok) throw new Error(JSON.stringify(out.issues));
  return out.result;
};
const item = (r: ScoreResult, code: string) => r.criteria.flatMap((c) => c.items).find((i) => i.code === code)!;
const criterion = (r: ScoreResult, code: string) => r.criteria.find((c) => c.code === code)!;
const with_ = (patch: Record<string, number | boolean>) => ({ ...fullMarks(), ...patch });

describe('preset qd06-2019', () => {
  it('ships 13 criteria worth 1000 points and full inputs score 1000', () => {
    expect(qd06.criteria).toHaveLength(13);
    expect(maxTotal(qd06)).toBe(1000);
    const r = run(fullMarks());
    expect(r.total).toBe(1000);
    expect(r.recognized).toBe(true);
    expect(r.reasons).toEqual([]);
  });

  it('reads rates exactly: 949/1000 is below the 95% band, 950/1000 is in it', () => {
    expect(item(run(with_({ 'C02.births': 1000, 'C02.registered': 949 })), 'C02.registered').points).toBe(30);
    expect(item(run(with_({ 'C02.births': 1000, 'C02.registered': 950 })), 'C02.registered').points).toBe(40);
    expect(item(run(with_({ 'C02.births': 1000, 'C02.registered': 999 })), 'C02.registered').points).toBe(40);
    expect(item(run(with_({ 'C02.births': 1000, 'C02.registered': 1000 })), 'C02.registered').points).toBe(50);
  });

  it('gives each more-is-better band at its edge and the next band one case below', () => {
    for (const c of qd06.criteria)
      for (const it of c.items) {
        const m = it.measure;
        if (m.kind !== 'rate' || m.direction !== 'higher') continue;
        const den = 10_000;
        for (const [n, band] of m.bands.entries()) {
          const atEdge = Math.round((band.threshold * den) / m.scale);
          const values = with_({ 'pop.children': 1_000_000, [m.denominator]: den, [m.numerator]: atEdge });
          const points = item(run(values), it.code).points;
          expect(points, `${it.code} at ${band.threshold}`).toBe(band.points);
          const below = item(run({ ...values, [m.numerator]: atEdge - 1 }), it.code).points;
          expect(below, `${it.code} just below ${band.threshold}`).toBe(m.bands[n + 1]?.points ?? 0);
        }
      }
  });

  it('gives each less-is-better band at its edge and the next band one case above', () => {
    for (const c of qd06.criteria)
      for (const it of c.items) {
        const m = it.measure;
        if (m.kind !== 'rate' || m.direction !== 'lower') continue;
        const den = 200_000;
        for (const [n, band] of m.bands.entries()) {
          const atEdge = (band.threshold * den) / m.scale;
          expect(Number.isInteger(atEdge)).toBe(true);
          const values = with_({
            [m.denominator]: den,
            [m.numerator]: atEdge,
            'C03.supported': 0,
            'C03.abused': m.numerator === 'C03.abused' ? atEdge : 0,
          });
          if (m.numerator === 'C03.abused') values['C03.supported'] = atEdge;
          expect(item(run(values), it.code).points, `${it.code} at ${band.threshold}`).toBe(band.points);
          const above = { ...values, [m.numerator]: atEdge + 1 };
          if (m.numerator === 'C03.abused') above['C03.supported'] = atEdge + 1;
          expect(item(run(above), it.code).points, `${it.code} just above ${band.threshold}`).toBe(
            m.bands[n + 1]?.points ?? 0,
          );
        }
      }
  });

  it('uses incidence per 1,000 and per 100,000 children', () => {
    // 1 abused child among 2000 = 0.5 per 1,000 → 75; 2 → 1.0 → 50; 5 → 2.5 → 0
    expect(item(run(with_({ 'C03.abused': 1, 'C03.supported': 1 })), 'C03.abused').points).toBe(75);
    expect(item(run(with_({ 'C03.abused': 2, 'C03.supported': 2 })), 'C03.abused').points).toBe(50);
    expect(item(run(with_({ 'C03.abused': 5, 'C03.supported': 5 })), 'C03.abused').points).toBe(0);
    // 11 injured among 2000 = 550 per 100,000 → 40; 14 → 700 → 20; 15 → 750 → 0
    expect(item(run(with_({ 'C05.injured': 11 })), 'C05.injured').points).toBe(40);
    expect(item(run(with_({ 'C05.injured': 14 })), 'C05.injured').points).toBe(20);
    expect(item(run(with_({ 'C05.injured': 15 })), 'C05.injured').points).toBe(0);
  });

  it('gives full points when there are no cases', () => {
    const r = run(
      with_({
        'C03.abused': 0,
        'C03.supported': 0,
        'C06.special': 0,
        'C06.supported': 0,
        'C06.cases': 0,
        'C06.planned': 0,
      }),
    );
    expect(item(r, 'C03.supported')).toMatchObject({ status: 'no_cases', points: 50 });
    expect(item(r, 'C06.supported')).toMatchObject({ status: 'no_cases', points: 50, mark: 'P' });
    expect(item(r, 'C06.planned')).toMatchObject({ status: 'no_cases', points: 75 });
  });

  it('zeroes criterion C05 on any child death and fails the commune whatever its total', () => {
    const r = run(with_({ 'C05.deaths': 1 }));
    expect(criterion(r, 'C05')).toMatchObject({ points: 0, zeroedBy: 'C05.deaths' });
    expect(r.total).toBe(900);
    expect(r.recognized).toBe(false);
    expect(r.reasons).toEqual([{ kind: 'criterion_zero', criterion: 'C05', zeroedBy: 'C05.deaths' }]);
  });

  it('fails on a criterion scoring 0 through its bands (no-zero rule)', () => {
    const r = run(with_({ 'C13.satisfied': 50 }));
    expect(criterion(r, 'C13').points).toBe(0);
    expect(r.total).toBe(950);
    expect(r.recognized).toBe(false);
    expect(r.reasons[0]).toMatchObject({ kind: 'criterion_zero', criterion: 'C13' });
  });

  // Adjustments of known size, combined to land a total exactly at, just below and just above each
  // threshold (the preset's points move in steps of 5, so "just" means 5 points here; see the
  // custom rule set below for 1-point edges).
  const ten = [
    'C02.registered',
    'C07.immunized',
    'C13.satisfied',
    'C09.checked',
    'C10.attending',
    'C05.injured',
    'C08.underweight',
    'C08.stunted',
    'C11.consulted',
    'C12.villages',
  ] as const;
  const down: Record<string, { patch: Record<string, number | boolean>; delta: number }> = {
    'C02.registered': { patch: { 'C02.registered': 95 }, delta: 10 },
    'C07.immunized': { patch: { 'C07.immunized': 95 }, delta: 10 },
    'C13.satisfied': { patch: { 'C13.satisfied': 80 }, delta: 10 },
    'C09.checked': { patch: { 'C09.checked': 800 }, delta: 10 },
    'C10.attending': { patch: { 'C10.attending': 270 }, delta: 10 },
    'C05.injured': { patch: { 'C05.injured': 11 }, delta: 10 },
    'C08.underweight': { patch: { 'C08.underweight': 40 }, delta: 10 },
    'C08.stunted': { patch: { 'C08.stunted': 60 }, delta: 10 },
    'C11.consulted': { patch: { 'C11.consulted': 500 }, delta: 10 },
    'C12.villages': { patch: { 'C12.villages': 5 }, delta: 10 },
    'C06.supported': { patch: { 'C06.supported': 18 }, delta: 10 },
    'C12.events': { patch: { 'C12.events': 1 }, delta: 15 },
    'C01.budget': { patch: { 'C01.budget': false }, delta: 20 },
    'C01.collaborators': { patch: { 'C01.collaborators': false }, delta: 15 },
    'C03.abused': { patch: { 'C03.abused': 1, 'C03.supported': 1 }, delta: 25 },
    'C04.children': { patch: { 'C04.children': 2 }, delta: 25 },
  };
  const lowered = (keys: readonly string[]) => {
    const values = fullMarks();
    let expected = 1000;
    for (const k of keys) {
      Object.assign(values, down[k]!.patch);
      expected -= down[k]!.delta;
    }
    return { values, expected };
  };
  it.each([
    ['urban_ward', [...ten], 900, true],
    ['urban_ward', [...ten.slice(0, 7), 'C12.events', 'C01.budget'], 895, false],
    ['urban_ward', [...ten.slice(0, 6), 'C12.events', 'C01.budget'], 905, true],
    ['other', [...ten, 'C03.abused', 'C04.children'], 850, true],
    ['other', [...ten, 'C03.abused', 'C01.budget', 'C06.supported'], 845, false],
    ['other', [...ten, 'C12.events', 'C01.budget', 'C06.supported'], 855, true],
    [
      'disadvantaged',
      [...ten, 'C03.abused', 'C04.children', 'C01.budget', 'C12.events', 'C01.collaborators'],
      800,
      true,
    ],
    ['disadvantaged', [...ten, 'C03.abused', 'C04.children', 'C01.budget', 'C12.events', 'C06.supported'], 805, true],
  ] as const)('category %s: %j gives the threshold edge %i', (category, keys, expected, recognized) => {
    const fixture = lowered([...new Set(keys)]);
    const r = run(fixture.values, category);
    expect(r.total).toBe(fixture.expected);
    expect(r.total).toBe(expected);
    expect(r.recognized).toBe(recognized);
    if (!recognized)
      expect(r.reasons).toEqual([
        { kind: 'below_threshold', total: expected, threshold: r.threshold, shortfall: r.threshold - expected },
      ]);
  });
  it('disadvantaged: 795 is below 800', () => {
    const fixture = lowered([...ten, 'C03.abused', 'C04.children', 'C01.budget', 'C12.events', 'C06.supported']);
    const r = run({ ...fixture.values, 'C08.underweight': 60 }, 'disadvantaged'); // ≤ 15% → 5: 10 more off
    expect(r.total).toBe(795);
    expect(r.recognized).toBe(false);
  });

  it('explains every item: inputs, value, band and points', () => {
    const r = run(with_({ 'C02.births': 40, 'C02.registered': 39 }));
    expect(item(r, 'C02.registered')).toMatchObject({
      inputs: { 'C02.registered': 39, 'C02.births': 40 },
      value: 97.5,
      scale: 100,
      band: { threshold: 95, points: 40 },
      points: 40,
      status: 'scored',
    });
    expect(item(r, 'C01.budget').mark).toBe('P');
    expect(item(r, 'C07.immunized').mark).toBe('C');
    expect(r.provisional).toBe(true);
  });

  it('lists the shortfall against the threshold among the reasons', () => {
    const low = run(lowered([...ten, 'C12.events']).values, 'urban_ward');
    expect(low.reasons).toEqual([{ kind: 'below_threshold', total: 885, threshold: 900, shortfall: 15 }]);
  });
});

describe('bad input', () => {
  const issues = (values: unknown, category: unknown = 'other') => {
    const out = evaluate(qd06, '1', category, values);
    return out.ok ? [] : out.issues;
  };
  it('names the field and value of each problem', () => {
    expect(issues(with_({ 'C02.registered': 101 }))).toEqual([
      {
        field: 'C02.registered',
        value: 101,
        code: 'above_denominator',
        params: { denominator: 'C02.births', denominatorValue: 100 },
      },
    ]);
    expect(issues(with_({ 'C05.injured': -1 }))).toEqual([{ field: 'C05.injured', value: -1, code: 'negative' }]);
    expect(issues(with_({ 'C05.injured': 1.5 }))).toEqual([{ field: 'C05.injured', value: 1.5, code: 'not_integer' }]);
    expect(issues({ ...fullMarks(), 'C05.injured': '3' })).toEqual([
      { field: 'C05.injured', value: '3', code: 'not_a_number' },
    ]);
    expect(issues({ ...fullMarks(), 'C01.staff': 1 })).toEqual([{ field: 'C01.staff', value: 1, code: 'not_boolean' }]);
    expect(issues({ ...fullMarks(), 'C99.x': 1 })).toEqual([{ field: 'C99.x', value: 1, code: 'unknown_code' }]);
    expect(issues(fullMarks(), 'city')).toEqual([{ field: 'category', value: 'city', code: 'unknown_category' }]);
    expect(issues([1, 2])).toEqual([{ field: 'values', value: [1, 2], code: 'not_an_object' }]);
    const { 'C02.births': _omit, ...missing } = fullMarks();
    expect(issues(missing)).toEqual([{ field: 'C02.births', value: null, code: 'missing' }]);
    expect(issues({ ...fullMarks(), 'pop.children': Number.POSITIVE_INFINITY })[0]).toMatchObject({
      code: 'not_a_number',
    });
    expect(issues({ ...fullMarks(), 'pop.children': 1e12 })[0]).toMatchObject({ code: 'too_large' });
  });

  it('accepts a partial draft and marks the result incomplete', () => {
    const out = evaluate(qd06, '1', 'other', { 'pop.children': 100, 'C01.staff': true }, { allowMissing: true });
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.result.complete).toBe(false);
    expect(out.result.total).toBe(50); // only C01.staff can score: every other item lacks an input
    expect(out.result.reasons.at(-1)).toMatchObject({ kind: 'incomplete' });
  });
});

describe('properties', () => {
  const arbValues = fc
    .record({
      children: fc.integer({ min: 1, max: 50_000 }),
      fractions: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 40, maxLength: 40 }),
      flags: fc.array(fc.boolean(), { minLength: 10, maxLength: 10 }),
      counts: fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 5, maxLength: 5 }),
    })
    .map(({ children, fractions, flags, counts }) => {
      const f = (n: number, of: number) => Math.floor((fractions[n] ?? 0) * of);
      const v: Record<string, number | boolean> = {};
      let fi = 0;
      let bi = 0;
      const dens: Record<string, number> = { 'pop.children': children };
      for (const input of qd06.inputs) if (input.kind === 'flag') v[input.code] = flags[bi++] ?? false;
      for (const code of [
        'pop.under1',
        'pop.age3to5',
        'pop.villages',
        'C02.births',
        'C06.special',
        'C06.cases',
        'C08.weighed',
        'C09.eligible',
        'C11.eligible',
        'C13.respondents',
        'C03.abused',
      ])
        dens[code] = code === 'C03.abused' ? Math.min(counts[0]!, children) : f(fi++, children);
      Object.assign(v, dens);
      v['C12.events'] = counts[1]!;
      v['C05.deaths'] = counts[2]! > 17 ? 1 : 0;
      for (const c of qd06.criteria)
        for (const item of c.items) {
          const m = item.measure;
          if (m.kind === 'rate' && !(m.numerator in v)) v[m.numerator] = f(fi++, dens[m.denominator] ?? 0);
        }
      return v;
    });

  it('never totals more than the sum of the maxima, nor a criterion more than its max', () => {
    fc.assert(
      fc.property(arbValues, fc.constantFrom('urban_ward', 'disadvantaged', 'other'), (values, category) => {
        const r = run(values, category);
        expect(r.total).toBeLessThanOrEqual(maxTotal(qd06));
        for (const c of r.criteria) expect(c.points).toBeLessThanOrEqual(c.max);
        expect(r.recognized).toBe(r.total >= r.threshold && r.criteria.every((c) => c.points > 0));
      }),
    );
  });

  it('raising a more-is-better numerator never lowers points; raising a less-is-better count never raises them', () => {
    const rates = qd06.criteria.flatMap((c) => c.items).filter((i) => i.measure.kind === 'rate');
    fc.assert(
      fc.property(arbValues, fc.constantFrom(...rates), (values, it) => {
        const m = it.measure;
        if (m.kind !== 'rate') return;
        const den = values[m.denominator] as number;
        const num = values[m.numerator] as number;
        if (num >= den) return;
        const up = { ...values, [m.numerator]: num + 1 };
        if (m.numerator === 'C03.abused') up['C03.supported'] = Math.min(values['C03.supported'] as number, num + 1);
        const before = run(values);
        const after = run(up);
        const pb = item(before, it.code).points;
        const pa = item(after, it.code).points;
        if (m.direction === 'higher') expect(pa).toBeGreaterThanOrEqual(pb);
        else expect(pa).toBeLessThanOrEqual(pb);
      }),
    );
  });

  it('rejects every numerator above its denominator', () => {
    fc.assert(
      fc.property(arbValues, fc.integer({ min: 1, max: 1000 }), (values, extra) => {
        const v = { ...values, 'C07.immunized': (values['pop.under1'] as number) + extra };
        const out = evaluate(qd06, '1', 'other', v);
        expect(out.ok).toBe(false);
        if (!out.ok)
          expect(out.issues.some((i) => i.field === 'C07.immunized' && i.code === 'above_denominator')).toBe(true);
      }),
    );
  });
});

describe('any rule set as data', () => {
  const tiny = RuleSetDefinition.parse({
    code: 'tiny',
    title: { vi: 'Thử', en: 'Test' },
    sectors: [{ code: 's', label: { vi: 'S', en: 'S' } }],
    inputs: [
      { code: 'a', kind: 'count', label: { vi: 'a', en: 'a' }, sector: 's' },
      { code: 'f', kind: 'flag', label: { vi: 'f', en: 'f' }, sector: 's' },
    ],
    categories: [{ code: 'other', label: { vi: 'Khác', en: 'Other' }, threshold: 850, mark: 'C' }],
    noZeroCriterion: true,
    criteria: [
      {
        code: 'K1',
        title: { vi: 'K1', en: 'K1' },
        max: 600,
        sector: 's',
        items: [
          {
            code: 'K1.a',
            title: { vi: 'a', en: 'a' },
            mark: 'C',
            measure: { kind: 'count', input: 'a', direction: 'higher', bands: [{ threshold: 0, points: 0 }] },
          },
        ],
      },
      {
        code: 'K2',
        title: { vi: 'K2', en: 'K2' },
        max: 400,
        sector: 's',
        items: [
          { code: 'K2.f', title: { vi: 'f', en: 'f' }, mark: 'C', measure: { kind: 'flag', input: 'f', points: 500 } },
        ],
      },
    ],
  });
  // K1 gives a point per unit of `a` through 600 one-point bands; K2 is capped at 400 although its flag gives 500.
  tiny.criteria[0]!.items[0]!.measure = {
    kind: 'count',
    input: 'a',
    direction: 'higher',
    bands: Array.from({ length: 600 }, (_, n) => ({ threshold: 600 - n, points: 600 - n })),
  };
  it.each([
    [449, 849, false],
    [450, 850, true],
    [451, 851, true],
  ])('threshold 850: a=%i gives %i (recognised: %s)', (a, expected, recognized) => {
    const r = score(tiny, 'x', 'other', { a, f: true });
    expect(r.criteria[1]!.points).toBe(400);
    expect(r.criteria[1]!.raw).toBe(500);
    expect(r.total).toBe(expected);
    expect(r.recognized).toBe(recognized);
  });
  it('knows whether a rule set still holds provisional parts', () => {
    expect(hasProvisional(tiny)).toBe(false);
    expect(hasProvisional(qd06)).toBe(true);
    expect(score(tiny, 'x', 'other', { a: 600, f: true }).provisional).toBe(false);
  });
});
