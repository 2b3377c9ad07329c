// A round's four deadlines as an iCalendar file (RFC 5545) that Outlook, Google and phones import and update.
import ical, { ICalAlarmType, ICalEventTransparency } from 'ical-generator';
import type { Kysely } from 'kysely';
import { workingCalendar, type WorkingCalendar } from '../../../core/calendar/working-days.ts';
import { formatDate, type Locale, translator } from '../../../i18n/index.ts';
import type { Database } from '../../db/schema.ts';

export const DEADLINE_KEYS = ['dossierDue', 'appraisalDue', 'decisionDue', 'reportDue'] as const;
export type DeadlineKey = (typeof DEADLINE_KEYS)[number];

/** The first reminder rings this many working days before a deadline, the second the day before. */
export const REMINDER_WORKING_DAYS = 3;
/** Reminders ring at 08:00 (the reader's own clock: all-day events are floating), when offices open. */
const REMINDER_HOUR = 8;
const DAY_MS = 86_400_000;
const HOUR_S = 3_600;

export interface CalendarRound {
  id: number;
  title: string;
  dates: Record<DeadlineKey, string>;
  /** Revisions of the title and dates (migrations/0027): SEQUENCE, so a moved deadline replaces the old one. */
  sequence: number;
  modifiedAt: Date;
  createdAt: Date;
}

/** Vietnam's working days with the administrator's official adjustments (read here, not through the register). */
export async function workingDaysOf(db: Kysely<Database>): Promise<WorkingCalendar> {
  const rows = await db.selectFrom('holiday_adjustment').select(['day', 'kind', 'name']).execute();
  return workingCalendar(rows.map((r) => ({ date: r.day, kind: r.kind, name: r.name })));
}

const dayNumber = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / DAY_MS;
const isoOf = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** Calendar days between `date` and the n-th working day before it (Vietnamese weekends and holidays). */
export function daysBackToWorkingDay(calendar: WorkingCalendar, date: string, n: number): number {
  const end = dayNumber(date);
  let day = end;
  for (let left = n; left > 0;) if (calendar.isWorkingDay(isoOf(--day))) left--;
  return end - day;
}

/** The .ics text: one all-day event per deadline (DTSTART/DTEND as dates), two DISPLAY reminders each. */
export function roundIcs(round: CalendarRound, calendar: WorkingCalendar, locale: Locale): string {
  const t = translator(locale);
  const cal = ical({
    prodId: { company: 'xa-phu-hop-tre-em', product: 'cfc', language: locale.toUpperCase() },
    name: round.title,
  });
  for (const key of DEADLINE_KEYS) {
    const date = round.dates[key];
    const step = t(`rounds:calendar.${key}`);
    const params = { step, date: formatDate(date), round: round.title };
    const back = daysBackToWorkingDay(calendar, date, REMINDER_WORKING_DAYS);
    cal.createEvent({
      id: `round-${round.id}-${key}@xa-phu-hop-tre-em`,
      sequence: round.sequence,
      stamp: round.modifiedAt,
      lastModified: round.modifiedAt,
      created: round.createdAt,
      allDay: true,
      start: date,
      end: isoOf(dayNumber(date) + 1),
      summary: `${step} — ${round.title}`,
      description: t('rounds:calendar.description', params),
      // A deadline does not make the day busy.
      transparency: ICalEventTransparency.TRANSPARENT,
      alarms: [
        {
          type: ICalAlarmType.display,
          triggerBefore: back * 24 * HOUR_S - REMINDER_HOUR * HOUR_S,
          description: t('rounds:calendar.reminderWorkingDays', { ...params, count: REMINDER_WORKING_DAYS }),
        },
        {
          type: ICalAlarmType.display,
          triggerBefore: 24 * HOUR_S - REMINDER_HOUR * HOUR_S,
          description: t('rounds:calendar.reminderTomorrow', params),
        },
      ],
    });
  }
  // Every content line ends in CRLF, the last one too (RFC 5545 §3.1).
  const text = cal.toString();
  return text.endsWith('\r\n') ? text : `${text}\r\n`;
}
