import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addDays, addMonthsClamped, dateInZone, startOfDayInZone, weekdayName } from './zoned-dates.ts';

// Time zone facts from the IANA tz database: Berlin and Paris move to summer time (UTC+2) at 01:00
// UTC on Sunday 29 Mar 2026 and back (UTC+1) at 01:00 UTC on Sunday 25 Oct 2026; New York is UTC-5
// in winter; Santiago de Chile moves from 24:00 on Saturday 5 Sep 2026 to 01:00 (UTC-4 → UTC-3).
describe('zoned dates', () => {
  it('finds the start of a day on both sides of a daylight-saving change', () => {
    assert.equal(startOfDayInZone('2026-03-29', 'Europe/Berlin').toISOString(), '2026-03-28T23:00:00.000Z');
    assert.equal(startOfDayInZone('2026-03-30', 'Europe/Berlin').toISOString(), '2026-03-29T22:00:00.000Z');
    assert.equal(startOfDayInZone('2026-10-25', 'Europe/Berlin').toISOString(), '2026-10-24T22:00:00.000Z');
    assert.equal(startOfDayInZone('2026-10-26', 'Europe/Berlin').toISOString(), '2026-10-25T23:00:00.000Z');
    assert.equal(startOfDayInZone('2026-03-29', 'Europe/Paris').toISOString(), '2026-03-28T23:00:00.000Z');
  });

  it('starts a day whose midnight does not exist at its first hour', () => {
    // 6 Sep 2026 in Santiago begins at 01:00 (UTC-3) = 04:00 UTC.
    assert.equal(startOfDayInZone('2026-09-06', 'America/Santiago').toISOString(), '2026-09-06T04:00:00.000Z');
  });

  it('gives the date of an instant in a zone, on both sides of midnight', () => {
    // 23:30 UTC on 31 Jan 2026 is 00:30 on 1 Feb in Paris and 18:30 on 31 Jan in New York.
    const at = new Date('2026-01-31T23:30:00Z');
    assert.deepEqual([dateInZone(at, 'Europe/Paris'), dateInZone(at, 'America/New_York'), dateInZone(at, 'UTC')], ['2026-02-01', '2026-01-31', '2026-01-31']);
    assert.equal(dateInZone(new Date('2026-03-28T23:00:00Z'), 'Europe/Berlin'), '2026-03-29');
  });

  it('adds days and months on the calendar', () => {
    assert.deepEqual([addDays('2028-02-28', 1), addDays('2026-02-28', 1), addDays('2026-03-01', -1), addDays('2026-12-31', 1)], ['2028-02-29', '2026-03-01', '2026-02-28', '2027-01-01']);
    assert.deepEqual([addMonthsClamped('2026-01-31', 1), addMonthsClamped('2028-01-31', 1), addMonthsClamped('2026-11-30', 3), addMonthsClamped('2026-12-15', 1)], ['2026-02-28', '2028-02-29', '2027-02-28', '2027-01-15']);
    assert.equal(weekdayName('2026-11-01'), 'Sunday');
  });
});
