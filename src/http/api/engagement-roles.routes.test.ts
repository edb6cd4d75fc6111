import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildTestApp } from '../../../test/app.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import { buildEntity } from '../../../test/factories.ts';
import { listEngagements } from '../../modules/registry/registry.queries.ts';
import { call, workspaceWithToken } from './api.test-helpers.ts';

forEachDialect('engagements API: independent controllers', (ctx) => {
  let app: FastifyInstance;
  before(async () => {
    app = await buildTestApp(ctx.db.deps);
  });
  after(async () => {
    await app?.close();
  });

  it('answers 400 naming role to a sub-processor in the controller context, and stores nothing', async () => {
    const { deps } = ctx.db;
    const { slug, headers, scope } = await workspaceWithToken(deps);
    const entity = await buildEntity(deps, scope, { name: 'Stripe' });
    const res = await call(app, 'POST', `/api/w/${slug}/engagements`, headers, { entityId: entity.id, purpose: 'Payments', role: 'subprocessor', context: 'controller' });
    assert.equal(res.status, 400);
    assert.equal(res.body.error, 'validation_error');
    assert.match(res.body.message, /^role: must be subcontractor when context is controller/);
    assert.equal((await listEngagements(deps.db, scope.workspaceId)).length, 0);
    const ok = await call(app, 'POST', `/api/w/${slug}/engagements`, headers, { entityId: entity.id, purpose: 'Payments', context: 'controller' });
    assert.deepEqual([ok.status, ok.body.data.role, ok.body.data.context], [201, 'subcontractor', 'controller']);
  });
});
