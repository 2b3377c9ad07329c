// Formatting hooks bound to the current language (Vietnamese conventions: dd/mm/yyyy, 1.234,5).
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate, formatDateTime, formatNumber } from '../../i18n/format.ts';
import { defaultLocale, locales, type Locale } from '../../i18n/namespaces.ts';

export interface LocalText {
  vi: string;
  en: string;
}

/** A yyyy-mm-dd date is a calendar day: read it in local time so it never shifts by a day. */
export function dayOf(value: string): Date | string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : value;
}

export function useFormat() {
  const { i18n } = useTranslation();
  const locale: Locale = (locales as readonly string[]).includes(i18n.language)
    ? (i18n.language as Locale)
    : defaultLocale;
  return useMemo(
    () => ({
      locale,
      num: (value: number, digits?: number) => formatNumber(value, locale, digits),
      date: (value: string | null | undefined) => (value ? formatDate(dayOf(value)) : ''),
      dateTime: (value: string | null | undefined) => (value ? formatDateTime(value) : ''),
      text: (value: LocalText | null | undefined) => (value ? value[locale] || value.vi : ''),
    }),
    [locale],
  );
}
