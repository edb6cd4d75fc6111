import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildTestApp, signedInMember } from '../../../test/app.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import { buildCustomer, buildEngagement, buildEntity, buildService, buildWorkspace } from '../../../test/factories.ts';
import { listCustomers } from '../../modules/customers/customers.queries.ts';
import { createRegion } from '../../modules/registry/manage-regions.ts';
import { findWorkspace } from '../../modules/workspaces/workspaces.ts';
import { consoleFixture, get, post, tagWithId } from './console.test-helpers.ts';

forEachDialect('console: customers and workspace defaults', (ctx) => {
  let app: FastifyInstance;
  before(async () => {
    app = await buildTestApp(ctx.db.deps);
  });
  after(async () => {
    await app?.close();
  });

  it('lets an editor create a customer through the form and shows it on its page and in the list', async () => {
    const { deps } = ctx.db;
    const { workspace, scope, agent, base } = await consoleFixture(deps, 'editor');
    await buildService(deps, scope, { slug: 'connect', name: 'Connect' });
    await buildService(deps, scope, { slug: 'commerce', name: 'Commerce' });
    await createRegion(deps, scope, { slug: 'eu', name: 'Europe' });
    const res = await post(app, agent, `${base}/customers`, {
      name: 'Acme SA', country: 'FR', authorisation: 'specific', noticePeriod: '45 days', timeZone: 'Europe/Paris', services: ['connect'], regions: 'eu',
      contacts: 'Jane Doe <Jane@Acme.test>\r\nlegal@acme.test\r\n', specialTerms: 'Objections by registered letter.',
    });
    assert.equal(res.statusCode, 303);
    const [stored] = await listCustomers(deps.db, workspace.id);
    assert.equal(res.headers.location, `${base}/customers/${stored.id}?created=1`);
    assert.deepEqual(
      [stored.country, stored.authorisation, stored.noticePeriod, stored.timeZone, stored.services, stored.regions, stored.contacts.map((k) => [k.email, k.name])],
      ['FR', 'specific', '45d', 'Europe/Paris', ['connect'], ['eu'], [['jane@acme.test', 'Jane Doe'], ['legal@acme.test', null]]],
    );

    const page = await get(app, agent, `${base}/customers/${stored.id}?created=1`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1>Acme SA<\/h1>/);
    assert.match(page.body, /<p class="notice" role="status">Customer created\.<\/p>/);
    assert.match(page.body, /<dt>Notice period<\/dt><dd>45 days<\/dd>/);
    assert.match(page.body, /<dt>Time zone<\/dt><dd>Europe\/Paris<\/dd>/);
    assert.match(page.body, /<dt>Services<\/dt><dd>Connect<\/dd>/);
    assert.match(page.body, /<dt>Regions<\/dt><dd>Europe<\/dd>/);
    assert.match(page.body, /Specific authorisation \(prior consent per change\)/);
    assert.match(page.body, /<tr><td>Jane Doe<\/td><td><a href="mailto:jane@acme\.test">jane@acme\.test<\/a><\/td>\n<td>Not invited<br>Never signed in<\/td>/);
    assert.match(page.body, /<p>Objections by registered letter\.<\/p>/);
    assert.match(page.body, /<a href="[^"]+\/customers\/[^"]+\/edit">Edit<\/a>/);

    const list = await get(app, agent, `${base}/customers`);
    assert.match(list.body, /<a href="\/admin\/w\/[^/]+\/customers" aria-current="page">Customers<\/a>/);
    assert.match(list.body, new RegExp(`<th scope="row"><a href="${base}/customers/${stored.id}">Acme SA</a></th><td>France \\(FR\\)</td>\\s*<td>Connect</td><td>Europe</td><td>Specific</td>\\s*<td>45 days</td><td>2</td>`));
    const audit = await deps.db.selectFrom('audit_events').select(['action', 'actor_label']).where('workspace_id', '=', workspace.id).where('subject_id', '=', stored.id).execute();
    assert.deepEqual(audit, [{ action: 'customer.created', actor_label: agent.email }]);
  });

  it("shows where the customer's data goes: the data map, the transfer checks, and the SVG download", async () => {
    const { deps } = ctx.db;
    const { workspace, scope } = await buildWorkspace(deps);
    const intercom = await buildEntity(deps, scope, { name: 'Intercom', country: 'US' });
    await buildEngagement(deps, scope, { entityId: intercom.id, purpose: 'Support chat', countries: ['US'], transferMechanisms: ['privacy-shield'] });
    const customer = await buildCustomer(deps, scope, { name: 'Globex' });
    const viewer = await signedInMember(deps, workspace.id, 'viewer');
    const page = await app.inject({ url: `/admin/w/${workspace.slug}/customers/${customer.id}`, headers: viewer.headers });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<figure class="data-map"><svg [^>]*role="img"/);
    assert.match(page.body, /<th scope="row">Intercom<\/th><td>Support chat<\/td><td>United States of America<\/td><td><strong>No valid basis<\/strong>/);
    // Operators see the findings; they also see that the customer sees nothing unpublished.
    assert.match(page.body, /<h2 id="sees-heading">What Globex sees<\/h2>\s*<p>In its portal, DPA Annex IV, record and notices, from list version \(none published yet\)[^<]*<\/p>\s*<p>Sub-processors in effect for it: none\.<\/p>/);
    const svg = await app.inject({ url: `/admin/w/${workspace.slug}/customers/${customer.id}/data-map.svg`, headers: viewer.headers });
    assert.equal(svg.statusCode, 200);
    assert.match(String(svg.headers['content-type']), /^image\/svg\+xml/);
    assert.match(svg.body, /<title id="map-title">Data map of Globex<\/title>/);
    assert.match(String(svg.headers['content-disposition']), /^attachment; filename="data-map-globex-\d{4}-\d{2}-\d{2}\.svg"$/);
  });

  it('re-renders the form with 400 and each error next to its field, naming the bad contact line, and stores nothing', async () => {
    const { deps } = ctx.db;
    const { workspace, agent, base } = await consoleFixture(deps, 'editor');
    const res = await post(app, agent, `${base}/customers`, {
      name: 'Acme SA', country: 'FR', subdivision: 'DE-BY', noticePeriod: '0d', timeZone: '', contacts: 'ok@acme.test\n\nJane <jane.doe.at.acme>\nOK@acme.test', specialTerms: 'Keep me',
    });
    assert.equal(res.statusCode, 400);
    assert.match(tagWithId(res.body, 'f-noticePeriod'), /aria-invalid="true"/);
    assert.match(tagWithId(res.body, 'f-noticePeriod'), /aria-describedby="noticePeriod-hint noticePeriod-error"/);
    assert.ok(res.body.includes('<p class="error" id="noticePeriod-error">Notice period: must be at least 1 day: a 0-day notice leaves the customer no opportunity to object (GDPR Art 28(2))</p>'));
    assert.match(tagWithId(res.body, 'f-subdivision'), /aria-invalid="true"/);
    assert.ok(res.body.includes('<p class="error" id="subdivision-error">Subdivision: must be a subdivision of the customer&#39;s country, FR (FR-…)</p>'), 'the subdivision error');
    assert.match(tagWithId(res.body, 'f-contacts'), /aria-invalid="true"/);
    assert.ok(res.body.includes('<p class="error" id="contacts-error">Contacts: line 3: must be an e-mail address; line 4: appears twice</p>'));
    assert.doesNotMatch(tagWithId(res.body, 'f-name'), /aria-invalid/);
    assert.match(tagWithId(res.body, 'f-name'), /value="Acme SA"/);
    assert.match(res.body, /<textarea id="f-specialTerms"[^>]*>Keep me<\/textarea>/);
    assert.match(res.body, /class="error-summary" role="alert"/);
    assert.equal((await listCustomers(deps.db, workspace.id)).length, 0);
  });

  it('shows a duplicate customer name next to the name field with 409', async () => {
    const { deps } = ctx.db;
    const { scope, agent, base } = await consoleFixture(deps, 'editor');
    await buildCustomer(deps, scope, { name: 'Twice SA' });
    const res = await post(app, agent, `${base}/customers`, { name: 'Twice SA' });
    assert.equal(res.statusCode, 409);
    assert.ok(res.body.includes('<p class="error" id="name-error">Name: a customer with this name already exists</p>'));
  });

  it('edits a customer through a form that starts with the stored values, then deletes it after confirmation', async () => {
    const { deps } = ctx.db;
    const { workspace, scope, agent, base } = await consoleFixture(deps, 'editor');
    await buildService(deps, scope, { slug: 'connect', name: 'Connect' });
    const c = await buildCustomer(deps, scope, { name: 'Old SA', noticeDays: 60, services: ['connect'], contacts: [{ email: 'dpo@old.test', name: 'DPO' }, { email: 'ops@old.test' }] });
    const edit = await get(app, agent, `${base}/customers/${c.id}/edit`);
    assert.equal(edit.statusCode, 200);
    assert.match(tagWithId(edit.body, 'f-noticePeriod'), /value="60d"/);
    assert.match(edit.body, /<textarea id="f-contacts"[^>]*>DPO &lt;dpo@old\.test&gt;\nops@old\.test<\/textarea>/);
    assert.match(edit.body, /<input type="checkbox" id="f-services-0" name="services" value="connect" checked>/);
    const saved = await post(app, agent, `${base}/customers/${c.id}`, { name: 'New SA', noticePeriod: '', contacts: 'ops@old.test' });
    assert.equal(saved.headers.location, `${base}/customers/${c.id}?saved=1`);
    const [stored] = await listCustomers(deps.db, workspace.id);
    assert.deepEqual([stored.name, stored.noticeDays, stored.effectiveNoticeDays, stored.services, stored.contacts.map((k) => k.email)], ['New SA', null, 30, [], ['ops@old.test']]);
    const page = await get(app, agent, `${base}/customers/${c.id}`);
    assert.match(page.body, /<dt>Notice period<\/dt><dd>30 days \(workspace default\)<\/dd>/);
    assert.match(page.body, /<dt>Services<\/dt><dd>All services<\/dd>/);

    const confirm = await get(app, agent, `${base}/customers/${c.id}/delete`);
    assert.equal(confirm.statusCode, 200);
    assert.match(confirm.body, /<h1>Delete customer “New SA”\?<\/h1>/);
    assert.match(confirm.body, /<button type="submit" class="danger">Delete customer<\/button>/);
    assert.equal((await listCustomers(deps.db, workspace.id)).length, 1, 'showing the confirmation deletes nothing');
    const deleted = await post(app, agent, `${base}/customers/${c.id}/delete`, {});
    assert.equal(deleted.headers.location, `${base}/customers?deleted=1`);
    assert.equal((await listCustomers(deps.db, workspace.id)).length, 0);
    assert.equal((await get(app, agent, `${base}/customers/${c.id}`)).statusCode, 404);
  });

  it('shows a viewer the list and a customer page without edit links, and refuses every change with 403', async () => {
    const { deps } = ctx.db;
    const { workspace, scope, agent, base } = await consoleFixture(deps, 'viewer');
    const c = await buildCustomer(deps, scope, { name: 'Visible SA' });
    const list = await get(app, agent, `${base}/customers`);
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /Visible SA/);
    assert.doesNotMatch(list.body, /New customer|\/edit"/);
    const page = await get(app, agent, `${base}/customers/${c.id}`);
    assert.equal(page.statusCode, 200);
    assert.doesNotMatch(page.body, /\/edit"|\/delete"/);
    for (const url of [`${base}/customers/new`, `${base}/customers/${c.id}/edit`, `${base}/customers/${c.id}/delete`]) {
      assert.equal((await get(app, agent, url)).statusCode, 403, url);
    }
    assert.equal((await post(app, agent, `${base}/customers`, { name: 'Not Allowed SA' })).statusCode, 403);
    assert.equal((await post(app, agent, `${base}/customers/${c.id}`, { name: 'Renamed SA' })).statusCode, 403);
    assert.equal((await post(app, agent, `${base}/customers/${c.id}/delete`, {})).statusCode, 403);
    assert.deepEqual((await listCustomers(deps.db, workspace.id)).map((x) => x.name), ['Visible SA']);
  });

  it('filters the list by service, keeping customers that use every service', async () => {
    const { deps } = ctx.db;
    const { scope, agent, base } = await consoleFixture(deps, 'viewer');
    await buildService(deps, scope, { slug: 'connect', name: 'Connect' });
    await buildService(deps, scope, { slug: 'commerce', name: 'Commerce' });
    await buildCustomer(deps, scope, { name: 'Connect Customer', services: ['connect'] });
    await buildCustomer(deps, scope, { name: 'Commerce Customer', services: ['commerce'] });
    await buildCustomer(deps, scope, { name: 'Everything Customer' });
    const res = await get(app, agent, `${base}/customers?service=connect`);
    assert.match(res.body, /2 of 3 customers shown/);
    assert.match(res.body, /Connect Customer/);
    assert.match(res.body, /Everything Customer<\/a><\/th><td>France \(FR\)<\/td>\s*<td>All<\/td>/);
    assert.doesNotMatch(res.body, /Commerce Customer/);
    assert.match(res.body, /<option value="connect" selected>Connect<\/option>/);
  });

  it('saves the default notice period and time zone on the settings page, showing bad values next to their fields', async () => {
    const { deps } = ctx.db;
    const { workspace, agent, base } = await consoleFixture(deps, 'admin');
    const page = await get(app, agent, `${base}/settings`);
    assert.match(tagWithId(page.body, 'f-noticePeriod'), /value="30d"/);
    assert.match(tagWithId(page.body, 'f-calendar'), /value=""/);
    assert.match(page.body, /<option value="UTC" selected>UTC<\/option>/);
    assert.match(page.body, /<option value="Europe\/Paris">Europe\/Paris<\/option>/);
    const fields = { name: workspace.name, slug: workspace.slug, groupBy: 'kind' };
    const bad = await post(app, agent, `${base}/settings`, { ...fields, noticePeriod: '-5', timeZone: 'Europe/Atlantis', calendar: 'DE-XX' });
    assert.equal(bad.statusCode, 400);
    assert.match(tagWithId(bad.body, 'f-noticePeriod'), /aria-invalid="true"/);
    assert.ok(bad.body.includes('<p class="error" id="noticePeriod-error">Default notice period: must be a period such as 30d, 4w or 1m (whole days, weeks or months)</p>'));
    assert.match(tagWithId(bad.body, 'f-calendar'), /aria-invalid="true"/);
    assert.match(tagWithId(bad.body, 'f-timeZone'), /aria-invalid="true"/);
    assert.ok(bad.body.includes('<p class="error" id="timeZone-error">Time zone: must be an IANA time zone such as Europe/Paris, or UTC</p>'));
    assert.deepEqual([(await findWorkspace(deps.db, workspace.id))?.noticeDays, (await findWorkspace(deps.db, workspace.id))?.timeZone], [30, 'UTC']);
    const ok = await post(app, agent, `${base}/settings`, { ...fields, noticePeriod: '1 month', timeZone: 'America/New_York', calendar: 'de-by' });
    assert.equal(ok.headers.location, `${base}/settings?saved=1`);
    const updated = await findWorkspace(deps.db, workspace.id);
    assert.deepEqual([updated?.noticePeriod, updated?.calendar, updated?.timeZone], ['1m', 'DE-BY', 'America/New_York']);
    const form = await get(app, agent, `${base}/customers/new`);
    assert.match(form.body, /Leave empty for the workspace default \(1 month\)/);
    assert.match(form.body, /<option value="">Workspace default \(America\/New_York\)<\/option>/);
  });
});
