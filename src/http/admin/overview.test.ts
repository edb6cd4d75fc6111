import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildTestApp, signedInMember } from '../../../test/app.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import { buildEngagement, buildEntity, buildWorkspace } from '../../../test/factories.ts';

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
});
