import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildTestApp } from '../../../test/app.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import { buildEngagement, buildEntity, buildService } from '../../../test/factories.ts';
import { listEngagements, listEntities } from '../../modules/registry/registry.queries.ts';
import { consoleFixture, get, post, tagWithId } from './console.test-helpers.ts';

forEachDialect('console: entities and engagements', (ctx) => {
  let app: FastifyInstance;
  before(async () => {
    app = await buildTestApp(ctx.db.deps);
  });
  after(async () => {
    await app?.close();
  });

  it('lets an editor create an entity and an engagement through the forms, and the audit log shows both', async () => {
    const { deps } = ctx.db;
    const { workspace, scope, agent, base } = await consoleFixture(deps, 'editor');
    await buildService(deps, scope, { slug: 'cloud', name: 'Cloud' });

    const created = await post(app, agent, `${base}/entities`, { name: 'Stripe', legalName: 'Stripe Payments Europe Ltd', country: 'IE', website: 'https://stripe.com' });
    assert.equal(created.statusCode, 303);
    assert.equal(created.headers.location, `${base}/entities?created=1`);
    const entities = await get(app, agent, `${base}/entities?created=1`);
    assert.equal(entities.statusCode, 200);
    assert.match(entities.body, /<p class="notice" role="status">Entity created\.<\/p>/);
    assert.match(entities.body, /<th scope="row">Stripe<\/th><td>Stripe Payments Europe Ltd<\/td><td>Ireland \(IE\)<\/td>/);

    const [stripe] = await listEntities(deps.db, workspace.id);
    const engagement = await post(app, agent, `${base}/engagements`, {
      entityId: stripe.id, role: 'subprocessor', kind: 'third_party', context: 'processor', purpose: 'Payment processing',
      services: 'cloud', countries: 'IE, us', dataCategories: ['user.contact.email', 'user.financial'], transferMechanisms: 'scc-2021', dpaOnFile: 'true',
    });
    assert.equal(engagement.statusCode, 303);
    assert.equal(engagement.headers.location, `${base}/engagements?created=1`);
    const list = await get(app, agent, `${base}/engagements`);
    assert.match(list.body, /<th scope="row">Stripe<\/th><td>Sub-processor<\/td><td>Third parties<\/td>\s*<td>Payment processing<\/td>\s*<td>Cloud<\/td><td>Ireland \(IE\), United States of America \(US\)<\/td>/);
    const [stored] = await listEngagements(deps.db, workspace.id);
    assert.deepEqual([stored.countries, stored.dataCategories, stored.transferMechanisms, stored.dpaOnFile], [['IE', 'US'], ['user.contact.email', 'user.financial'], ['scc-2021'], true]);

    const audit = await get(app, agent, `${base}/audit`);
    assert.equal(audit.statusCode, 200);
    assert.match(audit.body, /<code>entity\.created<\/code>/);
    assert.match(audit.body, /<code>engagement\.created<\/code>/);
    assert.ok(audit.body.includes(agent.email), 'the audit log names the editor');
  });

  it('re-renders an engagement with country XX and no purpose with both errors next to their fields, keeps what was typed and stores nothing', async () => {
    const { deps } = ctx.db;
    const { workspace, scope, agent, base } = await consoleFixture(deps, 'editor');
    const entity = await buildEntity(deps, scope, { name: 'Acme Hosting' });
    const res = await post(app, agent, `${base}/engagements`, { entityId: entity.id, purpose: '', section: 'Hosting', countries: 'XX', certifications: 'ISO 27001' });
    assert.equal(res.statusCode, 400);
    assert.match(tagWithId(res.body, 'f-countries'), /aria-invalid="true"/);
    assert.match(tagWithId(res.body, 'f-countries'), /value="XX"/);
    assert.match(tagWithId(res.body, 'f-purpose'), /aria-invalid="true"/);
    assert.ok(res.body.includes('<p class="error" id="countries-error">Countries: entry 1 (&quot;XX&quot;) must be an ISO 3166-1 alpha-2 country code</p>'));
    assert.ok(res.body.includes('<p class="error" id="purpose-error">Purpose: is required</p>'));
    assert.doesNotMatch(tagWithId(res.body, 'f-section'), /aria-invalid/);
    assert.match(tagWithId(res.body, 'f-section'), /value="Hosting"/);
    assert.match(tagWithId(res.body, 'f-certifications'), /value="ISO 27001"/);
    assert.match(res.body, new RegExp(`<option value="${entity.id}" selected>Acme Hosting</option>`));
    assert.match(res.body, /class="error-summary" role="alert"/);
    assert.equal((await listEngagements(deps.db, workspace.id)).length, 0);
  });

  it('refuses a form post without the CSRF field with 403', async () => {
    const { deps } = ctx.db;
    const { workspace, agent, base } = await consoleFixture(deps, 'editor');
    const res = await post(app, agent, `${base}/entities`, { name: 'Sneaky Ltd' }, { csrf: false });
    assert.equal(res.statusCode, 403);
    assert.match(res.body, /the form expired or did not come from this site/);
    assert.equal((await listEntities(deps.db, workspace.id)).length, 0);
  });

  it('shows a viewer the list without a "New entity" link and refuses their new-entity post with 403', async () => {
    const { deps } = ctx.db;
    const { workspace, scope, agent, base } = await consoleFixture(deps, 'viewer');
    await buildEntity(deps, scope, { name: 'Visible GmbH' });
    const list = await get(app, agent, `${base}/entities`);
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /Visible GmbH/);
    assert.doesNotMatch(list.body, /New entity/);
    assert.doesNotMatch(list.body, /\/edit"/);
    assert.equal((await get(app, agent, `${base}/entities/new`)).statusCode, 403);
    const res = await post(app, agent, `${base}/entities`, { name: 'Not Allowed Ltd' });
    assert.equal(res.statusCode, 403);
    assert.equal((await listEntities(deps.db, workspace.id)).length, 1);
  });

  it('shows a name containing a script tag escaped on the list page', async () => {
    const { deps } = ctx.db;
    const { agent, base } = await consoleFixture(deps, 'editor');
    assert.equal((await post(app, agent, `${base}/entities`, { name: '<script>alert(1)</script>' })).statusCode, 303);
    const list = await get(app, agent, `${base}/entities`);
    assert.ok(list.body.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(!list.body.includes('<script>alert(1)</script>'));
  });

  it('shows a duplicate entity name next to the name field with 409', async () => {
    const { deps } = ctx.db;
    const { scope, agent, base } = await consoleFixture(deps, 'editor');
    await buildEntity(deps, scope, { name: 'Twice Ltd' });
    const res = await post(app, agent, `${base}/entities`, { name: 'Twice Ltd', country: 'FR' });
    assert.equal(res.statusCode, 409);
    assert.match(tagWithId(res.body, 'f-name'), /aria-invalid="true"/);
    assert.ok(res.body.includes('<p class="error" id="name-error">Name: an entity with this name already exists</p>'));
    assert.match(res.body, /<option value="FR" selected>France \(FR\)<\/option>/);
  });

  it('explains that an entity with engagements cannot be deleted, and deletes it once they are gone', async () => {
    const { deps } = ctx.db;
    const { workspace, scope, agent, base } = await consoleFixture(deps, 'editor');
    const g = await buildEngagement(deps, scope);
    const confirm = await get(app, agent, `${base}/entities/${g.entityId}/delete`);
    assert.equal(confirm.statusCode, 200);
    assert.match(confirm.body, /<button type="submit" class="danger">Delete entity<\/button>/);
    const refused = await post(app, agent, `${base}/entities/${g.entityId}/delete`, {});
    assert.equal(refused.statusCode, 409);
    assert.match(refused.body, /the entity still has engagements: delete them first/);
    assert.equal((await post(app, agent, `${base}/engagements/${g.id}/delete`, {})).headers.location, `${base}/engagements?deleted=1`);
    assert.equal((await post(app, agent, `${base}/entities/${g.entityId}/delete`, {})).headers.location, `${base}/entities?deleted=1`);
    assert.equal((await listEntities(deps.db, workspace.id)).length, 0);
  });

  it('edits an engagement through its form, which starts with the stored values', async () => {
    const { deps } = ctx.db;
    const { workspace, scope, agent, base } = await consoleFixture(deps, 'editor');
    const g = await buildEngagement(deps, scope, { purpose: 'Hosting', countries: ['DE', 'FR'] });
    const edit = await get(app, agent, `${base}/engagements/${g.id}/edit`);
    assert.match(tagWithId(edit.body, 'f-countries'), /value="DE, FR"/);
    const res = await post(app, agent, `${base}/engagements/${g.id}`, { entityId: g.entityId, purpose: 'Backups', countries: 'NL' });
    assert.equal(res.headers.location, `${base}/engagements?saved=1`);
    const [stored] = await listEngagements(deps.db, workspace.id);
    assert.deepEqual([stored.purpose, stored.countries], ['Backups', ['NL']]);
  });

  it('filters engagements by kind and country', async () => {
    const { deps } = ctx.db;
    const { scope, agent, base } = await consoleFixture(deps, 'viewer');
    await buildEngagement(deps, scope, { entityId: (await buildEntity(deps, scope, { name: 'Aff One' })).id, kind: 'affiliate', countries: ['DE'] });
    await buildEngagement(deps, scope, { entityId: (await buildEntity(deps, scope, { name: 'Third Two' })).id, kind: 'third_party', countries: ['US'] });
    const res = await get(app, agent, `${base}/engagements?kind=affiliate&country=de`);
    assert.match(res.body, /1 of 2 engagements shown/);
    assert.match(res.body, /Aff One/);
    assert.doesNotMatch(res.body, /Third Two/);
  });

  it('shows a bad data-centre line of a region next to the field', async () => {
    const { deps } = ctx.db;
    const { agent, base } = await consoleFixture(deps, 'editor');
    const res = await post(app, agent, `${base}/regions`, { name: 'Europe', slug: 'eu', dataCentres: 'Paris (FR)\nNowhere (XX)', backupCountries: 'FR' });
    assert.equal(res.statusCode, 400);
    assert.match(tagWithId(res.body, 'f-dataCentres'), /aria-invalid="true"/);
    assert.ok(res.body.includes('Data centres: line 2 (&quot;Nowhere (XX)&quot;) country must be an ISO 3166-1 alpha-2 country code'));
    const ok = await post(app, agent, `${base}/regions`, { name: 'Europe', slug: 'eu', dataCentres: 'Paris (FR)\nFrankfurt (DE)', backupCountries: 'FR' });
    assert.equal(ok.headers.location, `${base}/regions?created=1`);
    assert.match((await get(app, agent, `${base}/regions`)).body, /<li>Frankfurt, Germany \(DE\)<\/li>/);
  });
});
