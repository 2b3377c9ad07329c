// Vietnamese conventions by default: dd/mm/yyyy dates, "1.234,5" numbers.
import { format as formatDateFns } from 'date-fns';
import type { Locale } from './resources.ts';

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
  return formatDateFns(typeof value === 'string' ? new Date(value) : value, 'dd/MM/yyyy');
}

export function formatDateTime(value: Date | string | number): string {
  return formatDateFns(typeof value === 'string' ? new Date(value) : value, 'dd/MM/yyyy HH:mm');
}
