import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildTestApp } from '../../../test/app.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import { buildCustomer, buildService, buildWorkspace } from '../../../test/factories.ts';
import { listCustomers } from '../../modules/customers/customers.queries.ts';
import { createRegion } from '../../modules/registry/manage-regions.ts';
import { auditActions, call, workspaceWithToken } from './api.test-helpers.ts';

forEachDialect('customers API', (ctx) => {
  let app: FastifyInstance;
  before(async () => {
    app = await buildTestApp(ctx.db.deps);
  });
  after(async () => {
    await app?.close();
  });

  it('answers 401 without credentials', async () => {
    const { slug, scope } = await workspaceWithToken(ctx.db.deps);
    const c = await buildCustomer(ctx.db.deps, scope);
    assert.equal((await call(app, 'GET', `/api/w/${slug}/customers`)).status, 401);
    assert.equal((await call(app, 'GET', `/api/w/${slug}/customers/${c.id}`)).status, 401);
    assert.equal((await call(app, 'POST', `/api/w/${slug}/customers`, {}, { name: 'X' })).status, 401);
  });

  it('creates a customer with an editor token, answering 201 with the terms in force and writing an audit event', async () => {
    const { deps } = ctx.db;
    const { slug, headers, workspace, scope } = await workspaceWithToken(deps);
    await buildService(deps, scope, { slug: 'connect' });
    await createRegion(deps, scope, { slug: 'eu', name: 'Europe' });
    const res = await call(app, 'POST', `/api/w/${slug}/customers`, headers, {
      name: 'Acme SA', country: 'fr', timeZone: 'Europe/Paris', authorisation: 'specific', services: ['connect'], regions: ['eu'],
      contacts: [{ email: 'DPO@acme.test', name: 'DPO' }],
    });
    assert.equal(res.status, 201);
    const c = res.body.data;
    assert.deepEqual(
      [c.name, c.country, c.timeZone, c.noticeDays, c.effectiveNoticeDays, c.effectiveTimeZone, c.authorisation, c.services, c.regions],
      ['Acme SA', 'FR', 'Europe/Paris', null, 30, 'Europe/Paris', 'specific', ['connect'], ['eu']],
    );
    assert.deepEqual([c.noticePeriod, c.effectiveNoticePeriod, c.subdivision, c.calendar], [null, '30d', null, 'FR']);
    assert.deepEqual(c.contacts.map((k: { email: string; name: string }) => [k.email, k.name]), [['dpo@acme.test', 'DPO']]);
    assert.equal(typeof c.contacts[0].id, 'string');
    assert.deepEqual((await auditActions(deps, workspace.id)).slice(-1), ['customer.created']);
    const got = await call(app, 'GET', `/api/w/${slug}/customers/${c.id}`, headers);
    assert.deepEqual([got.status, got.body.data], [200, c]);
  });

  const invalidCases: Array<[string, Record<string, unknown>, string]> = [
    ['a missing name', { country: 'FR' }, 'name: is required'],
    ['a country that is not ISO 3166-1', { name: 'X', country: 'XX' }, 'country: must be an ISO 3166-1 alpha-2 country code'],
    ['an unknown time zone', { name: 'X', timeZone: 'Europe/Atlantis' }, 'timeZone: must be an IANA time zone such as Europe/Paris, or UTC'],
    ['a notice period over a year', { name: 'X', noticeDays: 400 }, 'noticeDays: must be from 1 to 365 days'],
    ['a 0-day notice period', { name: 'X', noticePeriod: '0d' }, 'noticePeriod: must be at least 1 day: a 0-day notice leaves the customer no opportunity to object (GDPR Art 28(2))'],
    ['a notice period in years', { name: 'X', noticePeriod: '1y' }, 'noticePeriod: must be a period such as 30d, 4w or 1m (whole days, weeks or months)'],
    ['a notice period of the wrong JSON type', { name: 'X', noticePeriod: true }, 'noticePeriod: must be string,integer,null'],
    ['a subdivision outside the country', { name: 'X', country: 'FR', subdivision: 'DE-BY' }, "subdivision: must be a subdivision of the customer's country, FR (FR-…)"],
    ['an unknown subdivision', { name: 'X', country: 'DE', subdivision: 'DE-XX' }, 'subdivision: must be an ISO 3166-2 subdivision with a holiday calendar, such as DE-BY; DE has no subdivision XX'],
    ['a notice period of the wrong JSON type', { name: 'X', noticeDays: true }, 'noticeDays: must be integer,null'],
    ['an unknown authorisation', { name: 'X', authorisation: 'implied' }, 'authorisation: must be one of general, specific'],
    ['a service of no workspace', { name: 'X', services: ['nowhere'] }, 'services[0]: must be a service of this workspace'],
    ['a contact without an address', { name: 'X', contacts: [{ name: 'Jane' }] }, 'contacts[0].email: is required'],
    ['a contact with a bad address', { name: 'X', contacts: [{ email: 'jane@acme.test' }, { email: 'not an address' }] }, 'contacts[1].email: must be an e-mail address'],
  ];
  for (const [what, body, message] of invalidCases) {
    it(`answers 400 naming the field for ${what}, and stores nothing`, async () => {
      const { deps } = ctx.db;
      const { slug, headers, workspace } = await workspaceWithToken(deps);
      const res = await call(app, 'POST', `/api/w/${slug}/customers`, headers, body);
      assert.equal(res.status, 400);
      assert.equal(res.body.error, 'validation_error');
      assert.equal(res.body.message, message);
      assert.equal((await listCustomers(deps.db, workspace.id)).length, 0);
    });
  }

  it('names every bad field at once and never echoes a contact address', async () => {
    const { deps } = ctx.db;
    const { slug, headers } = await workspaceWithToken(deps);
    const res = await call(app, 'POST', `/api/w/${slug}/customers`, headers, { name: '', noticeDays: -3, contacts: [{ email: 'jane.doe@@acme.test' }] });
    assert.equal(res.status, 400);
    assert.deepEqual(res.body.data.fields.map((f: { field: string }) => f.field), ['name', 'noticeDays', 'contacts[0].email']);
    assert.ok(!JSON.stringify(res.body).includes('jane.doe'));
  });

  it('refuses a viewer token changing customers with 403, but lets it read them', async () => {
    const { deps } = ctx.db;
    const { slug, headers, scope, workspace } = await workspaceWithToken(deps, 'viewer');
    const c = await buildCustomer(deps, scope, { name: 'Kept SA' });
    for (const [method, url, body] of [
      ['POST', `/api/w/${slug}/customers`, { name: 'New SA' }], ['PUT', `/api/w/${slug}/customers/${c.id}`, { name: 'Renamed SA' }], ['DELETE', `/api/w/${slug}/customers/${c.id}`, undefined],
    ] as const) {
      const res = await call(app, method, url, headers, body);
      assert.deepEqual([res.status, res.body.error], [403, 'forbidden'], `${method} ${url}`);
    }
    assert.deepEqual((await listCustomers(deps.db, workspace.id)).map((x) => x.name), ['Kept SA']);
    const list = await call(app, 'GET', `/api/w/${slug}/customers`, headers);
    assert.deepEqual([list.status, list.body.data.map((x: { name: string }) => x.name)], [200, ['Kept SA']]);
  });

  it('replaces a customer with PUT and deletes it with DELETE, answering 404 afterwards', async () => {
    const { deps } = ctx.db;
    const { slug, headers, scope, workspace } = await workspaceWithToken(deps);
    const c = await buildCustomer(deps, scope, { name: 'Old SA', noticeDays: 60 });
    const put = await call(app, 'PUT', `/api/w/${slug}/customers/${c.id}`, headers, { name: 'New SA', contacts: [{ email: 'new@acme.test' }] });
    assert.equal(put.status, 200);
    assert.deepEqual([put.body.data.name, put.body.data.noticeDays, put.body.data.effectiveNoticeDays, put.body.data.contacts.map((k: { email: string }) => k.email)], ['New SA', null, 30, ['new@acme.test']]);
    const del = await call(app, 'DELETE', `/api/w/${slug}/customers/${c.id}`, headers);
    assert.deepEqual([del.status, del.body], [204, null]);
    const gone = await call(app, 'GET', `/api/w/${slug}/customers/${c.id}`, headers);
    assert.deepEqual([gone.status, gone.body.error], [404, 'not_found']);
    assert.deepEqual((await auditActions(deps, workspace.id)).slice(-3), ['customer.created', 'customer.updated', 'customer.deleted']);
  });

  it('answers 409 customer_exists for a name already used in the workspace', async () => {
    const { deps } = ctx.db;
    const { slug, headers, scope } = await workspaceWithToken(deps);
    await buildCustomer(deps, scope, { name: 'Twice SA' });
    const res = await call(app, 'POST', `/api/w/${slug}/customers`, headers, { name: 'Twice SA' });
    assert.deepEqual([res.status, res.body.error, res.body.message], [409, 'customer_exists', 'name: a customer with this name already exists']);
  });

  it('filters the list by service, region and text', async () => {
    const { deps } = ctx.db;
    const { slug, headers, scope } = await workspaceWithToken(deps, 'viewer');
    await buildService(deps, scope, { slug: 'connect' });
    await buildService(deps, scope, { slug: 'commerce' });
    await createRegion(deps, scope, { slug: 'eu', name: 'Europe' });
    await buildCustomer(deps, scope, { name: 'Connect Only', services: ['connect'], regions: ['eu'] });
    await buildCustomer(deps, scope, { name: 'Commerce Only', services: ['commerce'], contacts: [{ email: 'ops@globex.test' }] });
    await buildCustomer(deps, scope, { name: 'All Services' });
    const names = async (query: string) => (await call(app, 'GET', `/api/w/${slug}/customers${query}`, headers)).body.data.map((c: { name: string }) => c.name);
    assert.deepEqual(await names('?service=connect'), ['All Services', 'Connect Only']);
    // Commerce Only lists no region, so it is in every region, eu included.
    assert.deepEqual(await names('?service=commerce&region=eu'), ['All Services', 'Commerce Only']);
    assert.deepEqual(await names('?service=connect&q=only'), ['Connect Only']);
    assert.deepEqual(await names('?q=GLOBEX'), ['Commerce Only']);
  });

  it("answers 404 for another workspace's customer, even to its own workspace's token", async () => {
    const { deps } = ctx.db;
    const { slug, headers } = await workspaceWithToken(deps);
    const other = await buildWorkspace(deps);
    const theirs = await buildCustomer(deps, other.scope, { name: 'Theirs SA' });
    const res = await call(app, 'GET', `/api/w/${slug}/customers/${theirs.id}`, headers);
    assert.deepEqual([res.status, res.body.error], [404, 'not_found']);
    assert.equal((await call(app, 'PUT', `/api/w/${slug}/customers/${theirs.id}`, headers, { name: 'Hijacked' })).status, 404);
    assert.equal((await listCustomers(deps.db, other.workspace.id))[0].name, 'Theirs SA');
  });

  it('reads and changes the workspace default notice period and time zone through PATCH, naming bad fields', async () => {
    const { deps } = ctx.db;
    const { slug, headers } = await workspaceWithToken(deps, 'admin');
    const read = await call(app, 'GET', `/api/w/${slug}`, headers);
    assert.deepEqual([read.body.data.noticeDays, read.body.data.timeZone], [30, 'UTC']);
    const patched = await call(app, 'PATCH', `/api/w/${slug}`, headers, { noticeDays: 21, timeZone: 'Europe/Dublin' });
    assert.deepEqual([patched.status, patched.body.data.noticeDays, patched.body.data.timeZone], [200, 21, 'Europe/Dublin']);
    const bad = await call(app, 'PATCH', `/api/w/${slug}`, headers, { noticeDays: 1000, timeZone: 'Dublin' });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.data.fields.map((f: { field: string }) => f.field), ['noticeDays', 'timeZone']);
    const again = await call(app, 'GET', `/api/w/${slug}`, headers);
    assert.deepEqual([again.body.data.noticePeriod, again.body.data.noticeDays, again.body.data.timeZone], ['21d', 21, 'Europe/Dublin']);
    // Periods in weeks or months, and the calendar whose public holidays count; fields not sent stay.
    const months = await call(app, 'PATCH', `/api/w/${slug}`, headers, { noticePeriod: '1m', calendar: 'de-by' });
    assert.deepEqual([months.status, months.body.data.noticePeriod, months.body.data.noticeDays, months.body.data.calendar], [200, '1m', 28, 'DE-BY']);
    const kept = await call(app, 'PATCH', `/api/w/${slug}`, headers, { timeZone: 'Europe/Berlin' });
    assert.deepEqual([kept.body.data.noticePeriod, kept.body.data.calendar], ['1m', 'DE-BY']);
    const refused = await call(app, 'PATCH', `/api/w/${slug}`, headers, { noticePeriod: '0d', calendar: 'Bavaria' });
    assert.equal(refused.status, 400);
    assert.deepEqual(refused.body.data.fields, [
      { field: 'noticePeriod', message: 'must be at least 1 day: a 0-day notice leaves the customer no opportunity to object (GDPR Art 28(2))' },
      { field: 'calendar', message: 'must be an ISO 3166-1 country code (DE) or ISO 3166-2 subdivision code (DE-BY)' },
    ]);
    const cleared = await call(app, 'PATCH', `/api/w/${slug}`, headers, { calendar: null });
    assert.deepEqual([cleared.status, cleared.body.data.calendar], [200, null]);
  });

  it('documents the customer routes in the OpenAPI document with their roles', async () => {
    const doc = (await app.inject({ url: '/api/openapi.json' })).json();
    const item = doc.paths['/api/w/{slug}/customers/{customerId}'];
    assert.deepEqual(Object.keys(item).sort(), ['delete', 'get', 'put']);
    assert.deepEqual([item.get['x-min-role'], item.put['x-min-role'], item.delete['x-min-role']], ['viewer', 'editor', 'editor']);
    const post = doc.paths['/api/w/{slug}/customers'].post;
    assert.deepEqual([post.tags, post['x-min-role']], [['Customers'], 'editor']);
    assert.equal(post.requestBody.content['application/json'].schema.properties.contacts.type, 'array');
    assert.ok(doc.tags.some((t: { name: string }) => t.name === 'Customers'));
  });
});
