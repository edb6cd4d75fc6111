import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runTrustroom } from '../../../test/cli.ts';

const deadline = async (...args: string[]) => {
  const r = await runTrustroom(['requests', 'deadline', ...args, '--json'], {});
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
};

// Hand-counted on a calendar (checked with `date -d`). GDPR: Regulation 1182/71 Arts 3(1), 3(2)(c),
// 3(4); UK: the ICO's count; CCPA: Cal. Code Civ. Proc. §§ 12, 12a. Holidays: date-holidays and
// src/modules/periods/rules/periods.yaml.
describe('trustroom requests deadline', () => {
  it('counts a GDPR month to the last day of February, then past the Sunday', async () => {
    // 31 Jan 2027 + 1 month: February has no 31st → Sunday 28 Feb → Monday 1 Mar. + 3 months = Friday 30 Apr.
    assert.deepEqual(await deadline('--regime', 'gdpr', '--received', '2027-01-31T10:00:00Z', '--time-zone', 'Europe/Paris', '--country', 'FR'),
      { receivedOn: '2027-01-31', due: '2027-03-01', extendedDue: '2027-04-30' });
    // 24 Dec 2026 + 1 month = Sunday 24 Jan 2027 → Monday 25 Jan; + 3 months = Wednesday 24 Mar.
    assert.deepEqual(await deadline('--regime', 'gdpr', '--received', '2026-12-24T10:00:00Z', '--time-zone', 'Europe/Paris', '--country', 'FR'),
      { receivedOn: '2026-12-24', due: '2027-01-25', extendedDue: '2027-03-24' });
  });

  it('takes the day of receipt in the controller time zone', async () => {
    // 23:30 UTC on 31 Mar 2026 is 01:30 on 1 Apr in Berlin (CEST). + 1 month = Friday 1 May (Labour Day), Sat, Sun → Monday 4 May.
    assert.deepEqual(await deadline('--regime', 'gdpr', '--received', '2026-03-31T23:30:00Z', '--time-zone', 'Europe/Berlin', '--country', 'DE'),
      { receivedOn: '2026-04-01', due: '2026-05-04', extendedDue: '2026-07-01' });
  });

  it("moves a last day on a Land's holiday only in that Land", async () => {
    // 6 Dec 2026 + 1 month = Wednesday 6 Jan 2027, Epiphany: a holiday in DE-BY → Thursday 7 Jan; not in DE-BE.
    // + 3 months = Saturday 6 Mar → Monday 8 Mar; in Berlin 8 Mar is International Women's Day → Tuesday 9 Mar.
    const [by, be] = await Promise.all(['DE-BY', 'DE-BE'].map((c) => deadline('--regime', 'gdpr', '--received', '2026-12-06T10:00:00Z', '--time-zone', 'Europe/Berlin', '--country', c)));
    assert.deepEqual(by, { receivedOn: '2026-12-06', due: '2027-01-07', extendedDue: '2027-03-08' });
    assert.deepEqual(be, { receivedOn: '2026-12-06', due: '2027-01-06', extendedDue: '2027-03-09' });
  });

  it('counts UK GDPR with the bank holidays of England or of Scotland', async () => {
    // 2 Dec 2026 + 1 month = Saturday 2 Jan 2027 → Monday 4 Jan in England; in Scotland 4 Jan is the
    // substitute for 2 January (a Scottish bank holiday) → Tuesday 5 Jan. + 3 months = Tuesday 2 Mar.
    const [eng, sct] = await Promise.all(['GB-ENG', 'GB-SCT'].map((c) => deadline('--regime', 'uk-gdpr', '--received', '2026-12-02T12:00:00Z', '--time-zone', 'Europe/London', '--country', c)));
    assert.deepEqual(eng, { receivedOn: '2026-12-02', due: '2027-01-04', extendedDue: '2027-03-02' });
    assert.deepEqual(sct, { receivedOn: '2026-12-02', due: '2027-01-05', extendedDue: '2027-03-02' });
  });

  it('counts CCPA days and moves past Sundays and California holidays', async () => {
    // 15 Oct 2026 + 45 days = Sunday 29 Nov → Monday 30 Nov; + 90 days = Wednesday 13 Jan 2027.
    assert.deepEqual(await deadline('--regime', 'ccpa', '--received', '2026-10-15T18:00:00Z', '--time-zone', 'America/Los_Angeles', '--country', 'US-CA'),
      { receivedOn: '2026-10-15', due: '2026-11-30', extendedDue: '2027-01-13' });
    // 14 Feb 2027 + 45 days = Wednesday 31 Mar, César Chávez Day → Thursday 1 Apr; + 90 days = Saturday 15 May → Monday 17 May.
    assert.deepEqual(await deadline('--regime', 'ccpa', '--received', '2027-02-14T20:00:00Z', '--time-zone', 'America/Los_Angeles', '--country', 'US-CA'),
      { receivedOn: '2027-02-14', due: '2027-04-01', extendedDue: '2027-05-17' });
    // 13 Oct 2026 + 45 days = Friday 27 Nov, the day after Thanksgiving, Sat, Sun → Monday 30 Nov; + 90 = Monday 11 Jan 2027.
    assert.deepEqual(await deadline('--regime', 'ccpa', '--received', '2026-10-13T20:00:00Z', '--time-zone', 'America/Los_Angeles', '--country', 'US-CA'),
      { receivedOn: '2026-10-13', due: '2026-11-30', extendedDue: '2027-01-11' });
  });

  it('starts a GDPR period when the identity information arrives, and adds the ledger on request', async () => {
    // Waiting for identity until 10 Feb 2027 (EDPB 01/2022): + 1 month = Wednesday 10 Mar; + 3 months = Monday 10 May.
    const r = await deadline('--regime', 'gdpr', '--received', '2027-01-31T10:00:00Z', '--time-zone', 'Europe/Paris', '--country', 'FR', '--pause', '2027-02-01T09:00:00Z/2027-02-10T09:00:00Z', '--ledger');
    assert.deepEqual([r.receivedOn, r.due, r.extendedDue, r.ledger.clockStartsOn], ['2027-01-31', '2027-03-10', '2027-05-10', '2027-02-10']);
    // LGPD: 15 days from Tuesday 13 Oct 2026 = Wednesday 28 Oct; no extension in the statute.
    assert.deepEqual(await deadline('--regime', 'lgpd', '--received', '2026-10-13T20:00:00Z', '--time-zone', 'America/Sao_Paulo', '--country', 'BR'),
      { receivedOn: '2026-10-13', due: '2026-10-28', extendedDue: null });
  });

  it('explains each segment without --json, with the days moved past and why', async () => {
    const r = await runTrustroom(['requests', 'deadline', '--regime', 'ccpa', '--received', '2026-10-15T18:00:00Z', '--time-zone', 'America/Los_Angeles', '--country', 'US-CA'], {});
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Due: +2026-11-30/);
    assert.match(r.stdout, /moved past 2026-11-29: a Sunday/);
    assert.match(r.stdout, /confirm-receipt: 10 working days from 2026-10-15 — counted end 2026-10-29/);
  });

  it('exits 2 naming every bad option', async () => {
    const r = await runTrustroom(['requests', 'deadline', '--regime', 'nope', '--received', '2027-01-31 10:00', '--time-zone', 'Mars/Olympus', '--country', 'ZZ', '--json'], {});
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    for (const m of [/--regime: must be one of gdpr, uk-gdpr, ccpa/, /--received: must be an ISO 8601 instant/, /--time-zone: must be an IANA time zone/, /--country: must be a country with a holiday calendar/]) assert.match(r.stderr, m);
  });
});
