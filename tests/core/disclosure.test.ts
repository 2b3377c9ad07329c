// The disclosure rule of sensitive counts (who sees them exactly) and the complementary suppression over
// whole/part pairs: the decision role by role, the rule set's pairs, the demo's finding (17 children in
// special circumstances, 15 supported), and properties over random counts: no shown pair gives a small
// difference and no withheld count can be worked out, even by someone who knows the algorithm.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  disclosesExact,
  discloseResult,
  discloseValues,
  exactGround,
  isSuppressed,
  lensFor,
  suppressRecord,
  wholePartPairs,
  SUPPRESSED,
  type Viewer,
} from '../../src/core/privacy/disclosure.ts';
import {
  DEFAULT_MIN_COUNT,
  impliedPairs,
  suppressCounts,
  suppressSeries,
  type WholePart,
} from '../../src/core/register/suppression.ts';
import { score } from '../../src/core/scoring/engine.ts';
import { fullMarks, qd06 } from '../support/fixtures.ts';

const K = DEFAULT_MIN_COUNT;
const COMMUNE = { id: 10, provinceId: 1 };
const viewer = (role: string, unitId: number | null, sector: string | null = null): Viewer => ({
  userId: 1,
  roles: [{ role, unitId, sector }],
});
const input = (code: string) => qd06.inputs.find((i) => i.code === code)!;

describe('who sees a commune’s sensitive counts exactly', () => {
  const abused = input('C03.abused'); // child_affairs
  const offences = input('C04.children'); // police
  const cases: Array<[string, Viewer, boolean, string | null]> = [
    ['the commune’s officer', viewer('commune_officer', 10), true, 'enters'],
    ['the commune’s chairman', viewer('commune_chairman', 10), true, 'enters'],
    ['the appraiser of its province', viewer('appraiser', 1), true, 'appraises'],
    ['the province official of its province', viewer('province_official', 1), true, 'rechecks'],
    ['a sector reviewer of another sector', viewer('sector_reviewer', 1, 'health'), false, null],
    ['the signer', viewer('signer', 1), false, null],
    ['the Ministry of Health official', viewer('ministry_official', null), false, null],
    ['the system administrator', viewer('system_admin', null), false, null],
    [
      'a village collaborator of the commune',
      { userId: 1, roles: [{ role: 'collaborator', unitId: 10, villageId: 3 }] },
      false,
      null,
    ],
    ['another commune’s officer', viewer('commune_officer', 11), false, null],
    ['the appraiser of another province', viewer('appraiser', 2), false, null],
  ];
  it.each(cases)('%s', (_name, v, exact, ground) => {
    expect(disclosesExact(v, COMMUNE, abused)).toBe(exact);
    expect(exactGround(v, COMMUNE, abused)).toBe(ground);
  });

  it('gives a sector reviewer of the province exactly the inputs of their own sector', () => {
    expect(disclosesExact(viewer('sector_reviewer', 1, 'police'), COMMUNE, offences)).toBe(true);
    expect(disclosesExact(viewer('sector_reviewer', 1, 'police'), COMMUNE, abused)).toBe(false);
    expect(disclosesExact(viewer('sector_reviewer', 2, 'police'), COMMUNE, offences)).toBe(false);
  });

  it('shows inputs that are not sensitive counts to anyone who may read them', () => {
    expect(exactGround(viewer('system_admin', null), COMMUNE, input('pop.children'))).toBe('not_sensitive');
  });

  it('takes “sensitive” from the rule set: the nine counts of the preset, whole/part pairs from its items', () => {
    expect(qd06.inputs.filter((i) => i.sensitive).map((i) => i.code)).toEqual([
      'C03.abused',
      'C03.supported',
      'C04.children',
      'C05.injured',
      'C05.deaths',
      'C06.special',
      'C06.supported',
      'C06.cases',
      'C06.planned',
    ]);
    expect(wholePartPairs(qd06)).toEqual([
      { whole: 'C03.abused', part: 'C03.supported' },
      { whole: 'C06.special', part: 'C06.supported' },
      { whole: 'C06.cases', part: 'C06.planned' },
    ]);
  });
});

