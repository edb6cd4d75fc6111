import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildTestApp } from '../../../test/app.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import { buildEngagement, buildEntity } from '../../../test/factories.ts';
import { auditActions, call, workspaceWithToken } from './api.test-helpers.ts';

forEachDialect('versions API', (ctx) => {
  let app: FastifyInstance;
  before(async () => {
    app = await buildTestApp(ctx.db.deps);
  });
  after(async () => {
    await app?.close();
  });

  it('publishes twice and lists both versions newest first with the changelog of the second', async () => {
    const { deps } = ctx.db;
    const { slug, headers, scope, workspace } = await workspaceWithToken(deps);
    const hosting = await buildEngagement(deps, scope, { purpose: 'Hosting', countries: ['DE'] });
    const first = await call(app, 'POST', `/api/w/${slug}/versions`, headers);
    assert.equal(first.status, 201);
    assert.equal(first.body.data.version, 1);
    assert.equal(first.body.data.snapshot.items.length, 1);

    const stripe = await buildEntity(deps, scope, { name: 'Stripe', country: 'US' });
    const added = await call(app, 'POST', `/api/w/${slug}/engagements`, headers, { entityId: stripe.id, purpose: 'Payments', countries: ['US'] });
    await call(app, 'PUT', `/api/w/${slug}/engagements/${hosting.id}`, headers, { entityId: hosting.entityId, purpose: 'Hosting', countries: ['DE', 'FR'] });
    const second = await call(app, 'POST', `/api/w/${slug}/versions`, headers, { note: 'Added Stripe', currentAsOf: '2030-01-01' });
    assert.equal(second.status, 201);
    assert.deepEqual([second.body.data.version, second.body.data.note, second.body.data.currentAsOf], [2, 'Added Stripe', '2030-01-01']);

    const list = await call(app, 'GET', `/api/w/${slug}/versions`, headers);
    assert.deepEqual(list.body.data.map((v: { version: number }) => v.version), [2, 1]);
    assert.equal(list.body.data[0].snapshot, undefined);
    assert.deepEqual(list.body.data[0].changelog.added, [{ id: added.body.data.id, name: 'Stripe', purpose: 'Payments' }]);
    assert.equal((await auditActions(deps, workspace.id)).filter((a) => a === 'list.published').length, 2);

    const diff = await call(app, 'GET', `/api/w/${slug}/versions/1/diff/2`, headers);
    assert.equal(diff.status, 200);
    assert.deepEqual(diff.body.data.changelog.added.map((i: { name: string }) => i.name), ['Stripe']);
    assert.deepEqual(diff.body.data.changelog.changed.map((i: { id: string; fields: Array<{ field: string; before: unknown; after: unknown }> }) => [i.id, i.fields]), [
      [hosting.id, [{ field: 'countries', label: 'countries', before: ['DE'], after: ['DE', 'FR'] }]],
    ]);
    const back = await call(app, 'GET', `/api/w/${slug}/versions/2/diff/1`, headers);
    assert.deepEqual(back.body.data.changelog.removed.map((i: { name: string }) => i.name), ['Stripe']);
  });

  it('returns one version with its snapshot, and 404 for a version that does not exist', async () => {
    const { deps } = ctx.db;
    const { slug, headers, scope } = await workspaceWithToken(deps);
    await buildEngagement(deps, scope, { purpose: 'Email delivery' });
    await call(app, 'POST', `/api/w/${slug}/versions`, headers, {});
    const one = await call(app, 'GET', `/api/w/${slug}/versions/1`, headers);
    assert.equal(one.status, 200);
    assert.deepEqual(one.body.data.snapshot.items.map((i: { purpose: string }) => i.purpose), ['Email delivery']);
    assert.equal(one.body.data.workspaceId, undefined);
    const missing = await call(app, 'GET', `/api/w/${slug}/versions/9`, headers);
    assert.deepEqual([missing.status, missing.body.error], [404, 'not_found']);
    assert.equal((await call(app, 'GET', `/api/w/${slug}/versions/1/diff/9`, headers)).status, 404);
    const notANumber = await call(app, 'GET', `/api/w/${slug}/versions/latest`, headers);
    assert.deepEqual([notANumber.status, notANumber.body.data.fields[0].field], [400, 'version']);
  });

  it('rejects a bad publication date and a viewer publishing', async () => {
    const { deps } = ctx.db;
    const { slug, headers, workspace } = await workspaceWithToken(deps);
    const bad = await call(app, 'POST', `/api/w/${slug}/versions`, headers, { currentAsOf: '2030-02-30' });
    assert.deepEqual([bad.status, bad.body.message], [400, 'currentAsOf: must be a date as YYYY-MM-DD']);
    const viewer = await workspaceWithToken(deps, 'viewer');
    assert.equal((await call(app, 'POST', `/api/w/${viewer.slug}/versions`, viewer.headers, {})).status, 403);
    const rows = await deps.db.selectFrom('list_versions').select('id').where('workspace_id', 'in', [workspace.id, viewer.workspace.id]).execute();
    assert.equal(rows.length, 0);
  });
});
