import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isRealDate } from '../../shared/clock.ts';
import type { AppError } from '../../shared/errors.ts';
import { customerDates, noticeRules } from './notice-dates.ts';

// Every expected date below was counted by hand on a calendar (2026-03-01 is a Sunday,
// 2026-02-14 a Saturday, 2028-03-01 a Wednesday), with Regulation 1182/71 Arts 3(1)–(5). Berlin and
// Paris move to summer time on Sunday 29 Mar 2026 and back on Sunday 25 Oct 2026 (IANA tz database).
const dates = (over: Partial<Parameters<typeof customerDates>[0]>) =>
  customerDates({ announcedAt: new Date('2026-03-04T10:00:00Z'), period: '30d', timeZone: 'UTC', proposedDate: '2026-03-05', calendar: null, ...over });

describe('notice dates', () => {
  it('refuses dates that do not exist without throwing', () => {
    assert.deepEqual(['2026-02-28', '2028-02-29', '2026-02-30', '2025-13-01', '2026-1-5'].map(isRealDate), [true, true, false, false, false]);
  });

  it('reads the changes module\'s own choices, pointing at the periods rules', () => {
    const r = noticeRules();
    assert.equal(r.rules.effectiveAfterLastDay, true);
    assert.equal(r.periodRules, 'src/modules/periods/rules/periods.yaml');
    assert.match(r.version, /^\d{4}-\d{2}-\d{2}$/);
  });

  it('does not count the announcement day and starts the change the day after the notice ends', () => {
    // Art 3(1): 1 day from Wednesday 4 Mar 2026 ends Thursday 5 Mar; the change starts Friday 6 Mar.
    const d = dates({ period: '1d' });
    assert.deepEqual([d.announcedOn, d.noticeEndsOn, d.effectiveDate, d.lastDayToObject, d.windowEndsOn], ['2026-03-04', '2026-03-05', '2026-03-06', '2026-03-05', '2026-03-05']);
    assert.deepEqual([d.period, d.calendar], ['1d', null]);
  });

  it('refuses a 0-day notice, and still accepts a number of days from older callers', () => {
    assert.throws(() => dates({ period: '0d' }), (e: unknown) => /^period: must be at least 1 day: a 0-day notice/.test((e as AppError).message));
    assert.throws(() => dates({ period: undefined, noticeDays: 0 }), (e: unknown) => /^noticeDays: must be at least 1 day/.test((e as AppError).message));
    // 31 Jan 2026 + 30 days = 2 Mar (a Monday); the change starts on 3 Mar.
    const d = dates({ period: undefined, noticeDays: 30, announcedAt: new Date('2026-01-31T12:00:00Z'), proposedDate: '2026-02-15' });
    assert.deepEqual([d.noticeEndsOn, d.effectiveDate, d.windowEndsOn, d.period], ['2026-03-02', '2026-03-03', '2026-03-02', '30d']);
  });

  it('counts across the end of February in a leap year', () => {
    // 31 Jan 2028 + 30 days = Wednesday 1 Mar 2028.
    const d = dates({ announcedAt: new Date('2028-01-31T12:00:00Z'), proposedDate: '2028-02-01' });
    assert.deepEqual([d.noticeEndsOn, d.effectiveDate], ['2028-03-01', '2028-03-02']);
  });

  it('moves a notice ending on a Sunday to the Monday', () => {
    // 30 Jan + 30 days = 1 Mar, a Sunday → Monday 2 Mar; in effect from 3 Mar, 00:00 in Paris (UTC+1).
    const d = dates({ announcedAt: new Date('2026-01-30T10:00:00Z'), timeZone: 'Europe/Paris', proposedDate: '2026-02-01' });
    assert.deepEqual([d.noticeEndsOn, d.effectiveDate], ['2026-03-02', '2026-03-03']);
    assert.equal(d.effectiveAt.toISOString(), '2026-03-02T23:00:00.000Z');
    assert.match(d.steps.join('\n'), /2026-03-01 is a Sunday: the period ends on the next working day, Monday 2026-03-02 \(Art 3\(4\)\)/);
  });

  it('counts one month to the same date, or the last day of February', () => {
    // 31 Jan 2026 + 1 month = Saturday 28 Feb → Monday 2 Mar (Art 3(2)(c), 3(4)); in effect 3 Mar.
    const d = dates({ announcedAt: new Date('2026-01-31T12:00:00Z'), period: '1m', proposedDate: '2026-02-10' });
    assert.deepEqual([d.noticeEndsOn, d.effectiveDate, d.lastDayToObject], ['2026-03-02', '2026-03-03', '2026-03-02']);
    // 30 Apr 2025 + 1 month = Friday 30 May 2025: in effect Saturday 31 May.
    const may = dates({ announcedAt: new Date('2025-04-30T12:00:00Z'), period: '1 month', proposedDate: '2025-05-01' });
    assert.deepEqual([may.noticeEndsOn, may.effectiveDate], ['2025-05-30', '2025-05-31']);
  });

  it('skips the public holidays of the customer\'s calendar, down to its subdivision', () => {
    // 1 Oct 2027 + 1 month = Monday 1 Nov 2027, All Saints: a public holiday in DE-BY, not in DE-BE.
    const at = new Date('2027-10-01T08:00:00Z');
    const by = dates({ announcedAt: at, period: '1m', timeZone: 'Europe/Berlin', proposedDate: '2027-10-15', calendar: 'DE-BY' });
    const be = dates({ announcedAt: at, period: '1m', timeZone: 'Europe/Berlin', proposedDate: '2027-10-15', calendar: 'DE-BE' });
    assert.deepEqual([by.noticeEndsOn, by.effectiveDate, by.lastDayToObject, by.calendar], ['2027-11-02', '2027-11-03', '2027-11-02', 'DE-BY']);
    assert.deepEqual([be.noticeEndsOn, be.effectiveDate, be.lastDayToObject], ['2027-11-01', '2027-11-02', '2027-11-01']);
    // Christmas in DE: 24 Dec 2026 + 1 day = Friday 25 Dec, then 26 Dec and Sunday 27 → Monday 28 Dec; in effect 29 Dec.
    const xmas = dates({ announcedAt: new Date('2026-12-24T09:00:00Z'), period: '1d', timeZone: 'Europe/Berlin', proposedDate: '2026-12-25', calendar: 'DE' });
    assert.deepEqual([xmas.noticeEndsOn, xmas.effectiveDate], ['2026-12-28', '2026-12-29']);
  });

  it('starts the change at local midnight on the days clocks change in Berlin', () => {
    // Friday 20 Mar 2026 + 7 days = Friday 27 Mar; proposed Sunday 29 Mar (summer time starts): midnight is still UTC+1.
    const spring = dates({ announcedAt: new Date('2026-03-20T10:00:00Z'), period: '7d', timeZone: 'Europe/Berlin', proposedDate: '2026-03-29' });
    assert.deepEqual([spring.noticeEndsOn, spring.effectiveDate, spring.lastDayToObject], ['2026-03-27', '2026-03-29', '2026-03-28']);
    assert.equal(spring.effectiveAt.toISOString(), '2026-03-28T23:00:00.000Z');
    // Thursday 15 Oct + 7 days = Thursday 22 Oct; proposed Sunday 25 Oct (summer time ends): midnight is still UTC+2.
    const autumn = dates({ announcedAt: new Date('2026-10-15T10:00:00Z'), period: '7d', timeZone: 'Europe/Berlin', proposedDate: '2026-10-25' });
    assert.deepEqual([autumn.effectiveDate, autumn.effectiveAt.toISOString()], ['2026-10-25', '2026-10-24T22:00:00.000Z']);
    // Announced at 23:30 UTC on Saturday 28 Mar = 00:30 on Sunday 29 Mar in Berlin (summer time starts at 01:00 UTC):
    // 1 week = Sunday 5 Apr (Easter) → Monday 6 Apr (Easter Monday, DE) → Tuesday 7 Apr; in effect Wednesday 8 Apr at 00:00 UTC+2.
    const easter = dates({ announcedAt: new Date('2026-03-28T23:30:00Z'), period: '1w', timeZone: 'Europe/Berlin', proposedDate: '2026-04-01', calendar: 'DE' });
    assert.deepEqual([easter.announcedOn, easter.noticeEndsOn, easter.effectiveDate, easter.effectiveAt.toISOString()], ['2026-03-29', '2026-04-07', '2026-04-08', '2026-04-07T22:00:00.000Z']);
  });

  it('counts from the announcement day in the customer time zone, on both sides of midnight', () => {
    // 23:30 UTC on Saturday 31 Jan 2026: already Sunday 1 Feb in Paris, still Saturday 31 Jan in New York.
    const at = new Date('2026-01-31T23:30:00Z');
    const paris = dates({ announcedAt: at, period: '10d', timeZone: 'Europe/Paris', proposedDate: '2026-02-02' });
    const newYork = dates({ announcedAt: at, period: '10d', timeZone: 'America/New_York', proposedDate: '2026-02-02' });
    // Paris: 1 Feb + 10 days = Wednesday 11 Feb → in effect 12 Feb at 00:00 UTC+1. New York: 31 Jan + 10 = Tuesday 10 Feb → 11 Feb at 00:00 UTC-5.
    assert.deepEqual([paris.announcedOn, paris.noticeEndsOn, paris.effectiveDate, paris.effectiveAt.toISOString()], ['2026-02-01', '2026-02-11', '2026-02-12', '2026-02-11T23:00:00.000Z']);
    assert.deepEqual([newYork.announcedOn, newYork.noticeEndsOn, newYork.effectiveDate, newYork.effectiveAt.toISOString()], ['2026-01-31', '2026-02-10', '2026-02-11', '2026-02-11T05:00:00.000Z']);
    // One month: Paris 1 Feb → Sunday 1 Mar → Monday 2 Mar; New York 31 Jan → Saturday 28 Feb → Monday 2 Mar.
    const p1 = dates({ announcedAt: at, period: '1m', timeZone: 'Europe/Paris', proposedDate: '2026-02-02' });
    const n1 = dates({ announcedAt: at, period: '1m', timeZone: 'America/New_York', proposedDate: '2026-02-02' });
    assert.deepEqual([p1.noticeEndsOn, n1.noticeEndsOn], ['2026-03-02', '2026-03-02']);
  });

  it('keeps the proposed date when it is later than the end of the notice', () => {
    const d = dates({ announcedAt: new Date('2026-03-02T09:00:00Z'), period: '10d', timeZone: 'Europe/Paris', proposedDate: '2026-06-01' });
    assert.deepEqual([d.effectiveDate, d.lastDayToObject], ['2026-06-01', '2026-05-31']);
    assert.equal(d.effectiveAt.toISOString(), '2026-05-31T22:00:00.000Z');
  });

  it('names a bad time zone, proposed date and calendar', () => {
    const fails = (over: Partial<Parameters<typeof customerDates>[0]>, field: string) =>
      assert.throws(() => dates(over), (e: unknown) => (e as AppError).message.startsWith(`${field}: `));
    fails({ timeZone: 'Mars/Olympus' }, 'timeZone');
    fails({ proposedDate: '2026-02-30' }, 'proposedDate');
    fails({ calendar: 'XX' }, 'calendar');
  });
});
