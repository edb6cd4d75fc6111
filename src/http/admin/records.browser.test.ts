import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext } from 'playwright-core';
import { assertAccessible, assertPagesAccessible, browserSkip, openBrowserRig, signedInContext } from '../../../test/browser.ts';
import { openTestDb, type TestDb } from '../../../test/dialects.ts';
import { buildCustomer, buildEngagement, buildMember, buildService, buildWorkspace } from '../../../test/factories.ts';
import { createActivity } from '../../modules/records/manage-activities.ts';

describe('records of processing pages in Chromium', { skip: browserSkip }, () => {
  let db: TestDb;
  let rig: Awaited<ReturnType<typeof openBrowserRig>>;
  let context: BrowserContext;
  let base: string;
  let customerId: string;
  let activityId: string;
  let engagementId: string;
  before(async () => {
    db = await openTestDb('sqlite');
    const { workspace, scope } = await buildWorkspace(db.deps, { slug: 'acme-cloud', name: 'Acme Cloud' });
    await buildService(db.deps, scope, { slug: 'paas', name: 'PaaS' });
    activityId = (await createActivity(db.deps, scope, {
      role: 'processor', name: 'Hosting', purposes: ['Hosting of applications'], dataSubjects: ['End users'], dataCategories: ['user.content', 'Log files'], services: ['paas'],
    })).id;
    await createActivity(db.deps, scope, { role: 'controller', name: 'Billing', purposes: ['Invoicing'], dataSubjects: ['Customer contacts'], dataCategories: ['user.financial'], legalBasis: 'contract' });
    engagementId = (await buildEngagement(db.deps, scope, { countries: ['US'], transferMechanisms: ['scc-2021'] })).id;
    customerId = (await buildCustomer(db.deps, scope, { name: 'Globex SA', services: ['paas'] })).id;
    const owner = await buildMember(db.deps, workspace.id, 'owner');
    rig = await openBrowserRig(db.deps);
    base = `${rig.base}/admin/w/acme-cloud`;
    context = await signedInContext(rig, owner.session);
  });
  after(async () => {
    await context?.close();
    await rig?.close();
    await db?.close();
  });

  it('passes axe on the transfers page and a transfer record form, with its operator findings', async () => {
    const page = await context.newPage();
    await assertPagesAccessible(page, base, ['/transfers', `/transfers/${engagementId}/US`]);
    await page.goto(`${base}/transfers`);
    assert.match(await page.locator('main').innerText(), /transfer impact assessment/i, 'an SCC transfer without a TIA is an operator finding');
    await page.close();
  });

  it('passes axe on the activity list, the form, the delete confirmation and both records, also with errors shown', async () => {
    const page = await context.newPage();
    await assertPagesAccessible(page, base, ['/records', '/records/new', `/records/${activityId}/edit`, `/records/${activityId}/delete`, `/records/processor?customer=${customerId}`, '/records/processor', '/records/controller']);
    await page.goto(`${base}/records`);
    await page.getByLabel('Customer', { exact: true }).selectOption({ label: 'Globex SA' });
    await page.getByRole('button', { name: 'Show the record (Art 30(2))' }).click();
    await page.waitForLoadState();
    assert.equal(await page.locator('h1').innerText(), 'Record of processing for Globex SA');

    await page.goto(`${base}/records/new?role=controller`);
    await page.getByLabel('Name (required)').fill('Marketing');
    await page.getByLabel('Purposes (required)').fill('Newsletter');
    await page.getByLabel('Categories of data subjects (required)').fill('Subscribers');
    await page.getByLabel('Categories of personal data (required)').fill('Email address\nuser.made_up');
    await page.getByRole('button', { name: 'Create activity' }).click();
    await page.waitForLoadState();
    assert.equal(await page.getByLabel('Legal basis (Art 6(1))').getAttribute('aria-invalid'), 'true');
    assert.match(await page.locator('#dataCategories-error').innerText(), /line 2: is not a fideslang data category key/);
    await assertAccessible(page);
    await page.close();
  });
});
