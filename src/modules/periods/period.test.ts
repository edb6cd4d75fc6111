import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AppError } from '../../shared/errors.ts';
import { checkPeriod, formatPeriod, parsePeriod, periodLabel, shortestLengthInDays } from './period.ts';
import { periodRules } from './period-rules.ts';

describe('periods', () => {
  it('reads the counting rules with their source, date and switches', () => {
    const r = periodRules();
    assert.equal(r.source.eli, 'http://data.europa.eu/eli/reg/1971/1182/oj');
    assert.equal(r.source.checked, '2026-12-03');
    assert.deepEqual(r.rules, { excludeEventDay: true, sameDateElseLastDayOfMonth: true, rollOverNonWorkingDays: true, atLeastTwoWorkingDays: true, nonWorkingWeekdays: ['saturday', 'sunday'] });
    assert.deepEqual(r.limits, { minimumDays: 1, maximum: { d: 365, w: 52, m: 12 } });
    assert.match(r.holidays.licence, /CC-BY-3\.0/);
  });

  it('reads the stored form, words and plain numbers of days', () => {
    const cases: Array<[unknown, string]> = [['30d', '30d'], ['4w', '4w'], ['1m', '1m'], ['30 days', '30d'], ['4 Weeks', '4w'], ['1 month', '1m'], ['2 months', '2m'], ['1 day', '1d'], [' 14 ', '14d'], [45, '45d'], ['12M', '12m']];
    for (const [input, stored] of cases) assert.equal(formatPeriod(parsePeriod(input)), stored, String(input));
  });

  it('labels periods as people read them', () => {
    assert.deepEqual(['1d', '30d', '1w', '4w', '1m', '3m'].map(periodLabel), ['1 day', '30 days', '1 week', '4 weeks', '1 month', '3 months']);
  });

  it('keeps each unit within a year and refuses other forms', () => {
    assert.deepEqual(['365d', '52w', '12m'].map((p) => checkPeriod(p).problem), [undefined, undefined, undefined]);
    assert.deepEqual(['366d', '53w', '13m'].map((p) => checkPeriod(p).problem), ['must be from 1 to 365 days', 'must be from 1 to 52 weeks', 'must be from 1 to 12 months']);
    for (const bad of ['', 'thirty', '2.5', '-3', '1y', '30 d d', 2.5, -1, true, null, {}]) {
      assert.equal(checkPeriod(bad).problem, 'must be a period such as 30d, 4w or 1m (whole days, weeks or months)', String(bad));
    }
  });

  it('refuses 0 in every unit, explaining why', () => {
    for (const zero of ['0d', '0w', '0m', 0, '0']) assert.match(checkPeriod(zero).problem ?? '', /a 0-day notice leaves the customer no opportunity to object \(GDPR Art 28\(2\)\)/);
    assert.throws(() => parsePeriod('0d', 'noticePeriod'), (e: unknown) => (e as AppError).message.startsWith('noticePeriod: must be at least 1 day'));
  });

  it('gives the fewest days a period lasts, for fields that only hold days', () => {
    // One month from 31 Jan (or 1 Feb) of a common year lasts 28 days; two months from 31 Dec to 28 Feb, 59.
    assert.deepEqual(['30d', '2w', '1m', '2m', '12m'].map(shortestLengthInDays), [30, 14, 28, 59, 365]);
  });
});
