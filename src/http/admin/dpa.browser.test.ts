import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext } from 'playwright-core';
import { assertAccessible, assertPagesAccessible, browserSkip, openBrowserRig, signedInContext } from '../../../test/browser.ts';
import { openTestDb, type TestDb } from '../../../test/dialects.ts';
import { buildMember } from '../../../test/factories.ts';
import { createDpaDraft } from '../../modules/dpa/manage-dpa-versions.ts';
import { buildDpaWorkspace, publishDpa } from '../../modules/dpa/dpa.test-helpers.ts';
import { requestDpaAcceptance } from '../../modules/dpa/request-dpa-acceptance.ts';

describe('DPA pages in Chromium', { skip: browserSkip }, () => {
  let db: TestDb;
  let rig: Awaited<ReturnType<typeof openBrowserRig>>;
  let browser: Browser;
  let context: BrowserContext;
  let base: string;
  let f: Awaited<ReturnType<typeof buildDpaWorkspace>>;
  let published: string;
  let draft: string;
  let link: string;
  before(async () => {
    db = await openTestDb('sqlite');
    f = await buildDpaWorkspace(db.deps);
    published = (await publishDpa(db.deps, f.scope)).id;
    draft = (await createDpaDraft(db.deps, f.scope)).id;
    await requestDpaAcceptance(db.deps, f.scope, { customerId: f.customer.id });
    const m = await db.deps.db.selectFrom('messages').select('text_body').where('kind', '=', 'dpa.acceptance_requested').orderBy('to_address').executeTakeFirstOrThrow();
    link = /http:\/\/trustroom\.test(\/w\/\S+)/.exec(m.text_body)![1];
    const owner = await buildMember(db.deps, f.workspace.id, 'owner');
    rig = await openBrowserRig(db.deps);
    browser = rig.browser;
    base = `${rig.base}/admin/w/${f.workspace.slug}`;
    context = await signedInContext(rig, owner.session);
  });
  after(async () => {
    await context?.close();
    await rig?.close();
    await db?.close();
  });

  it('passes axe on the DPA console pages: versions, editor, published version, preview and the customer DPA', async () => {
    const page = await context.newPage();
    await assertPagesAccessible(page, base, ['/dpa', `/dpa/versions/${draft}`, `/dpa/versions/${published}`, `/dpa/versions/${draft}/preview?customer=${f.customer.id}`, `/customers/${f.customer.id}/dpa`, `/dpa/versions/${draft}/delete`]);
    await page.goto(`${base}/dpa/versions/${draft}`);
    await page.getByLabel('Body (markdown) (required)').fill('Hello {{customer.shoe}}');
    await page.getByRole('button', { name: 'Save the draft' }).click();
    await page.waitForLoadState();
    assert.equal(await page.getByLabel('Body (markdown) (required)').getAttribute('aria-invalid'), 'true');
    await assertAccessible(page);
    await page.close();
  });

  it('passes axe on the public acceptance page, with errors and after accepting, which works without JavaScript', async () => {
    const page = await context.newPage();
    await page.goto(`${rig.base}${link}`);
    await assertAccessible(page);
    // Past the browser's own required-field checks, so the server's error messages show.
    await page.locator('form').evaluate((form) => form.setAttribute('novalidate', ''));
    await page.getByRole('button', { name: 'Accept the agreement' }).click();
    await page.waitForLoadState();
    assert.equal(await page.getByLabel('Your name (required)').getAttribute('aria-invalid'), 'true');
    await assertAccessible(page);

    const noJs = await browser.newContext({ javaScriptEnabled: false });
    const plain = await noJs.newPage();
    await plain.goto(`${rig.base}${link}`);
    await plain.getByLabel('Your name (required)').fill('Jeanne Dupont');
    await plain.getByLabel('Your title or role (required)').fill('DPO');
    await plain.getByLabel(/I have authority to accept on behalf of CloudBlue Example/).check();
    await plain.getByRole('button', { name: 'Accept the agreement' }).click();
    await plain.waitForLoadState();
    assert.match(await plain.locator('h1').innerText(), /Thank you: the agreement is accepted/);
    await noJs.close();

    await page.goto(`${rig.base}${link}?accepted=1`);
    await assertAccessible(page);
    // The console shows the exact document accepted, checked against its hash.
    const ledger = await context.newPage();
    await ledger.goto(`${rig.base}/admin/w/${f.workspace.slug}/customers/${f.customer.id}/dpa`);
    await ledger.getByRole('link', { name: 'The document accepted' }).first().click();
    await ledger.waitForLoadState();
    assert.match(await ledger.locator('main').innerText(), /The document below is the one accepted: it still hashes to the value in the ledger\./);
    await assertAccessible(ledger);
    await ledger.close();
    await page.close();
  });
});
