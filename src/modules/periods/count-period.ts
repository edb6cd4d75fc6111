/**
 * Counting a period from an event the way Regulation (EEC, Euratom) No 1182/71 counts the periods
 * of EU law (rules/periods.yaml): pure functions over calendar dates, with a ledger of the steps
 * taken so a deadline can be explained to the people it binds.
 */
import { isRealDate } from '../../shared/clock.ts';
import { invalid } from '../../shared/errors.ts';
import { calendarProblem, holidayOn, normaliseCalendar } from './holidays.ts';
import { type Period, parsePeriod, periodLabel } from './period.ts';
import { type CountingMethod, countingMethod, type CountingRules, periodRules } from './period-rules.ts';
import { addDays, addMonthsClamped, weekday, weekdayName } from './zoned-dates.ts';

/** A day a period's end moved past, and why (e.g. "a public holiday in FR (New Year's Day)"). */
export interface MovedDay {
  date: string;
  reason: string;
}

/** The last day of a period and how it was found. */
export interface PeriodEnd {
  /** The last day of the period (YYYY-MM-DD): it ends at the expiry of that day's last hour. */
  endsOn: string;
  /** The last day by the plain count, before any move past non-working days. */
  countedEnd: string;
  /** The days the end moved past, in order. */
  moved: MovedDay[];
  /** One sentence per rule applied, citing the article of 1182/71 (or of the method's law). */
  steps: string[];
  /** The counting method used, with its source. */
  method: Pick<CountingMethod, 'id' | 'title' | 'url' | 'verified'>;
}

const day = (date: string) => `${weekdayName(date)} ${date}`;

/**
 * Why `date` is not a working day (Art 2(2): public holidays, Saturdays and Sundays), e.g.
 * "a Sunday and a public holiday in DE-BY (All Saints' Day)", or null on a working day.
 */
export function nonWorkingReason(date: string, calendar: string | null, rules: CountingRules = periodRules().rules): string | null {
  const wd = weekday(date);
  const reasons: string[] = [];
  if ((wd === 6 && rules.nonWorkingWeekdays.includes('saturday')) || (wd === 0 && rules.nonWorkingWeekdays.includes('sunday'))) reasons.push(`a ${weekdayName(date)}`);
  const holiday = calendar ? holidayOn(date, calendar) : null;
  if (holiday) reasons.push(`a public holiday in ${normaliseCalendar(calendar as string)} (${holiday})`);
  return reasons.length ? reasons.join(' and ') : null;
}

/**
 * Whether `date` is a working day: not a Saturday, Sunday or public holiday of `calendar`
 * (ISO 3166-1 or 3166-2; null: weekends only).
 * @example isWorkingDay('2026-11-02', 'DE-BY') // true (a Monday; All Saints was the day before)
 */
export const isWorkingDay = (date: string, calendar: string | null, rules?: CountingRules): boolean => nonWorkingReason(date, calendar, rules) === null;

/** The date itself when it is a working day, else the next one, with the days skipped and why. */
function nextWorkingDay(date: string, calendar: string | null, rules: CountingRules): { date: string; skipped: MovedDay[] } {
  const skipped: MovedDay[] = [];
  let d = date;
  for (let reason = nonWorkingReason(d, calendar, rules); reason !== null; reason = nonWorkingReason(d, calendar, rules)) {
    skipped.push({ date: d, reason });
    d = addDays(d, 1);
    if (skipped.length > 366) throw new Error(`no working day within a year after ${date} in ${calendar}`);
  }
  return { date: d, skipped };
}

/** Checks the start date and calendar of a count; the calendar upper-cased, or null. */
function checkStart(startDate: string, calendar: string | null): string | null {
  if (!isRealDate(startDate)) throw invalid('startDate', 'must be a date as YYYY-MM-DD');
  const problem = calendar === null ? null : calendarProblem(calendar);
  if (problem) throw invalid('calendar', problem);
  return calendar === null ? null : normaliseCalendar(calendar);
}

const methodSummary = (m: CountingMethod): PeriodEnd['method'] => ({ id: m.id, title: m.title, url: m.url, ...(m.verified === false ? { verified: false } : {}) });

/**
 * The last day of `period` counted from the event on `startDate` (Regulation 1182/71): the event
 * day is not counted (Art 3(1)); days end n days later, weeks on the same weekday, months on the
 * same date or else the last day of that month (Art 3(2)(b), (c)); a last day that is a Saturday,
 * Sunday or public holiday of `calendar` moves to the next working day (Art 3(4)); a period of two
 * days or more includes at least two working days (Art 3(5)). `calendar`: ISO 3166-1 or 3166-2
 * code whose public holidays count; null: weekends only. `methodId`: another law's way of counting
 * (periods.yaml `methods`, e.g. `california-ccp-12`), cited in the steps instead of 1182/71.
 * @example addPeriod('2026-01-30', '2d', null).endsOn // '2026-02-03' (Sunday → Monday, then Art 3(5) → Tuesday)
 */
