import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext } from 'playwright-core';
import { buildTestApp } from '../../../test/app.ts';
import { assertAccessible, browserSkip, launchBrowser } from '../../../test/browser.ts';
import { openTestDb, type TestDb } from '../../../test/dialects.ts';
import { buildMember } from '../../../test/factories.ts';
import { SESSION_COOKIE } from '../middleware/auth.ts';
import { loadDemoWorkspaces } from '../../modules/demo/load-demo-workspaces.ts';
import { findWorkspaceBySlug } from '../../modules/workspaces/workspaces.ts';

const CLOUDBLUE = readFileSync(new URL('../../modules/import/fixtures/seeds/003-cloudblue.txt', import.meta.url), 'utf8');

describe('console pages in Chromium', { skip: browserSkip }, () => {
  let db: TestDb;
  let app: FastifyInstance;
  let browser: Browser;
  let origin: string;
  let context: BrowserContext;
  let axeContext: BrowserContext;
  before(async () => {
    db = await openTestDb('sqlite');
    await loadDemoWorkspaces(db.deps, { ownerUserId: null });
    const ws = await findWorkspaceBySlug(db.deps.db, 'scalingo');
    const owner = await buildMember(db.deps, ws!.id, 'owner');
    app = await buildTestApp(db.deps);
    origin = await app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchBrowser();
    // Pages are used without JavaScript; axe needs it (and its script is not in the page's CSP).
    context = await browser.newContext({ javaScriptEnabled: false });
    axeContext = await browser.newContext({ bypassCSP: true });
    for (const c of [context, axeContext]) await c.addCookies([{ name: SESSION_COOKIE, value: owner.session, url: origin }]);
  });
  after(async () => {
    await context?.close();
    await axeContext?.close();
    await browser?.close();
    await app?.close();
    await db?.close();
  });

  it('creates an engagement without JavaScript, showing a bad country next to its field first', async () => {
    const page = await context.newPage();
    await page.goto(`${origin}/admin/w/scalingo/engagements/new`);
    await page.getByLabel('Entity (required)').selectOption({ index: 1 });
    await page.getByLabel('Purpose (required)').fill('Log archiving');
    await page.getByLabel('Countries').fill('FR, XX');
    await page.getByRole('button', { name: 'Create engagement' }).click();
    assert.match(await page.locator('#countries-error').innerText(), /entry 2 \("XX"\) must be an ISO 3166-1 alpha-2 country code/);
    assert.equal(await page.getByLabel('Countries').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.getByLabel('Purpose (required)').inputValue(), 'Log archiving');
    await page.getByLabel('Countries').fill('FR');
    await page.getByRole('button', { name: 'Create engagement' }).click();
    await page.waitForURL(/\/engagements\?created=1$/);
    assert.match(await page.getByRole('status').first().innerText(), /Engagement created\./);
    await page.close();
  });

  it('imports an uploaded file without JavaScript, previewing it again with a column role changed', async () => {
    const page = await context.newPage();
    await page.goto(`${origin}/admin/w/scalingo/import`);
    await page.getByLabel('File', { exact: true }).setInputFiles({ name: 'vendors.csv', mimeType: 'text/csv', buffer: Buffer.from('Sub-processor,Purpose,Country\nAcme Mail,E-mail delivery,Ireland\n') });
    await page.getByRole('button', { name: 'Preview the records' }).click();
    await page.waitForURL(/\/import\/preview$/);
    assert.equal(await page.locator('h1').innerText(), 'Preview: 1 record from “vendors.csv”');
    assert.equal(await page.locator('#row-1 td').nth(2).innerText(), 'Ireland');
    await page.getByLabel('Role of column Country').selectOption('ignore');
    await Promise.all([page.waitForResponse((r) => r.url().endsWith('/import/preview')), page.getByRole('button', { name: 'Preview again with these roles' }).click()]);
    await page.waitForLoadState();
    assert.equal(await page.locator('#row-1 td').nth(2).innerText(), '—');
    assert.equal(await page.getByLabel('Role of column Country').inputValue(), 'ignore');
    await page.getByRole('button', { name: 'Import this 1 record' }).click();
    await page.waitForURL(/\/import\/drafts\/[^/?]+\?drafted=1$/);
    assert.equal(await page.locator('h1').innerText(), 'Import from “vendors.csv”');
    assert.match(await page.getByRole('status').first().innerText(), /waits here as a draft/);
    await page.close();
  });

  it('passes axe on every console page', async () => {
    const page = await axeContext.newPage();
    const base = `${origin}/admin/w/scalingo`;
    const paths = ['', '/entities', '/entities/new', '/engagements', '/engagements/new', '/services', '/services/new', '/regions', '/regions/new',
      '/versions', '/versions?from=1&to=1', '/versions/1', '/audit', '/members', '/tokens', '/settings', '/import'];
    for (const path of paths) {
      const res = await page.goto(`${base}${path}`);
      assert.equal(res?.status(), 200, path);
      assert.equal(await page.locator('h1').count(), 1, `one h1 on ${path}`);
      await assertAccessible(page);
    }
    // A form with errors as the server renders it (the browser's own check is bypassed).
    await page.goto(`${base}/entities/new`);
    await page.getByLabel('Website').fill('ftp://example.com');
    await page.locator('form[action$="/entities"]').evaluate((f) => f.setAttribute('novalidate', ''));
    await page.getByRole('button', { name: 'Create entity' }).click();
    await page.waitForLoadState();
    assert.equal(await page.getByLabel('Name (required)').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.getByLabel('Website').getAttribute('aria-invalid'), 'true');
    await assertAccessible(page);

    // The import preview, posted through the form, then the draft it leaves (the registry has content).
    await page.goto(`${base}/import`);
    await page.getByLabel('Or paste the list').fill(CLOUDBLUE);
    await page.getByRole('button', { name: 'Preview the records' }).click();
    await page.waitForURL(/\/import\/preview$/);
    assert.equal(await page.locator('h1').innerText(), 'Preview: 16 records from “pasted text”');
    assert.equal(await page.locator('h1').count(), 1);
    await assertAccessible(page);
    await page.getByRole('button', { name: 'Import these 16 records' }).click();
    await page.waitForURL(/\/import\/drafts\/[^/?]+\?drafted=1$/);
    assert.equal(await page.locator('h1').count(), 1);
    await assertAccessible(page);
    // The import form with its errors: nothing given.
    await page.goto(`${base}/import`);
    await page.getByRole('button', { name: 'Preview the records' }).click();
    await page.waitForURL(/\/import\/preview$/);
    assert.equal(await page.getByLabel('Or paste the list').getAttribute('aria-invalid'), 'true');
    await assertAccessible(page);
    await page.close();
  });
});
