// Hazard sites a commune keeps per village (ponds, rivers, canals, wells, pits): what is written about one and how
// its state is read on a day. The states are those the statistics count (src/core/reports/statistics.ts
// `hazard.*`), so the list's filters and the reports agree. Pure; shared by the server and the web form.
import { differenceInCalendarDays, parseISO } from 'date-fns';
import { z } from 'zod';
import { HAZARD_KINDS } from '../reports/statistics.ts';

/** A site's state on a day: made safe for good, or still a hazard with what protects it. */
export const HAZARD_STATES = ['fixed', 'fenced_signposted', 'fenced', 'signposted', 'unsafe'] as const;
export type HazardState = (typeof HAZARD_STATES)[number];

/**
 * The list's filters, each one a statistic's set: `open` (hazard.open), `fenced` (hazard.fenced: still open and
 * fenced or covered), `signposted` (hazard.signposted), `unsafe` (hazard.unsafe: neither), `fixed` (hazard.fixed).
 */
export const HAZARD_FILTERS = ['open', 'fenced', 'signposted', 'unsafe', 'fixed'] as const;
export type HazardFilter = (typeof HAZARD_FILTERS)[number];

export interface HazardDates {
  foundOn: string;
  fencedOn: string | null;
  signpostedOn: string | null;
  fixedOn: string | null;
}

const byDay = (d: string | null, day: string) => d !== null && d <= day;

/** The site's state on `day` (yyyy-mm-dd): a date after it has not happened yet. */
export function hazardState(site: HazardDates, day: string): HazardState {
  if (byDay(site.fixedOn, day)) return 'fixed';
  const fenced = byDay(site.fencedOn, day);
  const signposted = byDay(site.signpostedOn, day);
  return fenced && signposted ? 'fenced_signposted' : fenced ? 'fenced' : signposted ? 'signposted' : 'unsafe';
}

/** Whether a site in `state` belongs to a filter's set. */
export function inFilter(state: HazardState, filter: HazardFilter): boolean {
  switch (filter) {
    case 'open':
      return state !== 'fixed';
    case 'fixed':
      return state === 'fixed';
    case 'fenced':
      return state === 'fenced' || state === 'fenced_signposted';
    case 'signposted':
      return state === 'signposted' || state === 'fenced_signposted';
    case 'unsafe':
      return state === 'unsafe';
  }
}

/** How many sites are in each filter's set on a day (what the page's summary shows). */
export function hazardCounts(
  sites: readonly HazardDates[],
  day: string,
): Record<HazardFilter, number> & { listed: number } {
  const out = { listed: 0, open: 0, fenced: 0, signposted: 0, unsafe: 0, fixed: 0 };
  for (const s of sites) {
    if (s.foundOn > day) continue;
    out.listed++;
    const state = hazardState(s, day);
    for (const f of HAZARD_FILTERS) if (inFilter(state, f)) out[f]++;
  }
  return out;
}

/** One refused value; the code is translated as hazards:issue.<code>. */
export interface HazardIssue {
  field: string;
  value: unknown;
  code: string;
  params?: Record<string, string>;
}

const isoDate = z.iso.date({ error: 'bad_date' });
const optionalDate = isoDate.nullable().default(null);
const text = (max: number) => z.string({ error: 'required' }).trim().max(max, { error: 'too_long' });

export const hazardSiteSchema = z.object({
  villageId: z.number({ error: 'required' }).int({ error: 'required' }).positive({ error: 'required' }),
  kind: z.enum(HAZARD_KINDS, { error: 'bad_choice' }),
  place: text(300).min(1, { error: 'required' }),
  description: text(2000).default(''),
  responsible: text(300).default(''),
  foundOn: isoDate,
  fencedOn: optionalDate,
  signpostedOn: optionalDate,
  fixedOn: optionalDate,
  note: text(2000).default(''),
});
export type HazardSiteFields = z.infer<typeof hazardSiteSchema>;

const later = (a: string, b: string) => differenceInCalendarDays(parseISO(a), parseISO(b)) > 0;

/** A site's fields, parsed and checked: no day in the future, none before the site was listed. */
export function checkHazardSite(
  input: unknown,
  today: string,
): { ok: true; value: HazardSiteFields } | { ok: false; issues: HazardIssue[] } {
  const parsed = hazardSiteSchema.safeParse(input);
  if (!parsed.success)
    return {
      ok: false,
      issues: parsed.error.issues.map((i) => {
        const key = i.path[0];
        const value =
          input && typeof input === 'object' && key !== undefined
            ? (input as Record<PropertyKey, unknown>)[key]
            : undefined;
        return {
          field: i.path.join('.'),
          value: value ?? null,
          code: /^[a-z_]+$/.test(i.message) ? i.message : 'invalid',
        };
      }),
    };
  const v = parsed.data;
  const issues: HazardIssue[] = [];
  for (const field of ['foundOn', 'fencedOn', 'signpostedOn', 'fixedOn'] as const) {
    const day = v[field];
    if (!day) continue;
    if (later(day, today)) issues.push({ field, value: day, code: 'in_future', params: { today } });
    else if (field !== 'foundOn' && later(v.foundOn, day))
      issues.push({ field, value: day, code: 'before', params: { other: 'foundOn', otherValue: v.foundOn } });
  }
  return issues.length ? { ok: false, issues } : { ok: true, value: v };
}
