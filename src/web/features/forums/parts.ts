// Helpers of the forums pages: API paths, the API's issues by their full field path, and deadlines.
import { parseLocaleNumber, type NumberLocale } from '../../../core/numbers.ts';
import { ApiError } from '../../app/api.ts';
import { todayIso } from '../../ui/dates.ts';
import type { Recommendation } from './types.ts';

export const forumsApi = (unitId: number) => `/api/communes/${unitId}/forums`;
export const eventsApi = (unitId: number) => `/api/communes/${unitId}/child-events`;
/** The page of a forum's report (the reports feature's route). */
export const forumReportPath = (unitId: number, forumId: number) => `/reports/${unitId}/forums/${forumId}`;

/** The API's issues by full field path ("recommendations.1.agency" stays whole, unlike the register's by last part). */
export function issuesByPath(error: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(error instanceof ApiError)) return out;
  for (const issue of error.issues) {
    const field = String(issue.field ?? '');
    out[field] = out[field] ? `${out[field]}\n${issue.message}` : issue.message;
  }
  return out;
}

/** Takes the person to the first field (in form order) that the API named. */
export function focusFirstPath(error: unknown, paths: readonly string[], idOf: (path: string) => string) {
  const issues = issuesByPath(error);
  const first = paths.find((p) => issues[p]);
  if (first) setTimeout(() => document.getElementById(idOf(first))?.focus(), 0);
}

const dayNumber = (iso: string) => {
  const [y, m, d] = iso.split('-').map(Number);
  return Date.UTC(y!, m! - 1, d!) / 86_400_000;
};

/** Days a recommendation is past its deadline without an answer; 0 when it is not overdue. */
export function daysOverdue(r: Pick<Recommendation, 'dueOn' | 'answeredOn'>, today = todayIso()): number {
  if (!r.dueOn || r.answeredOn || r.dueOn >= today) return 0;
  return dayNumber(today) - dayNumber(r.dueOn);
}

/** A count typed in a box in the language on screen ("1.200" in Vietnamese): empty is 0, not a number NaN (null for the API to name). */
export const countOf = (text: string, locale: NumberLocale): number =>
  text.trim() === '' ? 0 : (parseLocaleNumber(text, locale) ?? NaN);
