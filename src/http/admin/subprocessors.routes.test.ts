import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildTestApp } from '../../../test/app.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import { buildEntity } from '../../../test/factories.ts';
import { listEngagements, listEntities } from '../../modules/registry/registry.queries.ts';
import { consoleFixture, get, post, tagWithId } from './console.test-helpers.ts';

forEachDialect('console: add a sub-processor', (ctx) => {
  let app: FastifyInstance;
  before(async () => {
    app = await buildTestApp(ctx.db.deps);
  });
  after(async () => {
    await app?.close();
  });

  it('creates a new entity and its engagement from one form and redirects to the engagements list with a notice', async () => {
    const { deps } = ctx.db;
    const { workspace, agent, base } = await consoleFixture(deps, 'editor');
    const page = await get(app, agent, `${base}/subprocessors/new`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<legend>Company<\/legend>/);
    assert.match(page.body, /<legend>Engagement<\/legend>/);
    assert.match(tagWithId(page.body, 'f-name'), /name="name"/);
    assert.match(tagWithId(page.body, 'f-purpose'), /name="purpose"/);
    // The category search box comes from a same-origin script (the CSP allows no inline script).
    assert.match(page.body, /<script src="\/static\/category-filter\.js" defer><\/script>/);
    const script = await app.inject({ method: 'GET', url: '/static/category-filter.js' });
    assert.equal(script.statusCode, 200);
    assert.match(String(script.headers['content-type']), /^text\/javascript/);

    const res = await post(app, agent, `${base}/subprocessors`, {
      entityChoice: 'new', name: 'Mailer GmbH', country: 'DE', purpose: 'Email delivery', countries: 'DE, fr', dataCategories: ['user.contact.email'],
    });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, `${base}/engagements?created=1`);
    const [entity] = await listEntities(deps.db, workspace.id);
    assert.deepEqual([entity.name, entity.country], ['Mailer GmbH', 'DE']);
    const [engagement] = await listEngagements(deps.db, workspace.id);
    assert.deepEqual([engagement.entityId, engagement.purpose, engagement.countries, engagement.dataCategories], [entity.id, 'Email delivery', ['DE', 'FR'], ['user.contact.email']]);
    const list = await get(app, agent, res.headers.location as string);
    assert.match(list.body, /<p class="notice" role="status">Engagement created\.<\/p>/);
  });

  it('adds the engagement to the chosen existing entity without creating another entity', async () => {
    const { deps } = ctx.db;
    const { workspace, scope, agent, base } = await consoleFixture(deps, 'editor');
    const existing = await buildEntity(deps, scope, { name: 'Hosting SA' });
    const page = await get(app, agent, `${base}/subprocessors/new?entity=${existing.id}`);
    assert.match(tagWithId(page.body, 'f-entityChoice-existing'), /checked/);
    assert.match(page.body, new RegExp(`<option value="${existing.id}" selected>Hosting SA</option>`));

    // The new-entity fields were typed in too, but the radio says the existing entity is meant.
    const res = await post(app, agent, `${base}/subprocessors`, { entityChoice: 'existing', entityId: existing.id, name: 'Ignored Ltd', purpose: 'Hosting' });
    assert.equal(res.statusCode, 303);
    const entities = await listEntities(deps.db, workspace.id);
    assert.deepEqual(entities.map((e) => e.name), ['Hosting SA']);
    const [engagement] = await listEngagements(deps.db, workspace.id);
    assert.deepEqual([engagement.entityId, engagement.purpose], [existing.id, 'Hosting']);
  });

  it('re-renders with 400, an error summary linking the bad engagement field and the typed values, and creates no entity', async () => {
    const { deps } = ctx.db;
    const { workspace, agent, base } = await consoleFixture(deps, 'editor');
    const res = await post(app, agent, `${base}/subprocessors`, { entityChoice: 'new', name: 'Orphan Ltd', legalName: 'Orphan Limited', purpose: 'Analytics', countries: 'XX' });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /class="error-summary" role="alert"/);
    assert.match(res.body, /<li><a href="#f-countries">countries: entry 1 \(&quot;XX&quot;\) must be an ISO 3166-1 alpha-2 country code<\/a><\/li>/);
    assert.match(tagWithId(res.body, 'f-countries'), /aria-invalid="true"/);
    assert.match(tagWithId(res.body, 'f-countries'), /value="XX"/);
    assert.match(tagWithId(res.body, 'f-name'), /value="Orphan Ltd"/);
    assert.match(tagWithId(res.body, 'f-legalName'), /value="Orphan Limited"/);
    assert.equal((await listEntities(deps.db, workspace.id)).length, 0);
    assert.equal((await listEngagements(deps.db, workspace.id)).length, 0);
  });

  it('names a missing entity name and a missing purpose together, each linked to its field', async () => {
    const { deps } = ctx.db;
    const { workspace, agent, base } = await consoleFixture(deps, 'editor');
    const res = await post(app, agent, `${base}/subprocessors`, { entityChoice: 'new', name: '', purpose: '' });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /<a href="#f-name">name: /);
    assert.match(res.body, /<a href="#f-purpose">purpose: /);
    assert.match(tagWithId(res.body, 'f-name'), /aria-invalid="true"/);
    assert.equal((await listEntities(deps.db, workspace.id)).length, 0);
  });

  it('asks to choose an entity when "already in the registry" is chosen without one, and keeps the choice', async () => {
    const { deps } = ctx.db;
    const { workspace, scope, agent, base } = await consoleFixture(deps, 'editor');
    await buildEntity(deps, scope, { name: 'Hosting SA' });
    const res = await post(app, agent, `${base}/subprocessors`, { entityChoice: 'existing', entityId: '', purpose: '' });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /<a href="#f-entityId">entityId: choose an entity/);
    assert.match(res.body, /<a href="#f-purpose">purpose: /);
    assert.match(tagWithId(res.body, 'f-entityChoice-existing'), /checked/);
    assert.equal((await listEngagements(deps.db, workspace.id)).length, 0);
  });

  it('refuses a viewer the page and the post with 403', async () => {
    const { deps } = ctx.db;
    const { workspace, agent, base } = await consoleFixture(deps, 'viewer');
    assert.equal((await get(app, agent, `${base}/subprocessors/new`)).statusCode, 403);
    const res = await post(app, agent, `${base}/subprocessors`, { entityChoice: 'new', name: 'Not Allowed Ltd', purpose: 'Hosting' });
    assert.equal(res.statusCode, 403);
    assert.equal((await listEntities(deps.db, workspace.id)).length, 0);
    assert.doesNotMatch((await get(app, agent, `${base}/engagements`)).body, /Add a sub-processor/);
  });

  it('refuses a post without the CSRF field with 403 like the other console forms', async () => {
    const { deps } = ctx.db;
    const { workspace, agent, base } = await consoleFixture(deps, 'editor');
    const res = await post(app, agent, `${base}/subprocessors`, { entityChoice: 'new', name: 'Sneaky Ltd', purpose: 'Hosting' }, { csrf: false });
    assert.equal(res.statusCode, 403);
    assert.match(res.body, /the form expired or did not come from this site/);
    assert.equal((await listEntities(deps.db, workspace.id)).length, 0);
  });

  it('links "Add a sub-processor" from the entities and engagements lists for editors', async () => {
    const { deps } = ctx.db;
    const { agent, base } = await consoleFixture(deps, 'editor');
    for (const page of ['entities', 'engagements']) {
      assert.match((await get(app, agent, `${base}/${page}`)).body, new RegExp(`<a href="${base}/subprocessors/new">Add a sub-processor</a>`));
    }
  });
});
