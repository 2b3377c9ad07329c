// Vietnamese conventions by default: dd/mm/yyyy dates, "1.234,5" numbers.
import { format as formatDateFns } from 'date-fns';
import type { FormatterModule } from 'i18next';
import type { Locale } from './namespaces.ts';

const numberFormats = new Map<string, Intl.NumberFormat>();

export function formatNumber(value: number, locale: Locale = 'vi', maxFractionDigits = 2): string {
  const key = `${locale}:${maxFractionDigits}`;
  let f = numberFormats.get(key);
  if (!f)
    numberFormats.set(
      key,
      (f = new Intl.NumberFormat(locale === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: maxFractionDigits })),
    );
  return f.format(value);
}

/** Dates are shown dd/mm/yyyy in both languages, as on Vietnamese official documents. */
export function formatDate(value: Date | string | number): string {
  // A day ('2026-12-12') is that day anywhere: new Date() would read UTC midnight, the day before west of Greenwich.
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return value.split('-').reverse().join('/');
  return formatDateFns(typeof value === 'string' ? new Date(value) : value, 'dd/MM/yyyy');
}

/** The weekday of a day ('2026-12-04' → "thứ Sáu" / "Friday"), read as that calendar day whatever the zone. */
export function formatWeekday(day: string, locale: Locale = 'vi'): string {
  const name = new Intl.DateTimeFormat(locale === 'vi' ? 'vi-VN' : 'en-GB', {
    weekday: 'long',
    timeZone: 'UTC',
  }).format(new Date(`${day}T00:00:00Z`));
  if (locale !== 'vi') return name;
  // Mid-sentence in Vietnamese: "thứ Sáu", "chủ nhật" (ICU writes "Chủ Nhật").
  return /^chủ/i.test(name) ? name.toLowerCase() : name.charAt(0).toLowerCase() + name.slice(1);
}

export function formatDateTime(value: Date | string | number): string {
  return formatDateFns(typeof value === 'string' ? new Date(value) : value, 'dd/MM/yyyy HH:mm');
}

/**
 * Interpolated values whose names say they are identifiers, years or positions rather than quantities:
 * shown as they are ("năm 2026", "mã 1024", "dòng 1250"), never grouped.
 */
const PLAIN_KEYS =
  /^(id|\w+Id|year|years|fileYear|start|end|term|period|number|version|fileVersion|revision|row|otherRow|first|line|column|cell|index|code|\w+Code|seed|page|day|month|hour|minute)$/;

const localeOf = (lng: string | undefined): Locale => (lng?.startsWith('en') ? 'en' : 'vi');

/**
 * The i18next formatter of the server and the web app: with `interpolation.alwaysFormat`, every number
 * interpolated into a sentence is written in the reader's convention ("4/3.321 xã", "cần thêm 2.487"; up
 * to three decimals, so that a typed "1,234" is quoted as typed), unless its name is one of PLAIN_KEYS;
 * `{{x, number}}` also works, and `{{x, plain}}` writes it as it is.
 */
export const numberFormatter: FormatterModule = {
  type: 'formatter',
  init() {},
  add() {},
  addCached() {},
  format(value, format, lng, options) {
    if (typeof value !== 'number' || !Number.isFinite(value) || format === 'plain') return value;
    if (format === 'number' || (format === undefined && !PLAIN_KEYS.test(String(options?.interpolationkey ?? ''))))
      return formatNumber(value, localeOf(lng), 3);
    return value;
  },
};

/** The interpolation options that go with numberFormatter (values are React text or plain text: no escaping). */
export const interpolation = { escapeValue: false, alwaysFormat: true } as const;
