import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { simpleParser } from 'mailparser';
import pino from 'pino';
import type { Browser, Page } from 'playwright-core';
import { createBackground, type Background } from '../src/background.ts';
import { buildApp } from '../src/http/app.ts';
import { setMembership } from '../src/modules/access/users.ts';
import { startSmtpSink, type SmtpSink } from '../src/modules/mail/smtp-sink.test-helpers.ts';
import { publishListVersion } from '../src/modules/publishing/publish-list-version.ts';
import { type Deps, SYSTEM_ACTOR } from '../src/shared/deps.ts';
import { assertAccessible, browserSkip, launchBrowser } from './browser.ts';
import { openTestDb, type TestDb } from './dialects.ts';
import { buildCustomer, buildEngagement, buildEntity, buildService, buildUser, buildWorkspace } from './factories.ts';

/**
 * CH1–CH3 end to end, as people do it: a visitor subscribes on the public list and confirms from
 * the e-mail; an operator proposes and announces a change in the console; the customer objects
 * from the link in its notice; the operator resolves the objection and the customer is told.
 * Every e-mail goes through a real SMTP server; every page is checked with axe.
 */
describe('a subscriber and a customer follow a sub-processor change, in Chromium', { skip: browserSkip }, () => {
  let db: TestDb;
  let deps: Deps;
  let sink: SmtpSink;
  let background: Background;
  let app: Awaited<ReturnType<typeof buildApp>>;
  let browser: Browser;
  let base: string;
  let dataDir: string;
  let owner: { email: string; password: string };

  before(async () => {
    db = await openTestDb('sqlite');
    deps = { ...db.deps };
    dataDir = await mkdtemp(join(tmpdir(), 'trustroom-journey-'));
    const { workspace, scope } = await buildWorkspace(deps, { slug: 'acme', name: 'Acme Cloud' });
    const platform = await buildService(deps, scope, { slug: 'platform', name: 'Platform' });
    const sendgrid = await buildEntity(deps, scope, { name: 'Sendgrid Inc', country: 'US' });
    await buildEngagement(deps, scope, { entityId: sendgrid.id, purpose: 'E-mail delivery', services: [platform.slug], countries: ['US'] });
    await buildEntity(deps, scope, { name: 'Mailjet SAS', country: 'FR' });
    await buildCustomer(deps, scope, { name: 'Globex Corporation', services: [platform.slug], contacts: [{ email: 'legal@globex.example' }] });
    await publishListVersion(deps, scope, {});
    const u = await buildUser(deps);
    await setMembership(deps, SYSTEM_ACTOR, workspace.id, u.user.id, 'owner');
    owner = { email: u.email, password: u.password };
    sink = await startSmtpSink({ keepRaw: true });
    background = createBackground(deps, { smtpUrl: sink.url, mailFrom: 'Acme Cloud <privacy@acme.example>', dataDir, jobLeaseMs: 60_000, allowPrivateWebhooks: true }, pino({ level: 'silent' }), { pollMs: 100 });
    app = await buildApp({ deps, config: { publicUrl: 'http://127.0.0.1', secureCookies: false }, logger: false, background });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
    // Links in e-mails point at this server.
    deps.publicUrl = base;
    background.worker.start();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    await background?.stop();
    await sink?.close();
    await db?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** The newest e-mail to `to` whose subject matches, parsed; waits for the worker to send it. */
  async function mailTo(to: string, subject: RegExp) {
    for (let i = 0; i < 100; i++) {
      for (const m of [...sink.messages].reverse()) {
        if (!m.to.includes(to) || !m.raw) continue;
        const parsed = await simpleParser(m.raw);
        if (subject.test(parsed.subject ?? '')) return parsed;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`no e-mail matching ${subject} reached the SMTP server`);
  }

  const linkIn = (text: string | undefined, pattern: RegExp) => {
    const m = pattern.exec(text ?? '');
    assert.ok(m, `the e-mail has a link matching ${pattern}`);
    return m[0];
  };

  async function visit(page: Page, url: string) {
    await page.goto(url);
    await assertAccessible(page);
  }

  it('subscribes, confirms, announces, objects from the e-mail link and resolves in the console', async () => {
    const visitor = await (await browser.newContext()).newPage();
    await visit(visitor, `${base}/w/acme/subprocessors`);
    await visitor.getByLabel('E-mail address').fill('watcher@example.test');
    await visitor.getByRole('button', { name: 'Subscribe' }).click();
    await visitor.getByRole('heading', { name: 'Check your inbox' }).waitFor();
    await assertAccessible(visitor);

    const confirmation = await mailTo('watcher@example.test', /confirm/i);
    await visit(visitor, linkIn(confirmation.text, /http:\/\/127\.0\.0\.1:\d+\/w\/acme\/subscribe\/confirm\/\S+/));
    await visitor.getByRole('button', { name: 'Confirm subscription' }).click();
    await visitor.getByRole('heading', { name: 'You are subscribed' }).waitFor();
    await assertAccessible(visitor);

    const operator = await (await browser.newContext()).newPage();
    await visit(operator, `${base}/admin/signin`);
    await operator.getByLabel('E-mail').fill(owner.email);
    await operator.getByLabel('Password').fill(owner.password);
    await operator.getByRole('button', { name: 'Sign in' }).click();
    await operator.waitForURL(`${base}/admin`);
    await visit(operator, `${base}/admin/w/acme/changes/new`);
    await operator.getByLabel('Operation').selectOption('add');
    await operator.getByRole('button', { name: 'Continue' }).click();
    await operator.getByRole('heading', { name: 'Propose a change' }).waitFor();
    await assertAccessible(operator);
    const proposed = new Date(Date.now() + 45 * 86_400_000).toISOString().slice(0, 10);
    await operator.getByLabel('Title (required)', { exact: true }).fill('Mailjet for e-mail in the EU');
    await operator.getByLabel('Reason (required)', { exact: true }).fill('Keep e-mail delivery inside the EU.');
    await operator.getByLabel('Proposed date (required)', { exact: true }).fill(proposed);
    await operator.getByLabel('Entity (required)', { exact: true }).selectOption({ label: 'Mailjet SAS' });
    await operator.getByLabel('Purpose (required)', { exact: true }).fill('E-mail delivery');
    await operator.getByLabel('Countries', { exact: true }).fill('FR');
    await operator.getByRole('checkbox', { name: 'Platform' }).check();
    await operator.getByRole('button', { name: 'Save draft' }).click();
    await operator.getByRole('heading', { name: 'Mailjet for e-mail in the EU' }).waitFor();
    await assertAccessible(operator);
    await operator.getByRole('link', { name: 'Review and announce the change' }).click();
    await operator.getByRole('heading', { name: 'Customers reached' }).waitFor();
    await assertAccessible(operator);
    assert.match(await operator.locator('body').innerText(), /Globex Corporation/);
    await operator.getByRole('button', { name: 'Confirm and announce' }).click();
    await operator.getByRole('heading', { name: 'Customers', exact: true }).waitFor();
    await assertAccessible(operator);
    assert.match(await operator.locator('body').innerText(), /Globex Corporation/);

    const subscriberNotice = await mailTo('watcher@example.test', /Mailjet for e-mail in the EU/);
    assert.match(subscriberNotice.text ?? '', /Mailjet SAS/);
    assert.match(subscriberNotice.headerLines.find((h) => h.key === 'list-unsubscribe')?.line ?? '', /<http:\/\/127\.0\.0\.1:\d+\/w\/acme\/unsubscribe\/\S+>/);
    const customerNotice = await mailTo('legal@globex.example', /Mailjet for e-mail in the EU/);
    for (const fact of ['Mailjet SAS', 'E-mail delivery', 'France', 'object']) assert.ok(customerNotice.text?.includes(fact), `the notice names ${fact}`);

    const customer = await (await browser.newContext()).newPage();
    await visit(customer, linkIn(customerNotice.text, /http:\/\/127\.0\.0\.1:\d+\/w\/acme\/changes\/respond\/\S+/));
    await customer.getByLabel('Your name', { exact: false }).fill('Greta Legal');
    await customer.getByLabel('Reasons for the objection', { exact: false }).fill('Mailjet is not approved by our vendor board.');
    await customer.getByRole('button', { name: 'Send the objection' }).click();
    await customer.getByText('Mailjet is not approved by our vendor board.').first().waitFor();
    await assertAccessible(customer);

    await operator.reload();
    await assertAccessible(operator);
    await operator.getByRole('radio', { name: /alternative/i }).check();
    await operator.getByLabel('Note to the customer', { exact: false }).fill('Your data stays with the current provider.');
    await operator.getByRole('button', { name: 'Resolve objection' }).click();
    await operator.getByText('Your data stays with the current provider.').first().waitFor();
    await assertAccessible(operator);

    const resolved = await mailTo('legal@globex.example', /your objection/i);
    assert.match(resolved.text ?? '', /Your data stays with the current provider\./);
    await visit(operator, `${operator.url().replace(/[?#].*$/, '')}/evidence`);
    assert.match(await operator.locator('body').innerText(), /legal@globex\.example/);
  });
});