describe('complementary suppression over whole/part pairs', () => {
  const pairs = wholePartPairs(qd06);
  const all = () => true;

  it('withholds one more of 17 special / 15 supported (two unsupported children by subtraction)', () => {
    const hidden = suppressCounts({ 'C06.special': 17, 'C06.supported': 15 }, all, pairs);
    expect(hidden).toEqual(new Set(['C06.supported']));
    expect(suppressCounts({ 'C06.special': 17, 'C06.supported': 12 }, all, pairs).size).toBe(0);
    expect(suppressCounts({ 'C06.special': 17, 'C06.supported': 17 }, all, pairs).size).toBe(0);
  });

  it('withholds the whole instead when the part is the viewer’s to see exactly', () => {
    const partExact = (code: string) => code !== 'C06.supported';
    expect(suppressCounts({ 'C06.special': 17, 'C06.supported': 15 }, partExact, pairs)).toEqual(
      new Set(['C06.special']),
    );
  });

  it('follows chains: a ⊇ b ⊇ c gives the difference a − c too', () => {
    expect(
      impliedPairs([
        { whole: 'a', part: 'b' },
        { whole: 'b', part: 'c' },
      ]),
    ).toContainEqual({ whole: 'a', part: 'c' });
    // 10 ⊇ 9 ⊇ 9: hiding b alone leaves a − c = 1 (and b squeezed between 9 and 10).
    expect(
      suppressCounts({ a: 10, b: 9, c: 9 }, all, [
        { whole: 'a', part: 'b' },
        { whole: 'b', part: 'c' },
      ]),
    ).toEqual(new Set(['b', 'c']));
  });

  // Random pair graphs over up to four counts (a whole always listed before its parts), random counts
  // with every part at most its whole, and a random set of counts the viewer may not see exactly.
  const MAX = 14;
  const world = fc
    .record({
      n: fc.integer({ min: 2, max: 4 }),
      edges: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
      raw: fc.array(fc.integer({ min: 0, max: MAX }), { minLength: 4, maxLength: 4 }),
      subjectMask: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
    })
    .map(({ n, edges, raw, subjectMask }) => {
      const codes = ['a', 'b', 'c', 'd'].slice(0, n);
      const pairs: WholePart[] = [];
      let e = 0;
      for (let i = 0; i < 4; i++)
        for (let j = i + 1; j < 4; j++, e++) if (j < n && edges[e]) pairs.push({ whole: codes[i]!, part: codes[j]! });
      const counts: Record<string, number> = {};
      for (const [j, code] of codes.entries())
        counts[code] = Math.min(raw[j]!, ...pairs.filter((p) => p.part === code).map((p) => counts[p.whole]!));
      const subjects = new Set(codes.filter((_, j) => subjectMask[j]));
      return { codes, pairs, counts, subject: (c: string) => subjects.has(c) };
    });

  const valid = (pairs: WholePart[], v: Record<string, number>) => pairs.every((p) => v[p.part]! <= v[p.whole]!);
  const sameSet = (a: Set<string>, b: Set<string>) => a.size === b.size && [...a].every((x) => b.has(x));

  it('never shows a small count or a pair with a small difference (property)', () => {
    fc.assert(
      fc.property(world, ({ codes, pairs, counts, subject }) => {
        const hidden = suppressCounts(counts, subject, pairs);
        for (const code of codes)
          if (!hidden.has(code) && subject(code)) expect(counts[code]! === 0 || counts[code]! >= K).toBe(true);
        for (const code of hidden) expect(subject(code)).toBe(true);
        for (const { whole, part } of impliedPairs(pairs)) {
          if (hidden.has(whole) || hidden.has(part) || (!subject(whole) && !subject(part))) continue;
          const d = counts[whole]! - counts[part]!;
          expect(d === 0 || d >= K, `${whole} − ${part} = ${d}`).toBe(true);
        }
      }),
      { seed: 140_001, numRuns: 400 },
    );
  });

  it('leaves every withheld count with at least two possible values, for a viewer who knows the algorithm (property)', () => {
    fc.assert(
      fc.property(world, ({ codes, pairs, counts, subject }) => {
        const hidden = suppressCounts(counts, subject, pairs);
        const unknown = codes.filter((c) => hidden.has(c));
        if (!unknown.length) return;
        const bound = Math.max(...Object.values(counts)) + K;
        const possible = new Map(unknown.map((c) => [c, new Set<number>()]));
        // Every assignment of the withheld counts that keeps parts within wholes and would be shown the same way.
        const walk = (i: number, v: Record<string, number>) => {
          if (i === unknown.length) {
            if (valid(pairs, v) && sameSet(suppressCounts(v, subject, pairs), hidden))
              for (const c of unknown) possible.get(c)!.add(v[c]!);
            return;
          }
          for (let x = 0; x <= bound; x++) walk(i + 1, { ...v, [unknown[i]!]: x });
        };
        walk(0, { ...counts });
        // Unless the counts the viewer sees by right (not subject to suppression) already pin it between them.
        const implied = impliedPairs(pairs);
        const pinnedByRight = (c: string) => {
          const up = implied.filter((x) => x.part === c && !subject(x.whole)).map((x) => counts[x.whole]!);
          const low = implied.filter((x) => x.whole === c && !subject(x.part)).map((x) => counts[x.part]!);
          return up.length > 0 && Math.min(...up) === Math.max(0, ...low);
        };
        for (const c of unknown)
          if (!pinnedByRight(c))
            expect(
              possible.get(c)!.size,
              `${c} = ${counts[c]} in ${JSON.stringify(counts)} with ${JSON.stringify(pairs)}`,
            ).toBeGreaterThan(1);
      }),
      { seed: 140_002, numRuns: 250 },
    );
  });

  it('shows an unchanged count the same way in successive snapshots, the first as on its own, earlier ones never revised (property)', () => {
    fc.assert(
      fc.property(
        world,
        fc.array(fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 4, maxLength: 4 }), {
          minLength: 1,
          maxLength: 4,
        }),
        ({ codes, pairs, counts, subject }, steps) => {
          // A series of snapshots, each a few counts moved from the one before (kept within their wholes).
          const snapshots = [counts];
          for (const step of steps) {
            const prev = snapshots.at(-1)!;
            const next: Record<string, number> = {};
            for (const [j, code] of codes.entries())
              next[code] = Math.max(
                0,
                Math.min(prev[code]! + step[j]!, ...pairs.filter((p) => p.part === code).map((p) => next[p.whole]!)),
              );
            snapshots.push(next);
          }
          const series = suppressSeries(snapshots, subject, pairs);
          expect(series[0]).toEqual(suppressCounts(counts, subject, pairs));
          expect(suppressSeries(snapshots.slice(0, -1), subject, pairs)).toEqual(series.slice(0, -1));
          for (let i = 1; i < snapshots.length; i++) {
            for (const code of codes)
              if (snapshots[i]![code] === snapshots[i - 1]![code])
                expect(series[i]!.has(code), `${code} in snapshot ${i}`).toBe(series[i - 1]!.has(code));
            for (const code of codes)
              if (!series[i]!.has(code) && subject(code))
                expect(snapshots[i]![code]! === 0 || snapshots[i]![code]! >= K).toBe(true);
            // A pair may show a small difference only when the viewer sees one side by right and the other was
            // already shown, unchanged, in the snapshot before (a figure once shown is not withdrawn).
            const kept = (code: string) =>
              !subject(code) || (snapshots[i]![code] === snapshots[i - 1]![code] && !series[i - 1]!.has(code));
            for (const { whole, part } of impliedPairs(pairs)) {
              if (series[i]!.has(whole) || series[i]!.has(part) || (!subject(whole) && !subject(part))) continue;
              const d = snapshots[i]![whole]! - snapshots[i]![part]!;
              expect(d === 0 || d >= K || (kept(whole) && kept(part))).toBe(true);
            }
          }
        },
      ),
      { seed: 140_003, numRuns: 300 },
    );
  });
});

