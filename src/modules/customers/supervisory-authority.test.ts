import assert from 'node:assert/strict';
import { it } from 'node:test';
import { buildCustomer, buildWorkspace } from '../../../test/factories.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import { findCustomer } from './customers.queries.ts';
import { authorityRules, supervisoryAuthorityFor } from './supervisory-authority.ts';

it('names the Land authority of a German customer from its subdivision (§ 40 BDSG): the BayLDA for Bavaria', () => {
  assert.deepEqual(supervisoryAuthorityFor('DE', null, 'DE-BY'), {
    name: 'Bayerisches Landesamt für Datenschutzaufsicht (BayLDA)', url: 'https://www.lda.bayern.de', basis: 'subdivision',
    note: 'The BayLDA (Ansbach) supervises the private sector in Bavaria; the Bayerischer Landesbeauftragter für den Datenschutz supervises public bodies.',
    rulesVersion: '2026-12-03',
  });
  const berlin = supervisoryAuthorityFor('DE', null, 'de-be');
  assert.deepEqual([berlin.name, berlin.url, berlin.basis], ['Berliner Beauftragte für Datenschutz und Informationsfreiheit (BlnBDI)', 'https://www.datenschutz-berlin.de', 'subdivision']);
  assert.equal(supervisoryAuthorityFor('DE-HH', null).name, 'Hamburgischer Beauftragter für Datenschutz und Informationsfreiheit (HmbBfDI)', 'a subdivision code as the country');
});

it('leaves a German customer without a known Land undetermined, never the federal authority', () => {
  for (const sub of [null, 'DE-XX', 'FR-IDF']) {
    const a = supervisoryAuthorityFor('DE', null, sub);
    assert.deepEqual([a.name, a.url, a.basis], [null, null, 'undetermined'], String(sub));
    assert.match(a.note ?? '', /^Undetermined until the Land is known: .*§ 40 BDSG/);
  }
});

it('keeps the customer\'s own named authority over the Land, and other countries\' authorities as they were', () => {
  assert.deepEqual(supervisoryAuthorityFor('DE', 'Landesbeauftragte für Datenschutz und Informationsfreiheit Nordrhein-Westfalen (LDI NRW)', 'DE-BY'), {
    name: 'Landesbeauftragte für Datenschutz und Informationsfreiheit Nordrhein-Westfalen (LDI NRW)', url: null, basis: 'customer', note: null, rulesVersion: null,
  });
  assert.equal(supervisoryAuthorityFor('PL', null).name, 'Urząd Ochrony Danych Osobowych (UODO)');
  assert.equal(supervisoryAuthorityFor('GR', null, 'GR-I').name, 'Hellenic Data Protection Authority', 'a subdivision changes nothing outside Germany');
  assert.equal(supervisoryAuthorityFor('EL', null).basis, 'undetermined', 'Greece is GR in ISO 3166-1; EL is only the EU\'s abbreviation');
});

it('keeps the 16 Land authorities as rule data with a source and a checked date', () => {
  const r = authorityRules();
  const lands = Object.keys(r.subdivisions);
  assert.deepEqual(lands.sort(), ['DE-BB', 'DE-BE', 'DE-BW', 'DE-BY', 'DE-HB', 'DE-HE', 'DE-HH', 'DE-MV', 'DE-NI', 'DE-NW', 'DE-RP', 'DE-SH', 'DE-SL', 'DE-SN', 'DE-ST', 'DE-TH']);
  for (const [code, a] of Object.entries(r.subdivisions)) assert.match(a.url, /^https:\/\//, code);
  assert.match(r.subdivisionsSource, /^https:\/\//);
  assert.equal(r.subdivisionsChecked, '2026-12-03');
  assert.equal(r.checked, '2026-12-03');
});

forEachDialect('a customer\'s competent authority', (ctx) => {
  it('reads the Land from the customer\'s subdivision wherever the customer is shown', async () => {
    const { deps } = ctx.db;
    const { scope } = await buildWorkspace(deps);
    const c = await buildCustomer(deps, scope, { name: 'München GmbH', country: 'DE' });
    assert.equal((await findCustomer(deps.db, scope.workspaceId, c.id))?.competentAuthority.basis, 'undetermined');
    await deps.db.updateTable('customers').set({ subdivision: 'DE-BY' }).where('id', '=', c.id).execute();
    const found = await findCustomer(deps.db, scope.workspaceId, c.id);
    assert.deepEqual([found?.competentAuthority.name, found?.competentAuthority.basis], ['Bayerisches Landesamt für Datenschutzaufsicht (BayLDA)', 'subdivision']);
  });
});
