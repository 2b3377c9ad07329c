// Plan coverage: whether each commune has issued its plan for the year and sent it up by the day the level
// above set (the parent plan's lowerPlansDue; Tháp Mười: commune plans to the district before 23/02), like
// report timeliness. Pure: the server reads the rows, this decides the states and the counts.

export const COVERAGE_STATES = ['on_time', 'late', 'missing', 'pending'] as const;
/** on_time / late: issued and sent by / after the due day; missing: none issued and the due day passed (or,
 * without a due day, the year is over); pending: none issued yet, not yet due. */
export type CoverageState = (typeof COVERAGE_STATES)[number];

export interface CommunePlanFacts {
  /** The commune's issued plan covering the year, if any. */
  issuedOn: string | null;
  sentOn: string | null;
}

/** The day a plan reached the level above: the day sent up, else the day issued (an issued plan is visible above at once). */
export const reachedOn = (p: CommunePlanFacts): string | null => p.sentOn ?? p.issuedOn;

/**
 * The due day of the communes' plans for `year` from the parent plan's lowerPlansDue: as set when it falls in
 * the year; a multi-year parent's due day (set in its first year) recurs on the same day of each later year.
 */
export function lowerPlansDueIn(lowerPlansDue: string | null, year: number): string | null {
  if (!lowerPlansDue) return null;
  if (Number(lowerPlansDue.slice(0, 4)) >= year) return lowerPlansDue;
  const md = lowerPlansDue.slice(5);
  // 29/02 in a common year falls back to 28/02.
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return `${year}-${md === '02-29' && !leap ? '02-28' : md}`;
}

export function coverageState(
  plan: CommunePlanFacts | null,
  due: string | null,
  year: number,
  today: string,
): CoverageState {
  const reached = plan ? reachedOn(plan) : null;
  if (reached) return due === null || reached <= due ? 'on_time' : 'late';
  const deadline = due ?? `${year}-12-31`;
  return today > deadline ? 'missing' : 'pending';
}

/** Days after the due day (negative: early); null without a due day or a plan. */
export function coverageDaysLate(plan: CommunePlanFacts | null, due: string | null): number | null {
  const reached = plan ? reachedOn(plan) : null;
  if (!reached || !due) return null;
  return Math.round((Date.parse(`${reached}T00:00:00Z`) - Date.parse(`${due}T00:00:00Z`)) / 86_400_000);
}

export type CoverageCounts = Record<CoverageState, number> & { communes: number; issued: number };

export function coverageCounts(states: readonly CoverageState[]): CoverageCounts {
  const c: CoverageCounts = { communes: states.length, issued: 0, on_time: 0, late: 0, missing: 0, pending: 0 };
  for (const s of states) c[s]++;
  c.issued = c.on_time + c.late;
  return c;
}

/** Whether a plan of years from–to (to null: one year) covers a year. */
export const coversYear = (from: number, to: number | null, year: number) => from <= year && year <= (to ?? from);
