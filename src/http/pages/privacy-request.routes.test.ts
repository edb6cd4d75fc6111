import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildTestApp, form } from '../../../test/app.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import { buildWorkspace } from '../../../test/factories.ts';
import type { Db } from '../../db/schema.ts';
import { extendRequest, requestClarification } from '../../modules/requests/request-steps.ts';
import { submitRequest } from '../../modules/requests/submit-request.ts';
import type { Scope } from '../../shared/deps.ts';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
let ipCounter = 0;
/** A fresh client address per test, so the rate limit only bites where a test wants it. */
const newIp = () => `10.7.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`;

/** The code and verification link path of the last message to `to`. */
async function codeSentTo(db: Db, to: string): Promise<{ code: string; link: string }> {
  const m = await db.selectFrom('messages').select('text_body').where('to_address', '=', to).orderBy('created_at', 'desc').orderBy('id', 'desc').executeTakeFirst();
  const code = /code[^:]*: (\d{6})|new code is (\d{6})/.exec(m?.text_body ?? '');
  const link = /http:\/\/trustroom\.test(\/w\/[a-z0-9-]+\/privacy-request\/verify\/[A-Za-z0-9_-]+)/.exec(m?.text_body ?? '');
  assert.ok(code && link, 'a code and a link were e-mailed');
  return { code: (code[1] ?? code[2])!, link: link[1]! };
}

