// Numbers typed as text in an imported spreadsheet or CSV cell. The language's convention first (Vietnamese
// "1.200" = 1200, "2,5" = 2.5; core/numbers.ts); text that only makes sense the other way ("12.5",
// "1,234.5") is read that way; "1,200" in Vietnamese (or "1.200" in English) could be either a thousand
// two hundred or one point two, since spreadsheets in Vietnam group thousands both ways: it is refused,
// never guessed. Pure.
import { parseLocaleNumber, type NumberLocale } from './numbers.ts';

export interface AmbiguousNumber {
  ambiguous: true;
  /** The text read with its separator grouping thousands, and as the decimal mark. */
  asThousands: number;
  asDecimal: number;
}

/** The number a typed text stands for, AmbiguousNumber when it could be two, null when it is none. */
export function readTypedNumber(text: string, locale: NumberLocale): number | AmbiguousNumber | null {
  const own = parseLocaleNumber(text, locale);
  const other = parseLocaleNumber(text, locale === 'vi' ? 'en' : 'vi');
  if (own === null || other === null || own === other) return own ?? other;
  // Both readings hold only for one separator followed by three digits: "1.200", "1,200".
  const groupsInOwn = text.includes(locale === 'vi' ? '.' : ',');
  if (groupsInOwn) return own;
  return { ambiguous: true, asThousands: other, asDecimal: own };
}

export const isAmbiguous = (v: unknown): v is AmbiguousNumber =>
  typeof v === 'object' && v !== null && (v as { ambiguous?: unknown }).ambiguous === true;
