import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { seededSample } from '../../src/core/sampling/sample.ts';

describe('seeded sample', () => {
  it('is reproducible from its seed and takes ceil(share × n) distinct items in list order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer(), { minLength: 1, maxLength: 200 }),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        (list, share, seed) => {
          const items = [...new Set(list)];
          const a = seededSample(items, share, seed);
          expect(seededSample(items, share, seed)).toEqual(a);
          expect(a).toHaveLength(Math.min(items.length, Math.max(1, Math.ceil(share * items.length))));
          expect(new Set(a).size).toBe(a.length);
          const positions = a.map((x) => items.indexOf(x));
          expect(positions).toEqual([...positions].sort((x, y) => x - y));
        },
      ),
    );
  });

  it('differs between seeds', () => {
    const items = Array.from({ length: 100 }, (_, i) => i);
    const samples = new Set([1, 2, 3, 4, 5].map((seed) => seededSample(items, 0.1, seed).join(',')));
    expect(samples.size).toBeGreaterThan(1);
    expect(seededSample([], 0.5, 1)).toEqual([]);
  });
});
