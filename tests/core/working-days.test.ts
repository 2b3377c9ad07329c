import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  addWorkingDays,
  statutoryHolidays,
  workingCalendar,
  workingDaysBetween,
  type Holiday,
} from '../../src/core/calendar/working-days.ts';

const dates = (hs: Holiday[], source?: Holiday['source']) =>
  hs.filter((h) => !source || h.source === source).map((h) => h.date);

describe('statutoryHolidays (Labour Code 2019 Art. 112)', () => {
  it('2026: Tết 16–20/02 (Mon–Fri), Giỗ Tổ on Sun 26/04 gives Mon 27/04, Quốc khánh 01–02/09', () => {
    const hs = statutoryHolidays(2026);
    expect(dates(hs, 'statutory')).toEqual([
      '2026-01-01',
      '2026-02-16',
      '2026-02-17',
      '2026-02-18',
      '2026-02-19',
      '2026-02-20',
      '2026-04-26',
      '2026-04-30',
      '2026-05-01',
      '2026-09-01',
      '2026-09-02',
    ]);
    expect(dates(hs, 'compensatory')).toEqual(['2026-04-27']);
    expect(hs.every((h) => h.name.length > 0)).toBe(true);
  });

  it('2025: Tết 28/01–01/02 with Sat 01/02 compensated on Mon 03/02', () => {
    const hs = statutoryHolidays(2025);
    expect(dates(hs).filter((d) => d >= '2025-01-20' && d <= '2025-02-10')).toEqual([
      '2025-01-28',
      '2025-01-29',
      '2025-01-30',
      '2025-01-31',
      '2025-02-01',
      '2025-02-03',
    ]);
    expect(hs.find((h) => h.date === '2025-02-03')?.source).toBe('compensatory');
    const cal = workingCalendar();
    expect(cal.isWorkingDay('2025-02-03')).toBe(false);
    expect(cal.isWorkingDay('2025-02-04')).toBe(true);
    expect(cal.isWorkingDay('2025-01-27')).toBe(true);
  });

  it('2028: 30/04 is a Sunday and 01/05 a holiday, so the compensatory day is Tue 02/05', () => {
    const hs = statutoryHolidays(2028);
    expect(hs.filter((h) => h.source === 'compensatory').map((h) => h.date)).toContain('2028-05-02');
    expect(dates(hs)).not.toContain('2028-04-29');
    const cal = workingCalendar();
    expect(['2028-04-30', '2028-05-01', '2028-05-02'].map((d) => cal.isWorkingDay(d))).toEqual([false, false, false]);
    expect(cal.isWorkingDay('2028-05-03')).toBe(true);
    // Tết Dương lịch 2028 is a Saturday too.
    expect(dates(hs, 'compensatory')).toContain('2028-01-03');
  });

  it('two weekend days inside Tết 2024 (Sat 10, Sun 11/02) give two compensatory days after it', () => {
    expect(dates(statutoryHolidays(2024), 'compensatory')).toEqual(['2024-02-14', '2024-02-15', '2024-09-03']);
  });

  it('2/9/2026 is a Wednesday: 01/09 and 02/09 are off, 31/08 and 03/09 are working days', () => {
    const cal = workingCalendar();
    expect(cal.isWorkingDay('2026-08-31')).toBe(true);
    expect(cal.isWorkingDay('2026-09-01')).toBe(false);
    expect(cal.isWorkingDay('2026-09-02')).toBe(false);
    expect(cal.isWorkingDay('2026-09-03')).toBe(true);
  });

  it('returns copies, so callers cannot corrupt the cache', () => {
    const first = statutoryHolidays(2026);
    first[0]!.date = '1999-01-01';
    first.pop();
    expect(statutoryHolidays(2026)[0]!.date).toBe('2026-01-01');
    expect(statutoryHolidays(2026)).toHaveLength(12);
  });

  it('rejects a non-integer or unsupported year', () => {
    expect(() => statutoryHolidays(2026.5)).toThrow(RangeError);
    expect(() => statutoryHolidays(2026.5)).toThrow(/2026\.5/);
    expect(() => statutoryHolidays(1800)).toThrow(RangeError);
  });
});

