import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { addPeriod } from '../../periods/count-period.ts';
import { addDays, dateInZone, startOfDayInZone } from '../../periods/zoned-dates.ts';

interface ForwardingRules { version: string; defaultWithin: string; remindAt: number[] }
let cached: ForwardingRules | null = null;
export function forwardingRules(): ForwardingRules {
  cached ??= parse(readFileSync(new URL('../rules/forwarding.yaml', import.meta.url), 'utf8')) as ForwardingRules;
  return cached;
}

export const FORWARD_TERM = /^([1-9]\d{0,3})([hd])$/;
export const FORWARD_TERM_MESSAGE = 'must be a number of hours or days, such as 48h or 5d';

/**
 * When the processor's term to pass a request on ends. Hours count real hours from `start`; days
 * count per Regulation 1182/71 from the date of `start` in the customer's zone (the period engine)
 * and end at the end of that day there.
 * @example forwardingDueAt(new Date('2027-01-04T10:00:00Z'), '72h', 'Europe/Paris', 'FR') // 2027-01-07T10:00:00.000Z
 */
export function forwardingDueAt(start: Date, within: string, timeZone: string, calendar: string | null): Date {
  const m = FORWARD_TERM.exec(within);
  if (!m) throw new Error(`forwarding term ${within} ${FORWARD_TERM_MESSAGE}`);
  const n = Number(m[1]);
  if (m[2] === 'h') return new Date(start.getTime() + n * 3600_000);
  const end = addPeriod(dateInZone(start, timeZone), `${n}d`, calendar).endsOn;
  return new Date(startOfDayInZone(addDays(end, 1), timeZone).getTime() - 1);
}
