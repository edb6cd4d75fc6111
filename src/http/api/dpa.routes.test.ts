import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { extractText, getDocumentProxy } from 'unpdf';
import { apiTokenHeaders, buildTestApp } from '../../../test/app.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import { sha256 } from '../../shared/ids.ts';
import { buildDpaWorkspace, insertMeasure, publishDpa, TEMPLATE } from '../../modules/dpa/dpa.test-helpers.ts';
import { acceptDpa, renderDpaForCustomer } from '../../modules/dpa/dpa-for-customer.ts';
import { auditActions, call } from './api.test-helpers.ts';

forEachDialect('DPA API', (ctx) => {
  let app: FastifyInstance;
  before(async () => {
    app = await buildTestApp(ctx.db.deps);
  });
  after(async () => app?.close());

  const fixture = async () => {
    const f = await buildDpaWorkspace(ctx.db.deps);
    const [editor, admin, viewer] = await Promise.all((['editor', 'admin', 'viewer'] as const).map((r) => apiTokenHeaders(ctx.db.deps, f.workspace.id, r)));
    return { ...f, slug: f.workspace.slug, editor, admin, viewer };
  };

  it('drafts, edits and publishes a version with the right roles, then refuses to change it', async () => {
    const f = await fixture();
    const base = `/api/w/${f.slug}/dpa/versions`;
    assert.equal((await call(app, 'GET', base)).status, 401);
    assert.equal((await call(app, 'POST', base, f.viewer, {})).status, 403);
    const bad = await call(app, 'POST', base, f.editor, { title: 'DPA', body: 'Hi {{customer.shoe_size}}' });
    assert.deepEqual([bad.status, bad.body.error, bad.body.message], [400, 'validation_error', 'body: unknown placeholder {{customer.shoe_size}}: use one of the listed placeholders']);
    const created = await call(app, 'POST', base, f.editor, { title: 'DPA', body: TEMPLATE });
    assert.equal(created.status, 201);
    const id = created.body.data.id;
    assert.ok(created.body.data.placeholders.includes('customer.audit_frequency_months'));
    assert.equal((await call(app, 'PUT', `${base}/${id}`, f.editor, { title: 'Our DPA', body: TEMPLATE, note: 'First' })).body.data.title, 'Our DPA');
    assert.equal((await call(app, 'POST', `${base}/${id}/publish`, f.editor)).status, 403, 'publishing is for admins');
    const published = await call(app, 'POST', `${base}/${id}/publish`, f.admin);
    assert.deepEqual([published.status, published.body.data.version.status, published.body.data.customersAsked], [200, 'published', 0]);
    const put = await call(app, 'PUT', `${base}/${id}`, f.editor, { title: 'Changed', body: 'x' });
    assert.deepEqual([put.status, put.body.error], [409, 'dpa_version_published']);
    assert.equal((await call(app, 'DELETE', `${base}/${id}`, f.editor)).body.error, 'dpa_version_published');
    assert.equal((await call(app, 'GET', `${base}/${id}`, f.viewer)).body.data.title, 'Our DPA');
    assert.equal((await call(app, 'GET', base, f.viewer)).body.data.length, 1);
    assert.ok((await call(app, 'GET', `/api/w/${f.slug}/dpa/placeholders`, f.viewer)).body.data.some((p: { name: string }) => p.name === 'customer.termination_days'));
    const actions = await auditActions(ctx.db.deps, f.workspace.id);
    assert.deepEqual(actions.filter((a) => a.startsWith('dpa')), ['dpa_version.created', 'dpa_version.updated', 'dpa_version.published']);
  });

  it('returns the Art 28(3) warnings on save and publish, and refuses to publish while particulars are missing (409 naming each)', async () => {
    const f = await fixture();
    const base = `/api/w/${f.slug}/dpa/versions`;
    const created = await call(app, 'POST', base, f.editor, { title: 'DPA', body: TEMPLATE });
    const g = created.body.data.warnings.find((w: { term: string }) => w.term === 'g_deletion_or_return');
    assert.deepEqual(Object.keys(g), ['term', 'label', 'message']);
    assert.match(g.message, /^Art 28\(3\)\(g\) Deletion or return at the end of the services: missing deletion of existing copies; /);
    await call(app, 'PUT', `/api/w/${f.slug}/particulars`, f.admin, { legalName: 'Example Cloud SAS', address: '1 place de la Gare', contactName: 'Claire', contactEmail: 'privacy@example-cloud.test' });
    const refused = await call(app, 'POST', `${base}/${created.body.data.id}/publish`, f.admin);
    assert.deepEqual([refused.status, refused.body.error, refused.body.data.missing], [409, 'dpa_particulars_missing', ["Annex I: the name of the processor's signatory", "Annex I: the title of the processor's signatory"]]);
    assert.match(refused.body.message, /^this DPA version cannot be published while these are empty: Annex I: the name of the processor's signatory; Annex I: the title/);
    assert.equal((await call(app, 'GET', `${base}/${created.body.data.id}`, f.viewer)).body.data.status, 'draft');
    await call(app, 'PUT', `/api/w/${f.slug}/particulars`, f.admin, { legalName: 'Example Cloud SAS', address: '1 place de la Gare', contactName: 'Claire', contactEmail: 'privacy@example-cloud.test', signatoryName: 'Paul Durand', signatoryTitle: 'CEO' });
    const published = await call(app, 'POST', `${base}/${created.body.data.id}/publish`, f.admin);
    assert.equal(published.status, 200);
    assert.equal(published.body.data.warnings.length, created.body.data.warnings.length);
    assert.deepEqual(published.body.data.version.warnings, published.body.data.warnings);
  });

  it("serves a customer's DPA as JSON, the canonical HTML and a PDF, all with the same SHA-256", async () => {
    const f = await fixture();
    const v = (await call(app, 'POST', `/api/w/${f.slug}/dpa/versions`, f.editor, { title: 'DPA', body: TEMPLATE })).body.data;
    await call(app, 'POST', `/api/w/${f.slug}/dpa/versions/${v.id}/publish`, f.admin);
    const url = `/api/w/${f.slug}/customers/${f.customer.id}/dpa`;
    const json = await call(app, 'GET', url, f.viewer);
    assert.equal(json.status, 200);
    const hash = json.body.data.sha256;
    assert.equal(sha256(json.body.data.html), hash);
    const html = await app.inject({ url: `${url}?format=html`, headers: f.viewer });
    assert.deepEqual([html.headers['content-type'], html.headers['x-content-sha256'], sha256(html.body)], ['text/html; charset=utf-8', hash, hash]);
    const pdf = await app.inject({ url: `${url}?format=pdf`, headers: f.viewer });
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.equal(pdf.headers['content-disposition'], `attachment; filename="DPA-v1-cloudblue-example.pdf"; filename*=UTF-8''DPA-v1-cloudblue-example.pdf`);
    assert.equal(json.body.data.fileName, 'DPA-v1-cloudblue-example.pdf');
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf.rawPayload)), { mergePages: true });
    assert.ok(text.replace(/\s+/g, ' ').includes(hash));
    assert.equal((await call(app, 'GET', `${url}?format=docx`, f.viewer)).body.message, 'format: must be one of json, html, pdf');
  });

  it('sends acceptance links to the contacts and lists the ledger', async () => {
    const f = await fixture();
    const url = `/api/w/${f.slug}/customers/${f.customer.id}/dpa`;
    assert.equal((await call(app, 'POST', `${url}/acceptance-requests`, f.editor)).body.error, 'dpa_not_published');
    const v = (await call(app, 'POST', `/api/w/${f.slug}/dpa/versions`, f.editor, {})).body.data;
    await call(app, 'POST', `/api/w/${f.slug}/dpa/versions/${v.id}/publish`, f.admin);
    const sent = await call(app, 'POST', `${url}/acceptance-requests`, f.editor);
    assert.deepEqual([sent.status, sent.body.data.version, sent.body.data.requests.length], [201, 1, 2]);
    assert.deepEqual((await call(app, 'GET', `${url}/acceptances`, f.viewer)).body.data, []);
    const standings = await call(app, 'GET', `/api/w/${f.slug}/dpa/standings`, f.viewer);
    assert.deepEqual(standings.body.data.customers.map((c: { needsAcceptance: boolean; openRequests: number }) => [c.needsAcceptance, c.openRequests]), [[true, 2]]);
  });

  it('keeps the exact document accepted, which still checks against its hash after the data behind the DPA changed, and shows tampering', async () => {
    const { deps } = ctx.db;
    const f = await fixture();
    await publishDpa(deps, f.scope);
    const shown = await renderDpaForCustomer(deps, f.workspace.id, f.customer.id);
    const accepted = await acceptDpa(deps, { workspaceId: f.workspace.id, customerId: f.customer.id, versionId: shown.versionId, documentSha256: shown.sha256, signer: { name: 'Jeanne Dupont', title: 'DPO', email: 'dpo@cloudblue.test' }, method: 'portal', contactId: null });
    // A new measure changes today's rendering, not what was accepted.
    await insertMeasure(deps, f.scope, { category: 'input_control', title: 'Change log of every record', description: 'Every change is logged.' });
    assert.notEqual((await renderDpaForCustomer(deps, f.workspace.id, f.customer.id)).sha256, shown.sha256);
    const url = `/api/w/${f.slug}/customers/${f.customer.id}/dpa/acceptances/${accepted.id}`;
    const got = await call(app, 'GET', url, f.viewer);
    assert.equal(got.status, 200);
    assert.deepEqual([got.body.data.html, got.body.data.isIntact, got.body.data.acceptance.documentSha256], [shown.html, true, shown.sha256]);
    assert.doesNotMatch(got.body.data.html, /Change log of every record/);
    await deps.db.updateTable('dpa_acceptances').set({ document_html: shown.html.replace('Data Processing Agreement', 'Data Processing Agreement (amended)') }).where('id', '=', accepted.id).execute();
    assert.equal((await call(app, 'GET', url, f.viewer)).body.data.isIntact, false);
    // Another customer's id in the address finds nothing.
    assert.equal((await call(app, 'GET', `/api/w/${f.slug}/customers/${f.workspace.id}/dpa/acceptances/${accepted.id}`, f.viewer)).status, 404);
  });

  it('describes the DPA operations in the OpenAPI document', async () => {
    const doc = JSON.parse((await app.inject({ url: '/api/openapi.json' })).body);
    for (const path of ['/api/w/{slug}/dpa/versions', '/api/w/{slug}/dpa/versions/{id}', '/api/w/{slug}/dpa/versions/{id}/publish', '/api/w/{slug}/customers/{customerId}/dpa', '/api/w/{slug}/customers/{customerId}/dpa/acceptances', '/api/w/{slug}/customers/{customerId}/dpa/acceptance-requests']) {
      assert.ok(doc.paths[path], path);
    }
    assert.deepEqual(doc.paths['/api/w/{slug}/customers/{customerId}/dpa'].get.responses['200'].content['application/pdf'].schema, { type: 'string', format: 'binary' });
  });
});
