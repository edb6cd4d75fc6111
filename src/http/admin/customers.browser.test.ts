import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext } from 'playwright-core';
import { assertAccessible, assertPagesAccessible, browserSkip, openBrowserRig, signedInContext } from '../../../test/browser.ts';
import { openTestDb, type TestDb } from '../../../test/dialects.ts';
import { buildCustomer, buildMember, buildService, buildWorkspace } from '../../../test/factories.ts';

describe('customer pages in Chromium', { skip: browserSkip }, () => {
  let db: TestDb;
  let rig: Awaited<ReturnType<typeof openBrowserRig>>;
  let context: BrowserContext;
  let base: string;
  let customerId: string;
  before(async () => {
    db = await openTestDb('sqlite');
    const { workspace, scope } = await buildWorkspace(db.deps, { slug: 'acme-cloud' });
    await buildService(db.deps, scope, { slug: 'connect', name: 'Connect' });
    customerId = (await buildCustomer(db.deps, scope, { name: 'Globex SA', services: ['connect'], specialTerms: 'Objections in writing.' })).id;
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

  it('passes axe on the customer list, page, forms, delete confirmation and settings, also with errors shown', async () => {
    const page = await context.newPage();
    await assertPagesAccessible(page, base, ['/customers', '/customers?service=connect', `/customers/${customerId}`, '/customers/new', `/customers/${customerId}/edit`, `/customers/${customerId}/delete`, '/settings']);
    await page.goto(`${base}/customers/new`);
    await page.getByLabel('Name (required)').fill('Initech SA');
    await page.getByLabel('Notice period', { exact: true }).fill('999d');
    await page.getByLabel('Contacts').fill('Peter <peter.initech>');
    await page.getByRole('button', { name: 'Create customer' }).click();
    await page.waitForLoadState();
    assert.equal(await page.getByLabel('Notice period', { exact: true }).getAttribute('aria-invalid'), 'true');
    assert.match(await page.locator('#contacts-error').innerText(), /line 1: must be an e-mail address/);
    await assertAccessible(page);
    await page.close();
  });
});
