import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext } from 'playwright-core';
import { assertAccessible, browserSkip, openBrowserRig } from '../../../test/browser.ts';
import { openTestDb, type TestDb } from '../../../test/dialects.ts';
import { buildCustomer, buildMember, buildService, buildWorkspace } from '../../../test/factories.ts';
import { SESSION_COOKIE } from '../middleware/auth.ts';

describe('customer pages in Chromium', { skip: browserSkip }, () => {
  let db: TestDb;
  let rig: Awaited<ReturnType<typeof openBrowserRig>>;
  let browser: Browser;
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
    browser = rig.browser;
    base = `${rig.base}/admin/w/acme-cloud`;
    // axe needs JavaScript, and its script is not in the page's CSP.
    context = await browser.newContext({ bypassCSP: true });
    await context.addCookies([{ name: SESSION_COOKIE, value: owner.session, url: rig.base }]);
  });
  after(async () => {
    await context?.close();
    await rig?.close();
    await db?.close();
  });

  it('passes axe on the customer list, page, forms, delete confirmation and settings, also with errors shown', async () => {
    const page = await context.newPage();
    for (const path of ['/customers', '/customers?service=connect', `/customers/${customerId}`, '/customers/new', `/customers/${customerId}/edit`, `/customers/${customerId}/delete`, '/settings']) {
      const res = await page.goto(`${base}${path}`);
      assert.equal(res?.status(), 200, path);
      assert.equal(await page.locator('h1').count(), 1, `one h1 on ${path}`);
      await assertAccessible(page);
    }
    await page.goto(`${base}/customers/new`);
    await page.getByLabel('Name (required)').fill('Initech SA');
    await page.getByLabel('Notice period in days').fill('999');
    await page.getByLabel('Contacts').fill('Peter <peter.initech>');
    await page.getByRole('button', { name: 'Create customer' }).click();
    await page.waitForLoadState();
    assert.equal(await page.getByLabel('Notice period in days').getAttribute('aria-invalid'), 'true');
    assert.match(await page.locator('#contacts-error').innerText(), /line 1: must be an e-mail address/);
    await assertAccessible(page);
    await page.close();
  });
});
