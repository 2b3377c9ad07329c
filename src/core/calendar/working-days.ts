import Holidays from 'date-holidays';

// Pure working-day calendar for Vietnam: weekends, Labour Code 2019 Art. 112 holidays, Art. 111(3) compensatory days.
// Dates are ISO calendar dates 'yyyy-mm-dd', handled as UTC day numbers so no local-time zone can shift them.

export interface HolidayAdjustment {
  date: string;
  kind: 'day_off' | 'working_day';
  name: string;
}
export interface Holiday {
  date: string;
  name: string;
  source: 'statutory' | 'compensatory' | 'adjustment';
}
export interface WorkingCalendar {
  isWorkingDay(date: string): boolean;
  holidays(year: number): Holiday[];
}

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** Years whose lunar dates we trust from date-holidays' Vietnamese calendar. */
const MIN_YEAR = 1900;
const MAX_YEAR = 2199;

/** Parses 'yyyy-mm-dd' to days since 1970-01-01 (UTC); RangeError naming the value otherwise. */
function toDay(value: unknown, what = 'date'): number {
  const m = typeof value === 'string' ? ISO_DATE.exec(value) : null;
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const t = new Date(0);
    t.setUTCFullYear(y, mo - 1, d); // setUTCFullYear keeps years 0–99 literal, unlike Date.UTC
    if (t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d) return t.getTime() / MS_PER_DAY;
  }
  throw new RangeError(
    `Invalid ${what} ${JSON.stringify(value) ?? String(value)}: expected an existing calendar date 'yyyy-mm-dd'`,
  );
}

