import { describe, expect, it } from 'vitest';
import { seededSample, stratifiedSample } from '../../src/core/sampling/sample.ts';

const groups = [
  { key: 'Huyện Đại Từ', items: [1, 2, 3, 4, 5, 6] },
  { key: 'Huyện Định Hóa', items: [7, 8, 9] },
  { key: 'Huyện Phú Lương', items: [10] },
  { key: 'Thành phố Thái Nguyên', items: [11, 12, 13, 14, 15, 16, 17, 18] },
];

describe('stratifiedSample', () => {
  it('picks n of each group, all of a smaller group, each pick from its own group', () => {
    const picked = stratifiedSample(groups, 2, 42);
    expect(picked.map((g) => g.key)).toEqual(groups.map((g) => g.key));
    expect(picked.map((g) => g.picks.length)).toEqual([2, 2, 1, 2]);
    for (const [i, g] of picked.entries()) {
      for (const p of g.picks) expect(groups[i]!.items).toContain(p);
      expect(new Set(g.picks).size).toBe(g.picks.length);
      expect([...g.picks].sort((a, b) => a - b)).toEqual(g.picks); // in the group's order
    }
  });

  it('gives the same picks for the same seed and list, and other picks for other seeds', () => {
    expect(stratifiedSample(groups, 1, 20261207)).toEqual(stratifiedSample(groups, 1, 20261207));
    const bySeed = new Set(
      Array.from({ length: 12 }, (_, seed) => JSON.stringify(stratifiedSample(groups, 1, seed).map((g) => g.picks))),
    );
    expect(bySeed.size).toBeGreaterThan(4);
  });

  it('draws every item of a group with about equal chance', () => {
    const counts = new Map<number, number>();
    for (let seed = 0; seed < 3000; seed++)
      for (const p of stratifiedSample(groups, 1, seed)[0]!.picks) counts.set(p, (counts.get(p) ?? 0) + 1);
    for (const item of groups[0]!.items) expect(counts.get(item)! / 3000).toBeGreaterThan(0.12);
  });

  it('gives nothing for an empty group and zero per group, and leaves seededSample as it was', () => {
    expect(stratifiedSample([{ key: 'x', items: [] }], 3, 1)).toEqual([{ key: 'x', picks: [] }]);
    expect(stratifiedSample(groups, 0, 1).every((g) => g.picks.length === 0)).toBe(true);
    expect(seededSample([1, 2, 3, 4], 0.5, 7)).toEqual(seededSample([1, 2, 3, 4], 0.5, 7));
  });
});
