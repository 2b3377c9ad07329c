// Numbers typed as text in imported cells (src/core/typed-numbers.ts): the language's convention first, the
// other one only where it alone fits, and "1,200" / "1.200" refused where the language reads it as a decimal.
import { describe, expect, it } from 'vitest';
import { readTypedNumber } from '../../src/core/typed-numbers.ts';

describe('readTypedNumber', () => {
  it('reads Vietnamese text the Vietnamese way', () => {
    for (const [text, value] of [
      ['1.200', 1200],
      ['2,5', 2.5],
      ['1.234.567', 1_234_567],
      ['1.234,5', 1234.5],
      ['1 200', 1200],
      ['-3', -3],
      [' 42 ', 42],
      ['0,75', 0.75],
    ] as const)
      expect(readTypedNumber(text, 'vi'), text).toBe(value);
  });

  it('reads what only the English way fits, in Vietnamese too', () => {
    for (const [text, value] of [
      ['12.5', 12.5],
      ['1,234.5', 1234.5],
      ['1,234,567', 1_234_567],
      ['.5', 0.5],
    ] as const)
      expect(readTypedNumber(text, 'vi'), text).toBe(value);
  });

  it('refuses a separator and three digits where the language reads it as the decimal mark', () => {
    expect(readTypedNumber('1,200', 'vi')).toEqual({ ambiguous: true, asThousands: 1200, asDecimal: 1.2 });
    expect(readTypedNumber('14,250', 'vi')).toEqual({ ambiguous: true, asThousands: 14250, asDecimal: 14.25 });
    expect(readTypedNumber('1.200', 'en')).toEqual({ ambiguous: true, asThousands: 1200, asDecimal: 1.2 });
    expect(readTypedNumber('1,200', 'en')).toBe(1200);
    expect(readTypedNumber('2,5', 'en')).toBe(2.5);
  });

  it('is not a number otherwise', () => {
    for (const text of ['', 'abc', '1.2.3', '1,2,3', '12,34.5,6', '1e5', '١٢', '0x10', '5 kg'])
      expect(readTypedNumber(text, 'vi'), text).toBeNull();
  });
});
