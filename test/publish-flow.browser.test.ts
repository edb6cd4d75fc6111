import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { setMembership } from '../src/modules/access/users.ts';
import { SYSTEM_ACTOR } from '../src/shared/deps.ts';
import { assertAccessible, browserSkip, openBrowserRig } from './browser.ts';
import { openTestDb, type TestDb } from './dialects.ts';
import { buildUser, buildWorkspace } from './factories.ts';

describe('an operator publishes a new sub-processor, in Chromium', { skip: browserSkip }, () => {
  let db: TestDb;
  let rig: Awaited<ReturnType<typeof openBrowserRig>>;
  let browser: Browser;
  let base: string;
  let owner: { email: string; password: string };
  before(async () => {
    db = await openTestDb('sqlite');
    const { workspace } = await buildWorkspace(db.deps, { slug: 'acme', name: 'Acme Cloud' });
    const u = await buildUser(db.deps);
    await setMembership(db.deps, SYSTEM_ACTOR, workspace.id, u.user.id, 'owner');
    owner = { email: u.email, password: u.password };
    rig = await openBrowserRig(db.deps);
    ({ browser, base } = rig);
  });
  after(async () => {
    await rig?.close();
    await db?.close();
  });

  /** Checks the page with axe, then clicks — every page of the journey is checked. */
  async function checked(page: Page) {
    await assertAccessible(page);
  }

  it('signs in, adds an engagement, publishes, and finds it on the public page and in the Atom feed', async () => {
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${base}/admin`);
    await page.waitForURL(/\/admin\/signin/);
    await checked(page);
    await page.getByLabel('E-mail').fill(owner.email);
    await page.getByLabel('Password').fill(owner.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/admin`);
    await checked(page);
    await page.getByRole('link', { name: 'Acme Cloud' }).click();
    await page.waitForURL(/\/admin\/w\/acme$/);
    await checked(page);

    await page.getByRole('navigation', { name: /Workspace/ }).getByRole('link', { name: 'Entities' }).click();
    await page.getByRole('link', { name: 'New entity' }).click();
    await checked(page);
    await page.getByLabel('Name', { exact: false }).first().fill('Mailjet');
    await page.getByLabel('Country of incorporation').selectOption('FR');
    await page.getByRole('button', { name: 'Create entity' }).click();
    await page.waitForURL(/\/entities\?/);
    await checked(page);

    await page.getByRole('navigation', { name: /Workspace/ }).getByRole('link', { name: 'Engagements' }).click();
    await page.getByRole('link', { name: 'New engagement' }).click();
    await checked(page);
    await page.getByLabel('Entity').selectOption({ label: 'Mailjet' });
    await page.getByLabel('Purpose').fill('Transactional e-mail delivery');
    await page.getByLabel('Countries').fill('FR, DE');
    await page.getByRole('button', { name: 'Create engagement' }).click();
    await page.waitForURL(/\/engagements\?/);
    assert.match(await page.locator('main').innerText(), /Transactional e-mail delivery/);
    await checked(page);

    await page.getByRole('navigation', { name: /Workspace/ }).getByRole('link', { name: 'Publish & history' }).click();
    await checked(page);
    await page.getByLabel('Note').fill('Adds Mailjet for e-mail');
    await page.getByRole('button', { name: /^Publish/ }).click();
    await page.waitForURL(/\/versions/);
    assert.match(await page.locator('main').innerText(), /Version 1/);
    await checked(page);

    await page.goto(`${base}/w/acme/subprocessors`);
    await checked(page);
    const row = page.getByRole('row', { name: /Mailjet/ });
    assert.match(await row.innerText(), /Transactional e-mail delivery/);
    assert.match(await row.innerText(), /France, Germany/);

    const feed = await context.request.get(`${base}/w/acme/subprocessors.atom`);
    assert.equal(feed.status(), 200);
    const xml = await feed.text();
    assert.match(xml, /<entry>/);
    assert.match(xml, /Added Mailjet: Transactional e-mail delivery/);
    await context.close();
  });
});
