import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildTestApp } from '../../../test/app.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import { call, workspaceWithToken } from './api.test-helpers.ts';

forEachDialect('transfers API', (ctx) => {
  let app: FastifyInstance;
  before(async () => {
    app = await buildTestApp(ctx.db.deps);
  });
  after(async () => {
    await app?.close();
  });

  it('assesses a flow for a viewer token as the CLI does, and names bad fields with 400', async () => {
    const { slug, headers } = await workspaceWithToken(ctx.db.deps, 'viewer');
    const ok = await call(app, 'GET', `/api/w/${slug}/transfers/assess?from=FR&to=US&date=2025-01-01&mechanism=dpf&dpfCertified=true`, headers);
    assert.equal(ok.status, 200);
    const body = ok.body as { data: { status: string; rules: string[]; warnings: string[] } };
    assert.equal(body.data.status, 'adequate');
    assert.deepEqual(body.data.rules, ['adequacy-us-dpf']);
    assert.match(body.data.warnings.join(' '), /fallback/);
    const bad = await call(app, 'GET', `/api/w/${slug}/transfers/assess?from=FR&date=2025-13-01`, headers);
    assert.equal(bad.status, 400);
    assert.match(JSON.stringify(bad.body), /to: is required; date: must be a date as YYYY-MM-DD/);
    assert.equal((await call(app, 'GET', `/api/w/${slug}/transfers/assess?from=FR&to=US&date=2025-01-01`)).status, 401);
  });
});
