// Numbers typed in the language on screen ("1.200" and "2,5" in Vietnamese, "1,200" and "2.5" in English),
// read by the core's parser (src/core/numbers.ts) so that the browser and the server agree on what was meant.
import { useMemo } from 'react';
import { numberInputText, parseLocaleNumber } from '../../core/numbers.ts';
import { useFormat } from '../app/format.ts';

export function useNumbers() {
  const { locale } = useFormat();
  return useMemo(
    () => ({
      locale,
      /** The number typed; null when the field is empty, undefined when the text is not a number here. */
      read: (text: string): number | null | undefined =>
        text.trim() === '' ? null : (parseLocaleNumber(text, locale) ?? undefined),
      /** The number for the API; text that is not a number goes as typed, so that the API names it. */
      forApi: (text: string): number | string | null =>
        text.trim() === '' ? null : (parseLocaleNumber(text, locale) ?? text.trim()),
      /** A number as the field shows it for editing ("2,5" in Vietnamese); '' for none. */
      text: (value: number | null | undefined): string =>
        value === null || value === undefined ? '' : numberInputText(value, locale),
    }),
    [locale],
  );
}
