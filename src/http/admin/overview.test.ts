import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildTestApp, signedInMember } from '../../../test/app.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import { buildCustomer, buildEngagement, buildEntity, buildWorkspace } from '../../../test/factories.ts';
import { acceptDpa, renderDpaForCustomer } from '../../modules/dpa/dpa-for-customer.ts';
import { createDpaDraft, publishDpaVersion } from '../../modules/dpa/manage-dpa-versions.ts';
import { makeDpaPublishable } from '../../modules/dpa/dpa.test-helpers.ts';

forEachDialect('console overview: transfers', (ctx) => {
  let app: FastifyInstance;
  before(async () => {
    app = await buildTestApp(ctx.db.deps);
  });
  after(async () => {
    await app?.close();
  });

  it('lists an engagement still relying on Privacy Shield as having no valid basis, and leaves one inside the EEA out', async () => {
    const { deps } = ctx.db;
    const { workspace, scope } = await buildWorkspace(deps);
    const intercom = await buildEntity(deps, scope, { name: 'Intercom', country: 'US' });
    const ovh = await buildEntity(deps, scope, { name: 'OVH', country: 'FR' });
    await buildEngagement(deps, scope, { entityId: intercom.id, purpose: 'Support chat', countries: ['US'], transferMechanisms: ['privacy-shield'] });
    await buildEngagement(deps, scope, { entityId: ovh.id, purpose: 'Hosting', countries: ['FR'] });
    const viewer = await signedInMember(deps, workspace.id, 'viewer');
    const res = await app.inject({ url: `/admin/w/${workspace.slug}`, headers: viewer.headers });
    assert.equal(res.statusCode, 200);
    const section = res.body.slice(res.body.indexOf('<h2 id="transfers-title">'));
    assert.match(section, /2 checks, 1 without a valid basis/);
    assert.match(section, /<th scope="row"><a href="[^"]+\/edit">Intercom<\/a><\/th><td>Support chat<\/td><td>United States of America<\/td><td><strong>No valid basis<\/strong>/);
    assert.doesNotMatch(section, />OVH</);
  });

  it('says which DPA version is in force and how many customers have not accepted it', async () => {
    const { deps } = ctx.db;
    const { workspace, scope } = await buildWorkspace(deps);
    const viewer = await signedInMember(deps, workspace.id, 'viewer');
    const box = async () => {
      const res = await app.inject({ url: `/admin/w/${workspace.slug}`, headers: viewer.headers });
      const from = res.body.indexOf('<h2 id="dpa-title">');
      return res.body.slice(from, res.body.indexOf('</section>', from));
    };
    assert.match(await box(), /No version is published yet/);
    const signed = await buildCustomer(deps, scope);
    await buildCustomer(deps, scope);
    await makeDpaPublishable(deps, scope);
    await publishDpaVersion(deps, scope, (await createDpaDraft(deps, scope, { title: 'DPA', body: 'Terms for {{customer.name}}.' })).id);
    assert.match(await box(), /Version 1 is in force\. 2 customers have not accepted it yet\./);
    const r = await renderDpaForCustomer(deps, workspace.id, signed.id);
    await acceptDpa(deps, { workspaceId: workspace.id, customerId: signed.id, versionId: r.versionId, documentSha256: r.sha256, signer: { name: 'Jo', title: 'DPO', email: 'jo@customer.test' }, method: 'portal', contactId: null });
    assert.match(await box(), /1 customer has not accepted it yet\./);
  });
});
