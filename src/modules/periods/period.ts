/**
 * A period as contracts state it: a whole number of days, weeks or months (the units of
 * Regulation 1182/71 Art 3(2)). Stored as `30d`, `4w` or `1m`; read from those, from `30 days`,
 * `4 weeks`, `1 month`, or a plain number of days.
 */
import { invalid } from '../../shared/errors.ts';
import { periodRules } from './period-rules.ts';
import { addMonthsClamped } from './zoned-dates.ts';

export type PeriodUnit = 'd' | 'w' | 'm';

export interface Period {
  amount: number;
  unit: PeriodUnit;
}

export const PERIOD_UNITS: readonly PeriodUnit[] = ['d', 'w', 'm'];

const UNIT_NAMES: Record<PeriodUnit, [string, string]> = { d: ['day', 'days'], w: ['week', 'weeks'], m: ['month', 'months'] };

const UNIT_WORDS: Record<string, PeriodUnit> = {
  d: 'd', day: 'd', days: 'd', w: 'w', week: 'w', weeks: 'w', m: 'm', month: 'm', months: 'm',
};

/** What a bad period is told, with the accepted forms. */
export const PERIOD_FORMAT_MESSAGE = 'must be a period such as 30d, 4w or 1m (whole days, weeks or months)';

/** Why 0 is refused (GDPR Art 28(2)): the period exists to let the customer object. */
export const ZERO_PERIOD_MESSAGE = 'must be at least 1 day: a 0-day notice leaves the customer no opportunity to object (GDPR Art 28(2))';

/**
 * Reads a period without throwing: the period, or the problem to report against the caller's field.
 * @example checkPeriod('1 month') // { period: { amount: 1, unit: 'm' } }
 */
export function checkPeriod(value: unknown): { period: Period; problem?: undefined } | { period?: undefined; problem: string } {
  let amount: number;
  let unit: PeriodUnit;
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return { problem: PERIOD_FORMAT_MESSAGE };
    if (value < 0) return { problem: PERIOD_FORMAT_MESSAGE };
    [amount, unit] = [value, 'd'];
  } else if (typeof value === 'string') {
    const m = /^\s*(\d{1,6})\s*([a-z]*)\s*$/i.exec(value);
    const u = m ? (m[2] === '' ? 'd' : UNIT_WORDS[m[2].toLowerCase()]) : undefined;
    if (!m || !u) return { problem: PERIOD_FORMAT_MESSAGE };
    [amount, unit] = [Number(m[1]), u];
  } else {
    return { problem: PERIOD_FORMAT_MESSAGE };
  }
  const { limits } = periodRules();
  if (amount === 0 || (unit === 'd' && amount < limits.minimumDays)) return { problem: ZERO_PERIOD_MESSAGE };
  if (amount > limits.maximum[unit]) return { problem: `must be from 1 to ${limits.maximum[unit]} ${UNIT_NAMES[unit][1]}` };
  return { period: { amount, unit } };
}

/**
 * Reads a period, or throws a validation error naming `field`.
 * @example parsePeriod('30 days') // { amount: 30, unit: 'd' }
 */
export function parsePeriod(value: unknown, field = 'period'): Period {
  const r = checkPeriod(value);
  if (r.problem !== undefined) throw invalid(field, r.problem);
  return r.period;
}

/**
 * The stored form: `30d`, `4w`, `1m`.
 * @example formatPeriod({ amount: 1, unit: 'm' }) // '1m'
 */
export const formatPeriod = (p: Period): string => `${p.amount}${p.unit}`;

/**
 * The period as people read it: "1 day", "30 days", "4 weeks", "1 month".
 * @example periodLabel('1m') // '1 month'
 */
export function periodLabel(p: Period | string): string {
  // A stored form is labelled as it is, even one no longer accepted (0d from before periods).
  const stored = typeof p === 'string' ? /^(\d+)([dwm])$/.exec(p) : null;
  const { amount, unit } = stored ? { amount: Number(stored[1]), unit: stored[2] as PeriodUnit } : typeof p === 'string' ? parsePeriod(p) : p;
  return `${amount} ${UNIT_NAMES[unit][amount === 1 ? 0 : 1]}`;
}

const shortestMonths = new Map<number, number>();

/**
 * The fewest calendar days the period can last before any roll-over (days: n; weeks: 7n; months:
 * the shortest run of n months, e.g. 28 for one month). For fields that can only hold days.
 */
export function shortestLengthInDays(p: Period | string): number {
  const { amount, unit } = typeof p === 'string' ? parsePeriod(p) : p;
  if (unit === 'd') return amount;
  if (unit === 'w') return amount * 7;
  let shortest = shortestMonths.get(amount);
  if (shortest === undefined) {
    shortest = Infinity;
    // Four years cover every month length and a leap day.
    for (let t = Date.UTC(2024, 0, 1); t < Date.UTC(2028, 0, 1); t += 86_400_000) {
      const start = new Date(t).toISOString().slice(0, 10);
      shortest = Math.min(shortest, (Date.parse(`${addMonthsClamped(start, amount)}T00:00:00Z`) - t) / 86_400_000);
    }
    shortestMonths.set(amount, shortest);
  }
  return shortest;
}
