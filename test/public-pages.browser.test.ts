import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { announceChange } from '../src/modules/changes/announce-change.ts';
import { createChange } from '../src/modules/changes/manage-changes.ts';
import { loadDemoWorkspaces } from '../src/modules/demo/load-demo-workspaces.ts';
import { assertAccessible, browserSkip, openBrowserRig } from './browser.ts';
import { changeBody, changeWorkspace } from './change-fixtures.ts';
import { openTestDb, type TestDb } from './dialects.ts';
import { buildWorkspace } from './factories.ts';

describe('public pages in Chromium', { skip: browserSkip }, () => {
  let db: TestDb;
  let rig: Awaited<ReturnType<typeof openBrowserRig>>;
  let browser: Browser;
  let base: string;
  /** The public page of an announced change. */
  let changePath: string;
  before(async () => {
    db = await openTestDb('sqlite');
    await loadDemoWorkspaces(db.deps, { ownerUserId: null });
    await buildWorkspace(db.deps, { slug: 'my-organisation', name: 'My organisation' });
    const f = await changeWorkspace(db.deps);
    const change = await createChange(db.deps, f.scope, changeBody(f));
    await announceChange(db.deps, f.scope, change.id);
    changePath = `/w/${f.slug}/changes/${change.id}`;
    rig = await openBrowserRig(db.deps);
    ({ browser, base } = rig);
  });
  after(async () => {
    await rig?.close();
    await db?.close();
  });

  it('shows the demo lists without JavaScript and filters them', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${base}/`);
    await page.getByRole('link', { name: /CloudBlue/ }).click();
    await page.waitForURL(/\/w\/cloudblue\/subprocessors$/);
    assert.match(await page.locator('h1').innerText(), /Sub-processors of CloudBlue/);
    assert.equal(await page.locator('tbody tr').count(), 16);
    await page.getByLabel('Service').selectOption('connect');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/service=connect/);
    assert.match(await page.getByRole('status').innerText(), /5 rows shown: 5 of 16 engagements\./);
    await context.close();
  });

  it('passes axe on every public page', async () => {
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    for (const path of ['/', '/w/cloudblue/subprocessors', '/w/influxdata/subprocessors', '/w/scalingo/subprocessors', '/w/scalingo/subprocessors?country=US', '/w/cloudblue/subprocessors/history', '/w/my-organisation/subprocessors', changePath, '/admin/signin']) {
      const res = await page.goto(`${base}${path}`);
      assert.equal(res?.status(), 200, path);
      await assertAccessible(page);
    }
    await context.close();
  });

  it('fits a 390 px wide phone screen: tables scroll inside their own box, and axe stays clean', async () => {
    const context = await browser.newContext({ bypassCSP: true, viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    for (const path of ['/w/cloudblue/subprocessors', '/w/scalingo/subprocessors?country=US', '/w/cloudblue/subprocessors/history', '/api/docs', changePath]) {
      const res = await page.goto(`${base}${path}`);
      assert.equal(res?.status(), 200, path);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 390, `${path} is ${width} px wide at 390 px`);
      await assertAccessible(page);
    }
    await context.close();
  });

  it('prints the list\'s tables whole: their scrolling boxes do not clip on paper', async () => {
    const context = await browser.newContext({ javaScriptEnabled: true });
    const page = await context.newPage();
    await page.goto(`${base}/w/cloudblue/subprocessors`);
    const overflow = () => page.evaluate(() => getComputedStyle(document.querySelector('.table-scroll')!).overflowX);
    assert.equal(await overflow(), 'auto');
    await page.emulateMedia({ media: 'print' });
    assert.equal(await overflow(), 'visible');
    await context.close();
  });
});
