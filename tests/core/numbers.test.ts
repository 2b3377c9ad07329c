// Numbers as people type them: Vietnamese "1.200" and "2,5", English "1,200" and "2.5"; nothing guessed.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { numberInputText, parseLocaleNumber } from '../../src/core/numbers.ts';
import { formatNumber } from '../../src/i18n/format.ts';

describe('parseLocaleNumber', () => {
  it('reads Vietnamese: a point between thousands, a comma before the decimals', () => {
    const cases: Array<[string, number]> = [
      ['1200', 1200],
      ['1.200', 1200],
      ['2,5', 2.5],
      ['1.234,5', 1234.5],
      ['1.234.567', 1234567],
      ['1.234.567,25', 1234567.25],
      ['0,75', 0.75],
      [',5', 0.5],
      ['1,200', 1.2], // a decimal comma in Vietnamese, not a thousands separator
      ['  3.321 ', 3321],
      ['1 200', 1200],
      ['1\u00a0200,5', 1200.5],
      ['-12,5', -12.5],
      ['+7', 7],
      ['007', 7],
    ];
    for (const [text, value] of cases) expect(parseLocaleNumber(text, 'vi'), text).toBe(value);
  });

  it('reads English the other way round', () => {
    const cases: Array<[string, number]> = [
      ['1200', 1200],
      ['1,200', 1200],
      ['2.5', 2.5],
      ['1,234.5', 1234.5],
      ['1,234,567', 1234567],
      ['.5', 0.5],
      ['1.200', 1.2],
    ];
    for (const [text, value] of cases) expect(parseLocaleNumber(text, 'en'), text).toBe(value);
  });

  it('refuses what fits neither reading, and empty text', () => {
    const vi = [
      '',
      '   ',
      '1.2.3',
      '1,2,3',
      '12.34',
      '1.23',
      '1.2345',
      '1.234,5,6',
      '1,234.5',
      '12,',
      '1..200',
      'abc',
      '5kg',
      '1e3',
      '-',
      ',',
      '.5',
      '1. 200',
      'Infinity',
    ];
    for (const text of vi) expect(parseLocaleNumber(text, 'vi'), text).toBeNull();
    const en = ['1.2.3', '1,2,3', '12,34', '1.234,5', '2,5', '1,2345', 'NaN'];
    for (const text of en) expect(parseLocaleNumber(text, 'en'), text).toBeNull();
  });

  it('reads back what the product writes, grouped for reading or plain for editing, in both languages', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e12, max: 1e12 }),
        fc.integer({ min: 0, max: 99 }),
        fc.constantFrom('vi' as const, 'en' as const),
        (whole, cents, locale) => {
          const value = whole + (whole < 0 ? -cents : cents) / 100;
          expect(parseLocaleNumber(formatNumber(value, locale), locale)).toBeCloseTo(value, 6);
          expect(parseLocaleNumber(numberInputText(value, locale), locale)).toBe(value);
        },
      ),
    );
  });
});

describe('numberInputText', () => {
  it('writes the locale’s decimal separator and no grouping', () => {
    expect(numberInputText(1200, 'vi')).toBe('1200');
    expect(numberInputText(2.5, 'vi')).toBe('2,5');
    expect(numberInputText(1234.5, 'en')).toBe('1234.5');
    expect(numberInputText(0.0000001, 'vi')).toBe('0,0000001');
    expect(numberInputText(Number.NaN, 'vi')).toBe('');
  });
});
