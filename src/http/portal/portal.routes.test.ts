import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { apiTokenHeaders, buildTestApp, form, signedInMember } from '../../../test/app.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import { buildCustomer, buildWorkspace } from '../../../test/factories.ts';
import { updateCustomer } from '../../modules/customers/manage-customers.ts';
import { inviteContacts } from '../../modules/portal/invite-contact.ts';
import { csrfOf, freshIp, latestLinkPath, signInThrough } from './portal.test-helpers.ts';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

forEachDialect('customer portal pages', (ctx) => {
  let app: FastifyInstance;
  before(async () => {
    app = await buildTestApp(ctx.db.deps);
  });
  after(async () => app?.close());

  const fixture = async () => {
    const { workspace, scope } = await buildWorkspace(ctx.db.deps);
    const customer = await buildCustomer(ctx.db.deps, scope, { name: 'Acme SA', contacts: [{ email: 'dpo@acme.test', name: 'Dee Peo' }, { email: 'legal@acme.test' }] });
    return { workspace, scope, customer, base: `/portal/w/${workspace.slug}` };
  };

  it('signs in through an invitation: the link page needs a POST, the cookie is HttpOnly, SameSite=Lax and scoped to /portal, and opens the pages', async () => {
    const f = await fixture();
    await inviteContacts(ctx.db.deps, f.scope, f.customer.id, {});
    const link = await latestLinkPath(ctx.db.deps.db, 'dpo@acme.test');
    const page = await app.inject({ url: link });
    assert.match(page.body, /<form method="post" action="[^"]+"><button type="submit">Sign in<\/button><\/form>/);
    assert.equal(page.headers['cache-control'], 'no-store');
    assert.equal(page.headers['x-robots-tag'], 'noindex');
    assert.equal(page.headers['referrer-policy'], 'no-referrer');
    const res = await app.inject({ method: 'POST', url: link, headers: freshIp() });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, f.base);
    const set = String([res.headers['set-cookie']].flat().find((c) => c?.startsWith('trustroom_portal=')));
    assert.match(set, /HttpOnly/);
    assert.match(set, /SameSite=Lax/);
    assert.match(set, /Path=\/portal/);
    assert.doesNotMatch(set, /Secure/, 'the test server is on http');
    const cookie = set.split(';')[0];
    const changes = await app.inject({ url: `${f.base}/changes`, headers: { cookie } });
    assert.equal(changes.statusCode, 200);
    assert.match(changes.body, /Acme SA · portal of/);
    assert.equal(changes.headers['cache-control'], 'no-store');
    assert.equal(changes.headers['x-robots-tag'], 'noindex');
    const again = await app.inject({ url: link });
    assert.equal(again.statusCode, 410, 'a used link is refused');
    assert.match(again.body, /already used/);
    assert.match(again.body, /Ask for a new sign-in link/);
  });

  it('sends anyone without a session, or with an unknown cookie, to the sign-in page', async () => {
    const f = await fixture();
    for (const headers of [{}, { cookie: 'trustroom_portal=trs_forged' }]) {
      const res = await app.inject({ url: `${f.base}/subprocessors`, headers });
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, `${f.base}/signin`);
    }
    const post = await app.inject({ method: 'POST', url: `${f.base}/signout`, headers: FORM, payload: form({}) });
    assert.equal(post.statusCode, 401);
    assert.equal((await app.inject({ url: '/portal/w/no-such-workspace/signin' })).statusCode, 404);
  });

  it('answers a sign-in request identically for a known and an unknown address, and e-mails only the known one', async () => {
    const f = await fixture();
    const ask = (email: string) => app.inject({ method: 'POST', url: `${f.base}/signin`, headers: { ...FORM, ...freshIp() }, payload: form({ email }) });
    const known = await ask('dpo@acme.test');
    const unknown = await ask('nobody@acme.test');
    assert.deepEqual([known.statusCode, known.headers.location, known.body], [unknown.statusCode, unknown.headers.location, unknown.body]);
    assert.equal(known.statusCode, 303);
    const sent = await app.inject({ url: String(known.headers.location) });
    assert.match(sent.body, /If this address is a contact of a customer of/);
    const messages = await ctx.db.deps.db.selectFrom('messages').select('to_address').where('workspace_id', '=', f.workspace.id).where('kind', '=', 'portal.signin').execute();
    assert.deepEqual(messages.map((m) => m.to_address), ['dpo@acme.test']);
    const bad = await ask('not-an-address');
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Your e-mail address: must be an e-mail address/);
    const cookie = await signInThrough(app, await latestLinkPath(ctx.db.deps.db, 'dpo@acme.test'));
    assert.equal((await app.inject({ url: `${f.base}/changes`, headers: { cookie } })).statusCode, 200);
  });

  it('refuses a form without the CSRF token, and signing out ends the session', async () => {
    const f = await fixture();
    await inviteContacts(ctx.db.deps, f.scope, f.customer.id, {});
    const cookie = await signInThrough(app, await latestLinkPath(ctx.db.deps.db, 'legal@acme.test'));
    const page = await app.inject({ url: `${f.base}/changes`, headers: { cookie } });
    const refused = await app.inject({ method: 'POST', url: `${f.base}/signout`, headers: { ...FORM, cookie }, payload: form({}) });
    assert.equal(refused.statusCode, 403);
    assert.equal((await app.inject({ url: `${f.base}/changes`, headers: { cookie } })).statusCode, 200, 'still signed in');
    const out = await app.inject({ method: 'POST', url: `${f.base}/signout`, headers: { ...FORM, cookie }, payload: form({}, csrfOf(page.body)) });
    assert.equal(out.statusCode, 303);
    assert.equal(out.headers.location, `${f.base}/signin`);
    assert.match(String(out.headers['set-cookie']), /trustroom_portal=;/);
    const after = await app.inject({ url: `${f.base}/changes`, headers: { cookie } });
    assert.equal(after.statusCode, 303, 'the old cookie no longer works');
  });

  it('locks out a contact removed from the customer on the next request', async () => {
    const f = await fixture();
    await inviteContacts(ctx.db.deps, f.scope, f.customer.id, {});
    const cookie = await signInThrough(app, await latestLinkPath(ctx.db.deps.db, 'legal@acme.test'));
    assert.equal((await app.inject({ url: `${f.base}/changes`, headers: { cookie } })).statusCode, 200);
    await updateCustomer(ctx.db.deps, f.scope, f.customer.id, { name: 'Acme SA', contacts: [{ email: 'dpo@acme.test' }] });
    const res = await app.inject({ url: `${f.base}/changes`, headers: { cookie } });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, `${f.base}/signin`);
  });

  it('lets editors invite contacts from the API and the console, showing when each was invited; viewers may not', async () => {
    const f = await fixture();
    const viewer = await apiTokenHeaders(ctx.db.deps, f.workspace.id, 'viewer');
    const editor = await apiTokenHeaders(ctx.db.deps, f.workspace.id, 'editor');
    const url = `/api/w/${f.workspace.slug}/customers/${f.customer.id}/portal-invitations`;
    assert.equal((await app.inject({ method: 'POST', url, headers: viewer, payload: {} })).statusCode, 403);
    const bad = await app.inject({ method: 'POST', url, headers: editor, payload: { contactIds: ['nope'] } });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().message, 'contactIds[0]: must be a contact of this customer');
    const one = await app.inject({ method: 'POST', url, headers: editor, payload: { contactIds: [f.customer.contacts[0].id] } });
    assert.equal(one.statusCode, 201);
    assert.deepEqual(one.json().data.invited.map((i: { contactId: string }) => i.contactId), [f.customer.contacts[0].id]);
    const spec = (await app.inject({ url: '/api/openapi.json' })).json();
    assert.ok(spec.paths['/api/w/{slug}/customers/{customerId}/portal-invitations']?.post, 'in the OpenAPI document');

    const member = await signedInMember(ctx.db.deps, f.workspace.id, 'editor');
    const detail = `/admin/w/${f.workspace.slug}/customers/${f.customer.id}`;
    const before = await app.inject({ url: detail, headers: { cookie: member.cookie } });
    assert.match(before.body, /Invited <time/);
    assert.match(before.body, /Not invited/);
    assert.match(before.body, /<button type="submit">Invite all contacts<\/button>/);
    const posted = await app.inject({ method: 'POST', url: `${detail}/portal-invitations`, headers: { ...FORM, cookie: member.cookie }, payload: form({}, member.csrf) });
    assert.equal(posted.statusCode, 303);
    assert.equal(posted.headers.location, `${detail}?invited=2`);
    const shown = await app.inject({ url: String(posted.headers.location), headers: { cookie: member.cookie } });
    assert.match(shown.body, /Portal invitation sent to 2 contact\(s\)\./);
    assert.doesNotMatch(shown.body, /Not invited/);
    const cookie = await signInThrough(app, await latestLinkPath(ctx.db.deps.db, 'legal@acme.test'));
    await app.inject({ url: `${f.base}/changes`, headers: { cookie } });
    assert.match((await app.inject({ url: detail, headers: { cookie: member.cookie } })).body, /Last signed in <time/);
  });
});