describe('what a suppressed viewer gets', () => {
  const values = { ...fullMarks(), 'C03.abused': 1, 'C03.supported': 1, 'C06.special': 24, 'C06.supported': 22 };
  const result = score(qd06, '1', 'other', values);

  it('hides the small counts and one of each small difference, and nothing from those who score them', () => {
    const signer = lensFor(viewer('signer', 1), COMMUNE, qd06);
    expect([...signer.hidden(values)].sort()).toEqual(['C03.abused', 'C03.supported', 'C06.supported']);
    expect(signer.exact).toBe(false);
    const appraiser = lensFor(viewer('appraiser', 1), COMMUNE, qd06);
    expect(appraiser.exact).toBe(true);
    expect(appraiser.hidden(values).size).toBe(0);
  });

  it('suppresses an item’s inputs and value when any input is withheld, keeping its points', () => {
    const hidden = new Set(['C03.abused']);
    const shown = discloseResult(result, hidden);
    const c03 = shown.criteria.find((c) => c.code === 'C03')!;
    const rate = c03.items.find((i) => i.code === 'C03.abused')!;
    const original = result.criteria.find((c) => c.code === 'C03')!.items.find((i) => i.code === 'C03.abused')!;
    expect(rate).toMatchObject({
      value: null,
      suppressed: true,
      points: original.points,
      inputs: { 'C03.abused': SUPPRESSED, 'pop.children': SUPPRESSED },
    });
    // The rate of 0.5 per 1,000 times 2,000 children would give the one child back.
    expect(original.value).toBe(0.5);
    expect(JSON.stringify(c03)).not.toContain('"value":0.5');
    expect(shown.total).toBe(result.total);
    expect(shown.criteria.find((c) => c.code === 'C07')!.items[0]).toEqual(
      result.criteria.find((c) => c.code === 'C07')!.items[0],
    );
  });

  it('uses one shape for a suppressed figure: a value, a record with its note blanked', () => {
    expect(discloseValues({ a: 3, b: 7 }, new Set(['a']))).toEqual({ a: SUPPRESSED, b: 7 });
    const record = suppressRecord({ value: 3, sourceNote: 'Ba trẻ em ở thôn Đồng Bẩm', origin: 'manual' });
    expect(record).toEqual({ value: null, suppressed: true, sourceNote: '', origin: 'manual' });
    expect(
      isSuppressed(record) &&
        isSuppressed(SUPPRESSED) &&
        !isSuppressed({ value: 0, suppressed: false }) &&
        !isSuppressed(null),
    ).toBe(true);
  });
});
