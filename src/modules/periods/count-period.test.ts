import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AppError } from '../../shared/errors.ts';
import { addPeriod, addWorkingDays, isWorkingDay } from './count-period.ts';

// Every expected date below was counted by hand on a printed calendar. Articles are those of
// Regulation (EEC, Euratom) No 1182/71 (http://data.europa.eu/eli/reg/1971/1182/oj); holidays are
// the statutory ones of the place named (German Länder laws on Sunday and public holidays, French
// Code du travail Art L3133-1), as the date-holidays data carries them.
const end = (start: string, period: string, calendar: string | null = null) => addPeriod(start, period, calendar).endsOn;

describe('addPeriod: days and weekends', () => {
  it('does not count the day of the event', () => {
    // Art 3(1): 1 day from Wednesday 1 Apr 2026 is Thursday 2 Apr (a working day).
    assert.equal(end('2026-04-01', '1d'), '2026-04-02');
  });

  it('moves a last day on a Sunday to the Monday', () => {
    // Art 3(2)(b), 3(4): 30 Jan 2026 + 30 days = Sunday 1 Mar 2026 → Monday 2 Mar.
    assert.equal(end('2026-01-30', '30d'), '2026-03-02');
  });

  it('moves a last day on a Saturday to the Monday', () => {
    // Art 3(4): 31 Jan 2026 + 14 days = Saturday 14 Feb 2026 → Monday 16 Feb.
    assert.equal(end('2026-01-31', '14d'), '2026-02-16');
  });
});

describe('addPeriod: at least two working days (Art 3(5))', () => {
  it('ends two or three days from a Friday on the Tuesday, not the Monday', () => {
    // Friday 30 Jan 2026 + 2 days = Sunday 1 Feb → Monday 2 Feb (Art 3(4)); only Monday is a working
    // day in the period, so it runs to Tuesday 3 Feb (Art 3(5)). + 3 days = Monday 2 Feb: same.
    assert.equal(end('2026-01-30', '2d'), '2026-02-03');
    assert.equal(end('2026-01-30', '3d'), '2026-02-03');
  });

  it('leaves a one-day period and one that already holds two working days alone', () => {
    // Art 3(5) is about periods of two days or more: 1 day from Friday 30 Jan = Saturday → Monday 2 Feb.
    assert.equal(end('2026-01-30', '1d'), '2026-02-02');
    // Thursday 29 Jan + 2 days = Saturday 31 Jan → Monday 2 Feb; Friday 30 Jan and Monday 2 Feb are two working days.
    assert.equal(end('2026-01-29', '2d'), '2026-02-02');
  });

  it('counts public holidays as non-working days when looking for the two working days', () => {
    // Thursday 24 Dec 2026 + 2 days = Saturday 26 Dec → Monday 28 Dec (Art 3(4)). In DE, 25 and 26 Dec
    // are public holidays (1st and 2nd Christmas Day), so Monday is the only working day → Tuesday 29 Dec.
    assert.equal(end('2026-12-24', '2d', 'DE'), '2026-12-29');
    // Weekends only: Friday 25 Dec and Monday 28 Dec are two working days.
    assert.equal(end('2026-12-24', '2d'), '2026-12-28');
  });
});

