import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildTestApp, form } from '../../../test/app.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import { inviteContacts } from '../../modules/portal/invite-contact.ts';
import { type ForwardingFixture, forwardedRequest, forwardingFixture } from '../../modules/requests/forwarding/forwarding.test-helpers.ts';
import { sendForwarding } from '../../modules/requests/forwarding/send-forwarding.ts';
import type { Deps } from '../../shared/deps.ts';
import { csrfOf, freshIp, latestLinkPath, signInThrough } from './portal.test-helpers.ts';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

/** Passes a new request of Hooli's end user on (the job's work, run here directly). */
async function sentRequest(deps: Deps, f: ForwardingFixture, over: Record<string, unknown> = {}) {
  const request = await forwardedRequest(deps, f, over);
  const row = await deps.db.selectFrom('dsr_forwardings').select('id').where('request_id', '=', request.id).executeTakeFirstOrThrow();
  await sendForwarding(deps, row.id);
  return request;
}

forEachDialect('customer portal requests', (ctx) => {
  let app: FastifyInstance;
  let f: ForwardingFixture;
  let hooli: string;
  let piper: string;
  let base: string;
  before(async () => {
    app = await buildTestApp(ctx.db.deps);
    f = await forwardingFixture(ctx.db.deps, { zone: 'Europe/Paris' });
    base = `/portal/w/${f.slug}`;
    await inviteContacts(ctx.db.deps, f.scope, f.customerId, {});
    await inviteContacts(ctx.db.deps, f.scope, f.otherCustomerId, {});
    hooli = await signInThrough(app, await latestLinkPath(ctx.db.deps.db, 'dpo@hooli.test'));
    piper = await signInThrough(app, await latestLinkPath(ctx.db.deps.db, 'dpo@piper.test'));
  });
  after(async () => app?.close());

  const get = (url: string, cookie: string) => app.inject({ url, headers: { cookie } });
  const post = (url: string, cookie: string, fields: Record<string, string>, csrf: string) =>
    app.inject({ method: 'POST', url, headers: { ...FORM, ...freshIp(), cookie }, payload: form(fields, csrf) });

  it('lists a request passed on to the customer with the instant its instruction is due, and takes the instruction from a form without JavaScript', async () => {
    const request = await sentRequest(ctx.db.deps, f);
    const list = await get(`${base}/requests`, hooli);
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /Waiting for your instruction/);
    assert.ok(list.body.includes(request.reference));
    const due = (await ctx.db.deps.db.selectFrom('dsr_forwardings').select('due_at').where('request_id', '=', request.id).executeTakeFirstOrThrow()).due_at;
    const shown = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(due));
    assert.ok(list.body.includes(`${shown} (Europe/Paris)`), 'the due instant in the customer’s zone');

    const overview = await get(base, hooli);
    assert.match(overview.body, new RegExp(`Give your instruction on request ${request.reference}</a> by \\d{4}-\\d{2}-\\d{2} ${shown} \\(Europe/Paris\\)`), 'the overview asks for the instruction');
    const url = `${base}/requests/${request.id}`;
    const page = await get(url, hooli);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Ana Lima, ana@example\.org/);
    assert.match(page.body, /Send the instruction<\/button>/);
    const csrf = csrfOf(page.body);
    const noCsrf = await app.inject({ method: 'POST', url: `${url}/instruction`, headers: { ...FORM, ...freshIp(), cookie: hooli }, payload: form({ instruction: 'fulfil' }) });
    assert.equal(noCsrf.statusCode, 403);
    const noReason = await post(`${url}/instruction`, hooli, { instruction: 'refuse', reason: '' }, csrf);
    assert.equal(noReason.statusCode, 400);
    assert.match(noReason.body, /Reason \(required to refuse\): is required/);
    assert.match(noReason.body, /id="f-instruction-refuse" name="instruction" value="refuse" checked/);
    const ok = await post(`${url}/instruction`, hooli, { instruction: 'fulfil', reason: '' }, csrf);
    assert.equal(ok.statusCode, 303);
    assert.equal(ok.headers.location, `${url}?sent=1`);
    const done = await get(`${url}?sent=1`, hooli);
    assert.match(done.body, /Your instruction was recorded/);
    assert.match(done.body, /Fulfil, on \d{4}-\d{2}-\d{2}/);
    assert.doesNotMatch(done.body, /Send the instruction<\/button>/);
    const row = await ctx.db.deps.db.selectFrom('dsr_forwardings').selectAll().where('request_id', '=', request.id).executeTakeFirstOrThrow();
    assert.equal(row.instruction, 'fulfil');
    assert.match(row.instructed_by ?? '', /^portal contact /);
    const status = await ctx.db.deps.db.selectFrom('dsr_requests').select('status').where('id', '=', request.id).executeTakeFirstOrThrow();
    assert.equal(status.status, 'in_progress');
    const again = await post(`${url}/instruction`, hooli, { instruction: 'refuse', reason: 'Changed our mind' }, csrf);
    assert.equal(again.statusCode, 409);
  });

  it("answers 404 to another customer's contact for the request page and its form, and lists nothing of it", async () => {
    const request = await sentRequest(ctx.db.deps, f, { email: 'cy@example.org', name: 'Cy' });
    const page = await get(`${base}/requests`, piper);
    const csrf = csrfOf(page.body);
    assert.ok(!page.body.includes(request.reference));
    assert.equal((await get(`${base}/requests/${request.id}`, piper)).statusCode, 404);
    const res = await post(`${base}/requests/${request.id}/instruction`, piper, { instruction: 'refuse', reason: 'Not ours' }, csrf);
    assert.equal(res.statusCode, 404);
    assert.ok(!res.body.includes('cy@example.org'));
    const row = await ctx.db.deps.db.selectFrom('dsr_forwardings').select('instruction').where('request_id', '=', request.id).executeTakeFirstOrThrow();
    assert.equal(row.instruction, null);
  });

  it('sends a request from the customer to the processor with the customer’s own deadline and reference', async () => {
    const page = await get(`${base}/requests/new`, hooli);
    assert.equal(page.statusCode, 200);
    const csrf = csrfOf(page.body);
    const bad = await post(`${base}/requests`, hooli, { type: 'access', email: 'not-an-address', dueOn: '31/12/2030' }, csrf);
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /The person’s e-mail address: must be an e-mail address/);
    assert.match(bad.body, /Your deadline: must be a date \(YYYY-MM-DD\)/);
    const res = await post(`${base}/requests`, hooli, { type: 'access', email: 'Dee@Example.org', name: 'Dee', dueOn: '2030-12-31', externalId: 'HOOLI-42' }, csrf);
    assert.equal(res.statusCode, 303);
    const id = /\/requests\/([^/?]+)$/.exec(String(res.headers.location))?.[1];
    assert.ok(id);
    const row = await ctx.db.deps.db.selectFrom('dsr_requests').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual([row.channel, row.controller, row.customer_id, row.customer_due_on, row.external_id, row.subject_email], ['customer', 'customer', f.customerId, '2030-12-31', 'HOOLI-42', 'dee@example.org']);
    assert.ok(row.due_on, 'the regime’s deadline is counted too');
    const shown = await get(`${base}/requests/${id}`, hooli);
    assert.match(shown.body, /<dt>Your deadline<\/dt><dd>2030-12-31<\/dd>/);
    assert.match(shown.body, /<dt>Your reference<\/dt><dd>HOOLI-42<\/dd>/);
    assert.equal((await get(`${base}/requests/${id}`, piper)).statusCode, 404);
  });

  it('issues an API token from the portal shown once, lists only its hint, and revokes it; another customer cannot revoke it', async () => {
    const page = await get(`${base}/api-tokens`, hooli);
    assert.equal(page.statusCode, 200);
    const csrf = csrfOf(page.body);
    const empty = await post(`${base}/api-tokens`, hooli, { name: '' }, csrf);
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /Name of the token: is required/);
    const issued = await post(`${base}/api-tokens`, hooli, { name: 'helpdesk' }, csrf);
    assert.equal(issued.statusCode, 201);
    const token = /<code class="wrap">(trc_[^<]+)<\/code>/.exec(issued.body)?.[1];
    assert.ok(token, 'the secret is shown once');
    const listed = await get(`${base}/api-tokens`, hooli);
    assert.ok(!listed.body.includes(token) && listed.body.includes(token.slice(0, 10)), 'afterwards only its first characters');
    const api = await app.inject({ url: `/api/w/${f.slug}/customer/requests`, headers: { authorization: `Bearer ${token}` } });
    assert.equal(api.statusCode, 200);
    const row = await ctx.db.deps.db.selectFrom('customer_api_tokens').select('id').where('customer_id', '=', f.customerId).where('name', '=', 'helpdesk').executeTakeFirstOrThrow();
    const theirs = await post(`${base}/api-tokens/${row.id}/revoke`, piper, {}, csrfOf((await get(`${base}/api-tokens`, piper)).body));
    assert.equal(theirs.statusCode, 404);
    const revoked = await post(`${base}/api-tokens/${row.id}/revoke`, hooli, {}, csrf);
    assert.equal(revoked.statusCode, 303);
    assert.equal((await app.inject({ url: `/api/w/${f.slug}/customer/requests`, headers: { authorization: `Bearer ${token}` } })).statusCode, 401);
  });
});
