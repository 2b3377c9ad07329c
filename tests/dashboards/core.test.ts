// Pure dashboard pieces: the targets by level and year, the lineage rule for a merged commune, the score
// bands, and when a provisional rule decided a result.
import { describe, expect, it } from 'vitest';
import { compareToTarget, targetFor } from '../../src/core/dashboards/targets.ts';
import { currentUnitStatus } from '../../src/core/dashboards/lineage.ts';
import { daysLate, provisionalImpact, scoreBands, type ProvisionalInput } from '../../src/core/dashboards/figures.ts';

describe('targets', () => {
  it('the nation: 65% up to 2025, 75% up to 2030 and after; a province: above 70% every year', () => {
    expect([2023, 2025, 2026, 2030, 2031].map((y) => targetFor('nation', y).percent)).toEqual([65, 65, 75, 75, 75]);
    expect(targetFor('nation', 2027).byYear).toBe(2030);
    expect(targetFor('province', 2026)).toMatchObject({ percent: 70, comparison: 'above', byYear: null });
  });
  it('“above 70%” is not met at exactly 70%; “65%” is met at exactly 65%', () => {
    expect(compareToTarget('province', 2026, 7, 10)).toMatchObject({ share: 70, met: false, needed: 1 });
    expect(compareToTarget('province', 2026, 8, 10)).toMatchObject({ met: true, needed: 0 });
    expect(compareToTarget('nation', 2025, 13, 20)).toMatchObject({ share: 65, met: true, needed: 0 });
    expect(compareToTarget('nation', 2026, 13, 20)).toMatchObject({ met: false, needed: 2 });
    expect(compareToTarget('province', 2026, 0, 0)).toMatchObject({ share: null, met: null, needed: null });
  });
});

describe('a merged commune in an old period', () => {
  it('is recognised only when every predecessor was, and scores their mean', () => {
    expect(
      currentUnitStatus({ members: 2, assessed: 2, complete: 2, recognised: 1, totalSum: 1800, viaLineage: true }),
    ).toMatchObject({ assessed: true, complete: true, recognised: false, meanTotal: 900 });
    expect(
      currentUnitStatus({ members: 2, assessed: 1, complete: 1, recognised: 1, totalSum: 950, viaLineage: true }),
    ).toMatchObject({ assessed: true, complete: false, recognised: false, meanTotal: 950 });
    expect(
      currentUnitStatus({ members: 2, assessed: 2, complete: 2, recognised: 2, totalSum: 1900, viaLineage: true })
        .recognised,
    ).toBe(true);
    expect(
      currentUnitStatus({ members: 0, assessed: 0, complete: 0, recognised: 0, totalSum: 0, viaLineage: false }),
    ).toMatchObject({ assessed: false, recognised: false, meanTotal: null });
  });
});

describe('figures', () => {
  it('score bands cover 0–1000 with the thresholds as edges', () => {
    expect(scoreBands()).toEqual([
      { from: 0, to: 699 },
      { from: 700, to: 799 },
      { from: 800, to: 849 },
      { from: 850, to: 899 },
      { from: 900, to: 949 },
      { from: 950, to: 1000 },
    ]);
  });
  it('days late by calendar day', () => {
    expect([
      daysLate('2026-11-15', '2026-11-17'),
      daysLate('2026-11-15', '2026-11-10'),
      daysLate('2026-03-28', '2026-03-30'),
    ]).toEqual([2, -5, 2]);
  });

  const base: ProvisionalInput = {
    total: 860,
    threshold: 850,
    recognized: true,
    complete: true,
    thresholdProvisional: false,
    criteria: [],
    reasons: [],
  };
  const crit = (
    code: string,
    points: number,
    max: number,
    items: Array<[string, 'C' | 'P', number, number]>,
    zeroedBy: string | null = null,
  ) => ({
    code,
    points,
    max,
    zeroedBy,
    items: items.map(([c, mark, p, m]) => ({ code: c, mark, points: p, max: m, status: 'scored' })),
  });
  it('recognised with a margin smaller than one criterion’s provisional points: decided by it', () => {
    const r = provisionalImpact({
      ...base,
      criteria: [
        crit('C03', 40, 50, [
          ['C03.1', 'P', 20, 20],
          ['C03.2', 'C', 20, 30],
        ]),
        crit('C07', 8, 10, [['C07.1', 'P', 8, 10]]),
      ],
    });
    expect(r).toEqual([{ kind: 'rests_on_provisional', criteria: ['C03'], margin: 10 }]);
    // A wide margin: no provisional rule decides.
    expect(provisionalImpact({ ...base, total: 990, criteria: [crit('C07', 8, 10, [['C07.1', 'P', 8, 10]])] })).toEqual(
      [],
    );
  });
  it('short of the threshold by less than a criterion’s withheld provisional points: could pass', () => {
    const r = provisionalImpact({
      ...base,
      total: 845,
      recognized: false,
      criteria: [crit('C08', 40, 60, [['C08.1', 'P', 10, 30]])],
      reasons: [{ kind: 'below_threshold', total: 845, threshold: 850, shortfall: 5 }],
    });
    expect(r).toEqual([{ kind: 'could_pass', criteria: ['C08'], shortfall: 5 }]);
  });
  it('a criterion zeroed by a provisional item decides; one zeroed by a firm item does not', () => {
    const zeroP = crit('C05', 0, 80, [['C05.deaths', 'P', 0, 40]], 'C05.deaths');
    const reasons = [{ kind: 'criterion_zero' as const, criterion: 'C05', zeroedBy: 'C05.deaths' }];
    expect(provisionalImpact({ ...base, total: 900, recognized: false, criteria: [zeroP], reasons })).toEqual([
      { kind: 'zeroed_by_provisional', criteria: ['C05'] },
    ]);
    const zeroC = crit(
      'C05',
      0,
      80,
      [
        ['C05.deaths', 'C', 0, 40],
        ['C05.injured', 'P', 30, 40],
      ],
      'C05.deaths',
    );
    expect(provisionalImpact({ ...base, total: 900, recognized: false, criteria: [zeroC], reasons })).toEqual([]);
  });
  it('a provisional threshold is always named; an incomplete assessment never is', () => {
    expect(provisionalImpact({ ...base, total: 990, thresholdProvisional: true })).toEqual([
      { kind: 'provisional_threshold', threshold: 850 },
    ]);
    expect(provisionalImpact({ ...base, complete: false, thresholdProvisional: true })).toEqual([]);
  });
});
