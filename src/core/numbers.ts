// Numbers as people type them, in the convention of the language on screen: Vietnamese "1.200" is one
// thousand two hundred and "2,5" two and a half ("1.234,5"); English the other way round ("1,234.5").
// Text that fits neither reading ("1.2.3", "1,2,3", "12.34" in Vietnamese) is not a number: it is never guessed. Pure.

export type NumberLocale = 'vi' | 'en';

const SEPARATORS: Record<NumberLocale, { group: string; decimal: string }> = {
  vi: { group: '.', decimal: ',' },
  en: { group: ',', decimal: '.' },
};

/** Spaces people and programs put between groups of digits ("1 200", non-breaking and narrow spaces). */
const SPACES = /[\s\u00a0\u202f]/g;

const escape = (c: string) => `\\${c}`;

/**
 * The number the text means in the locale, or null when it is not one (empty text included). Groups of
 * thousands are optional but, when written, exactly three digits each ("1.200", "1.234.567"; spaces too);
 * the decimal separator appears at most once; a leading minus or plus sign is kept.
 */
export function parseLocaleNumber(text: string, locale: NumberLocale): number | null {
  const { group, decimal } = SEPARATORS[locale];
  const compact = text.trim().replace(SPACES, ' ');
  if (compact === '') return null;
  const g = escape(group);
  const d = escape(decimal);
  const shape = new RegExp(`^([-+]?)(\\d{1,3}(?:${g}\\d{3})+|\\d{1,3}(?: \\d{3})+|\\d+|(?=${d}))(?:${d}(\\d+))?$`);
  const m = shape.exec(compact);
  if (!m) return null;
  const whole = (m[2] ?? '').replace(new RegExp(`[${g} ]`, 'g'), '') || '0';
  const value = Number(`${m[1] === '-' ? '-' : ''}${whole}${m[3] ? `.${m[3]}` : ''}`);
  return Number.isFinite(value) ? value : null;
}

/**
 * A number as an input field shows it for editing: the locale's decimal separator, no grouping (so that the
 * text reads back to the same number), and no exponent.
 */
export function numberInputText(value: number, locale: NumberLocale): string {
  if (!Number.isFinite(value)) return '';
  const plain =
    Math.abs(value) < 1e21
      ? value.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 })
      : String(value);
  return locale === 'vi' ? plain.replace('.', ',') : plain;
}
