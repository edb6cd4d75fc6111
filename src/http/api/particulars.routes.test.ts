import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { apiTokenHeaders, buildTestApp } from '../../../test/app.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import { buildWorkspace } from '../../../test/factories.ts';
import { auditActions, call } from './api.test-helpers.ts';

forEachDialect('particulars and customer terms API', (ctx) => {
  let app: FastifyInstance;
  before(async () => {
    app = await buildTestApp(ctx.db.deps);
  });
  after(async () => {
    await app?.close();
  });

  it("replaces the organisation's particulars with an admin token and reads them back with a viewer token", async () => {
    const { deps } = ctx.db;
    const { workspace } = await buildWorkspace(deps);
    const admin = await apiTokenHeaders(deps, workspace.id, 'admin');
    const viewer = await apiTokenHeaders(deps, workspace.id, 'viewer');
    const put = await call(app, 'PUT', `/api/w/${workspace.slug}/particulars`, admin, { legalName: 'Acme Cloud SAS', country: 'fr', contactEmail: 'privacy@acme.test' });
    assert.equal(put.status, 200);
    const got = await call(app, 'GET', `/api/w/${workspace.slug}/particulars`, viewer);
    assert.deepEqual(got.body.data, { legalName: 'Acme Cloud SAS', address: null, country: 'FR', contactName: null, contactEmail: 'privacy@acme.test', dpoContact: null, representative: null, signatoryName: null, signatoryTitle: null });
    assert.equal((await auditActions(deps, workspace.id)).at(-1), 'workspace.particulars_updated');
  });

  it('refuses particulars from a viewer (403) and bad ones with 400 naming the field, changing nothing', async () => {
    const { deps } = ctx.db;
    const { workspace } = await buildWorkspace(deps);
    const admin = await apiTokenHeaders(deps, workspace.id, 'admin');
    const viewer = await apiTokenHeaders(deps, workspace.id, 'viewer');
    assert.equal((await call(app, 'PUT', `/api/w/${workspace.slug}/particulars`, viewer, { legalName: 'X' })).status, 403);
    const bad = await call(app, 'PUT', `/api/w/${workspace.slug}/particulars`, admin, { legalName: 'X', country: 'ZZ' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error, 'validation_error');
    assert.match(bad.body.message, /^country: /);
    assert.equal((await call(app, 'GET', `/api/w/${workspace.slug}/particulars`, viewer)).body.data.legalName, null);
  });

  it("returns a customer's DPA terms and its competent supervisory authority", async () => {
    const { deps } = ctx.db;
    const { workspace } = await buildWorkspace(deps);
    const editor = await apiTokenHeaders(deps, workspace.id, 'editor');
    const res = await call(app, 'POST', `/api/w/${workspace.slug}/customers`, editor, {
      name: 'Beispiel GmbH', country: 'DE', transfersAuthorised: false, auditFrequencyMonths: 12, auditNoticeDays: 28, terminationHandling: 'return', terminationDays: 30,
    });
    assert.equal(res.status, 201);
    const c = res.body.data;
    assert.deepEqual([c.transfersAuthorised, c.auditFrequencyMonths, c.auditNoticeDays, c.terminationHandling, c.terminationDays], [false, 12, 28, 'return', 30]);
    // A German customer without its Land: undetermined, never the federal authority (§ 40 BDSG).
    assert.deepEqual([c.competentAuthority.name, c.competentAuthority.basis, c.competentAuthority.rulesVersion], [null, 'undetermined', '2026-12-03']);
    assert.match(c.competentAuthority.note, /Land/);
    const bad = await call(app, 'POST', `/api/w/${workspace.slug}/customers`, editor, { name: 'Other', terminationHandling: 'shred' });
    assert.equal(bad.status, 400);
    assert.match(bad.body.message, /terminationHandling/);
  });
});
