// Numbers in sentences: every number interpolated into a translation is written in the reader's convention
// ("4/3.321 xã", "cần thêm 2.487"), except identifiers and years, which stay as they are.
import { describe, expect, test } from 'vitest';
import { describeIssue } from '../../src/core/scoring/explain.ts';
import { numberFormatter } from '../../src/i18n/format.ts';
import { translator } from '../../src/i18n/index.ts';
import { resources } from '../../src/i18n/resources.ts';

const vi = translator('vi');
const en = translator('en');

describe('numbers interpolated into translations', () => {
  test('are grouped the Vietnamese way in Vietnamese and the English way in English', () => {
    expect(vi('dashboardsUi:share.of', { recognised: 4, units: 3321 })).toBe('(4/3.321 xã, phường)');
    expect(en('dashboardsUi:share.of', { recognised: 4, units: 3321 })).toBe('(4/3,321 communes)');
    expect(vi('dashboardsUi:share.notMet', { count: 2487 })).toBe('Chưa đạt: cần thêm 2.487 xã, phường đạt chuẩn');
    expect(vi('assessments:points', { points: 7.5, max: 1000 })).toBe('7,5/1.000 điểm');
    expect(en('assessments:points', { points: 7.5, max: 1000 })).toBe('7.5/1,000 points');
  });

  test('leave identifiers and years as they are', () => {
    expect(vi('rounds:error.round_exists', { year: 2026, id: 1234 })).toBe(
      'Tỉnh đã có đợt đánh giá năm 2026 (mã 1234).',
    );
    expect(vi('plansUi:builder.titleIssued', { number: 1024, year: 2026 })).toBe('Kế hoạch số 1024 năm 2026');
  });

  test('an engine issue quotes a typed number in the reader’s convention (the “= 1200” of the issue)', () => {
    const issue = {
      field: 'Số trẻ em được đăng ký khai sinh',
      code: 'above_denominator' as const,
      value: 1200,
      params: { denominator: 'Số trẻ em sinh ra', denominatorValue: 1000 },
    };
    expect(describeIssue(vi, issue)).toBe(
      '“Số trẻ em được đăng ký khai sinh” = 1.200 lớn hơn “Số trẻ em sinh ra” = 1.000.',
    );
    // Text typed is quoted as typed.
    expect(describeIssue(vi, { field: 'Số trẻ em', code: 'not_a_number', value: '1.2.3' })).toBe(
      '“Số trẻ em” phải là một số, nhận được "1.2.3".',
    );
  });

  test('every interpolation that names a year, in every file, is left ungrouped', () => {
    const names = new Set<string>();
    const walk = (v: unknown) => {
      if (typeof v === 'string') for (const m of v.matchAll(/\{\{\s*([^},\s]+)/g)) names.add(m[1]!);
      else if (v && typeof v === 'object') Object.values(v).forEach(walk);
    };
    walk(resources);
    const years = [...names].filter((n) => /year/i.test(n));
    expect(years.length).toBeGreaterThan(0);
    for (const name of years)
      expect(numberFormatter.format(2026, undefined, 'vi', { interpolationkey: name }), name).toBe(2026);
    expect(numberFormatter.format(2026, undefined, 'vi', { interpolationkey: 'count' })).toBe('2.026');
    expect(numberFormatter.format(2026, 'plain', 'vi', { interpolationkey: 'count' })).toBe(2026);
    expect(numberFormatter.format(2026, 'number', 'en', { interpolationkey: 'id' })).toBe('2,026');
    expect(numberFormatter.format('2026', undefined, 'vi', { interpolationkey: 'count' })).toBe('2026');
    // A typed 1,234 (one point two three four in Vietnamese) is quoted whole, not rounded to 1,23.
    expect(numberFormatter.format(1.234, undefined, 'vi', { interpolationkey: 'value' })).toBe('1,234');
  });
});
