/**
 * Calendar dates (YYYY-MM-DD) and the instants where they begin in an IANA time zone. Periods are
 * counted in dates; the zone only decides which date an instant falls on and when a date starts.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();
function partsIn(instant: Date, zone: string) {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    formatters.set(zone, f);
  }
  const p = Object.fromEntries(f.formatToParts(instant).map((x) => [x.type, x.value]));
  return { y: Number(p.year), m: Number(p.month), d: Number(p.day), h: Number(p.hour), min: Number(p.minute), s: Number(p.second) };
}

/**
 * The calendar date of an instant in a time zone.
 * @example dateInZone(new Date('2026-01-31T23:30:00Z'), 'Europe/Paris') // '2026-02-01'
 */
export function dateInZone(instant: Date, zone: string): string {
  const p = partsIn(instant, zone);
  return `${String(p.y).padStart(4, '0')}-${String(p.m).padStart(2, '0')}-${String(p.d).padStart(2, '0')}`;
}

/**
 * The date `days` days after `date` (before it when negative).
 * @example addDays('2028-02-28', 1) // '2028-02-29'
 */
export function addDays(date: string, days: number): string {
  const t = new Date(`${date}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + days);
  return t.toISOString().slice(0, 10);
}

/**
 * The first instant of `date` in `zone` (midnight local time, or the first valid time after a DST gap).
 * @example startOfDayInZone('2026-03-29', 'Europe/Berlin') // 2026-03-28T23:00:00.000Z
 */
export function startOfDayInZone(date: string, zone: string): Date {
  const guess = Date.parse(`${date}T00:00:00Z`);
  const offsetAt = (t: number) => {
    const p = partsIn(new Date(t), zone);
    return Date.UTC(p.y, p.m - 1, p.d, p.h, p.min, p.s) - t;
  };
  let t = guess - offsetAt(guess);
  t = guess - offsetAt(t);
  // In a DST gap at midnight, local midnight does not exist: step forward to the first hour that does.
  while (dateInZone(new Date(t), zone) < date) t += 3600_000;
  return new Date(t);
}

/** 0 = Sunday … 6 = Saturday. */
export const weekday = (date: string): number => new Date(`${date}T00:00:00Z`).getUTCDay();

const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

/** "Sunday" … "Saturday". */
export const weekdayName = (date: string): string => WEEKDAY_NAMES[weekday(date)];

/** Days in a month (1–12) of a year, leap years included. */
export const daysInMonth = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

/**
 * The same date `months` months later, or the last day of that month when it has no such date
 * (the month arithmetic of Regulation 1182/71 Art 3(2)(c)).
 * @example addMonthsClamped('2026-01-31', 1) // '2026-02-28'
 */
export function addMonthsClamped(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const day = Math.min(d, daysInMonth(year, month));
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
