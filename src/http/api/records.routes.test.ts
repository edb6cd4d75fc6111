import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { apiTokenHeaders, buildTestApp } from '../../../test/app.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import { buildCustomer, buildService, buildWorkspace } from '../../../test/factories.ts';
import { createActivity } from '../../modules/records/manage-activities.ts';
import { listActivities } from '../../modules/records/records.queries.ts';
import { auditActions, call, workspaceWithToken } from './api.test-helpers.ts';

const HOSTING = { role: 'processor', name: 'Hosting', purposes: ['Hosting of applications'], dataSubjects: ['End users'], dataCategories: ['user.content'] };

forEachDialect('records API', (ctx) => {
  let app: FastifyInstance;
  before(async () => {
    app = await buildTestApp(ctx.db.deps);
  });
  after(async () => {
    await app?.close();
  });

  it('answers 401 without credentials', async () => {
    const { slug } = await workspaceWithToken(ctx.db.deps);
    assert.equal((await call(app, 'GET', `/api/w/${slug}/processing-activities`)).status, 401);
    assert.equal((await call(app, 'GET', `/api/w/${slug}/records/controller`)).status, 401);
  });

  it('creates an activity with an editor token, answering 201 and writing an audit event', async () => {
    const { deps } = ctx.db;
    const { slug, headers, scope } = await workspaceWithToken(deps);
    await buildService(deps, scope, { slug: 'paas' });
    const res = await call(app, 'POST', `/api/w/${slug}/processing-activities`, headers, { ...HOSTING, purposes: 'Hosting, storage\nBackups', services: ['paas'] });
    assert.equal(res.status, 201);
    assert.deepEqual([res.body.data.purposes, res.body.data.services, res.body.data.frequency], [['Hosting, storage', 'Backups'], ['paas'], 'continuous']);
    assert.deepEqual((await auditActions(deps, scope.workspaceId)).slice(-1), ['processing_activity.created']);
    const list = await call(app, 'GET', `/api/w/${slug}/processing-activities?role=processor`, headers);
    assert.deepEqual(list.body.data.map((a: { id: string }) => a.id), [res.body.data.id]);
  });

  it('answers 400 naming each bad field, and changes nothing', async () => {
    const { deps } = ctx.db;
    const { slug, headers, scope } = await workspaceWithToken(deps);
    const res = await call(app, 'POST', `/api/w/${slug}/processing-activities`, headers, { role: 'controller', name: 'Billing', purposes: [], dataSubjects: ['Customers'], dataCategories: ['Invoices'] });
    assert.equal(res.status, 400);
    assert.equal(res.body.error, 'validation_error');
    assert.equal(res.body.message, 'purposes: must have at least one entry; legalBasis: is required for a controller activity (one of the Art 6(1) bases)');
    const bad = await call(app, 'GET', `/api/w/${slug}/processing-activities?role=judge`, headers);
    assert.deepEqual([bad.status, bad.body.message], [400, 'role: must be one of controller, processor']);
    const format = await call(app, 'GET', `/api/w/${slug}/records/controller?format=xlsx`, headers);
    assert.deepEqual([format.status, format.body.message], [400, 'format: must be one of json, csv, jsonld, pdf']);
    assert.equal((await listActivities(deps.db, scope.workspaceId)).length, 0);
  });

  it('answers 403 to a viewer who writes and lets the viewer read records', async () => {
    const { deps } = ctx.db;
    const { workspace, scope } = await buildWorkspace(deps);
    const viewer = await apiTokenHeaders(deps, workspace.id, 'viewer');
    const a = await createActivity(deps, scope, HOSTING);
    assert.equal((await call(app, 'POST', `/api/w/${workspace.slug}/processing-activities`, viewer, HOSTING)).status, 403);
    assert.equal((await call(app, 'PUT', `/api/w/${workspace.slug}/processing-activities/${a.id}`, viewer, HOSTING)).status, 403);
    assert.equal((await call(app, 'DELETE', `/api/w/${workspace.slug}/processing-activities/${a.id}`, viewer)).status, 403);
    assert.equal((await call(app, 'POST', `/api/w/${workspace.slug}/processing-activities/${a.id}/move`, viewer, { direction: 'up' })).status, 403);
    const got = await call(app, 'GET', `/api/w/${workspace.slug}/processing-activities/${a.id}`, viewer);
    assert.deepEqual([got.status, got.body.data.name], [200, 'Hosting']);
  });

  it("gives a customer's processor record as JSON, and every customer's as CSV, JSON-LD and PDF files", async () => {
    const { deps } = ctx.db;
    const { workspace, scope } = await buildWorkspace(deps);
    const viewer = await apiTokenHeaders(deps, workspace.id, 'viewer');
    await createActivity(deps, scope, HOSTING);
    const customer = await buildCustomer(deps, scope, { name: 'Globex SA' });
    const json = await call(app, 'GET', `/api/w/${workspace.slug}/records/processor?customer=${customer.id}`, viewer);
    assert.equal(json.status, 200);
    assert.deepEqual([json.body.data.kind, json.body.data.records[0].controller.name, json.body.data.records[0].activities[0].name], ['processor', 'Globex SA', 'Hosting']);
    assert.equal((await call(app, 'GET', `/api/w/${workspace.slug}/records/processor?customer=00000000-0000-0000-0000-000000000000`, viewer)).status, 404);
    for (const [format, type] of [['csv', 'text/csv'], ['jsonld', 'application/ld+json'], ['pdf', 'application/pdf']]) {
      const res = await app.inject({ method: 'GET', url: `/api/w/${workspace.slug}/records/processor?format=${format}`, headers: viewer });
      assert.equal(res.statusCode, 200, format);
      assert.ok(String(res.headers['content-type']).startsWith(type), format);
      assert.match(String(res.headers['content-disposition']), new RegExp(`^attachment; filename="record-processor-${workspace.slug}-\\d{4}-\\d{2}-\\d{2}\\.${format}"$`));
    }
    const controller = await call(app, 'GET', `/api/w/${workspace.slug}/records/controller?format=json`, viewer);
    assert.deepEqual([controller.status, controller.body.data.kind], [200, 'controller']);
  });

  it("keeps a controller activity's joint controllers and returns the record's warnings in the JSON only", async () => {
    const { deps } = ctx.db;
    const { slug, headers, scope } = await workspaceWithToken(deps);
    const res = await call(app, 'POST', `/api/w/${slug}/processing-activities`, headers, {
      role: 'controller', name: 'Billing', legalBasis: 'contract', purposes: ['Invoicing'], dataSubjects: ['Customers'], dataCategories: ['user.financial'],
      jointControllers: ['Acme Holding SA, privacy@holding.test'],
    });
    assert.equal(res.status, 201);
    assert.deepEqual(res.body.data.jointControllers, ['Acme Holding SA, privacy@holding.test']);
    const bad = await call(app, 'POST', `/api/w/${slug}/processing-activities`, headers, { ...HOSTING, jointControllers: ['Acme Holding SA'] });
    assert.deepEqual([bad.status, bad.body.message], [400, 'jointControllers: must be empty for a processor activity: joint controllers are named in controller activities (Art 26)']);
    const record = await call(app, 'GET', `/api/w/${slug}/records/controller`, headers);
    assert.deepEqual(record.body.data.record.jointControllers, ['Acme Holding SA, privacy@holding.test']);
    const particulars = record.body.data.warnings.map((w: { particular: string }) => w.particular);
    assert.deepEqual(particulars, ['controller_contact', 'controller_dpo', 'recipients', 'erasure_time_limits', 'measures']);
    const jsonld = await app.inject({ method: 'GET', url: `/api/w/${slug}/records/controller?format=jsonld`, headers });
    assert.equal(JSON.parse(jsonld.body)['@id'], `urn:trustroom:records:${scope.workspaceId}:controller`);
    assert.equal(jsonld.body.includes('warnings'), false);
  });

  it('describes the activity and record operations in the OpenAPI document', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    const paths = JSON.parse(res.body).paths;
    for (const p of ['/api/w/{slug}/processing-activities', '/api/w/{slug}/processing-activities/{id}', '/api/w/{slug}/records/processor', '/api/w/{slug}/records/controller']) {
      assert.ok(paths[p], p);
    }
    assert.deepEqual(paths['/api/w/{slug}/records/processor'].get.tags, ['Records']);
  });
});
