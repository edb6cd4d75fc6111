import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildTestApp } from '../../../test/app.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import { listEntities } from '../../modules/registry/registry.queries.ts';
import { auditActions, call, workspaceWithToken } from './api.test-helpers.ts';

forEachDialect('text input through the API', (ctx) => {
  let app: FastifyInstance;
  before(async () => {
    app = await buildTestApp(ctx.db.deps);
  });
  after(async () => app?.close());

  it('stores names NFC-normalised', async () => {
    const { slug, headers, workspace } = await workspaceWithToken(ctx.db.deps);
    const res = await call(app, 'POST', `/api/w/${slug}/entities`, headers, { name: 'Cafe\u0301 Zu\u0308rich AG' });
    assert.equal(res.status, 201);
    assert.equal(res.body.data.name, 'Café Zürich AG');
    assert.deepEqual((await listEntities(ctx.db.deps.db, workspace.id)).map((e) => e.name), ['Café Zürich AG']);
  });

  it('refuses an invisible entity name and a customer name with a bidi override with 400 naming the field, storing nothing', async () => {
    const { slug, headers, workspace } = await workspaceWithToken(ctx.db.deps);
    const before = await auditActions(ctx.db.deps, workspace.id);
    const invisible = await call(app, 'POST', `/api/w/${slug}/entities`, headers, { name: '\u200B\u200D' });
    assert.equal(invisible.status, 400);
    assert.equal(invisible.body.error, 'validation_error');
    assert.equal(invisible.body.message, 'name: must contain visible characters');
    const bidi = await call(app, 'POST', `/api/w/${slug}/customers`, headers, { name: 'Acme \u202Egnp.exe' });
    assert.equal(bidi.status, 400);
    assert.equal(bidi.body.message, 'name: must not contain bidirectional override or isolate characters');
    assert.deepEqual(await listEntities(ctx.db.deps.db, workspace.id), []);
    assert.equal((await call(app, 'GET', `/api/w/${slug}/customers`, headers)).body.data.length, 0);
    assert.deepEqual(await auditActions(ctx.db.deps, workspace.id), before);
  });
});
