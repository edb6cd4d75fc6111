/**
 * Public holidays of a calendar (Regulation 1182/71 Art 2(1): those of the Member State where the
 * action is to be taken), from the date-holidays package. A calendar is an ISO 3166-1 country
 * (`DE`) or an ISO 3166-2 subdivision (`DE-BY`), whose holidays include the national ones.
 */
import Holidays from 'date-holidays';
import { invalid } from '../../shared/errors.ts';
import { periodRules } from './period-rules.ts';
import { addDays } from './zoned-dates.ts';

const directory = new Holidays();
let countries: Set<string> | null = null;
const statesOf = new Map<string, Set<string>>();

function knownCountries(): Set<string> {
  countries ??= new Set(Object.keys(directory.getCountries('en')));
  return countries;
}

function knownStates(country: string): Set<string> {
  let s = statesOf.get(country);
  if (!s) {
    s = new Set(Object.keys(directory.getStates(country, 'en') ?? {}));
    statesOf.set(country, s);
  }
  return s;
}

/** `de-by` → `DE-BY`; anything else unchanged (then refused by `calendarProblem`). */
export const normaliseCalendar = (code: string): string => code.trim().toUpperCase();

/**
 * Why `code` is not a calendar with public holidays, or null when it is one. Messages suit a
 * field's error ("country: …").
 * @example calendarProblem('DE-XX') // 'must be an ISO 3166-2 subdivision with a holiday calendar, such as DE-BY; DE has no subdivision XX'
 */
export function calendarProblem(code: string, opts: { subdivisionOnly?: boolean } = {}): string | null {
  const m = /^([A-Z]{2})(?:-([A-Z0-9]{1,3}))?$/.exec(normaliseCalendar(code));
  if (opts.subdivisionOnly && !m?.[2]) return 'must be an ISO 3166-2 subdivision code such as DE-BY';
  if (!m) return 'must be an ISO 3166-1 country code (DE) or ISO 3166-2 subdivision code (DE-BY)';
  if (!knownCountries().has(m[1])) return `must be a country with a holiday calendar; there is none for ${m[1]}`;
  if (m[2] && !knownStates(m[1]).has(m[2])) return `must be an ISO 3166-2 subdivision with a holiday calendar, such as DE-BY; ${m[1]} has no subdivision ${m[2]}`;
  return null;
}

/** Whether `code` is a country or subdivision with a holiday calendar. */
export const isCalendarCode = (code: string): boolean => calendarProblem(code) === null;

/**
 * The first code that has a holiday calendar, upper-cased, or null: how a customer's calendar
 * falls back (its subdivision, its country, the workspace's calendar, the workspace's country).
 * @example resolveCalendar([null, 'DE', 'FR']) // 'DE'
 */
export function resolveCalendar(candidates: ReadonlyArray<string | null | undefined>): string | null {
  for (const c of candidates) if (c && isCalendarCode(c)) return normaliseCalendar(c);
  return null;
}

const cache = new Map<string, ReadonlyMap<string, string>>();

/**
 * The public holidays of a calendar in a year: date (YYYY-MM-DD) → name (English where the data
 * has it). Cached per calendar and year. An unknown code is a validation error on `calendar`.
 * @example publicHolidays('DE-BY', 2026).get('2026-11-01') // "All Saints' Day"
 */
export function publicHolidays(calendar: string, year: number): ReadonlyMap<string, string> {
  const code = normaliseCalendar(calendar);
  const key = `${code}:${year}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const problem = calendarProblem(code);
  if (problem) throw invalid('calendar', problem);
  const [country, state] = code.split('-');
  const hd = state ? new Holidays(country, state, { languages: ['en'] }) : new Holidays(country, { languages: ['en'] });
  // Holidays the law gives this calendar that the package lacks (periods.yaml holidays.additions),
  // e.g. Lincoln Day for California's Code of Civil Procedure § 12a.
  for (const a of periodRules().holidays.additions?.calendars[code] ?? []) {
    if (!hd.setHoliday(a.rule, { name: { en: a.name }, type: 'public' })) throw new Error(`periods.yaml: holiday rule "${a.rule}" of ${code} is not understood`);
  }
  const types = new Set(periodRules().holidays.types);
  const days = new Map<string, string>();
  for (const h of hd.getHolidays(year) || []) {
    // `date` is local: "2026-11-01 00:00:00". A holiday starting later in the day is a partial day, not a holiday.
    if (!types.has(h.type) || h.date.slice(11, 19) !== '00:00:00') continue;
    // Some holidays last several days in one entry (e.g. 48 or 72 hours).
    const length = Math.max(1, Math.round((h.end.getTime() - h.start.getTime()) / 86_400_000));
    for (let i = 0; i < length; i++) {
      const date = addDays(h.date.slice(0, 10), i);
      if (!days.has(date)) days.set(date, h.name);
    }
  }
  cache.set(key, days);
  return days;
}

/** The name of the public holiday on `date` in `calendar`, or null. */
export function holidayOn(date: string, calendar: string): string | null {
  const year = Number(date.slice(0, 4));
  // A holiday of several days may start in the previous year.
  return publicHolidays(calendar, year).get(date) ?? publicHolidays(calendar, year - 1).get(date) ?? null;
}
