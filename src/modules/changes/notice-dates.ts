/**
 * A customer's dates for one sub-processor change: its notice period counted from the
 * announcement by the periods engine (Regulation 1182/71, with public holidays), then the day the
 * change takes effect for it and its last day to object.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { isRealDate } from '../../shared/clock.ts';
import { invalid } from '../../shared/errors.ts';
import { addPeriod } from '../periods/count-period.ts';
import { normaliseCalendar } from '../periods/holidays.ts';
import { formatPeriod, parsePeriod } from '../periods/period.ts';
import { addDays, dateInZone, startOfDayInZone } from '../periods/zoned-dates.ts';
import { isTimeZone } from '../vocab/contract-terms.ts';

// Moved to the periods module; re-exported for callers in the changes module not yet moved.
export { addDays, dateInZone, startOfDayInZone } from '../periods/zoned-dates.ts';

export interface NoticeRules {
  version: string;
  periodRules: string;
  rules: { effectiveAfterLastDay: boolean; calendarFallback: string[] };
}

let cached: NoticeRules | null = null;

/** The changes module's own choices (rules/notice-periods.yaml), read on first use. */
export function noticeRules(): NoticeRules {
  cached ??= parse(readFileSync(new URL('./rules/notice-periods.yaml', import.meta.url), 'utf8')) as NoticeRules;
  return cached;
}

export interface CustomerDatesInput {
  announcedAt: Date;
  /** The notice period: `30d`, `4w`, `1m` (or `30 days`, `1 month`). */
  period?: string;
  /** Instead of `period`: a notice period in days (older callers). */
  noticeDays?: number;
  /** IANA time zone the dates are counted in. */
  timeZone: string;
  /** YYYY-MM-DD: the change takes effect no earlier. */
  proposedDate: string;
  /** ISO 3166-1 or 3166-2 code whose public holidays count; null or absent: weekends only. */
  calendar?: string | null;
}

export interface CustomerDates {
  /** The day of the announcement in the customer's zone. */
  announcedOn: string;
  /** The last day of the contractual notice period. */
  noticeEndsOn: string;
  /** The change's start for this customer: the later of the proposed date and the day after the end of notice. */
  effectiveDate: string;
  /** Last day the customer can object (the day before the effective date). */
  lastDayToObject: string;
  /** Same as `lastDayToObject`, kept for existing callers. */
  windowEndsOn: string;
  /** The start of `effectiveDate` in the customer's zone. */
  effectiveAt: Date;
  /** The period as counted (`30d`, `1m`). */
  period: string;
  /** The calendar whose holidays counted, or null (weekends only). */
  calendar: string | null;
  /** How the end of notice was found (the periods engine's ledger). */
  steps: string[];
}

/**
 * Dates of one customer for one change: the notice period runs from the day of the announcement
 * in the customer's time zone and ends per Regulation 1182/71 (a day, weekend or public holiday
 * of `calendar` moves it to the next working day); the change takes effect no earlier than the
 * day after it ends, nor before the proposed date.
 * @example customerDates({ announcedAt: new Date('2026-01-31T12:00:00Z'), period: '1m', timeZone: 'UTC', proposedDate: '2026-02-15', calendar: null }).effectiveDate // '2026-03-03'
 */
export function customerDates(input: CustomerDatesInput): CustomerDates {
  const period = input.period !== undefined ? parsePeriod(input.period, 'period') : parsePeriod(input.noticeDays, 'noticeDays');
  if (!isTimeZone(input.timeZone)) throw invalid('timeZone', 'must be an IANA time zone such as Europe/Paris, or UTC');
  if (!isRealDate(input.proposedDate)) throw invalid('proposedDate', 'must be a date as YYYY-MM-DD');
  const { rules } = noticeRules();
  const calendar = input.calendar ?? null;
  const announcedOn = dateInZone(input.announcedAt, input.timeZone);
  const { endsOn: noticeEndsOn, steps } = addPeriod(announcedOn, period, calendar);
  const earliest = rules.effectiveAfterLastDay ? addDays(noticeEndsOn, 1) : noticeEndsOn;
  const effectiveDate = input.proposedDate > earliest ? input.proposedDate : earliest;
  const lastDayToObject = addDays(effectiveDate, -1);
  return {
    announcedOn, noticeEndsOn, effectiveDate, lastDayToObject, windowEndsOn: lastDayToObject,
    effectiveAt: startOfDayInZone(effectiveDate, input.timeZone), period: formatPeriod(period), calendar: calendar && normaliseCalendar(calendar), steps,
  };
}
