import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildTestApp } from '../../../test/app.ts';
import { movableClock, NOW, PROPOSED } from '../../../test/change-fixtures.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import { buildCustomer, buildEngagement, buildEntity, buildWorkspace } from '../../../test/factories.ts';
import { announceChange } from '../../modules/changes/announce-change.ts';
import { createChange } from '../../modules/changes/manage-changes.ts';
import { recordConsent } from '../../modules/changes/respond-to-change.ts';
import { inviteContacts } from '../../modules/portal/invite-contact.ts';
import { publishListVersion } from '../../modules/publishing/publish-list-version.ts';
import { latestLinkPath, signInThrough } from './portal.test-helpers.ts';

const clock = movableClock();

forEachDialect('customer portal tells the truth', (ctx) => {
  let app: FastifyInstance;
  before(async () => {
    app = await buildTestApp(ctx.db.deps);
  });
  after(async () => app?.close());

  it('lists only published sub-processors in effect for the customer, pending changes in their own section, and a refusal as a refusal', async () => {
    clock.set(NOW);
    const { deps } = ctx.db;
    const { workspace, scope } = await buildWorkspace(deps, { name: 'Acme Cloud' });
    const base = `/portal/w/${workspace.slug}`;
    const sendgrid = await buildEngagement(deps, scope, { entityId: (await buildEntity(deps, scope, { name: 'Sendgrid Inc', country: 'US', address: '1801 California St, Denver' })).id, purpose: 'E-mail delivery', countries: ['US'], transferMechanisms: ['scc-2021'] });
    await buildEngagement(deps, scope, { entityId: (await buildEntity(deps, scope, { name: 'Chatty Inc', country: 'US' })).id, purpose: 'Support chat', countries: ['US'] });
    await publishListVersion(deps, scope, {});
    await buildEngagement(deps, scope, { entityId: (await buildEntity(deps, scope, { name: 'Unpublished Ltd', country: 'GB' })).id, purpose: 'Never announced', countries: ['GB'] });
    const mailjet = await buildEntity(deps, scope, { name: 'Mailjet SAS', country: 'FR' });
    const customer = await buildCustomer(deps, scope, { name: 'Initech AG', authorisation: 'specific', transfersAuthorised: false, contacts: [{ email: 'dpo@initech.test', name: 'Ina' }] });
    const change = await createChange(deps, scope, {
      title: 'Mailjet replaces Sendgrid', reason: 'EU delivery', proposedDate: PROPOSED,
      operations: [{ op: 'replace', engagementId: sendgrid.id, engagement: { entityId: mailjet.id, purpose: 'E-mail delivery', countries: ['FR'], transferMechanisms: [] } }],
    });
    await announceChange(deps, scope, change.id);
    await inviteContacts(deps, scope, customer.id, {});
    const cookie = await signInThrough(app, await latestLinkPath(deps.db, 'dpo@initech.test'));

    let page = (await app.inject({ url: `${base}/subprocessors`, headers: { cookie } })).body;
    const inEffect = /<table><caption>Sub-processors in effect[\s\S]*?<\/table>/.exec(page)?.[0] ?? '';
    assert.match(inEffect, /Sendgrid Inc/);
    assert.match(inEffect, /1801 California St, Denver/);
    assert.match(inEffect, /United States of America: Standard contractual clauses \(2021\) <strong>— outside the EEA, which your contract does not authorise<\/strong>/);
    assert.match(inEffect, /United States of America: Transfer mechanism: none recorded/);
    assert.doesNotMatch(inEffect, /Mailjet/, 'a proposed change is not in effect');
    assert.doesNotMatch(page, /Unpublished Ltd/, 'an unpublished engagement never reaches a customer');
    assert.doesNotMatch(page, /no valid basis|transfer impact assessment/i, 'internal findings stay with operators');
    assert.match(page, /<h2>Proposed, not yet in effect for you<\/h2>\s*<ul><li><a [^>]+>Mailjet replaces Sendgrid<\/a>: Awaiting your consent: it takes effect for you only once you consent, and not before 2030-04-15\.<\/li><\/ul>/);

    const changePage = (await app.inject({ url: `${base}/changes/${change.id}`, headers: { cookie } })).body;
    assert.match(changePage, /Last day to object<\/th><td>None: under specific authorisation/);
    assert.doesNotMatch(changePage, /Object to this change/);

    await recordConsent(deps, { workspaceId: workspace.id, customerId: customer.id, changeId: change.id }, { decision: 'refused', name: 'Ina', title: 'DPO' });
    page = (await app.inject({ url: `${base}/subprocessors`, headers: { cookie } })).body;
    assert.match(page, /Mailjet replaces Sendgrid<\/a>: You refused on 2030-03-04: it does not take effect for you\./);
    const list = (await app.inject({ url: `${base}/changes`, headers: { cookie } })).body;
    assert.match(list, /You refused consent/);
    assert.doesNotMatch(list, /Waits for your consent/);
    const overview = (await app.inject({ url: base, headers: { cookie } })).body;
    assert.match(overview, /2 transfers outside the EEA that your contract does not authorise/);
    const download = await app.inject({ url: `${base}/data-map.svg`, headers: { cookie } });
    assert.equal(download.headers['content-disposition'], `attachment; filename="data-map-initech-ag-${NOW.slice(0, 10)}.svg"`);
    const svg = download.body;
    assert.match(svg, /<text class="caption"[^>]*>Data map of Initech AG, as of \d{4}-\d{2}-\d{2}<\/text>/);
    assert.match(svg, /Sendgrid Inc → United States of America: Standard contractual clauses \(2021\)/);
    assert.doesNotMatch(svg, /Unpublished|Mailjet|no valid basis/);
  });
}, { clock });
