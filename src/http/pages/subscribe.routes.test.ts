import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildTestApp, form } from '../../../test/app.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import { buildEngagement, buildService, buildWorkspace } from '../../../test/factories.ts';
import type { Db } from '../../db/schema.ts';
import { publishListVersion } from '../../modules/publishing/publish-list-version.ts';
import { createRegion } from '../../modules/registry/manage-regions.ts';
import { issueUnsubscribeToken } from '../../modules/subscribers/unsubscribe-links.ts';
import { type Deps, inTransaction } from '../../shared/deps.ts';
import { tagWithId } from '../admin/console.test-helpers.ts';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
let ipCounter = 0;
/** A fresh client address per test, so the subscribe rate limit only bites where a test wants it. */
const newIp = () => `10.0.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`;

async function subscriberRow(db: Db, email: string) {
  return db.selectFrom('subscribers').selectAll().where('email', '=', email).executeTakeFirst();
}

/** A new unsubscribe link's secret for the subscriber, as a message to them would carry. */
async function unsubscribeTokenOf(deps: Deps, email: string): Promise<string> {
  const row = await subscriberRow(deps.db, email);
  assert.ok(row, 'the subscriber exists');
  return inTransaction(deps, (tx) => issueUnsubscribeToken(tx, row.workspace_id, row.id));
}

/** The confirmation link path of the subscriber's current request, read from the queued message. */
async function confirmPath(db: Db, email: string): Promise<string> {
  const row = await subscriberRow(db, email);
  const message = await db.selectFrom('messages').select('text_body').where('idempotency_key', '=', `subscription.confirm:${row?.id}:${row?.confirm_token_hash}`).executeTakeFirst();
  const m = /http:\/\/trustroom\.test(\/w\/[a-z0-9-]+\/subscribe\/confirm\/[A-Za-z0-9_-]+)/.exec(message?.text_body ?? '');
  assert.ok(m, 'a confirmation link was queued');
  return m[1];
}

