/**
 * Contract terms shared by workspaces (their defaults) and customers (their own terms, CU1): IANA
 * time zones and the notice period in days. Both are read through an InputReader so one error
 * names every bad field.
 */
import type { InputReader } from '../../shared/input.ts';

/** Every IANA time zone this Node knows, with UTC first (ICU lists it only as an alias). */
export const TIME_ZONES: readonly string[] = ['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')];

const ZONES = new Set(TIME_ZONES);

export const isTimeZone = (zone: string): boolean => ZONES.has(zone);

/** Longest notice period a contract may set: a year. */
export const NOTICE_DAYS_MAX = 365;

/** Notice period in days (0–365) from a number or a digits-only string; null when absent. */
export function readNoticeDays(r: InputReader, field: string, opts: { required?: boolean } = {}): number | null {
  const s = r.text(field, { required: opts.required, max: 12 });
  if (s === null) return null;
  if (!/^\d+$/.test(s) || Number(s) > NOTICE_DAYS_MAX) {
    r.problem(field, `must be a whole number of days from 0 to ${NOTICE_DAYS_MAX}`);
    return null;
  }
  return Number(s);
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
