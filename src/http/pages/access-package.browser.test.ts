import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { unzipSync } from 'fflate';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext } from 'playwright-core';
import { buildTestApp } from '../../../test/app.ts';
import { assertAccessible, browserSkip, launchBrowser } from '../../../test/browser.ts';
import { openTestDb, type TestDb } from '../../../test/dialects.ts';
import { buildAccessPackage } from '../../modules/requests/package/build-access-package.ts';
import { ensurePackageKey } from '../../modules/requests/package/package-key.ts';
import { buildAccessRequest, sampleResult, shopDatasets, tempKeyFile } from '../../modules/requests/package/package.test-helpers.ts';
import { storeAccessPackage } from '../../modules/requests/package/store-access-package.ts';
import { inTransaction } from '../../shared/deps.ts';

describe('access package download page in Chromium', { skip: browserSkip }, () => {
  let db: TestDb;
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;
  let noJs: BrowserContext;
  let axe: BrowserContext;
  const keyFile = tempKeyFile();

  const stored = async () => {
    const r = await buildAccessRequest(db.deps, { name: 'Acme Cloud' });
    const pkg = buildAccessPackage(sampleResult(), { reference: r.reference, controllerName: 'Acme Cloud', producedAt: db.deps.clock.now(), datasets: shopDatasets() });
    const s = await inTransaction(db.deps, (tx) => storeAccessPackage(tx, { requestId: r.requestId, zip: pkg.zip, fileName: pkg.fileName, key: ensurePackageKey(keyFile).key }));
    return { ...s, pkg };
  };

  before(async () => {
    db = await openTestDb('sqlite');
    app = await buildTestApp(db.deps, { packageKeyFile: keyFile });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchBrowser();
    noJs = await browser.newContext({ javaScriptEnabled: false, acceptDownloads: true });
    // axe needs JavaScript, and its script is not in the pages' CSP.
    axe = await browser.newContext({ bypassCSP: true });
  });
  after(async () => {
    await noJs?.close();
    await axe?.close();
    await browser?.close();
    await app?.close();
    await db?.close();
  });

  it('downloads the zip with the button, without JavaScript, once', async () => {
    const s = await stored();
    const page = await noJs.newPage();
    await page.goto(`${base}${s.path}`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /Download the file/ }).click()]);
    assert.equal(download.suggestedFilename(), s.pkg.fileName);
    assert.ok(readFileSync(await download.path()).equals(s.pkg.zip));
    const again = await page.goto(`${base}${s.path}`);
    assert.equal(again?.status(), 410);
    assert.equal(await page.locator('h1').innerText(), 'This download link no longer works');
    await page.close();
  });

  it('passes axe, open and spent', async () => {
    const s = await stored();
    const page = await axe.newPage();
    const open = await page.goto(`${base}${s.path}`);
    assert.equal(open?.status(), 200);
    assert.equal(await page.locator('h1').count(), 1);
    await assertAccessible(page);
    await inTransaction(db.deps, (tx) => tx.db.updateTable('dsr_packages').set({ downloaded_at: tx.clock.now().toISOString() }).where('id', '=', s.packageId).execute());
    const spent = await page.goto(`${base}${s.path}`);
    assert.equal(spent?.status(), 410);
    assert.equal(await page.locator('h1').count(), 1);
    await assertAccessible(page);
    await page.close();
  });

  it('has a summary.html in the zip that passes axe too', async () => {
    const s = await stored();
    const summary = Buffer.from(unzipSync(new Uint8Array(s.pkg.zip))['summary.html']).toString('utf8');
    const page = await axe.newPage();
    await page.setContent(summary);
    assert.equal(await page.locator('h1').count(), 1);
    assert.equal(await page.locator('table caption').count(), 3, 'one captioned table per collection with rows');
    await assertAccessible(page);
    await page.close();
  });
});