describe('addPeriod: public holidays (Art 3(4), Art 2(1))', () => {
  it('moves past Christmas in Germany (25 and 26 December) and the weekend after', () => {
    // 24 Dec 2026 + 1 day = Friday 25 Dec (Christmas Day), then Saturday 26 Dec (2nd Christmas Day), Sunday 27 → Monday 28 Dec.
    assert.equal(end('2026-12-24', '1d', 'DE'), '2026-12-28');
    assert.equal(end('2026-12-24', '1d'), '2026-12-25');
  });

  it('moves past Easter Monday, a public holiday in every German Land', () => {
    // Easter Sunday 2026 is 5 April. 6 Mar 2026 + 1 month = Monday 6 Apr (Easter Monday) → Tuesday 7 Apr.
    assert.equal(end('2026-03-06', '1m', 'DE'), '2026-04-07');
    assert.equal(end('2026-03-06', '1m'), '2026-04-06');
    // Friday 27 Mar + 1 week = Friday 3 Apr (Good Friday), Sat, Sun, Monday 6 Apr (Easter Monday) → Tuesday 7 Apr.
    assert.equal(end('2026-03-27', '1w', 'DE'), '2026-04-07');
  });

  it('moves past 1 May in France and Germany', () => {
    // 1 Apr 2026 + 1 month = Friday 1 May 2026 (Fête du Travail, Code du travail L3133-1; Tag der Arbeit in DE) → Monday 4 May.
    assert.equal(end('2026-04-01', '1m', 'FR'), '2026-05-04');
    assert.equal(end('2026-04-01', '1m', 'DE-BE'), '2026-05-04');
    assert.equal(end('2026-04-01', '1m'), '2026-05-01');
  });

  it('uses the holidays of the subdivision: All Saints in Bavaria, not in Berlin', () => {
    // 1 Oct 2027 + 1 month = Monday 1 Nov 2027. All Saints (1 Nov) is a public holiday in DE-BY
    // (Bavarian Feiertagsgesetz Art 1) but not in DE-BE, nor nationally → Tuesday 2 Nov in Bavaria only.
    assert.equal(end('2027-10-01', '1m', 'DE-BY'), '2027-11-02');
    assert.equal(end('2027-10-01', '1m', 'DE-BE'), '2027-11-01');
    assert.equal(end('2027-10-01', '1m', 'DE'), '2027-11-01');
    // Corpus Christi 2026 is Thursday 4 June (Easter + 60 days): a public holiday in DE-BY, not in DE-BE.
    assert.equal(end('2026-05-28', '1w', 'DE-BY'), '2026-06-05');
    assert.equal(end('2026-05-28', '1w', 'DE-BE'), '2026-06-04');
  });

  it('explains each step, naming the holiday', () => {
    // 1 Nov 2026 is a Sunday; All Saints (1 Nov) is a public holiday in DE-BY but not in DE-BE: both end on Monday 2 Nov.
    const by = addPeriod('2026-10-01', '31d', 'de-by');
    const be = addPeriod('2026-10-01', '31d', 'DE-BE');
    assert.deepEqual([by.endsOn, be.endsOn], ['2026-11-02', '2026-11-02']);
    assert.deepEqual(by.steps, [
      'Working days: Monday to Friday, except the public holidays of DE-BY.',
      'The day of the event, Thursday 2026-10-01, is not counted (Art 3(1)).',
      '31 days from 2026-10-01 end on Sunday 2026-11-01 (Art 3(2)(b)).',
      "2026-11-01 is a Sunday and a public holiday in DE-BY (All Saints' Day): the period ends on the next working day, Monday 2026-11-02 (Art 3(4)).",
      'Last day: Monday 2026-11-02, until its last hour.',
    ]);
    assert.equal(be.steps[3], '2026-11-01 is a Sunday: the period ends on the next working day, Monday 2026-11-02 (Art 3(4)).');
    assert.match(addPeriod('2026-01-30', '2d', null).steps.join('\n'), /there is one working day; a period of two days or more includes at least two working days, so it ends on Tuesday 2026-02-03 \(Art 3\(5\)\)/);
  });

  it('tells working days from weekends and holidays', () => {
    // Epiphany (6 Jan) is a public holiday in DE-BY, not in DE-BE; 6 Jan 2026 is a Tuesday.
    assert.deepEqual([isWorkingDay('2026-01-06', 'DE-BY'), isWorkingDay('2026-01-06', 'DE-BE'), isWorkingDay('2026-01-06', null)], [false, true, true]);
    assert.deepEqual([isWorkingDay('2026-01-31', null), isWorkingDay('2026-02-01', null), isWorkingDay('2026-02-02', null)], [false, false, true]);
  });
});

