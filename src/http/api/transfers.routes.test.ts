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

  it('answers with the customer sentence, the regime and the law; 400 naming from for a US exporter without regime=eu', async () => {
    const { slug, headers } = await workspaceWithToken(ctx.db.deps, 'viewer');
    const gb = await call(app, 'GET', `/api/w/${slug}/transfers/assess?from=GB&to=US&date=2023-10-12&mechanism=dpf&dpfCertified=true`, headers);
    assert.equal(gb.status, 200);
    assert.deepEqual([gb.body.data.status, gb.body.data.regime, gb.body.data.mechanism, gb.body.data.rules], ['adequate', 'uk', 'dpf', ['uk-adequacy-us-dpf']]);
    assert.equal(gb.body.data.customerFact, 'UK adequacy regulations (UK Extension to the EU-US Data Privacy Framework)');
    const us = await call(app, 'GET', `/api/w/${slug}/transfers/assess?from=US&to=IN&date=2025-01-01&mechanism=scc-2021`, headers);
    assert.deepEqual([us.status, us.body.error, us.body.data.fields.map((f: { field: string }) => f.field)], [400, 'validation_error', ['from']]);
    const eu = await call(app, 'GET', `/api/w/${slug}/transfers/assess?from=US&to=IN&date=2025-01-01&mechanism=scc-2021&regime=eu`, headers);
    assert.deepEqual([eu.status, eu.body.data.status, eu.body.data.law], [200, 'safeguarded', 'GDPR (Regulation (EU) 2016/679)']);
    const epo = await call(app, 'GET', `/api/w/${slug}/transfers/assess?from=FR&to=IO-EPO&date=2025-07-15`, headers);
    assert.deepEqual([epo.status, epo.body.data.rules], [200, ['adequacy-epo']]);
  });
});
