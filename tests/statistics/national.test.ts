// The national-indicator mapping: every indicator is valid data over the catalogue, codes are unique, and the
// values are sums and ratios of the statistics (a missing part gives no value, never a wrong one).
import { describe, expect, it } from 'vitest';
import { NATIONAL_INDICATORS, NationalIndicatorSchema, nationalValues } from '../../src/core/reports/national.ts';

describe('national indicators', () => {
  it('are valid, uniquely numbered and bound to statistics of the catalogue', () => {
    for (const i of NATIONAL_INDICATORS) expect(NationalIndicatorSchema.safeParse(i).success).toBe(true);
    const codes = NATIONAL_INDICATORS.map((i) => i.code);
    expect(new Set(codes).size).toBe(codes.length);
    const bad = { ...NATIONAL_INDICATORS[0]!, formula: { kind: 'sum', of: ['children.nobody'] } };
    expect(NationalIndicatorSchema.safeParse(bad).success).toBe(false);
  });

  it('computes sums and ratios, and gives null without a denominator or with a missing part', () => {
    const v = nationalValues({ 'children.total': 300, 'injury.total': 2, 'abuse.total': 0, 'abuse.supported': 0 });
    expect(v['01.01']).toBe(300);
    expect(v['03.12']).toBe(2);
    expect(v['03.13']).toBe(666.7); // 2 per 300 children, per 100 000
    expect(v['03.06']).toBeNull(); // no abused child: no share
    expect(v['03.14']).toBeNull(); // deaths by cause not given
  });
});
