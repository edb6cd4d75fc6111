import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

export interface NoticeRules {
  version: string;
  source: { title: string; url: string; articles: string; checked: string };
  rules: { excludeAnnouncementDay: boolean; effectiveAfterLastDay: boolean; rollOverWeekends: boolean };
}

let cached: NoticeRules | null = null;

/** The counting rules (rules/notice-periods.yaml), read on first use. */
export function noticeRules(): NoticeRules {
  cached ??= parse(readFileSync(new URL('./rules/notice-periods.yaml', import.meta.url), 'utf8')) as NoticeRules;
  return cached;
}

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

/** The calendar date of an instant in a time zone. */
export function dateInZone(instant: Date, zone: string): string {
  const p = partsIn(instant, zone);
  return `${String(p.y).padStart(4, '0')}-${String(p.m).padStart(2, '0')}-${String(p.d).padStart(2, '0')}`;
}

export function addDays(date: string, days: number): string {
  const t = new Date(`${date}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + days);
  return t.toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
const weekday = (date: string): number => new Date(`${date}T00:00:00Z`).getUTCDay();

/** The first instant of `date` in `zone` (midnight local time, or the first valid time after a DST gap). */
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

export interface CustomerDates {
  /** The day of the announcement in the customer's zone. */
  announcedOn: string;
  /** The last day of the contractual notice period. */
  noticeEndsOn: string;
  /** The change's start for this customer: the later of the proposed date and the end of notice. */
  effectiveDate: string;
  /** Last day the customer can object (the day before the effective date). */
  windowEndsOn: string;
  effectiveAt: Date;
}

/**
 * Dates of one customer for one change: the notice runs `noticeDays` days from the day after the
 * announcement (in the customer's time zone), ends later on a weekend, and the change takes effect
 * no earlier than the day after it ends, nor before the proposed date.
 */
export function customerDates(input: { announcedAt: Date; noticeDays: number; timeZone: string; proposedDate: string }): CustomerDates {
  const { rules } = noticeRules();
  const announcedOn = dateInZone(input.announcedAt, input.timeZone);
  let noticeEndsOn = addDays(announcedOn, rules.excludeAnnouncementDay ? input.noticeDays : Math.max(0, input.noticeDays - 1));
  if (rules.rollOverWeekends) {
    while (weekday(noticeEndsOn) === 6 || weekday(noticeEndsOn) === 0) noticeEndsOn = addDays(noticeEndsOn, 1);
  }
  const earliest = rules.effectiveAfterLastDay ? addDays(noticeEndsOn, 1) : noticeEndsOn;
  const effectiveDate = input.proposedDate > earliest ? input.proposedDate : earliest;
  return { announcedOn, noticeEndsOn, effectiveDate, windowEndsOn: addDays(effectiveDate, -1), effectiveAt: startOfDayInZone(effectiveDate, input.timeZone) };
}
