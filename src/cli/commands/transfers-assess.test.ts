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
    assert.equal(out.customerFact, 'Transfer mechanism: EU-US Privacy Shield');
    assert.deepEqual(Object.keys(out), ['status', 'customerFact', 'regime', 'law', 'mechanism', 'reasons', 'rules', 'warnings']);
  });

  it('exits 2 naming the bad field', async () => {
    const r = await runTrustroom(['transfers', 'assess', '--from', 'FR', '--to', 'ZZ', '--date', '2021-06-01'], {});
    assert.equal(r.code, 2);
    assert.match(r.stderr, /to: must be an ISO 3166-1 alpha-2 country code, or an international organisation's code \(IO-EPO\)/);
  });

  // GDPR Art 3(2): an exporter outside the EEA, Switzerland and the UK only under the EU regime, asked for.
  it('exits 2 for a US exporter without --regime, and assesses it under EU rules with a warning when asked', async () => {
    const refused = await runTrustroom(['transfers', 'assess', '--from', 'US', '--to', 'IN', '--date', '2025-01-01', '--mechanism', 'scc-2021'], {});
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /from: US is outside the EEA, Switzerland and the United Kingdom on 2025-01-01: set regime to eu/);
    const eu = await runTrustroom(['transfers', 'assess', '--from', 'US', '--to', 'IN', '--date', '2025-01-01', '--mechanism', 'scc-2021', '--regime', 'eu', '--json'], {});
    assert.equal(eu.code, 0, eu.stderr);
    const out = JSON.parse(eu.stdout);
    assert.deepEqual([out.status, out.regime], ['safeguarded', 'eu']);
    assert.match(out.warnings.join(' '), /US is not in the EEA/);
  });

  // Federal Council, 14 August 2024: the Swiss-US DPF from 15 September 2024; the European Patent Organisation as a destination.
  it('assesses a Swiss exporter under Swiss rules and takes IO-EPO as a destination, in text', async () => {
    const ch = await runTrustroom(['transfers', 'assess', '--from', 'CH', '--to', 'US', '--date', '2024-09-15', '--mechanism', 'dpf', '--dpf-certified'], {});
    assert.equal(ch.code, 0, ch.stderr);
    assert.match(ch.stdout, /^CH → US on 2024-09-15 \(dpf\), ch rules: adequate\n {2}for customers: Swiss list of adequate countries \(Swiss-US Data Privacy Framework\)\n/);
    const epo = await runTrustroom(['transfers', 'assess', '--from', 'DE', '--to', 'IO-EPO', '--date', '2025-07-15'], {});
    assert.equal(epo.code, 0, epo.stderr);
    assert.match(epo.stdout, /^DE → IO-EPO \(European Patent Organisation\) on 2025-07-15, eu rules: adequate\n/);
  });
});
