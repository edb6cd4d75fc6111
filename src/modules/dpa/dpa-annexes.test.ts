import assert from 'node:assert/strict';
import { it } from 'node:test';
import { buildCustomer, buildEngagement, buildEntity } from '../../../test/factories.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import type { Clock } from '../../shared/clock.ts';
import { announceChange } from '../changes/announce-change.ts';
import { createChange } from '../changes/manage-changes.ts';
import type { Block } from '../documents/document.ts';
import { renderDpaForCustomer } from './dpa-for-customer.ts';
import { buildDpaWorkspace, publishDpa } from './dpa.test-helpers.ts';

const topHeadings = (blocks: Block[]) => blocks.filter((b): b is Extract<Block, { kind: 'heading' }> => b.kind === 'heading' && b.level === 1).map((b) => b.text);
const headings = (blocks: Block[]) => blocks.filter((b): b is Extract<Block, { kind: 'heading' }> => b.kind === 'heading').map((b) => b.text);

const ANNEXES_2021_915 = [
  'Annex I: List of parties', 'Annex II: Description of the processing',
  'Annex III: Technical and organisational measures, including measures to ensure the security of the data', 'Annex IV: List of sub-processors',
];

forEachDialect('DPA annexes', (ctx) => {
  it('numbers the annexes as Implementing Decision 2021/915, without transfer annexes when the customer\'s data stays in the EEA', async () => {
    const { deps } = ctx.db;
    const { scope, customer } = await buildDpaWorkspace(deps);
    await publishDpa(deps, scope);
    const r = await renderDpaForCustomer(deps, scope.workspaceId, customer.id);
    const annexes = topHeadings(r.document.blocks).filter((h) => h.startsWith('Annex'));
    assert.deepEqual(annexes, ANNEXES_2021_915, 'Connect uses Hoster (DE) and Ledger (FR) only');
    assert.deepEqual(headings(r.document.blocks).filter((h) => /^(Controller|Processor|Measures to assist|Sub-processors authorised|Proposed)/.test(h)), [
      'Controller', 'Processor', 'Measures to assist the controller', 'Sub-processors authorised for CloudBlue Example', 'Proposed, not yet in effect for you',
    ]);
    assert.doesNotMatch(r.html, /2021\/914|Annex I\.A|Data importer/);
  });

  it('adds the 2021/914 transfer annexes (I.A, I.B, I.C, II, III) when a sub-processor in effect for the customer is outside the EEA', async () => {
    const { deps } = ctx.db;
    const { scope } = await buildDpaWorkspace(deps);
    const shop = await buildCustomer(deps, scope, { name: 'Shop SA', country: 'FR', services: ['commerce'] });
    await publishDpa(deps, scope);
    const r = await renderDpaForCustomer(deps, scope.workspaceId, shop.id);
    assert.deepEqual(topHeadings(r.document.blocks).filter((h) => h.startsWith('Annex')), [...ANNEXES_2021_915, 'Annexes for transfers outside the EEA (standard contractual clauses, Implementing Decision (EU) 2021/914)']);
    assert.deepEqual(headings(r.document.blocks).filter((h) => /^Annex I{1,3}[.:]/.test(h)).slice(3), [
      'Annex I.A: List of parties', 'Annex I.B: Description of the transfer', 'Annex I.C: Competent supervisory authority',
      'Annex II: Technical and organisational measures', 'Annex III: List of sub-processors',
    ]);
    const transfer = r.html.slice(r.html.indexOf('Annexes for transfers'));
    assert.match(transfer, /Personal data of Shop SA is transferred to United States of America \(US\)\. The processor is established in the EEA: Module Three/);
    assert.match(transfer, /<td>Mailer<\/td><td>1 Market St, San Francisco, United States of America<\/td><td>legal@mailer\.test<\/td><td>E-mail for Commerce<\/td><td>Sub-processor<\/td>/);
    assert.match(transfer, /<dt>Authority<\/dt><dd>Commission nationale de l&#39;informatique et des libertés \(CNIL\) \(https:\/\/www\.cnil\.fr\)<\/dd>/);
    // Annex IV states neutral facts from the customer's view: the mechanism recorded, never the engine's judgement.
    const annex4 = r.html.slice(r.html.indexOf('<h3>Annex IV'), r.html.indexOf('Annexes for transfers'));
    assert.match(annex4, /<td>Mailer<\/td>.*<td>United States of America \(US\)<\/td><td>Standard contractual clauses \(2021\)<\/td>/s);
    assert.match(annex4, /<td>Ledger<\/td>.*<td>France \(FR\)<\/td><td>Inside the EEA<\/td>/s);
    assert.doesNotMatch(r.html, /no valid basis|TIA|transfer impact|needs attention/i);
  });

  it('lists in Annex IV only what is published and in effect for the customer, and a proposed change apart with its state', async () => {
    let now = new Date('2026-03-02T09:00:00Z');
    const clock: Clock = { now: () => new Date(now) };
    const deps = { ...ctx.db.deps, clock };
    const { scope, customer } = await buildDpaWorkspace(deps);
    await deps.db.updateTable('customers').set({ authorisation: 'specific' }).where('id', '=', customer.id).execute();
    // Saved after the list was published, never announced: no customer may see it.
    const hidden = await buildEntity(deps, scope, { name: 'Hidden Co', country: 'DE' });
    await buildEngagement(deps, scope, { entityId: hidden.id, purpose: 'Unannounced hosting', services: ['connect'], countries: ['DE'] });
    const newco = await buildEntity(deps, scope, { name: 'NewCo GmbH', country: 'DE', address: 'Neue Straße 2, Köln' });
    const change = await createChange(deps, scope, {
      title: 'NewCo hosts Connect backups', reason: 'A second location for backups.', proposedDate: '2026-04-15',
      operations: [{ op: 'add', engagement: { entityId: newco.id, purpose: 'Backups of Connect', services: ['connect'], countries: ['DE'], transferMechanisms: [] } }],
    });
    await announceChange(deps, scope, change.id);
    now = new Date('2026-03-03T09:00:00Z');
    await publishDpa(deps, scope);
    const r = await renderDpaForCustomer(deps, scope.workspaceId, customer.id);
    const annex4 = r.html.slice(r.html.indexOf('<h3>Annex IV'));
    const [inEffect, proposed] = annex4.split('Proposed, not yet in effect for you');
    assert.match(inEffect, /<td>Hoster \(Hoster GmbH\)<\/td>/);
    assert.doesNotMatch(r.html, /Hidden Co|Unannounced hosting/, 'an unpublished engagement reaches no DPA');
    assert.doesNotMatch(inEffect, /NewCo/, 'a proposed change is not in the list in effect');
    assert.match(proposed, /<td>NewCo hosts Connect backups<\/td><td>A second location for backups\.<\/td><td>2026-04-15<\/td><td>Awaiting your consent: it takes effect for you only once you consent, and not before 2026-04-15<\/td>/);
  });

  it('names the Land authority of a German customer from its subdivision, and says it is not yet determined without one', async () => {
    const { deps } = ctx.db;
    const { scope } = await buildDpaWorkspace(deps);
    const munich = await buildCustomer(deps, scope, { name: 'München GmbH', country: 'DE', services: ['connect'] });
    const berlin = await buildCustomer(deps, scope, { name: 'Berlin GmbH', country: 'DE', services: ['connect'] });
    const unknown = await buildCustomer(deps, scope, { name: 'Irgendwo GmbH', country: 'DE', services: ['connect'] });
    await deps.db.updateTable('customers').set({ subdivision: 'DE-BY' }).where('id', '=', munich.id).execute();
    await deps.db.updateTable('customers').set({ subdivision: 'DE-BE' }).where('id', '=', berlin.id).execute();
    await publishDpa(deps, scope, 'Authority: {{customer.supervisory_authority}}.');
    const html = async (id: string) => (await renderDpaForCustomer(deps, scope.workspaceId, id)).html;
    const by = await html(munich.id);
    assert.match(by, /Authority: Bayerisches Landesamt für Datenschutzaufsicht \(BayLDA\)\./);
    assert.match(by, /<dt>Competent supervisory authority<\/dt><dd>Bayerisches Landesamt für Datenschutzaufsicht \(BayLDA\) \(https:\/\/www\.lda\.bayern\.de\)<\/dd>/);
    assert.match(await html(berlin.id), /Berliner Beauftragte für Datenschutz und Informationsfreiheit \(BlnBDI\)/);
    const none = await html(unknown.id);
    assert.match(none, /Authority: not yet determined\./);
    assert.match(none, /<dt>Competent supervisory authority<\/dt><dd>Not yet determined: Undetermined until the Land is known: private bodies are supervised by the authority of the Land where they are established \(§ 40 BDSG\)\./);
    assert.doesNotMatch(none, /Bundesbeauftragte/);
  });
});
