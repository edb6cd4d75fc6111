import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { locationRules } from './location-rules.ts';

const LOCATION_RULES = locationRules();
import { normaliseLocation } from './normalise-location.ts';

describe('location rules', () => {
  it('loads every rules file, each with its source, retrieval date and version', () => {
    const files = readdirSync(new URL('./rules/', import.meta.url)).filter((f) => f.endsWith('.yaml')).sort();
    assert.deepEqual(LOCATION_RULES.headers.map((h) => h.file).sort(), files);
    for (const h of LOCATION_RULES.headers) {
      assert.ok(h.source.length > 10, `${h.file}: source`);
      assert.match(h.retrieved, /^\d{4}-\d{2}-\d{2}$/, `${h.file}: retrieved`);
      assert.equal(typeof h.version, 'number', `${h.file}: version`);
    }
  });

  it('cites the region list of every cloud provider', () => {
    assert.ok(LOCATION_RULES.providers.length >= 13);
    for (const p of LOCATION_RULES.providers) assert.match(p.source, /^https:\/\//, p.id);
  });

  it('lists AWS first, so its meaning wins for codes no provider in the text claims', () => {
    assert.equal(LOCATION_RULES.providers[0].id, 'aws');
  });

  it('reads every region code of every provider as its country when the provider is named', () => {
    for (const p of LOCATION_RULES.providers) {
      for (const [code, country] of p.regions) {
        assert.deepEqual(normaliseLocation(`${p.name}: ${code}`).countries, [country], `${p.id} ${code}`);
      }
    }
  });

  it('reads every short code that needs its provider once the provider is named', () => {
    for (const [code, candidates] of LOCATION_RULES.contextCodes) {
      for (const c of candidates) {
        const p = LOCATION_RULES.providers.find((x) => x.id === c.provider);
        assert.ok(p);
        assert.deepEqual(normaliseLocation(code, { context: p.name }).countries, [c.country], `${p.id} ${code}`);
      }
    }
  });
});
