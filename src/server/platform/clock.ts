// The server's one clock. Dates the product deals in — a deadline, "not in the future", a posting window,
// a report's cut-off — are days in Vietnam, whatever time zone the machine runs in: from 00:00 to 07:00
// Vietnam time a UTC clock would still be on yesterday.
// Days go through this clock (todayInVietnam), and so does a moment whose day is set against a deadline (a
// report's sending); timestamps that mean "when did this happen" (audit, sessions, lockouts, rate limits, logs,
// updated_at) stay on the machine's real time, which a test must not move.
export const VIETNAM_TIME_ZONE = 'Asia/Ho_Chi_Minh';

const dayFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: VIETNAM_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

let source: () => Date = () => new Date();

/** The current moment by the product's clock (real time unless a test set it). */
export function now(): Date {
  return source();
}

/**
 * Sets the clock: a fixed moment, a function, or null for real time again. For tests (a day at 06:30 in
 * Vietnam on a UTC machine) and demos; production never calls it.
 */
export function setClock(at: Date | (() => Date) | null): void {
  if (at === null) source = () => new Date();
  else if (at instanceof Date) {
    const fixed = at.getTime();
    source = () => new Date(fixed);
  } else source = at;
}

/** Today's date (yyyy-mm-dd) in Vietnam; `at` turns any moment into its Vietnamese day. */
export function todayInVietnam(at: Date = now()): string {
  return dayFormat.format(at);
}
