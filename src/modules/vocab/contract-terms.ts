/**
 * Contract terms shared by workspaces (their defaults) and customers (their own terms, CU1): IANA
 * time zones, the notice period (days, weeks or months) and the holiday calendar periods are
 * counted with. All are read through an InputReader so one error names every bad field.
 */
import type { InputReader } from '../../shared/input.ts';
import { calendarProblem, normaliseCalendar } from '../periods/holidays.ts';
import { checkPeriod, formatPeriod } from '../periods/period.ts';

/** Every IANA time zone this Node knows, with UTC first (ICU lists it only as an alias). */
export const TIME_ZONES: readonly string[] = ['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')];

const ZONES = new Set(TIME_ZONES);

export const isTimeZone = (zone: string): boolean => ZONES.has(zone);

/** Longest notice period a contract may set in days (also 52 weeks or 12 months): a year. */
export const NOTICE_DAYS_MAX = 365;

/**
 * A notice period in its stored form (`30d`, `4w`, `1m`) from `field` (`30d`, `30 days`,
 * `1 month`, or a number of days), else from `legacyField` (a whole number of days, as older
 * clients send); null when both are absent. 0 is refused: it leaves no time to object.
 * @example readNoticePeriod(new InputReader({ noticePeriod: '1 month' })) // '1m'
 */
export function readNoticePeriod(r: InputReader, field = 'noticePeriod', legacyField = 'noticeDays'): string | null {
  const s = r.text(field, { max: 20 });
  if (s !== null) {
    const { period, problem } = checkPeriod(s);
    if (problem !== undefined) r.problem(field, problem);
    return period ? formatPeriod(period) : null;
  }
  const days = r.text(legacyField, { max: 12 });
  if (days === null) return null;
  const { period, problem } = /^\d+$/.test(days) ? checkPeriod(Number(days)) : { period: undefined, problem: `must be a whole number of days from 1 to ${NOTICE_DAYS_MAX}` };
  if (problem !== undefined) r.problem(legacyField, problem);
  return period ? formatPeriod(period) : null;
}

/**
 * A holiday calendar: an ISO 3166-1 country (`DE`) or ISO 3166-2 subdivision (`DE-BY`) that
 * date-holidays knows, upper-cased; only a subdivision with `subdivisionOnly`; null when absent.
 */
export function readCalendar(r: InputReader, field: string, opts: { subdivisionOnly?: boolean } = {}): string | null {
  const s = r.text(field, { max: 10 });
  if (s === null) return null;
  const problem = calendarProblem(s, opts);
  if (problem) {
    r.problem(field, problem);
    return null;
  }
  return normaliseCalendar(s);
}

/** An IANA time zone name such as Europe/Paris, or UTC; null when absent. */
export function readTimeZone(r: InputReader, field: string, opts: { required?: boolean } = {}): string | null {
  const s = r.text(field, { required: opts.required, max: 64 });
  if (s === null) return null;
  if (!isTimeZone(s)) {
    r.problem(field, 'must be an IANA time zone such as Europe/Paris, or UTC');
    return null;
  }
  return s;
}
