import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AppError } from '../../shared/errors.ts';
import { calendarProblem, holidayOn, isCalendarCode, publicHolidays, resolveCalendar } from './holidays.ts';

describe('public holidays', () => {
  it('gives a subdivision its own holidays on top of the national ones', () => {
    const by = publicHolidays('DE-BY', 2026);
    const be = publicHolidays('DE-BE', 2026);
    // Epiphany (6 Jan) and All Saints (1 Nov) are public holidays in Bavaria, not in Berlin;
    // International Women's Day (8 Mar) is one in Berlin only. Easter Monday (6 Apr 2026), Labour
    // Day (1 May) and Christmas (25, 26 Dec) are public holidays everywhere in Germany.
    assert.deepEqual(['2026-01-06', '2026-11-01', '2026-03-08'].map((d) => [by.has(d), be.has(d)]), [[true, false], [true, false], [false, true]]);
    for (const d of ['2026-04-06', '2026-05-01', '2026-12-25', '2026-12-26']) assert.ok(by.has(d) && be.has(d) && publicHolidays('DE', 2026).has(d), d);
    assert.equal(holidayOn('2026-11-01', 'DE-BY'), "All Saints' Day");
  });

  it('counts only public holidays: not observances, bank or school holidays', () => {
    // In the data, Assumption (15 Aug) is an observance in Bavaria as a whole, Christmas Eve a bank holiday from 14:00.
    const by = publicHolidays('DE-BY', 2026);
    assert.deepEqual([by.has('2026-08-15'), by.has('2026-12-24'), by.has('2026-11-18')], [false, false, false]);
  });

  it('reads each calendar and year once', () => {
    assert.equal(publicHolidays('FR', 2026), publicHolidays('fr', 2026));
    assert.equal(holidayOn('2026-07-14', 'FR'), 'Bastille Day');
  });

  it('names what is wrong with an unknown code', () => {
    assert.equal(calendarProblem('DE-BY'), null);
    assert.equal(calendarProblem('de'), null);
    assert.match(calendarProblem('DE-XX') ?? '', /DE has no subdivision XX/);
    assert.match(calendarProblem('QQ') ?? '', /there is none for QQ/);
    assert.match(calendarProblem('Bavaria') ?? '', /ISO 3166-1 country code \(DE\) or ISO 3166-2 subdivision code \(DE-BY\)/);
    assert.equal(calendarProblem('DE', { subdivisionOnly: true }), 'must be an ISO 3166-2 subdivision code such as DE-BY');
    assert.throws(() => publicHolidays('ZZ-1', 2026), (e: unknown) => (e as AppError).message.startsWith('calendar: '));
    assert.deepEqual([isCalendarCode('FR'), isCalendarCode('FR-ZZ')], [true, false]);
  });

  it('falls back to the first code with a calendar', () => {
    assert.equal(resolveCalendar([null, 'de', 'FR']), 'DE');
    assert.equal(resolveCalendar(['DE-BY', 'DE']), 'DE-BY');
    assert.equal(resolveCalendar([undefined, null]), null);
  });
});