const requestCount = async (db: Db) => Number((await db.selectFrom('dsr_requests').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

forEachDialect('privacy request pages', (ctx) => {
  let app: FastifyInstance;
  let ip: string;
  let scope: Scope;
  let workspaceId: string;
  const post = (url: string, fields: Record<string, string | undefined>, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url, headers: { ...FORM, ...headers }, payload: form(fields), remoteAddress: ip });

  before(async () => {
    const { deps } = ctx.db;
    const w = await buildWorkspace(deps, { slug: 'acme', name: 'Acme Cloud' });
    scope = w.scope;
    workspaceId = w.workspace.id;
    await deps.db.updateTable('workspaces').set({ country: 'FR', time_zone: 'Europe/Paris' }).where('id', '=', w.workspace.id).execute();
    await buildWorkspace(deps, { slug: 'other', name: 'Other Co' });
    app = await buildTestApp(deps);
  });
  after(async () => app?.close());

  /** Sends the form; returns the status page's path (without ?done). */
  async function submit(fields: Record<string, string>): Promise<string> {
    const res = await post('/w/acme/privacy-request', fields);
    assert.equal(res.statusCode, 303, res.body);
    const location = String(res.headers.location);
    assert.match(location, /^\/w\/acme\/privacy-request\/status\/[A-Za-z0-9_-]+\?done=sent$/);
    return location.replace(/\?.*$/, '');
  }

  it('takes a request through the form without JavaScript, and the code from the e-mail puts it in progress', async () => {
    ip = newIp();
    const page = await app.inject('/w/acme/privacy-request');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<fieldset id="f-type" tabindex="-1" class="field"><legend>What do you ask for\? \(required\)<\/legend>/);
    assert.match(page.body, /<input type="radio" id="f-type-access" name="type" value="access" required><label for="f-type-access">Access: a copy of my personal data<\/label>/);
    assert.match(page.body, /<legend>Who are you asking for\?<\/legend>/);
    assert.match(page.body, /<legend>Do you use a service of a company that uses Acme Cloud\?<\/legend>/);
    assert.match(page.body, /it is the <em>controller<\/em>/);
    assert.match(page.body, /We answer within one month of receiving your request \(GDPR Art 12\(3\)\)/);
    assert.match(page.body, /up to three months in total; we would tell you why within the first month\./);
    assert.ok(!page.body.includes('<script'), 'no JavaScript');

    const status = await submit({ type: 'access', requester: 'self', name: 'Ana Lima', email: 'ana@example.org', details: 'My shop account', usesCompany: 'no' });
    const sent = await app.inject(`${status}?done=sent`);
    assert.equal(sent.statusCode, 200);
    assert.equal(sent.headers['cache-control'], 'no-store');
    assert.equal(sent.headers['x-robots-tag'], 'noindex');
    assert.equal(sent.headers['referrer-policy'], 'no-referrer');
    assert.match(sent.body, /We have e-mailed you a code/);
    assert.match(sent.body, /<td>Waiting for identity verification<\/td>/);
    assert.match(sent.body, /<form method="post" action="\/w\/acme\/privacy-request\/status\/[^"]+\/verify">/);
    assert.ok(!sent.body.includes('ana@example.org') && !sent.body.includes('Ana Lima'), 'the page does not repeat the personal data');

    const { code } = await codeSentTo(ctx.db.deps.db, 'ana@example.org');
    const verified = await post(`${status}/verify`, { code });
    assert.equal(verified.statusCode, 303);
    assert.equal(verified.headers.location, `${status}?done=verified`);
    const after = await app.inject(`${status}?done=verified`);
    assert.match(after.body, /<td>In progress<\/td>/);
    assert.match(after.body, /You confirmed your e-mail address\./);
    assert.match(after.body, /We started working on your request\./);
    assert.ok(!after.body.includes('id="f-code"'), 'no code form once confirmed');
  });

  it('shows bad input again naming each field, keeps the values, and records nothing', async () => {
    ip = newIp();
    const before = await requestCount(ctx.db.deps.db);
    const res = await post('/w/acme/privacy-request', { requester: 'agent', name: 'Ben Okafor', email: 'not-an-address', usesCompany: 'yes', company: '' });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /<title>Error: Make a privacy request to Acme Cloud · Trustroom<\/title>/);
    const summary = /<div class="error-summary"[\s\S]*?<\/div>/.exec(res.body)?.[0] ?? '';
    for (const field of ['type', 'email', 'agentName', 'agentEmail', 'authority', 'company']) assert.match(summary, new RegExp(`href="#f-${field}"`), field);
    assert.match(summary, /E-mail address: must be an e-mail address/);
    assert.match(res.body, /<input type="email" id="f-email" name="email" required aria-invalid="true" aria-describedby="email-hint email-error"/);
    assert.match(res.body, /value="Ben Okafor"/);
    assert.match(res.body, /id="f-requester-agent" name="requester" value="agent" checked/);
    assert.match(res.body, /id="f-usesCompany-yes" name="usesCompany" value="yes" checked/);
    assert.equal(await requestCount(ctx.db.deps.db), before);
  });

  it('passes the company on as free text when the person says they use its service', async () => {
    ip = newIp();
    await submit({ type: 'erasure', email: 'cy@example.org', usesCompany: 'yes', company: 'Shopify Clone SAS' });
    const row = await ctx.db.deps.db.selectFrom('dsr_requests').select(['details', 'channel']).where('subject_email', '=', 'cy@example.org').executeTakeFirstOrThrow();
    assert.deepEqual([row.channel, row.details], ['web', 'Company whose service I use: Shopify Clone SAS']);
    await submit({ type: 'erasure', email: 'cy2@example.org', usesCompany: 'no', company: 'Ignored Ltd' });
    const other = await ctx.db.deps.db.selectFrom('dsr_requests').select('details').where('subject_email', '=', 'cy2@example.org').executeTakeFirstOrThrow();
    assert.equal(other.details, null, 'the company counts only with "yes"');
  });

  it('puts a wrong code on the code field and keeps the request waiting', async () => {
    ip = newIp();
    const status = await submit({ type: 'access', email: 'dee@example.org' });
    const { code } = await codeSentTo(ctx.db.deps.db, 'dee@example.org');
    const res = await post(`${status}/verify`, { code: code === '000000' ? '111111' : '000000' });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /<a href="#f-code">Code: the code is not the one we sent<\/a>/);
    assert.match(res.body, /id="f-code" name="code" required aria-invalid="true"/);
    assert.match(res.body, /<td>Waiting for identity verification<\/td>/);
    const letters = await post(`${status}/verify`, { code: 'abc' });
    assert.equal(letters.statusCode, 400);
    assert.match(letters.body, /Code: must be the digits of the code we sent/);
  });

  it('withdraws a request only after the confirmation step', async () => {
    ip = newIp();
    const status = await submit({ type: 'access', email: 'eve@example.org' });
    const ask = await post(`${status}/withdraw`, {});
    assert.equal(ask.statusCode, 200);
    assert.match(ask.body, /<h1>Withdraw request R-[A-Z0-9]{8}\?<\/h1>/);
    assert.match(ask.body, /<input type="hidden" name="confirm" value="yes"><button type="submit" class="danger">Yes, withdraw my request<\/button>/);
    const still = await ctx.db.deps.db.selectFrom('dsr_requests').select('status').where('subject_email', '=', 'eve@example.org').executeTakeFirstOrThrow();
    assert.equal(still.status, 'awaiting_verification');
    const done = await post(`${status}/withdraw`, { confirm: 'yes' });
    assert.equal(done.statusCode, 303);
    const page = await app.inject(String(done.headers.location));
    assert.match(page.body, /Your request is withdrawn\./);
    assert.match(page.body, /<td>Withdrawn<\/td>/);
    assert.match(page.body, /You withdrew your request\./);
    assert.ok(!page.body.includes('/withdraw"'), 'no withdraw form on a closed request');
  });

  it('shows an open question and takes the answer on the status page', async () => {
    ip = newIp();
    const { deps } = ctx.db;
    const { request, statusUrl } = await submitRequest(deps, workspaceId, { type: 'access', email: 'fay@example.org', identityChecked: true, identityNote: 'Known' }, { channel: 'operator', actor: scope.actor });
    await requestClarification(deps, scope, request.id, { question: 'Which of your two accounts?' });
    const status = new URL(statusUrl).pathname;
    const page = await app.inject(status);
    assert.match(page.body, /<h2 id="question-title">Our question to you<\/h2>\n<blockquote><p>Which of your two accounts\?<\/p><\/blockquote>/);
    assert.match(page.body, /<td>Waiting for your clarification<\/td>/);
    const empty = await post(`${status}/answer`, { answer: ' ' });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /<a href="#f-answer">Your answer: is required<\/a>/);
    const answered = await post(`${status}/answer`, { answer: 'The shop one' });
    assert.equal(answered.statusCode, 303);
    const after = await app.inject(String(answered.headers.location));
    assert.match(after.body, /<td>In progress<\/td>/);
    assert.match(after.body, /You answered our question\./);
    const again = await post(`${status}/answer`, { answer: 'More' });
    assert.equal(again.statusCode, 409);
    assert.match(again.body, /no question is waiting for an answer/);
  });

  it('shows an extension with its reason, an agent waiting for the authority check, and never who inside did what', async () => {
    ip = newIp();
    const { deps } = ctx.db;
    const operator = { ...scope, actor: { type: 'user' as const, id: null, label: 'operator-7@acme.example' } };
    const op = { channel: 'operator' as const, actor: operator.actor };
    const { request, statusUrl } = await submitRequest(deps, workspaceId, { type: 'access', email: 'kim@example.org', identityChecked: true, identityNote: 'Called back on file number' }, op);
    await extendRequest(deps, operator, request.id, { reason: 'Twelve systems to search' });
    const page = await app.inject(new URL(statusUrl).pathname);
    assert.match(page.body, /<th scope="row">Answer due by<\/th><td>\d{1,2} \w+ \d{4} \(extended from \d{1,2} \w+ \d{4}\)<br>Why: Twelve systems to search<\/td>/);
    assert.match(page.body, /We extended the deadline to \d{4}-\d{2}-\d{2}\. <q>Twelve systems to search<\/q>/);
    for (const inside of [operator.actor.label, 'Called back on file number', request.id]) assert.ok(!page.body.includes(inside), `does not show ${inside}`);

    const status = await submit({ type: 'access', email: 'lea@example.org', requester: 'parent', agentName: 'Max Parent', agentEmail: 'max@example.org', authority: 'Birth certificate' });
    const { code } = await codeSentTo(deps.db, 'max@example.org');
    assert.equal((await post(`${status}/verify`, { code })).statusCode, 303);
    const waiting = await app.inject(status);
    assert.match(waiting.body, /Your e-mail address is confirmed\. We are now checking what shows you may act for the person concerned/);
    assert.ok(!waiting.body.includes('id="f-code"'));
  });

  it('confirms through the e-mailed link only with its button, and answers 410 for a replaced link', async () => {
    ip = newIp();
    const status = await submit({ type: 'erasure', email: 'gil@example.org' });
    const first = await codeSentTo(ctx.db.deps.db, 'gil@example.org');
    const open = await app.inject(first.link);
    assert.equal(open.statusCode, 200);
    assert.equal(open.headers['referrer-policy'], 'no-referrer');
    assert.match(open.body, /<form method="post" action="\/w\/acme\/privacy-request\/verify\/[^"]+"><button type="submit">Confirm<\/button><\/form>/);
    assert.match((await app.inject(status)).body, /<td>Waiting for identity verification<\/td>/, 'opening the link changes nothing');
    assert.equal((await post(`${status}/resend`, {})).statusCode, 303);
    const second = await codeSentTo(ctx.db.deps.db, 'gil@example.org');
    assert.notEqual(second.link, first.link);
    const replaced = await app.inject(first.link);
    assert.equal(replaced.statusCode, 410);
    assert.match(replaced.body, /ask for a new code there/);
    assert.equal((await post(first.link, {})).statusCode, 410);
    const confirmed = await post(second.link, {});
    assert.equal(confirmed.statusCode, 200);
    assert.match(confirmed.body, /<h1>Your e-mail address is confirmed<\/h1>/);
    assert.match((await app.inject(status)).body, /<td>In progress<\/td>/);
  });

  it('does not start a withdrawn request again through its old link', async () => {
    ip = newIp();
    const status = await submit({ type: 'access', email: 'hal@example.org' });
    const { link } = await codeSentTo(ctx.db.deps.db, 'hal@example.org');
    await post(`${status}/withdraw`, { confirm: 'yes' });
    const res = await post(link, {});
    assert.match(res.body, /<h1>This request is closed<\/h1>/);
    const row = await ctx.db.deps.db.selectFrom('dsr_requests').select('status').where('subject_email', '=', 'hal@example.org').executeTakeFirstOrThrow();
    assert.equal(row.status, 'withdrawn');
  });

  it('answers 404 saying nothing more for an unknown link and for a request under another workspace', async () => {
    ip = newIp();
    const status = await submit({ type: 'access', email: 'ida@example.org' });
    for (const url of [status.replace('/w/acme/', '/w/other/'), '/w/acme/privacy-request/status/not-a-real-token', '/w/acme/privacy-request/verify/not-a-real-token']) {
      const res = await app.inject(url);
      assert.equal(res.statusCode, 404, url);
      assert.match(res.body, /<h1>This link is not valid<\/h1>/);
      assert.ok(!/R-[A-Z0-9]{8}/.test(res.body), 'no reference');
    }
    assert.equal((await post('/w/other/privacy-request/status/not-a-real-token/withdraw', { confirm: 'yes' })).statusCode, 404);
    assert.equal((await app.inject('/w/nobody/privacy-request')).statusCode, 404);
  });

  it('refuses a form posted from another site', async () => {
    ip = newIp();
    const before = await requestCount(ctx.db.deps.db);
    const res = await post('/w/acme/privacy-request', { type: 'access', email: 'jo@example.org' }, { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' });
    assert.equal(res.statusCode, 403);
    assert.equal(await requestCount(ctx.db.deps.db), before);
  });

  it('limits how often one address may post the form', async () => {
    ip = newIp();
    const codes: number[] = [];
    for (let i = 0; i < 11; i++) codes.push((await post('/w/acme/privacy-request', { type: 'access', email: 'bad' })).statusCode);
    assert.deepEqual([codes[0], codes[10]], [400, 429]);
  });

  it('links to the form from the public list page', async () => {
    const res = await app.inject('/w/acme/subprocessors');
    assert.match(res.body, /<a href="\/w\/acme\/privacy-request">make a privacy request to Acme Cloud<\/a>/);
  });
});