export function addPeriod(startDate: string, period: Period | string, calendar: string | null, methodId?: string): PeriodEnd {
  const cal = checkStart(startDate, calendar);
  const p = typeof period === 'string' ? parsePeriod(period) : parsePeriod(`${period.amount}${period.unit}`);
  const method = countingMethod(methodId);
  const { rules, cite } = method;
  const label = periodLabel(p);
  const ends = p.amount === 1 ? 'ends' : 'end';
  const steps: string[] = [
    cal ? `Working days: Monday to Friday, except the public holidays of ${cal}.` : 'Working days: Monday to Friday (no holiday calendar, so public holidays are not known).',
  ];

  // Art 3(1): the event day is not counted, so the period runs from it and its first day is the next.
  const shift = rules.excludeEventDay ? 0 : -1;
  steps.push(rules.excludeEventDay
    ? `The day of the event, ${day(startDate)}, is not counted (${cite.eventDay}).`
    : `The day of the event, ${day(startDate)}, is counted (rules: excludeEventDay is off).`);
  let end: string;
  if (p.unit === 'd') {
    end = addDays(startDate, p.amount + shift);
    steps.push(`${label} from ${startDate} ${ends} on ${day(end)} (${cite.days}).`);
  } else if (p.unit === 'w') {
    end = addDays(startDate, 7 * p.amount + shift);
    steps.push(`${label} from ${day(startDate)} ${ends} on the same weekday, ${day(end)} (${cite.weeks}).`);
  } else {
    const same = rules.sameDateElseLastDayOfMonth ? addMonthsClamped(startDate, p.amount) : overflowMonths(startDate, p.amount);
    end = addDays(same, shift);
    const clamped = same.slice(8) !== startDate.slice(8);
    steps.push(clamped && rules.sameDateElseLastDayOfMonth
      ? `${label} from ${startDate} would end on day ${Number(startDate.slice(8))} of a month that has no such day, so on the last day of that month, ${day(end)} (${cite.months}).`
      : `${label} from ${startDate} ${ends} on the same date, ${day(end)} (${cite.months}).`);
  }

  const countedEnd = end;
  const moved: MovedDay[] = [];
  if (rules.rollOverNonWorkingDays) {
    const next = nextWorkingDay(end, cal, rules);
    if (next.skipped.length) {
      steps.push(`${next.skipped.map((m) => `${m.date} is ${m.reason}`).join('; ')}: the period ends on the next working day, ${day(next.date)} (${cite.rollOver}).`);
      moved.push(...next.skipped);
      end = next.date;
    }
  }

  if (rules.atLeastTwoWorkingDays && (p.unit !== 'd' || p.amount >= 2)) {
    const first = addDays(startDate, 1 + shift);
    let working = 0;
    for (let d = first; d <= end; d = addDays(d, 1)) if (isWorkingDay(d, cal, rules)) working++;
    if (working < 2) {
      const [before, found] = [end, working];
      while (working < 2) {
        moved.push({ date: end, reason: `a working day, but a period of two days or more needs two (${cite.twoWorkingDays})` });
        const next = nextWorkingDay(addDays(end, 1), cal, rules);
        moved.push(...next.skipped);
        end = next.date;
        working++;
      }
      steps.push(`From ${first} to ${before} there ${found === 1 ? 'is one working day' : 'are no working days'}; a period of two days or more includes at least two working days, so it ends on ${day(end)} (${cite.twoWorkingDays}).`);
    }
  }
  steps.push(`Last day: ${day(end)}, until its last hour.`);
  return { endsOn: end, countedEnd, moved, steps, method: methodSummary(method) };
}

/**
 * The `count`th working day after `startDate` (which is not counted): business-day periods such
 * as the CCPA's 10 business days to confirm receipt (11 CCR § 7021(a)). Working days are those of
 * the method (Monday to Friday by default) that are not public holidays of `calendar`.
 * @example addWorkingDays('2026-11-20', 10, 'US-CA').endsOn // '2026-12-08' (26, 27 Nov are holidays in US-CA)
 */
export function addWorkingDays(startDate: string, count: number, calendar: string | null, methodId?: string): PeriodEnd {
  const cal = checkStart(startDate, calendar);
  if (!Number.isInteger(count) || count < 1 || count > periodRules().limits.maximum.d) throw invalid('count', `must be a whole number of working days from 1 to ${periodRules().limits.maximum.d}`);
  const method = countingMethod(methodId);
  const moved: MovedDay[] = [];
  let d = startDate;
  for (let n = 0; n < count;) {
    d = addDays(d, 1);
    const reason = nonWorkingReason(d, cal, method.rules);
    if (reason === null) n++;
    else moved.push({ date: d, reason });
  }
  const steps = [
    cal ? `Working days: Monday to Friday, except the public holidays of ${cal}.` : 'Working days: Monday to Friday (no holiday calendar, so public holidays are not known).',
    `The day of the event, ${day(startDate)}, is not counted (${method.cite.eventDay}).`,
    moved.length ? `Not counted as working days: ${moved.map((m) => `${m.date} (${m.reason})`).join('; ')}.` : 'Every day counted was a working day.',
    `Working day ${count} after ${startDate} is ${day(d)}.`,
    `Last day: ${day(d)}, until its last hour.`,
  ];
  return { endsOn: d, countedEnd: d, moved, steps, method: methodSummary(method) };
}

/** Months without Art 3(2)(c)'s clamp: a missing date runs into the next month (31 Jan + 1 = 3 Mar). */
function overflowMonths(date: string, months: number): string {
  const t = new Date(`${date}T00:00:00Z`);
  t.setUTCMonth(t.getUTCMonth() + months);
  return t.toISOString().slice(0, 10);
}
