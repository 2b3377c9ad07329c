// The server's one clock. Dates the product deals in — a deadline, "not in the future", a posting window,
// a report's cut-off — are days in Vietnam, whatever time zone the machine runs in: from 00:00 to 07:00
// Vietnam time a UTC clock would still be on yesterday.
export const VIETNAM_TIME_ZONE = 'Asia/Ho_Chi_Minh';

const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: VIETNAM_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** Today's date (yyyy-mm-dd) in Vietnam. */
export function todayInVietnam(now: Date = new Date()): string {
  return dayFormat.format(now);
}
