import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runTrustroom } from '../../../test/cli.ts';

const dates = (...args: string[]) => runTrustroom(['changes', 'dates', ...args], {});

// Hand-counted with Regulation 1182/71 Arts 3(1), 3(2)(c), 3(4); zone offsets from the IANA tz database.
describe('trustroom changes dates', () => {
  it('prints the dates as JSON, counted from the announcement day in the customer time zone', async () => {
    // 23:30 UTC on Saturday 31 Jan 2026 is already Sunday 1 Feb in Paris: 1 month = Sunday 1 Mar → Monday 2 Mar;
    // in effect Tuesday 3 Mar at 00:00 in Paris (UTC+1).
    const paris = await dates('--announced-at', '2026-01-31T23:30:00Z', '--time-zone', 'Europe/Paris', '--notice', '1m', '--proposed-date', '2026-02-02', '--json');
    assert.equal(paris.code, 0, paris.stderr);
    assert.equal(paris.stdout, '{"announcedOn":"2026-02-01","noticeEndsOn":"2026-03-02","effectiveDate":"2026-03-03","lastDayToObject":"2026-03-02","effectiveAt":"2026-03-02T23:00:00.000Z"}\n');
    // Still Saturday 31 Jan in New York: 1 month = Saturday 28 Feb (February has no 31st) → Monday 2 Mar; 00:00 UTC-5.
    const newYork = await dates('--announced-at', '2026-01-31T23:30:00Z', '--time-zone', 'America/New_York', '--notice', '1m', '--proposed-date', '2026-02-02', '--json');
    assert.equal(newYork.code, 0, newYork.stderr);
    assert.deepEqual(JSON.parse(newYork.stdout), { announcedOn: '2026-01-31', noticeEndsOn: '2026-03-02', effectiveDate: '2026-03-03', lastDayToObject: '2026-03-02', effectiveAt: '2026-03-03T05:00:00.000Z' });
  });

  it("counts the public holidays of --country, down to a subdivision's", async () => {
    // 1 Oct 2027 + 1 month = Monday 1 Nov 2027: All Saints, a public holiday in DE-BY but not in DE-BE.
    const run = (country: string) => dates('--announced-at', '2027-10-01T08:00:00Z', '--time-zone', 'Europe/Berlin', '--notice', '1m', '--proposed-date', '2027-10-15', '--country', country, '--json');
    const [by, be] = await Promise.all([run('DE-BY'), run('de-be')]);
    assert.deepEqual([by.code, be.code], [0, 0], by.stderr + be.stderr);
    assert.deepEqual([by.code, JSON.parse(by.stdout)], [0, { announcedOn: '2027-10-01', noticeEndsOn: '2027-11-02', effectiveDate: '2027-11-03', lastDayToObject: '2027-11-02', effectiveAt: '2027-11-02T23:00:00.000Z' }]);
    assert.deepEqual([be.code, JSON.parse(be.stdout)], [0, { announcedOn: '2027-10-01', noticeEndsOn: '2027-11-01', effectiveDate: '2027-11-02', lastDayToObject: '2027-11-01', effectiveAt: '2027-11-01T23:00:00.000Z' }]);
  });

  it('explains the count as text without --json', async () => {
    // Art 3(5): 2 days from Friday 30 Jan 2026 end on Tuesday 3 Feb, weekends only without --country.
    const r = await dates('--announced-at', '2026-01-30T09:00:00Z', '--time-zone', 'UTC', '--notice', '2d', '--proposed-date', '2026-02-01');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Announced on 2026-01-30 \(UTC\); 2 days of notice, weekends only \(no --country\)\.\n/);
    assert.match(r.stdout, /Notice ends on: +2026-02-03\nLast day to object: 2026-02-03\nEffective date: +2026-02-04 \(from 2026-02-04T00:00:00\.000Z\)/);
    assert.match(r.stdout, /at least two working days, so it ends on Tuesday 2026-02-03 \(Art 3\(5\)\)/);
  });

  it('exits 2 naming every bad flag', async () => {
    const r = await dates('--announced-at', '2026-01-30 10:00', '--time-zone', 'Europe/Atlantis', '--notice', '30 fortnights', '--proposed-date', '2026-02-30', '--country', 'DE-XX', '--json');
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    for (const m of [
      /--announced-at: must be an ISO 8601 instant with its offset/,
      /--time-zone: must be an IANA time zone/,
      /--notice: must be a period such as 30d, 4w or 1m/,
      /--proposed-date: must be a date as YYYY-MM-DD/,
      /--country: must be an ISO 3166-2 subdivision with a holiday calendar, such as DE-BY; DE has no subdivision XX/,
    ]) assert.match(r.stderr, m);
  });

  it('exits 2 for a 0-day notice, an unknown country and missing flags', async () => {
    const [zero, country, missing] = await Promise.all([
      dates('--announced-at', '2026-01-30T10:00:00Z', '--time-zone', 'UTC', '--notice', '0d', '--proposed-date', '2026-02-01'),
      dates('--announced-at', '2026-01-30T10:00:00Z', '--time-zone', 'UTC', '--notice', '1w', '--proposed-date', '2026-02-01', '--country', 'QQ'),
      dates('--json'),
    ]);
    assert.deepEqual([zero.code, zero.stderr], [2, 'trustroom: --notice: must be at least 1 day: a 0-day notice leaves the customer no opportunity to object (GDPR Art 28(2))\n']);
    assert.deepEqual([country.code, country.stderr], [2, 'trustroom: --country: must be a country with a holiday calendar; there is none for QQ\n']);
    assert.deepEqual([missing.code, missing.stderr], [2, 'trustroom: --announced-at: is required; --time-zone: is required; --notice: is required; --proposed-date: is required\n']);
  });
});