function fromDay(day: number): string {
  const t = new Date(day * MS_PER_DAY);
  const y = String(t.getUTCFullYear()).padStart(4, '0');
  const m = String(t.getUTCMonth() + 1).padStart(2, '0');
  const d = String(t.getUTCDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

/** 0 = Sunday … 6 = Saturday; 1970-01-01 was a Thursday. */
const weekday = (day: number): number => (((day + 4) % 7) + 7) % 7;
const isWeekendDay = (day: number): boolean => {
  const w = weekday(day);
  return w === 0 || w === 6;
};
const yearOf = (date: string): number => Number(date.slice(0, 4));

function checkYear(year: unknown): number {
  if (typeof year !== 'number' || !Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
    throw new RangeError(`Invalid year ${String(year)}: expected an integer from ${MIN_YEAR} to ${MAX_YEAR}`);
  }
  return year;
}

let vn: Holidays | undefined;
/** Lunar-based dates from date-holidays ('vi' names); it models Tết as one 5-day entry and only 02/09 for Quốc khánh. */
function lunarDates(year: number): { giaoThua: number; tet: number; hungKings: number } {
  vn ??= new Holidays('VN');
  const entries = vn.getHolidays(year, 'vi').filter((h) => h.type === 'public');
  const find = (name: string): number => {
    const hit = entries.find((h) => h.name.normalize('NFC').toLowerCase() === name.normalize('NFC').toLowerCase());
    if (!hit) throw new Error(`date-holidays has no public holiday "${name}" for VN in ${year}`);
    return toDay(hit.date.slice(0, 10));
  };
  const out = {
    giaoThua: find('Giao thừa Tết Nguyên Đán'),
    tet: find('Tết Nguyên Đán'),
    hungKings: find('Giỗ tổ Hùng Vương'),
  };
  // Guards against a data change silently shifting Tết.
  if (out.tet !== out.giaoThua + 1)
    throw new Error(`date-holidays: Tết ${fromDay(out.tet)} is not the day after Giao thừa ${fromDay(out.giaoThua)}`);
  return out;
}

const statutoryCache = new Map<number, readonly Holiday[]>();

/** Statutory public holidays of one year per Labour Code 2019 Art. 112, with compensatory days. */
export function statutoryHolidays(year: number): Holiday[] {
  checkYear(year);
  let list = statutoryCache.get(year);
  if (!list) {
    const { giaoThua, tet, hungKings } = lunarDates(year);
    const fixed = (mmdd: string): number => toDay(`${String(year).padStart(4, '0')}-${mmdd}`);
    const days: Array<[number, string]> = [
      [fixed('01-01'), 'Tết Dương lịch'],
      [giaoThua, 'Tết Nguyên Đán (ngày cuối năm âm lịch)'],
      [tet, 'Tết Nguyên Đán (mùng 1)'],
      [tet + 1, 'Tết Nguyên Đán (mùng 2)'],
      [tet + 2, 'Tết Nguyên Đán (mùng 3)'],
      [tet + 3, 'Tết Nguyên Đán (mùng 4)'],
      [hungKings, 'Giỗ Tổ Hùng Vương (10/3 âm lịch)'],
      [fixed('04-30'), 'Ngày Chiến thắng (30/4)'],
      [fixed('05-01'), 'Ngày Quốc tế lao động (1/5)'],
      [fixed('09-01'), 'Quốc khánh (ngày liền kề trước 2/9)'],
      [fixed('09-02'), 'Quốc khánh (2/9)'],
    ];
    days.sort((a, b) => a[0] - b[0]);
    const off = new Set(days.map(([d]) => d));
    const result: Holiday[] = days.map(([d, name]) => ({ date: fromDay(d), name, source: 'statutory' }));
    // Art. 111(3): each holiday on a weekend gives the next day that is neither weekend nor already off.
    for (const [d, name] of days) {
      if (!isWeekendDay(d)) continue;
      let c = d + 1;
      while (isWeekendDay(c) || off.has(c)) c++;
      off.add(c);
      result.push({ date: fromDay(c), name: `Nghỉ bù ${name}`, source: 'compensatory' });
    }
    result.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    list = Object.freeze(result.map((h) => Object.freeze(h)));
    statutoryCache.set(year, list);
  }
  return list.map((h) => ({ ...h }));
}

function checkAdjustments(adjustments: unknown): Map<string, HolidayAdjustment> {
  if (!Array.isArray(adjustments))
    throw new RangeError(`Invalid adjustments ${String(adjustments)}: expected an array`);
  const byDate = new Map<string, HolidayAdjustment>();
  for (const a of adjustments as HolidayAdjustment[]) {
    const date = fromDay(toDay(a?.date, 'adjustment date'));
    if (a.kind !== 'day_off' && a.kind !== 'working_day') {
      throw new RangeError(
        `Invalid adjustment kind ${JSON.stringify(a.kind)} on ${date}: expected 'day_off' or 'working_day'`,
      );
    }
    if (typeof a.name !== 'string') throw new RangeError(`Invalid adjustment name on ${date}: expected a string`);
    const prior = byDate.get(date);
    if (prior && prior.kind !== a.kind)
      throw new RangeError(`Conflicting adjustments on ${date}: both 'day_off' and 'working_day'`);
    if (!prior) byDate.set(date, { date, kind: a.kind, name: a.name });
  }
  return byDate;
}

/** Weekends (Sat, Sun) and statutory holidays are off; adjustments (official decisions that move days off, or make a Saturday a working day) override. */
export function workingCalendar(adjustments: HolidayAdjustment[] = []): WorkingCalendar {
  const byDate = checkAdjustments(adjustments);
  const years = new Map<number, { off: Set<string>; list: Holiday[] }>();

  // Per-year cache: isWorkingDay runs in day-by-day loops.
  const yearData = (year: number): { off: Set<string>; list: Holiday[] } => {
    let data = years.get(year);
    if (!data) {
      const list = statutoryHolidays(year).filter((h) => byDate.get(h.date)?.kind !== 'working_day');
      const taken = new Set(list.map((h) => h.date));
      for (const a of byDate.values()) {
        if (a.kind === 'day_off' && yearOf(a.date) === year && !taken.has(a.date)) {
          list.push({ date: a.date, name: a.name, source: 'adjustment' });
        }
      }
      list.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
      data = { off: new Set(list.map((h) => h.date)), list };
      years.set(year, data);
    }
    return data;
  };

  return {
    isWorkingDay(date: string): boolean {
      const day = toDay(date);
      const year = yearOf(date);
      if (year < MIN_YEAR || year > MAX_YEAR)
        throw new RangeError(`Date ${date} is outside the supported years ${MIN_YEAR}–${MAX_YEAR}`);
      const adj = byDate.get(date);
      if (adj) return adj.kind === 'working_day';
      if (isWeekendDay(day)) return false;
      return !yearData(year).off.has(date);
    },
    holidays(year: number): Holiday[] {
      return yearData(checkYear(year)).list.map((h) => ({ ...h }));
    },
  };
}

function checkCount(n: unknown): number {
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) {
    throw new RangeError(`Invalid number of working days ${String(n)}: expected a non-negative integer`);
  }
  return n;
}

/** Stops a calendar with no working days from looping forever. */
const MAX_GAP = 3660;

/** The date `n` working days after `start` (start itself not counted; n ≥ 0; n = 0 returns start). E.g. reported on Friday, +1 → next Monday if Monday is a working day. */
export function addWorkingDays(calendar: WorkingCalendar, start: string, n: number): string {
  let day = toDay(start, 'start date');
  let left = checkCount(n);
  let gap = 0;
  while (left > 0) {
    day++;
    if (calendar.isWorkingDay(fromDay(day))) {
      left--;
      gap = 0;
    } else if (++gap > MAX_GAP) throw new Error(`No working day in ${MAX_GAP} days after ${fromDay(day - gap)}`);
  }
  return fromDay(day);
}

/** Working days strictly after `from` up to and including `to` (0 when to ≤ from). */
export function workingDaysBetween(calendar: WorkingCalendar, from: string, to: string): number {
  const a = toDay(from, 'from date');
  const b = toDay(to, 'to date');
  let count = 0;
  for (let day = a + 1; day <= b; day++) if (calendar.isWorkingDay(fromDay(day))) count++;
  return count;
}
