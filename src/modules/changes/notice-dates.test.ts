import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isRealDate } from '../../shared/clock.ts';
import { customerDates, dateInZone, noticeRules, startOfDayInZone } from './notice-dates.ts';

// Every expected date below was counted by hand on a calendar (2026-03-01 is a Sunday,
// 2026-02-14 a Saturday, 2028-03-01 a Wednesday; Paris moves to summer time on 2026-03-29).
describe('notice dates', () => {
  it('refuses dates that do not exist without throwing', () => {
    assert.deepEqual(['2026-02-28', '2028-02-29', '2026-02-30', '2025-13-01', '2026-1-5'].map(isRealDate), [true, true, false, false, false]);
  });

  it('reads the counting rules with their source and date', () => {
    const r = noticeRules();
    assert.match(r.source.url, /eli\/reg\/1971\/1182/);
    assert.equal(r.rules.excludeAnnouncementDay, true);
    assert.match(r.version, /^\d{4}-\d{2}-\d{2}$/);
  });

  it('does not count the announcement day and starts the change the day after the notice ends', () => {
    const d = customerDates({ announcedAt: new Date('2026-03-04T10:00:00Z'), noticeDays: 0, timeZone: 'UTC', proposedDate: '2026-03-04' });
    assert.deepEqual([d.noticeEndsOn, d.effectiveDate, d.windowEndsOn], ['2026-03-04', '2026-03-05', '2026-03-04']);
  });

  it('counts across the end of February in a common year', () => {
    const d = customerDates({ announcedAt: new Date('2026-01-31T12:00:00Z'), noticeDays: 30, timeZone: 'UTC', proposedDate: '2026-02-15' });
    // 31 Jan + 30 days = 2 Mar (a Monday); the change starts on 3 Mar.
    assert.deepEqual([d.noticeEndsOn, d.effectiveDate, d.windowEndsOn], ['2026-03-02', '2026-03-03', '2026-03-02']);
  });

  it('counts across the end of February in a leap year', () => {
    const d = customerDates({ announcedAt: new Date('2028-01-31T12:00:00Z'), noticeDays: 30, timeZone: 'UTC', proposedDate: '2028-02-01' });
    assert.deepEqual([d.noticeEndsOn, d.effectiveDate], ['2028-03-01', '2028-03-02']);
  });

  it('moves a notice ending on a Sunday to the Monday', () => {
    const d = customerDates({ announcedAt: new Date('2026-01-30T10:00:00Z'), noticeDays: 30, timeZone: 'Europe/Paris', proposedDate: '2026-02-01' });
    // 30 Jan + 30 days = 1 Mar, a Sunday → Monday 2 Mar; in effect from 3 Mar, 00:00 in Paris (UTC+1).
    assert.deepEqual([d.noticeEndsOn, d.effectiveDate], ['2026-03-02', '2026-03-03']);
    assert.equal(d.effectiveAt.toISOString(), '2026-03-02T23:00:00.000Z');
  });

  it('moves a notice ending on a Saturday to the Monday', () => {
    const d = customerDates({ announcedAt: new Date('2026-01-31T12:00:00Z'), noticeDays: 14, timeZone: 'UTC', proposedDate: '2026-02-01' });
    assert.deepEqual([d.noticeEndsOn, d.effectiveDate], ['2026-02-16', '2026-02-17']);
  });

  it('counts from the announcement day in the customer time zone', () => {
    const at = new Date('2026-01-31T23:30:00Z'); // already 1 February in Paris, still 31 January in New York
    const paris = customerDates({ announcedAt: at, noticeDays: 10, timeZone: 'Europe/Paris', proposedDate: '2026-02-02' });
    const newYork = customerDates({ announcedAt: at, noticeDays: 10, timeZone: 'America/New_York', proposedDate: '2026-02-02' });
    assert.deepEqual([paris.announcedOn, paris.effectiveDate], ['2026-02-01', '2026-02-12']);
    assert.deepEqual([newYork.announcedOn, newYork.effectiveDate], ['2026-01-31', '2026-02-11']);
    assert.equal(newYork.effectiveAt.toISOString(), '2026-02-11T05:00:00.000Z');
  });

  it('keeps the proposed date when it is later than the end of the notice', () => {
    const d = customerDates({ announcedAt: new Date('2026-03-02T09:00:00Z'), noticeDays: 10, timeZone: 'Europe/Paris', proposedDate: '2026-06-01' });
    assert.deepEqual([d.effectiveDate, d.windowEndsOn], ['2026-06-01', '2026-05-31']);
    assert.equal(d.effectiveAt.toISOString(), '2026-05-31T22:00:00.000Z');
  });

  it('finds the start of a day on both sides of a daylight-saving change', () => {
    assert.equal(startOfDayInZone('2026-03-29', 'Europe/Paris').toISOString(), '2026-03-28T23:00:00.000Z');
    assert.equal(startOfDayInZone('2026-03-30', 'Europe/Paris').toISOString(), '2026-03-29T22:00:00.000Z');
    assert.equal(startOfDayInZone('2026-10-25', 'Europe/Paris').toISOString(), '2026-10-24T22:00:00.000Z');
    assert.equal(startOfDayInZone('2026-10-26', 'Europe/Paris').toISOString(), '2026-10-25T23:00:00.000Z');
    assert.equal(dateInZone(new Date('2026-03-28T23:00:00Z'), 'Europe/Paris'), '2026-03-29');
  });
});