describe('addPeriod: weeks and months (Art 3(2)(c))', () => {
  it('ends a period in weeks on the same weekday', () => {
    // Friday 30 Jan 2026 + 4 weeks = Friday 27 Feb 2026.
    assert.equal(end('2026-01-30', '4w'), '2026-02-27');
  });

  it('ends a period in months on the same date, or the last day of a shorter month', () => {
    // 31 Jan 2025 + 1 month: February has no 31st → Friday 28 Feb 2025.
    assert.equal(end('2025-01-31', '1m'), '2025-02-28');
    // 30 Apr 2025 + 1 month = Friday 30 May 2025 (the same date, not the end of May).
    assert.equal(end('2025-04-30', '1m'), '2025-05-30');
    // 31 Mar 2026 + 1 month = Thursday 30 Apr 2026 (April has no 31st).
    assert.equal(end('2026-03-31', '1m'), '2026-04-30');
    // 31 Jan 2026 + 1 month = Saturday 28 Feb 2026 → Monday 2 Mar (Art 3(4)).
    const r = addPeriod('2026-01-31', '1m', null);
    assert.equal(r.endsOn, '2026-03-02');
    assert.match(r.steps[2], /no such day, so on the last day of that month, Saturday 2026-02-28/);
  });

  it('knows leap years', () => {
    // 2028 is a leap year: 31 Jan 2028 + 1 month = Tuesday 29 Feb 2028.
    assert.equal(end('2028-01-31', '1m'), '2028-02-29');
    // 29 Feb 2028 + 12 months: 2029 has no 29 Feb → Wednesday 28 Feb 2029.
    assert.equal(end('2028-02-29', '12m'), '2029-02-28');
    // 28 Feb 2027 + 12 months = Monday 28 Feb 2028 (the same date, not the 29th).
    assert.equal(end('2027-02-28', '12m'), '2028-02-28');
    // 31 Jan + 30 days: Wednesday 1 Mar 2028 in a leap year, Monday 2 Mar 2026 (Sunday 1 Mar rolled) otherwise.
    assert.equal(end('2028-01-31', '30d'), '2028-03-01');
    assert.equal(end('2026-01-31', '30d'), '2026-03-02');
  });
});

describe('addPeriod: refusals', () => {
  const fails = (f: () => unknown, pattern: RegExp) => assert.throws(f, (e: unknown) => {
    assert.match((e as AppError).message, pattern);
    assert.equal((e as AppError).status, 400);
    return true;
  });

  it('refuses a 0-day period: it leaves no opportunity to object (GDPR Art 28(2))', () => {
    fails(() => addPeriod('2026-01-30', '0d', null), /^period: must be at least 1 day: a 0-day notice leaves the customer no opportunity to object \(GDPR Art 28\(2\)\)$/);
  });

  it('refuses an unknown calendar and a date that does not exist', () => {
    fails(() => addPeriod('2026-01-30', '1d', 'DE-XX'), /^calendar: .*DE has no subdivision XX/);
    fails(() => addPeriod('2026-02-30', '1d', null), /^startDate: must be a date as YYYY-MM-DD$/);
  });
});

describe('other laws\' counting methods and working days', () => {
  it("counts CCPA days by California's Code of Civil Procedure §§ 12, 12a, without Art 3(5)", () => {
    // Thursday 15 Oct 2026 + 45 days = Sunday 29 Nov 2026 → Monday 30 Nov (§ 12a).
    const r = addPeriod('2026-10-15', '45d', 'US-CA', 'california-ccp-12');
    assert.deepEqual([r.countedEnd, r.endsOn, r.moved.map((m) => m.date)], ['2026-11-29', '2026-11-30', ['2026-11-29']]);
    assert.match(r.steps.join(' '), /\(CCP § 12a\)/);
  });

  it('knows the California holidays date-holidays lacks, from the rule data (Columbus Day, Lincoln Day)', () => {
    // Monday 12 Oct 2026 (second Monday of October, Cal. Gov. Code § 6700) and Friday 12 Feb 2027.
    assert.deepEqual([isWorkingDay('2026-10-12', 'US-CA'), isWorkingDay('2027-02-12', 'US-CA'), isWorkingDay('2027-02-12', 'US')], [false, false, true]);
  });

  it('counts working days past weekends and holidays', () => {
    // Friday 20 Nov 2026: 23, 24, 25 Nov (3), Thanksgiving 26 and day after 27 skipped, 30 Nov, 1-4 Dec (8), 7, 8 Dec (10).
    assert.equal(addWorkingDays('2026-11-20', 10, 'US-CA').endsOn, '2026-12-08');
  });
});
