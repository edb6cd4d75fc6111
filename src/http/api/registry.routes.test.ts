import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildTestApp, signedInMember } from '../../../test/app.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import { buildEngagement, buildEntity, buildService } from '../../../test/factories.ts';
import { listEngagements, listEntities } from '../../modules/registry/registry.queries.ts';
import { auditActions, call, workspaceWithToken } from './api.test-helpers.ts';

forEachDialect('registry API', (ctx) => {
  let app: FastifyInstance;
  before(async () => {
    app = await buildTestApp(ctx.db.deps);
  });
  after(async () => {
    await app?.close();
  });

  it('answers 401 without credentials, before looking at the body', async () => {
    const { slug } = await workspaceWithToken(ctx.db.deps);
    const list = await call(app, 'GET', `/api/w/${slug}/entities`);
    assert.equal(list.status, 401);
    assert.equal(list.body.error, 'unauthorized');
    const post = await call(app, 'POST', `/api/w/${slug}/entities`, {}, { countries: 5 });
    assert.equal(post.status, 401);
  });

  it('refuses a viewer token adding an entity with 403 and stores nothing', async () => {
    const { deps } = ctx.db;
    const { slug, headers, workspace } = await workspaceWithToken(deps, 'viewer');
    const res = await call(app, 'POST', `/api/w/${slug}/entities`, headers, { name: 'Stripe' });
    assert.equal(res.status, 403);
    assert.equal(res.body.error, 'forbidden');
    assert.equal((await listEntities(deps.db, workspace.id)).length, 0);
    assert.equal((await call(app, 'GET', `/api/w/${slug}/entities`, headers)).status, 200);
  });

  it('creates an entity and an engagement with an editor token, answering 201 and writing audit events', async () => {
    const { deps } = ctx.db;
    const { slug, headers, workspace, scope } = await workspaceWithToken(deps);
    const service = await buildService(deps, scope, { slug: 'commerce' });
    const entity = await call(app, 'POST', `/api/w/${slug}/entities`, headers, { name: 'Stripe', legalName: 'Stripe, Inc.', country: 'us' });
    assert.equal(entity.status, 201);
    assert.equal(entity.body.data.country, 'US');
    const engagement = await call(app, 'POST', `/api/w/${slug}/engagements`, headers, {
      entityId: entity.body.data.id, purpose: 'Payments', services: [service.slug], countries: ['US', 'IE'], dpaOnFile: true,
    });
    assert.equal(engagement.status, 201);
    assert.deepEqual([engagement.body.data.entityName, engagement.body.data.services, engagement.body.data.countries], ['Stripe', ['commerce'], ['US', 'IE']]);
    const actions = await auditActions(deps, workspace.id);
    assert.deepEqual(actions.slice(-2), ['entity.created', 'engagement.created']);
    const last = await deps.db.selectFrom('audit_events').select(['actor_type', 'actor_label']).where('workspace_id', '=', workspace.id).orderBy('seq', 'desc').executeTakeFirstOrThrow();
    assert.deepEqual(last, { actor_type: 'token', actor_label: 'token:test-editor' });
  });

  const invalidCases: Array<[string, 'entities' | 'engagements', Record<string, unknown>, string]> = [
    ['a country that is not ISO 3166-1', 'entities', { name: 'X', country: 'XX' }, 'country: must be an ISO 3166-1 alpha-2 country code'],
    ['a missing entity name', 'entities', { country: 'DE' }, 'name: is required'],
    ['a name of the wrong JSON type', 'entities', { name: 42 }, 'name: must be string'],
    ['a bad country in a list', 'engagements', { countries: ['DE', 'XX'] }, 'countries[1]: must be an ISO 3166-1 alpha-2 country code'],
    ['an unknown service slug', 'engagements', { services: ['nope'] }, 'services[0]: must be a service of this workspace'],
    ['an empty purpose', 'engagements', { purpose: '  ' }, 'purpose: is required'],
    ['countries of the wrong JSON type', 'engagements', { countries: 5 }, 'countries: must be array'],
    ['an unknown transfer mechanism', 'engagements', { transferMechanisms: ['magic'] }, `transferMechanisms[0]: must be one of adequacy, scc-2021, scc-2010, privacy-shield, safe-harbour, dpf, bcr, derogation, none`],
    ['dpaOnFile of the wrong JSON type', 'engagements', { dpaOnFile: 'yes' }, 'dpaOnFile: must be boolean'],
  ];
  for (const [what, collection, fields, message] of invalidCases) {
    it(`answers 400 validation_error for ${what} and stores nothing`, async () => {
      const { deps } = ctx.db;
      const { slug, headers, workspace, scope } = await workspaceWithToken(deps);
      const entity = await buildEntity(deps, scope);
      const base = collection === 'engagements' ? { entityId: entity.id, purpose: 'Hosting' } : {};
      const res = await call(app, 'POST', `/api/w/${slug}/${collection}`, headers, { ...base, ...fields });
      assert.equal(res.status, 400);
      assert.equal(res.body.error, 'validation_error');
      assert.equal(res.body.message, message);
      assert.deepEqual(res.body.data.fields.map((f: { field: string }) => f.field), [message.split(':')[0]]);
      assert.equal((await listEntities(deps.db, workspace.id)).length, 1);
      assert.equal((await listEngagements(deps.db, workspace.id)).length, 0);
    });
  }

  it('names every bad engagement field in one validation error', async () => {
    const { deps } = ctx.db;
    const { slug, headers, scope } = await workspaceWithToken(deps);
    const entity = await buildEntity(deps, scope);
    const res = await call(app, 'POST', `/api/w/${slug}/engagements`, headers, { entityId: entity.id, role: 'vendor', purpose: '', countries: ['DE', 'XX'] });
    assert.equal(res.status, 400);
    assert.deepEqual(res.body.data.fields.map((f: { field: string }) => f.field), ['role', 'purpose', 'countries[1]']);
  });

  it('filters entities by name substring and country', async () => {
    const { deps } = ctx.db;
    const { slug, headers, scope } = await workspaceWithToken(deps, 'viewer');
    await buildEntity(deps, scope, { name: 'Stripe', country: 'US' });
    await buildEntity(deps, scope, { name: 'Scaleway', country: 'FR' });
    await buildEntity(deps, scope, { name: 'OVHcloud', legalName: 'OVH SAS', country: 'FR' });
    const names = async (query: string) => (await call(app, 'GET', `/api/w/${slug}/entities${query}`, headers)).body.data.map((e: { name: string }) => e.name);
    assert.deepEqual(await names('?q=sca'), ['Scaleway']);
    assert.deepEqual(await names('?country=fr'), ['OVHcloud', 'Scaleway']);
    assert.deepEqual(await names('?q=ovh%20sas&country=FR'), ['OVHcloud']);
  });

  it('filters engagements by service, country, kind, role and entity', async () => {
    const { deps } = ctx.db;
    const { slug, headers, scope } = await workspaceWithToken(deps, 'viewer');
    const svc = await buildService(deps, scope, { slug: 'connect' });
    const a = await buildEngagement(deps, scope, { purpose: 'Support', services: [svc.slug], countries: ['MX'], kind: 'affiliate' });
    const b = await buildEngagement(deps, scope, { purpose: 'Hosting', countries: ['DE'], role: 'subcontractor' });
    const ids = async (query: string) => (await call(app, 'GET', `/api/w/${slug}/engagements${query}`, headers)).body.data.map((g: { id: string }) => g.id);
    assert.deepEqual(await ids('?service=connect'), [a.id]);
    assert.deepEqual(await ids('?country=de'), [b.id]);
    assert.deepEqual(await ids('?kind=affiliate'), [a.id]);
    assert.deepEqual(await ids('?role=subcontractor'), [b.id]);
    assert.deepEqual(await ids(`?entityId=${b.entityId}`), [b.id]);
    assert.deepEqual(await ids('?service=connect&country=DE'), []);
  });

  it('answers 404 not_found for an unknown id on read, replace and delete', async () => {
    const { slug, headers } = await workspaceWithToken(ctx.db.deps);
    for (const collection of ['entities', 'engagements', 'services', 'regions']) {
      const url = `/api/w/${slug}/${collection}/no-such-id`;
      for (const [method, payload] of [['GET', undefined], ['PUT', { entityId: 'x', purpose: 'x', name: 'x', slug: 'x' }], ['DELETE', undefined]] as const) {
        const res = await call(app, method, url, headers, payload);
        assert.equal(res.status, 404, `${method} ${collection}`);
        assert.equal(res.body.error, 'not_found');
      }
    }
  });

  it('reads, replaces and deletes an entity, answering 204 on delete', async () => {
    const { deps } = ctx.db;
    const { slug, headers, workspace } = await workspaceWithToken(deps);
    const { body } = await call(app, 'POST', `/api/w/${slug}/entities`, headers, { name: 'Zendesk', country: 'US' });
    const url = `/api/w/${slug}/entities/${body.data.id}`;
    assert.equal((await call(app, 'GET', url, headers)).body.data.name, 'Zendesk');
    const put = await call(app, 'PUT', url, headers, { name: 'Zendesk, Inc.', website: 'https://zendesk.com' });
    assert.deepEqual([put.status, put.body.data.name, put.body.data.country], [200, 'Zendesk, Inc.', null]);
    const del = await call(app, 'DELETE', url, headers);
    assert.deepEqual([del.status, del.body], [204, null]);
    assert.deepEqual((await auditActions(deps, workspace.id)).slice(-3), ['entity.created', 'entity.updated', 'entity.deleted']);
  });

  it('keeps services and regions through the same CRUD shape', async () => {
    const { slug, headers } = await workspaceWithToken(ctx.db.deps);
    const svc = await call(app, 'POST', `/api/w/${slug}/services`, headers, { slug: 'cloud', name: 'Cloud' });
    assert.equal(svc.status, 201);
    const region = await call(app, 'POST', `/api/w/${slug}/regions`, headers, {
      slug: 'osc-fr1', name: 'osc-fr1', provider: 'Outscale', dataCentres: [{ label: 'Paris-Pantin', country: 'fr' }], backupCountries: ['FR'],
    });
    assert.equal(region.status, 201);
    assert.deepEqual(region.body.data.dataCentres, [{ label: 'Paris-Pantin', country: 'FR' }]);
    const bad = await call(app, 'POST', `/api/w/${slug}/regions`, headers, { slug: 'x', name: 'x', dataCentres: [{ label: 'Nowhere', country: 'ZZ' }] });
    assert.equal(bad.body.message, 'dataCentres[0].country: must be an ISO 3166-1 alpha-2 country code');
    const put = await call(app, 'PUT', `/api/w/${slug}/services/${svc.body.data.id}`, headers, { slug: 'cloud', name: 'Cloud platform' });
    assert.equal(put.body.data.name, 'Cloud platform');
    assert.deepEqual((await call(app, 'GET', `/api/w/${slug}/services`, headers)).body.data.map((s: { slug: string }) => s.slug), ['cloud']);
    assert.deepEqual((await call(app, 'GET', `/api/w/${slug}/regions/${region.body.data.id}`, headers)).body.data.provider, 'Outscale');
    assert.equal((await call(app, 'DELETE', `/api/w/${slug}/regions/${region.body.data.id}`, headers)).status, 204);
    assert.equal((await call(app, 'DELETE', `/api/w/${slug}/services/${svc.body.data.id}`, headers)).status, 204);
    assert.deepEqual((await call(app, 'GET', `/api/w/${slug}/regions`, headers)).body.data, []);
  });

  it('requires the CSRF header for a change made with a session cookie', async () => {
    const { deps } = ctx.db;
    const { slug, workspace } = await workspaceWithToken(deps);
    const member = await signedInMember(deps, workspace.id, 'editor');
    const without = await call(app, 'POST', `/api/w/${slug}/entities`, { cookie: member.cookie }, { name: 'Stripe' });
    assert.equal(without.status, 403);
    assert.equal(without.body.error, 'csrf_failed');
    assert.equal((await listEntities(deps.db, workspace.id)).length, 0);
    const withToken = await call(app, 'POST', `/api/w/${slug}/entities`, member.headers, { name: 'Stripe' });
    assert.equal(withToken.status, 201);
    const last = await deps.db.selectFrom('audit_events').select('actor_label').where('workspace_id', '=', workspace.id).orderBy('seq', 'desc').executeTakeFirstOrThrow();
    assert.equal(last.actor_label, member.email);
  });
});