describe('workingCalendar', () => {
  it('treats Saturday and Sunday as days off', () => {
    const cal = workingCalendar();
    expect(cal.isWorkingDay('2026-03-06')).toBe(true); // Friday
    expect(cal.isWorkingDay('2026-03-07')).toBe(false);
    expect(cal.isWorkingDay('2026-03-08')).toBe(false);
    expect(cal.isWorkingDay('2026-03-09')).toBe(true);
  });

  it('applies adjustments: a day_off is listed as an adjustment, a working_day is not listed and overrides', () => {
    const cal = workingCalendar([
      { date: '2026-02-13', kind: 'day_off', name: 'Hoán đổi trước Tết' },
      { date: '2026-02-28', kind: 'working_day', name: 'Làm bù thứ Bảy' },
      { date: '2026-09-01', kind: 'working_day', name: 'Ví dụ: đi làm' },
    ]);
    expect(cal.isWorkingDay('2026-02-13')).toBe(false);
    expect(cal.isWorkingDay('2026-02-28')).toBe(true);
    expect(cal.isWorkingDay('2026-09-01')).toBe(true);
    const hs = cal.holidays(2026);
    expect(hs.find((h) => h.date === '2026-02-13')).toEqual({
      date: '2026-02-13',
      name: 'Hoán đổi trước Tết',
      source: 'adjustment',
    });
    expect(dates(hs)).not.toContain('2026-02-28');
    expect(dates(hs)).not.toContain('2026-09-01');
    expect(dates(hs)).toContain('2026-09-02');
    expect(dates(hs)).toEqual([...dates(hs)].sort());
    expect(cal.holidays(2027).some((h) => h.source === 'adjustment')).toBe(false);
  });

  it('rejects malformed or conflicting adjustments', () => {
    expect(() => workingCalendar([{ date: '2026-02-30', kind: 'day_off', name: 'x' }])).toThrow(/2026-02-30/);
    expect(() => workingCalendar([{ date: '2026-02-28', kind: 'holiday' as 'day_off', name: 'x' }])).toThrow(
      RangeError,
    );
    expect(() =>
      workingCalendar([
        { date: '2026-02-28', kind: 'day_off', name: 'a' },
        { date: '2026-02-28', kind: 'working_day', name: 'b' },
      ]),
    ).toThrow(/Conflicting/);
  });

  it('throws a RangeError naming a malformed date', () => {
    const cal = workingCalendar();
    for (const bad of ['2026-2-3', '2026-02-30', '2025-02-29', '26-02-03', '2026-02-03T00:00:00', '', 'abc']) {
      expect(() => cal.isWorkingDay(bad)).toThrow(RangeError);
      expect(() => cal.isWorkingDay(bad)).toThrow(JSON.stringify(bad));
    }
    expect(cal.isWorkingDay('2024-02-29')).toBe(true); // leap day exists
  });
});

describe('addWorkingDays / workingDaysBetween', () => {
  const cal = workingCalendar();

  it('crosses a weekend: Friday + 1 is Monday', () => {
    expect(addWorkingDays(cal, '2026-03-06', 1)).toBe('2026-03-09');
    expect(addWorkingDays(cal, '2026-03-07', 1)).toBe('2026-03-09'); // reported on a Saturday
    expect(addWorkingDays(cal, '2026-03-06', 0)).toBe('2026-03-06');
  });

  it('crosses Tết 2026: reported Fri 13/02 + 5 working days is Fri 27/02, then +2 for approval is Tue 03/03', () => {
    expect(addWorkingDays(cal, '2026-02-13', 5)).toBe('2026-02-27');
    expect(addWorkingDays(cal, '2026-02-27', 2)).toBe('2026-03-03');
  });

  it('crosses the new year: Wed 31/12/2025 + 1 skips 01/01/2026', () => {
    expect(addWorkingDays(cal, '2025-12-31', 1)).toBe('2026-01-02');
  });

  it('a Saturday made a working day shortens the count', () => {
    const swapped = workingCalendar([{ date: '2026-02-21', kind: 'working_day', name: 'Làm bù' }]);
    expect(addWorkingDays(swapped, '2026-02-13', 5)).toBe('2026-02-26');
    expect(workingDaysBetween(swapped, '2026-02-13', '2026-02-27')).toBe(6);
  });

  it('counts working days strictly after from up to and including to', () => {
    expect(workingDaysBetween(cal, '2026-02-13', '2026-02-27')).toBe(5);
    expect(workingDaysBetween(cal, '2026-03-06', '2026-03-09')).toBe(1);
    expect(workingDaysBetween(cal, '2026-03-09', '2026-03-09')).toBe(0);
    expect(workingDaysBetween(cal, '2026-03-09', '2026-03-06')).toBe(0);
    expect(workingDaysBetween(cal, '2026-01-01', '2026-12-31')).toBe(261 - 11);
  });

  it('rejects negative or non-integer n and malformed dates', () => {
    expect(() => addWorkingDays(cal, '2026-03-06', -1)).toThrow(RangeError);
    expect(() => addWorkingDays(cal, '2026-03-06', -1)).toThrow(/-1/);
    expect(() => addWorkingDays(cal, '2026-03-06', 1.5)).toThrow(/1\.5/);
    expect(() => addWorkingDays(cal, '2026-03-06', Number.NaN)).toThrow(RangeError);
    expect(() => addWorkingDays(cal, '06/03/2026', 1)).toThrow(/06\/03\/2026/);
    expect(() => workingDaysBetween(cal, '2026-03-06', '2026-13-01')).toThrow(/2026-13-01/);
  });

  it('property: workingDaysBetween inverts addWorkingDays and the result is a working day', () => {
    const adjusted = workingCalendar([
      { date: '2026-02-21', kind: 'working_day', name: 'Làm bù' },
      { date: '2027-04-29', kind: 'day_off', name: 'Hoán đổi' },
    ]);
    const day0 = Date.UTC(2020, 0, 1);
    const startArb = fc
      .integer({ min: 0, max: 365 * 15 })
      .map((i) => new Date(day0 + i * 86_400_000).toISOString().slice(0, 10));
    fc.assert(
      fc.property(fc.constantFrom(cal, adjusted), startArb, fc.integer({ min: 0, max: 30 }), (c, start, n) => {
        const end = addWorkingDays(c, start, n);
        expect(workingDaysBetween(c, start, end)).toBe(n);
        if (n > 0) expect(c.isWorkingDay(end)).toBe(true);
        else expect(end).toBe(start);
      }),
      { numRuns: 500 },
    );
  });
});