forEachDialect('subscribe pages', (ctx) => {
  let app: FastifyInstance;
  let ip: string;
  const post = (url: string, fields: Record<string, string | string[] | undefined>, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url, headers: { ...FORM, ...headers }, payload: form(fields), remoteAddress: ip });

  before(async () => {
    const { deps } = ctx.db;
    const { scope } = await buildWorkspace(deps, { slug: 'acme', name: 'Acme Cloud' });
    await buildService(deps, scope, { slug: 'cloud', name: 'Acme Hosting' });
    await buildService(deps, scope, { slug: 'unpublished', name: 'Secret Beta' });
    await createRegion(deps, scope, { slug: 'eu-1', name: 'EU 1' });
    await buildEngagement(deps, scope, { services: ['cloud'], regions: ['eu-1'] });
    await publishListVersion(deps, scope, {});
    await buildService(deps, scope, { slug: 'later', name: 'Added after publishing' });
    await buildWorkspace(deps, { slug: 'other', name: 'Other Co' });
    app = await buildTestApp(deps);
  });
  after(async () => app?.close());
  const fresh = () => {
    ip = newIp();
  };

  it('puts a static subscribe form on the list page, posting to the workspace address, with the published services and regions', async () => {
    const first = await app.inject('/w/acme/subprocessors');
    const second = await app.inject('/w/acme/subprocessors');
    assert.equal(first.statusCode, 200);
    assert.equal(first.body, second.body, 'nothing in the page differs per request');
    const formHtml = /<section id="subscribe"[\s\S]*?<\/section>/.exec(first.body)?.[0] ?? '';
    assert.match(formHtml, /<h2 id="subscribe-title">Get notified of changes<\/h2>/);
    assert.match(formHtml, /<form method="post" action="\/w\/acme\/subscribe">/);
    assert.match(formHtml, /<input type="email" id="f-email" name="email" required autocomplete="email" value="">/);
    assert.match(formHtml, /name="services" value="cloud"><label for="f-services-0">Acme Hosting<\/label>/);
    assert.match(formHtml, /name="regions" value="eu-1"><label for="f-regions-0">EU 1<\/label>/);
    assert.ok(!formHtml.includes('Added after publishing'), 'only what the public list shows');
    assert.ok(!formHtml.includes('_csrf'));
    assert.match(first.body, /<a href="#subscribe">Get notified of changes by e-mail<\/a>/);
  });

  it('answers "check your inbox" and queues a confirmation e-mail with the link', async () => {
    fresh();
    const { db } = ctx.db.deps;
    const res = await post('/w/acme/subscribe', { email: 'dpo@customer.example', services: 'cloud', regions: ['eu-1'] });
    assert.equal(res.statusCode, 200);
    assert.match(res.headers['content-type'] as string, /^text\/html/);
    assert.match(res.headers['content-security-policy'] as string, /default-src 'self'/);
    assert.match(res.body, /<h1>Check your inbox<\/h1>/);
    assert.ok(!res.body.includes('dpo@customer.example'), 'the page does not repeat the address');
    const row = await subscriberRow(db, 'dpo@customer.example');
    assert.equal(row?.status, 'pending');
    assert.deepEqual([JSON.parse(row!.services), JSON.parse(row!.regions)], [['cloud'], ['eu-1']]);
    assert.match(await confirmPath(db, 'dpo@customer.example'), /^\/w\/acme\/subscribe\/confirm\//);
  });

  it('gives byte-identical answers for new, pending, confirmed and unsubscribed addresses', async () => {
    fresh();
    const { db } = ctx.db.deps;
    await post('/w/acme/subscribe', { email: 'pending@x.example' });
    await post('/w/acme/subscribe', { email: 'confirmed@x.example' });
    await post(await confirmPath(db, 'confirmed@x.example'), {});
    await post('/w/acme/subscribe', { email: 'gone@x.example' });
    await post(`/w/acme/unsubscribe/${await unsubscribeTokenOf(ctx.db.deps, 'gone@x.example')}`, {});
    assert.equal((await subscriberRow(db, 'confirmed@x.example'))?.status, 'confirmed');

    fresh();
    const answers = [];
    for (const email of ['new@x.example', 'pending@x.example', 'confirmed@x.example', 'gone@x.example']) {
      const res = await post('/w/acme/subscribe', { email, services: 'cloud' });
      answers.push({ status: res.statusCode, type: res.headers['content-type'], cache: res.headers['cache-control'], length: res.headers['content-length'], body: res.body });
    }
    for (const a of answers.slice(1)) assert.deepEqual(a, answers[0]);
  });

  it('shows the form again with 400 and the errors next to the fields, keeping what was typed and storing nothing', async () => {
    fresh();
    const { db } = ctx.db.deps;
    const res = await post('/w/acme/subscribe', { email: 'not an address', services: ['cloud', 'nope'], regions: 'eu-1' });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /<div class="error-summary" role="alert"/);
    assert.match(tagWithId(res.body, 'f-email'), /aria-invalid="true"/);
    assert.match(tagWithId(res.body, 'f-email'), /value="not an address"/);
    assert.match(res.body, /id="email-error">E-mail address: must be an e-mail address/);
    assert.match(res.body, /id="services-error">Only changes to these services \(optional\): \[1\] is not a service of this list/);
    assert.match(res.body, /name="services" value="cloud" checked>/);
    assert.match(res.body, /name="regions" value="eu-1" checked>/);
    assert.match(res.body, /<title>Error: /);
    assert.equal(await subscriberRow(db, 'not an address'), undefined);

    const missing = await post('/w/acme/subscribe', {});
    assert.equal(missing.statusCode, 400);
    assert.match(missing.body, /id="email-error">E-mail address: is required/);
    const unpublished = await post('/w/acme/subscribe', { email: 'a@x.example', regions: 'mars' });
    assert.equal(unpublished.statusCode, 400);
    assert.match(unpublished.body, /id="regions-error">/);
    assert.equal(await subscriberRow(db, 'a@x.example'), undefined);
  });

  it('serves the form on a page of its own, and 404 for an unknown workspace', async () => {
    fresh();
    const page = await app.inject('/w/acme/subscribe');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1>Get notified of changes to Acme Cloud&#39;s sub-processors<\/h1>/);
    assert.match(page.body, /<form method="post" action="\/w\/acme\/subscribe">/);
    assert.equal((await app.inject('/w/nope/subscribe')).statusCode, 404);
    assert.equal((await post('/w/nope/subscribe', { email: 'a@x.example' })).statusCode, 404);
  });

  it('limits subscriptions to 10 a minute from one address', async () => {
    fresh();
    const codes = [];
    for (let i = 0; i < 11; i++) codes.push((await post('/w/acme/subscribe', { email: `burst${i}@x.example` })).statusCode);
    assert.deepEqual(codes, [...Array(10).fill(200), 429]);
    fresh();
    assert.equal((await post('/w/acme/subscribe', { email: 'burst-next@x.example' })).statusCode, 200, 'other clients are not affected');
  });

  it('confirms only with the POST behind the link page, and confirming twice is harmless', async () => {
    fresh();
    const { db } = ctx.db.deps;
    await post('/w/acme/subscribe', { email: 'confirm@x.example', services: 'cloud' });
    const path = await confirmPath(db, 'confirm@x.example');

    const page = await app.inject(path);
    assert.equal(page.statusCode, 200);
    assert.equal(page.headers['cache-control'], 'no-store');
    assert.equal(page.headers['x-robots-tag'], 'noindex');
    assert.match(page.body, /<form method="post" action="([^"]+)"><button type="submit">Confirm subscription<\/button><\/form>/);
    assert.equal(/<form method="post" action="([^"]+)"><button type="submit">Confirm/.exec(page.body)?.[1], path);
    assert.match(page.body, /<li>Services: Acme Hosting<\/li><li>Hosting regions: all<\/li>/);
    assert.equal((await subscriberRow(db, 'confirm@x.example'))?.status, 'pending', 'opening the link confirms nothing');

    const done = await post(path, {});
    assert.equal(done.statusCode, 200);
    assert.match(done.body, /<h1>You are subscribed<\/h1>/);
    assert.equal((await subscriberRow(db, 'confirm@x.example'))?.status, 'confirmed');
    const again = await post(path, {});
    assert.equal(again.statusCode, 200);
    assert.match(again.body, /<h1>You are subscribed<\/h1>/);
    assert.match((await app.inject(path)).body, /<h1>You are subscribed<\/h1>/);
  });

  it('refuses an expired confirmation link with a way to get a new one', async () => {
    fresh();
    const { db } = ctx.db.deps;
    await post('/w/acme/subscribe', { email: 'late@x.example' });
    const path = await confirmPath(db, 'late@x.example');
    await db.updateTable('subscribers').set({ created_at: new Date(Date.now() - 8 * 86_400_000).toISOString() }).where('email', '=', 'late@x.example').execute();
    for (const res of [await app.inject(path), await post(path, {})]) {
      assert.equal(res.statusCode, 410);
      assert.match(res.body, /<h1>This link has expired<\/h1>/);
      assert.match(res.body, /<a href="\/w\/acme\/subscribe">Subscribe again<\/a>/);
    }
    assert.equal((await subscriberRow(db, 'late@x.example'))?.status, 'pending');
  });

  it('answers 404 for unknown tokens and for tokens used under another workspace, showing nothing of the subscriber', async () => {
    fresh();
    const { db } = ctx.db.deps;
    await post('/w/acme/subscribe', { email: 'private@x.example' });
    const confirm = await confirmPath(db, 'private@x.example');
    const unsub = await unsubscribeTokenOf(ctx.db.deps, 'private@x.example');
    const urls = [
      '/w/acme/subscribe/confirm/unknown', confirm.replace('/w/acme/', '/w/other/'), `/w/acme/subscribe/confirm/${'x'.repeat(90)}`,
      '/w/acme/unsubscribe/unknown', `/w/other/unsubscribe/${unsub}`, `/w/nope/unsubscribe/${unsub}`,
    ];
    for (const url of urls) {
      for (const res of [await app.inject(url), await post(url, { 'List-Unsubscribe': 'One-Click' })]) {
        assert.equal(res.statusCode, 404, url);
        assert.match(res.body, /<h1>Not found<\/h1>/);
        assert.ok(!res.body.includes('private@x.example'));
      }
    }
    assert.equal((await subscriberRow(db, 'private@x.example'))?.status, 'pending');
  });

  it('unsubscribes with the button page or the RFC 8058 one-click POST, without cookie or CSRF token, for good', async () => {
    fresh();
    const { db } = ctx.db.deps;
    await post('/w/acme/subscribe', { email: 'leaving@x.example' });
    await post(await confirmPath(db, 'leaving@x.example'), {});
    const path = `/w/acme/unsubscribe/${await unsubscribeTokenOf(ctx.db.deps, 'leaving@x.example')}`;

    const page = await app.inject(path);
    assert.equal(page.statusCode, 200);
    assert.equal(page.headers['cache-control'], 'no-store');
    assert.match(page.body, new RegExp(`<form method="post" action="${path}"><button type="submit">Unsubscribe</button></form>`));
    assert.equal((await subscriberRow(db, 'leaving@x.example'))?.status, 'confirmed', 'opening the link changes nothing');

    const oneClick = await app.inject({ method: 'POST', url: path, headers: FORM, payload: 'List-Unsubscribe=One-Click' });
    assert.equal(oneClick.statusCode, 200);
    assert.match(oneClick.body, /<h1>You are unsubscribed<\/h1>/);
    assert.equal((await subscriberRow(db, 'leaving@x.example'))?.status, 'unsubscribed');
    const again = await app.inject({ method: 'POST', url: path, headers: FORM, payload: 'List-Unsubscribe=One-Click' });
    assert.equal(again.statusCode, 200);
    assert.match((await app.inject(path)).body, /<h1>You are unsubscribed<\/h1>/);

    await post('/w/acme/subscribe', { email: 'multipart@x.example' });
    const token = await unsubscribeTokenOf(ctx.db.deps, 'multipart@x.example');
    const boundary = 'xYzZY';
    const multipart = await app.inject({
      method: 'POST', url: `/w/acme/unsubscribe/${token}`, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: `--${boundary}\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--${boundary}--\r\n`,
    });
    assert.equal(multipart.statusCode, 200);
    assert.equal((await subscriberRow(db, 'multipart@x.example'))?.status, 'unsubscribed');
  });
});

forEachDialect('subscribe form on a single-workspace instance', (ctx) => {
  let app: FastifyInstance;
  before(async () => {
    const { deps } = ctx.db;
    const { scope } = await buildWorkspace(deps, { slug: 'solo', name: 'Solo' });
    await buildEngagement(deps, scope);
    await publishListVersion(deps, scope, {});
    app = await buildTestApp(deps);
  });
  after(async () => app?.close());

  it('posts to the workspace address from /subprocessors too', async () => {
    const res = await app.inject('/subprocessors');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<form method="post" action="\/w\/solo\/subscribe">/);
    assert.ok(!/name="services"|name="regions"/.test(res.body), 'no filters when the list has no services or regions');
  });
});
