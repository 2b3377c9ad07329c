// Days as the product deals in them: typed dd/mm/yyyy as on paper, sent as yyyy-mm-dd, and "today" in
// Vietnam whatever zone the browser runs in (as the server's clock, src/server/platform/clock.ts).
import { formatDate } from '../../i18n/format.ts';
import { dayOf } from '../app/format.ts';

const vietnamDay = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Ho_Chi_Minh',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** Today's date (yyyy-mm-dd) in Vietnam. */
export const todayIso = (): string => vietnamDay.format(new Date());

/** This year in Vietnam. */
export const thisYear = (): number => Number(todayIso().slice(0, 4));

/** "15/11/2026", "15-11-2026" or "15.11.2026" → "2026-11-15"; null when not a real date. */
export function parseDay(text: string): string | null {
  const m = /^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$/.exec(text);
  if (!m) return null;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(y, mo - 1, d);
  if (date.getFullYear() !== y || date.getMonth() !== mo - 1 || date.getDate() !== d) return null;
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** yyyy-mm-dd as shown in the language on screen (dd/mm/yyyy in Vietnamese); '' for none. */
export const showDay = (iso: string | null | undefined) => (iso ? formatDate(dayOf(iso)) : '');

/** Today as typed in a date field (dd/mm/yyyy). */
export const todayText = () => showDay(todayIso());

/** A date typed dd/mm/yyyy as the API's yyyy-mm-dd; text that is not a date goes as typed so that the API names it. */
export function dayForApi(text: string): string | null {
  const trimmed = text.trim();
  if (!trimmed) return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(trimmed)) return trimmed;
  return parseDay(trimmed) ?? trimmed;
}
