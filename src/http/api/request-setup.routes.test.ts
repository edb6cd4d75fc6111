import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildTestApp } from '../../../test/app.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import { openShop, PEOPLE, type Shop, shopYaml } from '../../modules/requests/fulfilment/shop-fixture.ts';
import { submitRequest } from '../../modules/requests/submit-request.ts';
import { call, workspaceWithToken } from './api.test-helpers.ts';

forEachDialect('API: request systems, exceptions, holds and answers', (ctx) => {
  let app: FastifyInstance;
  const dir = mkdtempSync(join(tmpdir(), 'trustroom-api-requests-'));
  const shops: Shop[] = [];
  before(async () => {
    app = await buildTestApp(ctx.db.deps, { packageKeyFile: join(dir, 'package-key') });
  });
  after(async () => {
    await app?.close();
    for (const s of shops) await s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a system whose connection carries a password, naming the field, and stores nothing', async () => {
    const { slug, headers } = await workspaceWithToken(ctx.db.deps, 'editor');
    const res = await call(app, 'POST', `/api/w/${slug}/request-systems`, headers, { name: 'Shop', dataset: shopYaml(), connection: 'postgres://u:hunter2@db/shop' });
    assert.equal(res.status, 400);
    assert.deepEqual(res.body.data.fields.map((f: { field: string }) => f.field), ['connection']);
    assert.doesNotMatch(JSON.stringify(res.body), /hunter2/);
    assert.deepEqual((await call(app, 'GET', `/api/w/${slug}/request-systems`, headers)).body.data, []);
  });

  it('erases through the API with a hold first holding it, then, released, completing it', async () => {
    const { deps } = ctx.db;
    const { slug, scope, headers } = await workspaceWithToken(deps, 'editor');
    const shop = await openShop(ctx.dialect);
    shops.push(shop);
    assert.equal((await call(app, 'POST', `/api/w/${slug}/request-systems`, headers, { name: 'Shop', dataset: shopYaml(), connection: shop.url })).status, 201);
    const hold = await call(app, 'POST', `/api/w/${slug}/legal-holds`, headers, { email: PEOPLE.carol.email, reason: 'Tax audit' });
    assert.equal(hold.status, 201);
    const { request } = await submitRequest(deps, scope.workspaceId, { type: 'erasure', email: PEOPLE.carol.email, identityChecked: true, identityNote: 'Signed in' }, { channel: 'operator', actor: scope.actor });
    const held = await call(app, 'POST', `/api/w/${slug}/requests/${request.id}/answer`, headers);
    assert.equal(held.status, 200);
    assert.deepEqual([held.body.data.status, held.body.data.runs.map((r: { outcome: string }) => r.outcome)], ['in_progress', ['held']]);
    assert.equal((await call(app, 'POST', `/api/w/${slug}/legal-holds/${hold.body.data.id}/release`, headers)).status, 200);
    const done = await call(app, 'POST', `/api/w/${slug}/requests/${request.id}/answer`, headers);
    assert.equal(done.body.data.status, 'completed');
  });

  it('lets a viewer read but not change, and adopts the usual exceptions once', async () => {
    const { deps } = ctx.db;
    const { slug, headers } = await workspaceWithToken(deps, 'viewer');
    assert.equal((await call(app, 'GET', `/api/w/${slug}/retention-rules`, headers)).status, 200);
    assert.equal((await call(app, 'POST', `/api/w/${slug}/legal-holds`, headers, { email: 'a@example.org', reason: 'x' })).status, 403);
    const editor = await workspaceWithToken(deps, 'editor');
    const first = await call(app, 'POST', `/api/w/${editor.slug}/retention-rules/adopt-defaults`, editor.headers);
    const again = await call(app, 'POST', `/api/w/${editor.slug}/retention-rules/adopt-defaults`, editor.headers);
    assert.deepEqual([first.body.data.length, again.body.data.length], [4, 0]);
    const off = await call(app, 'PATCH', `/api/w/${editor.slug}/retention-rules/${first.body.data[0].id}`, editor.headers, { active: false });
    assert.equal(off.body.data.active, false);
  });
});
