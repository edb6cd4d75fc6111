import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { breachRules, clockText, dueAfterHours } from './incidents.ts';

/** The wall-clock time of an instant in a zone, e.g. "2026-10-28 09:30". */
const wall = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(new Date(iso));

describe('breach clocks', () => {
  it('reads the 72 hours of Art 33(1) from the rule file, with its source and date', () => {
    const rules = breachRules();
    assert.equal(rules.regimes['gdpr-art33-1']?.hours, 72);
    assert.match(rules.source.document, /2016\/679 Art 33/);
    assert.match(String(rules.version), /^2026-/);
    assert.equal(rules.regimes['gdpr-art33-2']?.hours, null, 'Art 33(2) gives no figure: without undue delay, or the contract');
  });

  it('counts 72 real hours across the autumn DST change in Europe/Paris, so the wall clock shows one hour less', () => {
    // Aware on Saturday 24 October 2026 at 10:30 in Paris (CEST, UTC+2); clocks go back on the 25th.
    const aware = '2026-10-24T08:30:00.000Z';
    const due = dueAfterHours(aware, 72);
    assert.equal(new Date(due).getTime() - new Date(aware).getTime(), 72 * 3_600_000);
    assert.equal(wall(aware, 'Europe/Paris'), '2026-10-24 10:30');
    assert.equal(wall(due, 'Europe/Paris'), '2026-10-27 09:30');
  });

  it('counts 72 real hours across the spring DST change in Europe/Paris, so the wall clock shows one hour more', () => {
    const aware = '2026-03-28T09:00:00.000Z'; // 10:00 CET; clocks go forward on 29 March
    const due = dueAfterHours(aware, 72);
    assert.equal(wall(due, 'Europe/Paris'), '2026-03-31 11:00');
  });

  it('counts real hours across both DST changes in America/Los_Angeles', () => {
    // 23:30 PDT on 31 October 2026; clocks go back on 1 November.
    const autumn = '2026-11-01T06:30:00.000Z';
    assert.equal(wall(autumn, 'America/Los_Angeles'), '2026-10-31 23:30');
    assert.equal(wall(dueAfterHours(autumn, 72), 'America/Los_Angeles'), '2026-11-03 22:30');
    // 20:00 PST on 7 March 2026; clocks go forward on the 8th.
    const spring = '2026-03-08T04:00:00.000Z';
    assert.equal(wall(spring, 'America/Los_Angeles'), '2026-03-07 20:00');
    assert.equal(wall(dueAfterHours(spring, 24), 'America/Los_Angeles'), '2026-03-08 21:00');
  });

  it('starts from the exact instant of awareness, across midnight, not from the next full hour or day', () => {
    assert.equal(dueAfterHours('2026-12-31T23:59:30.000Z', 72), '2027-01-03T23:59:30.000Z');
    assert.equal(dueAfterHours('2026-06-15T22:15:00.000Z', 24), '2026-06-16T22:15:00.000Z');
  });

  it('says how long is left, or how late it is, in words computed on the server', () => {
    const now = new Date('2026-10-25T15:30:00Z');
    assert.equal(clockText({ due_at: '2026-10-27T08:30:00.000Z', state: 'open' }, now), 'due in 41 h');
    assert.equal(clockText({ due_at: '2026-10-25T12:00:00.000Z', state: 'open' }, now), 'overdue by 3 h');
    assert.equal(clockText({ due_at: '2026-10-25T15:50:00.000Z', state: 'open' }, now), 'due in 20 min');
    assert.equal(clockText({ due_at: null, state: 'open' }, now), 'without undue delay');
    assert.equal(clockText({ due_at: '2026-10-25T12:00:00.000Z', state: 'filed' }, now), 'filed');
  });
});
