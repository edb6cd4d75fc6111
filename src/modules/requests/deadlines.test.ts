import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AppError } from '../../shared/errors.ts';
import { requestDeadlines } from './deadlines.ts';

// Hand-counted on a calendar (checked with `date -d`); holidays from date-holidays.
const at = (s: string) => new Date(s);

describe('requestDeadlines', () => {
  it('lists in the ledger each day the end moved past, with its reason', () => {
    // 1 Dec 2026 + 1 month = Friday 1 Jan 2027 (New Year's Day in FR), Sat 2, Sun 3 → Monday 4 Jan.
    const d = requestDeadlines({ regime: 'gdpr', receivedAt: at('2026-12-01T09:00:00Z'), timeZone: 'Europe/Paris', calendar: 'fr' });
    const due = d.ledger.segments[0];
    assert.deepEqual([d.due, due.start, due.period, due.countedEnd], ['2027-01-04', '2026-12-01', '1 month', '2027-01-01']);
    assert.deepEqual(due.moved, [
      { date: '2027-01-01', reason: "a public holiday in FR (New Year's Day)" },
      { date: '2027-01-02', reason: 'a Saturday' },
      { date: '2027-01-03', reason: 'a Sunday' },
    ]);
    assert.match(due.source, /Regulation \(EU\) 2016\/679 Art 12\(3\)/);
    assert.equal(d.ledger.extensionNotice?.startsWith('By 2027-01-04: within one month of receipt'), true);
  });

  it('counts PIPEDA with Canadian holidays, where a Saturday is not a holiday', () => {
    // 1 Jun 2026 + 30 days = Wednesday 1 Jul, Canada Day → Thursday 2 Jul; + 60 days = Friday 31 Jul.
    const d = requestDeadlines({ regime: 'pipeda', receivedAt: at('2026-06-01T15:00:00Z'), timeZone: 'America/Toronto', calendar: 'CA-ON' });
    assert.deepEqual([d.due, d.extendedDue], ['2026-07-02', '2026-07-31']);
    // 4 Jun 2026 + 30 days = Saturday 4 Jul: Interpretation Act s. 35 holidays include Sunday, not Saturday.
    assert.equal(requestDeadlines({ regime: 'pipeda', receivedAt: at('2026-06-04T15:00:00Z'), timeZone: 'America/Toronto', calendar: 'CA-ON' }).due, '2026-07-04');
  });

  it('counts the Swiss 30 days past Boxing Day and the weekend', () => {
    // 26 Nov 2026 + 30 days = Saturday 26 Dec (Boxing Day), Sunday 27 → Monday 28 Dec; no extension in the rules.
    const d = requestDeadlines({ regime: 'fadp', receivedAt: at('2026-11-26T10:00:00Z'), timeZone: 'Europe/Zurich', calendar: 'CH' });
    assert.deepEqual([d.due, d.extendedDue, d.ledger.segments[0].method.verified], ['2026-12-28', null, false]);
  });

  it('ignores pauses under the CCPA, whose 45 days run regardless of verification', () => {
    const d = requestDeadlines({ regime: 'ccpa', receivedAt: at('2026-10-15T18:00:00Z'), timeZone: 'America/Los_Angeles', calendar: 'US-CA', pauses: [{ from: at('2026-10-16T00:00:00Z'), to: at('2026-10-30T00:00:00Z') }] });
    assert.deepEqual([d.due, d.ledger.clockStartsOn], ['2026-11-30', '2026-10-15']);
    assert.match(d.ledger.pauses[0], /does not move the deadline \(11 CCR § 7021\(b\)\)/);
  });

  it('gives a CCPA opt-out its own 15 business days, with no extension', () => {
    // Received Thu 15 Oct 2026: business days Fri 16 (1), 19–23 Oct (2–6), 26–30 Oct (7–11), 2–5 Nov (12–15) → Thu 5 Nov; 11 CCR § 7026(f).
    const d = requestDeadlines({ regime: 'ccpa', receivedAt: at('2026-10-15T18:00:00Z'), timeZone: 'America/Los_Angeles', calendar: 'US-CA', type: 'opt_out_sale' });
    assert.deepEqual([d.due, d.extendedDue], ['2026-11-05', null]);
    const access = requestDeadlines({ regime: 'ccpa', receivedAt: at('2026-10-15T18:00:00Z'), timeZone: 'America/Los_Angeles', calendar: 'US-CA', type: 'access' });
    assert.deepEqual([access.due, access.extendedDue], ['2026-11-30', '2027-01-13']);
  });

  it('refuses an unknown regime and a pause before receipt, naming the field', () => {
    assert.throws(() => requestDeadlines({ regime: 'hipaa', receivedAt: at('2026-10-15T18:00:00Z'), timeZone: 'UTC', calendar: 'US' }), (e: AppError) => e.status === 400 && /regime/.test(e.message));
    assert.throws(() => requestDeadlines({ regime: 'gdpr', receivedAt: at('2026-10-15T18:00:00Z'), timeZone: 'UTC', calendar: 'FR', pauses: [{ from: at('2026-10-14T00:00:00Z'), to: at('2026-10-16T00:00:00Z') }] }), (e: AppError) => e.status === 400 && /pauses/.test(e.message));
  });
});
