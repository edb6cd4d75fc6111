import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildTestApp } from '../../../test/app.ts';
import { assertAccessible, browserSkip, launchBrowser } from '../../../test/browser.ts';
import { openTestDb, type TestDb } from '../../../test/dialects.ts';
import { buildWorkspace } from '../../../test/factories.ts';

describe('privacy request pages in Chromium', { skip: browserSkip }, () => {
  let db: TestDb;
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;
  let noJs: BrowserContext;
  let axe: BrowserContext;

  /** The code and verification link of the last message to `to`. */
  const sentTo = async (to: string) => {
    const m = await db.deps.db.selectFrom('messages').select('text_body').where('to_address', '=', to).orderBy('created_at', 'desc').orderBy('id', 'desc').executeTakeFirstOrThrow();
    const code = /code[^:]*: (\d{6})/.exec(m.text_body)?.[1];
    const link = /http:\/\/trustroom\.test(\/w\/[a-z0-9-]+\/privacy-request\/verify\/[A-Za-z0-9_-]+)/.exec(m.text_body)?.[1];
    assert.ok(code && link);
    return { code, link };
  };

  /** Fills and sends the form as a person would, with the keyboard-reachable controls. */
  const fillForm = async (page: Page, email: string) => {
    await page.getByLabel('Erasure: delete my personal data').check();
    await page.getByLabel('Name', { exact: true }).fill('Ana Lima');
    await page.getByLabel('E-mail address (required)').fill(email);
  };

  before(async () => {
    db = await openTestDb('sqlite');
    await buildWorkspace(db.deps, { slug: 'acme', name: 'Acme Cloud' });
    app = await buildTestApp(db.deps);
    base = await app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchBrowser();
    noJs = await browser.newContext({ javaScriptEnabled: false });
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

  it('sends a request, confirms the code and withdraws it without JavaScript', async () => {
    const page = await noJs.newPage();
    await page.goto(`${base}/w/acme/privacy-request`);
    await fillForm(page, 'ana@example.org');
    await page.getByRole('button', { name: 'Send request' }).click();
    await page.waitForURL(/\/privacy-request\/status\//);
    assert.match(await page.getByRole('status').innerText(), /We have e-mailed you a code/);
    await page.getByLabel('Code (required)').fill((await sentTo('ana@example.org')).code);
    await page.getByRole('button', { name: 'Confirm', exact: true }).click();
    await page.waitForURL(/done=verified/);
    assert.equal(await page.locator('td', { hasText: 'In progress' }).count(), 1);
    await page.getByRole('button', { name: 'Withdraw this request…' }).click();
    await page.getByRole('button', { name: 'Yes, withdraw my request' }).click();
    await page.waitForURL(/done=withdrawn/);
    assert.equal(await page.locator('td', { hasText: 'Withdrawn' }).count(), 1);
    await page.close();
  });

  it('passes axe on the form, the form with errors, the status page with a wrong code, and the verification page', async () => {
    const page = await axe.newPage();
    const form = await page.goto(`${base}/w/acme/privacy-request`);
    assert.equal(form?.status(), 200);
    assert.equal(await page.locator('h1').count(), 1);
    await assertAccessible(page);

    // An agent's request without the agent's details: the summary names the fields and links to them.
    await page.getByLabel('Access: a copy of my personal data').check();
    await page.getByLabel('E-mail address (required)').fill('ben@example.org');
    await page.getByLabel('Someone else, as their authorised agent').check();
    await page.getByRole('button', { name: 'Send request' }).click();
    await page.waitForLoadState();
    assert.equal(await page.locator('.error-summary li').count(), 3);
    assert.match(await page.title(), /^Error: /);
    await assertAccessible(page);
    await page.locator('.error-summary a[href="#f-agentName"]').click();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'f-agentName');

    await page.goto(`${base}/w/acme/privacy-request`);
    await fillForm(page, 'cy@example.org');
    await page.getByRole('button', { name: 'Send request' }).click();
    await page.waitForURL(/\/privacy-request\/status\//);
    await assertAccessible(page);
    await page.getByLabel('Code (required)').fill('000000' === (await sentTo('cy@example.org')).code ? '111111' : '000000');
    await page.getByRole('button', { name: 'Confirm', exact: true }).click();
    await page.waitForLoadState();
    assert.match(await page.locator('.error-summary').innerText(), /Code: the code is not the one we sent/);
    await assertAccessible(page);

    const { link } = await sentTo('cy@example.org');
    const verify = await page.goto(`${base}${link}`);
    assert.equal(verify?.status(), 200);
    assert.equal(await page.locator('h1').innerText(), 'Confirm your privacy request');
    await assertAccessible(page);
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.waitForLoadState();
    assert.equal(await page.locator('h1').innerText(), 'Your e-mail address is confirmed');
    await assertAccessible(page);
    await page.close();
  });
});
