import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext } from 'playwright-core';
import { assertAccessible, browserSkip, openBrowserRig } from '../../../test/browser.ts';
import { openTestDb, type TestDb } from '../../../test/dialects.ts';
import { buildEngagement, buildMember, buildService, buildWorkspace } from '../../../test/factories.ts';
import { publishListVersion } from '../../modules/publishing/publish-list-version.ts';
import { createRegion } from '../../modules/registry/manage-regions.ts';
import { SESSION_COOKIE } from '../middleware/auth.ts';

describe('subscribe pages in Chromium', { skip: browserSkip }, () => {
  let db: TestDb;
  let rig: Awaited<ReturnType<typeof openBrowserRig>>;
  let browser: Browser;
  let base: string;
  let noJs: BrowserContext;
  let axe: BrowserContext;

  /** The confirmation link queued for the subscriber's current request, on the test server. */
  const confirmLink = async (email: string) => {
    const row = await db.deps.db.selectFrom('subscribers').select(['id', 'confirm_token_hash']).where('email', '=', email).executeTakeFirstOrThrow();
    const message = await db.deps.db.selectFrom('messages').select('text_body').where('idempotency_key', '=', `subscription.confirm:${row.id}:${row.confirm_token_hash}`).executeTakeFirstOrThrow();
    return `${base}${/http:\/\/trustroom\.test(\/\S+)/.exec(message.text_body)![1]}`;
  };

  before(async () => {
    db = await openTestDb('sqlite');
    const { deps } = db;
    const { workspace, scope } = await buildWorkspace(deps, { slug: 'acme', name: 'Acme Cloud' });
    await buildService(deps, scope, { slug: 'cloud', name: 'Acme Hosting' });
    await buildService(deps, scope, { slug: 'support', name: 'Support desk' });
    await createRegion(deps, scope, { slug: 'eu-1', name: 'EU 1' });
    await buildEngagement(deps, scope, { services: ['cloud'], regions: ['eu-1'] });
    await publishListVersion(deps, scope, {});
    const owner = await buildMember(deps, workspace.id, 'owner');
    rig = await openBrowserRig(deps);
    ({ browser, base } = rig);
    noJs = await browser.newContext({ javaScriptEnabled: false });
    // axe needs JavaScript, and its script is not in the pages' CSP.
    axe = await browser.newContext({ bypassCSP: true });
    await axe.addCookies([{ name: SESSION_COOKIE, value: owner.session, url: base }]);
  });
  after(async () => {
    await noJs?.close();
    await axe?.close();
    await rig?.close();
    await db?.close();
  });

  it('subscribes, confirms and unsubscribes without JavaScript', async () => {
    const page = await noJs.newPage();
    await page.goto(`${base}/w/acme/subprocessors`);
    await page.getByLabel('E-mail address (required)').fill('reader@customer.example');
    await page.getByLabel('Acme Hosting').check();
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await page.waitForURL(/\/w\/acme\/subscribe$/);
    assert.equal(await page.locator('h1').innerText(), 'Check your inbox');

    await page.goto(await confirmLink('reader@customer.example'));
    await page.getByRole('button', { name: 'Confirm subscription' }).click();
    assert.equal(await page.locator('h1').innerText(), 'You are subscribed');
    assert.match(await page.locator('main').innerText(), /Services: Acme Hosting/);

    await page.getByRole('link', { name: 'Unsubscribe' }).click();
    await page.getByRole('button', { name: 'Unsubscribe' }).click();
    assert.equal(await page.locator('h1').innerText(), 'You are unsubscribed');
    const row = await db.deps.db.selectFrom('subscribers').select('status').where('email', '=', 'reader@customer.example').executeTakeFirstOrThrow();
    assert.equal(row.status, 'unsubscribed');
    await page.close();
  });

  it('passes axe on every subscribe page and on the console list', async () => {
    const page = await axe.newPage();
    const check = async (status: number | undefined, expected: number, what: string) => {
      assert.equal(status, expected, what);
      await assertAccessible(page);
    };
    await check((await page.goto(`${base}/w/acme/subprocessors`))?.status(), 200, 'list page with the form');
    await check((await page.goto(`${base}/w/acme/subscribe`))?.status(), 200, 'subscribe page');

    // The form with errors: the browser's own validation is switched off to send a bad address.
    await page.locator('form[action="/w/acme/subscribe"]').evaluate((f) => ((f as HTMLFormElement).noValidate = true));
    await page.getByLabel('E-mail address (required)').fill('not an address');
    const [bad] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: 'Subscribe' }).click()]);
    await page.waitForLoadState();
    await check(bad.status(), 400, 'form with errors');

    await page.getByLabel('E-mail address (required)').fill('axe@customer.example');
    const [ok] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: 'Subscribe' }).click()]);
    await page.waitForLoadState();
    await check(ok.status(), 200, 'check your inbox');

    const link = await confirmLink('axe@customer.example');
    await check((await page.goto(link))?.status(), 200, 'confirm page');
    const [confirmed] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: 'Confirm subscription' }).click()]);
    await page.waitForLoadState();
    await check(confirmed.status(), 200, 'subscribed page');
    // The subscribed page's own unsubscribe link (only hashes of these secrets are stored).
    const unsubscribePath = await page.getByRole('link', { name: 'Unsubscribe' }).getAttribute('href');
    await check((await page.goto(`${base}${unsubscribePath}`))?.status(), 200, 'unsubscribe page');
    const [gone] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: 'Unsubscribe' }).click()]);
    await page.waitForLoadState();
    await check(gone.status(), 200, 'unsubscribed page');

    await page.goto(`${base}/w/acme/subscribe`);
    await page.getByLabel('E-mail address (required)').fill('late@customer.example');
    await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: 'Subscribe' }).click()]);
    await db.deps.db.updateTable('subscribers').set({ created_at: '2000-01-01T00:00:00.000Z' }).where('email', '=', 'late@customer.example').execute();
    await check((await page.goto(await confirmLink('late@customer.example')))?.status(), 410, 'expired link page');

    await check((await page.goto(`${base}/admin/w/acme/subscribers`))?.status(), 200, 'console subscribers');
    await page.close();
  });
});
