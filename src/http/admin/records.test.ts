import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildTestApp, signedInMember } from '../../../test/app.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import { buildCustomer, buildService } from '../../../test/factories.ts';
import { createActivity } from '../../modules/records/manage-activities.ts';
import { listActivities } from '../../modules/records/records.queries.ts';
import { consoleFixture, get, post, tagWithId } from './console.test-helpers.ts';

const HOSTING = { role: 'processor', name: 'Hosting', purposes: ['Hosting of applications'], dataSubjects: ['End users'], dataCategories: ['user.content'] };

forEachDialect('console: records of processing', (ctx) => {
  let app: FastifyInstance;
  before(async () => {
    app = await buildTestApp(ctx.db.deps);
  });
  after(async () => {
    await app?.close();
  });

  it('lets an editor create an activity through the form, lists entries typed one per line, and moves it', async () => {
    const { deps } = ctx.db;
    const { workspace, scope, agent, base } = await consoleFixture(deps, 'editor');
    await buildService(deps, scope, { slug: 'paas', name: 'PaaS' });
    await createActivity(deps, scope, { ...HOSTING, name: 'Support' });
    const res = await post(app, agent, `${base}/records`, {
      role: 'processor', name: 'Hosting', purposes: 'Hosting, storage and backup\r\nMonitoring', dataSubjects: 'End users', dataCategories: 'user.content\r\nLog files',
      legalBasis: '', frequency: 'continuous', retention: 'Deleted at the end of the contract', services: 'paas',
    });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, `${base}/records?created=1`);
    const [, created] = await listActivities(deps.db, workspace.id, 'processor');
    assert.deepEqual([created.purposes, created.dataCategories, created.services], [['Hosting, storage and backup', 'Monitoring'], ['user.content', 'Log files'], ['paas']]);
    const list = await get(app, agent, `${base}/records?created=1`);
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /Activity created\./);
    assert.match(list.body, /<th scope="row">Hosting<\/th><td>Hosting, storage and backup; Monitoring<\/td>/);
    assert.match(list.body, /aria-current="page">Records</);
    const moved = await post(app, agent, `${base}/records/${created.id}/move`, { direction: 'up' });
    assert.equal(moved.statusCode, 303);
    assert.deepEqual((await listActivities(deps.db, workspace.id, 'processor')).map((a) => a.name), ['Hosting', 'Support']);
  });

  it('shows errors next to the fields, naming the line of a list entry, and keeps what was typed', async () => {
    const { deps } = ctx.db;
    const { workspace, agent, base } = await consoleFixture(deps, 'editor');
    const res = await post(app, agent, `${base}/records`, { role: 'controller', name: 'Billing', purposes: 'Invoicing', dataSubjects: '', dataCategories: 'Invoices\nuser.made_up' });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /<p class="error" id="dataCategories-error">Categories of personal data: line 2: is not a fideslang data category key/);
    assert.match(res.body, /id="legalBasis-error">Legal basis \(Art 6\(1\)\): is required for a controller activity/);
    assert.match(tagWithId(res.body, 'f-dataSubjects'), /aria-invalid="true"/);
    assert.match(res.body, /Invoices\nuser\.made_up<\/textarea>/);
    assert.equal((await listActivities(deps.db, workspace.id)).length, 0);
  });

  it("shows a customer's record with download links, linked from the customer's page, and serves its files", async () => {
    const { deps } = ctx.db;
    const { scope, agent, base } = await consoleFixture(deps, 'viewer');
    await createActivity(deps, scope, HOSTING);
    await createActivity(deps, scope, { ...HOSTING, role: 'controller', name: 'Billing', legalBasis: 'contract' });
    const customer = await buildCustomer(deps, scope, { name: 'Globex SA' });
    const detail = await get(app, agent, `${base}/customers/${customer.id}`);
    assert.ok(detail.body.includes(`href="${base}/records/processor?customer=${customer.id}"`));
    const page = await get(app, agent, `${base}/records/processor?customer=${customer.id}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1>Record of processing for Globex SA<\/h1>/);
    assert.match(page.body, /<h4>Hosting<\/h4>/);
    assert.ok(page.body.includes(`href="${base}/records/processor/download?customer=${customer.id}&amp;format=pdf"`));
    const pdf = await get(app, agent, `${base}/records/processor/download?customer=${customer.id}&format=pdf`);
    assert.deepEqual([pdf.statusCode, pdf.headers['content-type']], [200, 'application/pdf']);
    const csv = await get(app, agent, `${base}/records/processor/download?format=csv`);
    assert.match(csv.body, /Globex SA/);
    const bad = await get(app, agent, `${base}/records/processor/download?format=doc`);
    assert.equal(bad.statusCode, 400);
    const controller = await get(app, agent, `${base}/records/controller`);
    assert.match(controller.body, /<h3>Billing<\/h3>/);
    assert.match(controller.body, /Art 6\(1\)\(b\)/);
  });

  it('shows data categories by their names, keeps joint controllers typed one per line, and lists the empty particulars on the record page only', async () => {
    const { deps } = ctx.db;
    const { workspace, scope, agent, base } = await consoleFixture(deps, 'editor');
    await createActivity(deps, scope, { ...HOSTING, dataCategories: ['user.contact.email', 'Log files'] });
    const res = await post(app, agent, `${base}/records`, {
      role: 'controller', name: 'Billing', purposes: 'Invoicing', dataSubjects: 'Customers', dataCategories: 'user.financial', legalBasis: 'contract',
      jointControllers: 'Acme Holding SA, privacy@holding.test\r\nAcme Labs', frequency: 'continuous',
    });
    assert.equal(res.statusCode, 303);
    const [billing] = await listActivities(deps.db, workspace.id, 'controller');
    assert.deepEqual(billing.jointControllers, ['Acme Holding SA, privacy@holding.test', 'Acme Labs']);
    const edit = await get(app, agent, `${base}/records/${billing.id}/edit`);
    assert.match(edit.body, /Acme Holding SA, privacy@holding\.test\nAcme Labs<\/textarea>/);

    const list = await get(app, agent, `${base}/records`);
    assert.match(list.body, /<td>User Contact Email; Log files<\/td>/);
    assert.doesNotMatch(list.body, /user\.contact\.email/);

    const controller = await get(app, agent, `${base}/records/controller`);
    assert.match(controller.body, /<h2 id="record-warnings">\d+ particulars to complete \(Art 30\)<\/h2>/);
    assert.match(controller.body, /<li>Activity “Billing”: envisaged time limits for erasure — not recorded \(Art 30\(1\)\(f\), where possible\)<\/li>/);
    assert.match(controller.body, /<section class="warning no-print"/);
    assert.match(controller.body, /<dt>Joint controllers<\/dt><dd>Acme Holding SA, privacy@holding\.test; Acme Labs/);
    const customer = await buildCustomer(deps, scope, { name: 'Globex Inc.', country: 'US', dpoContact: 'Jane Roe', representative: 'Globex EU Rep SARL' });
    const processor = await get(app, agent, `${base}/records/processor?customer=${customer.id}`);
    assert.match(processor.body, /<dt>Representative in the Union<\/dt><dd>Globex EU Rep SARL<\/dd>/);
    assert.match(processor.body, /<dt>Data protection officer<\/dt><dd>Jane Roe<\/dd>/);
    assert.match(processor.body, /User Contact Email \(user\.contact\.email\)/);
  });

  it('hides the editing links from a viewer and refuses the form with 403', async () => {
    const { deps } = ctx.db;
    const { workspace, scope, agent, base } = await consoleFixture(deps, 'viewer');
    const a = await createActivity(deps, scope, HOSTING);
    const list = await get(app, agent, `${base}/records`);
    assert.equal(list.statusCode, 200);
    assert.doesNotMatch(list.body, /New processor activity|\/edit"/);
    assert.equal((await get(app, agent, `${base}/records/new`)).statusCode, 403);
    assert.equal((await post(app, agent, `${base}/records/${a.id}/delete`, {})).statusCode, 403);
    const editor = await signedInMember(deps, workspace.id, 'editor');
    assert.equal((await post(app, editor, `${base}/records/${a.id}/delete`, {}, { csrf: false })).statusCode, 403);
    assert.equal((await listActivities(deps.db, workspace.id)).length, 1);
  });
});
