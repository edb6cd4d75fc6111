import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runTrustroom } from '../../../test/cli.ts';

describe('trustroom transfers assess', () => {
  it('prints no valid basis for a Privacy Shield transfer after Schrems II, as JSON', async () => {
    const r = await runTrustroom(['transfers', 'assess', '--from', 'FR', '--to', 'US', '--date', '2021-06-01', '--mechanism', 'privacy-shield', '--json'], {});
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.status, 'no_valid_basis');
    assert.deepEqual(out.rules, ['privacy-shield']);
    assert.deepEqual(Object.keys(out), ['status', 'reasons', 'rules', 'warnings']);
  });

  it('exits 2 naming the bad field', async () => {
    const r = await runTrustroom(['transfers', 'assess', '--from', 'FR', '--to', 'ZZ', '--date', '2021-06-01'], {});
    assert.equal(r.code, 2);
    assert.match(r.stderr, /to: must be an ISO 3166-1 alpha-2 country code/);
  });
});
