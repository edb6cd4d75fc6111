import assert from 'node:assert/strict';
import { it } from 'node:test';
import { forEachDialect } from '../../../test/dialects.ts';
import { buildCustomer, buildWorkspace } from '../../../test/factories.ts';
import type { Db } from '../../db/schema.ts';
import type { Deps } from '../../shared/deps.ts';
import type { AppError } from '../../shared/errors.ts';
import { sha256 } from '../../shared/ids.ts';
import { updateCustomer } from '../customers/manage-customers.ts';
import { inviteContacts } from './invite-contact.ts';
import { checkPortalLink, endPortalSession, findPortalSession, requestSigninLink, usePortalLink } from './portal-signin.ts';

const at = (deps: Deps, iso: string): Deps => ({ ...deps, clock: { now: () => new Date(iso) } });
const codeIs = (code: string) => (e: unknown) => (e as AppError).code === code;

/** The tokens of the portal links in the messages sent to an address, oldest first. */
async function linksSentTo(db: Db, to: string): Promise<string[]> {
  const rows = await db.selectFrom('messages').select(['text_body', 'created_at']).where('to_address', '=', to).where('kind', 'like', 'portal.%').orderBy('created_at').execute();
  return rows.flatMap((r) => [...r.text_body.matchAll(/\/portal\/w\/[^/\s]+\/link\/([^\s/]+)/g)].map((m) => decodeURIComponent(m[1])));
}

forEachDialect('customer portal sign-in', (ctx) => {
  it('invites all contacts of a customer: one e-mail each with a link stored only as its hash, invited_at set, one audit event', async () => {
    const { deps } = ctx.db;
    const { workspace, scope } = await buildWorkspace(deps);
    const customer = await buildCustomer(deps, scope, { name: 'Acme SA', contacts: [{ email: 'one@acme.test', name: 'One' }, { email: 'two@acme.test' }] });
    const result = await inviteContacts(at(deps, '2030-01-01T10:00:00Z'), scope, customer.id, {});
    assert.equal(result.invited.length, 2);
    const messages = await deps.db.selectFrom('messages').selectAll().where('kind', '=', 'portal.invite').where('workspace_id', '=', workspace.id).execute();
    assert.deepEqual(messages.map((m) => m.to_address).sort(), ['one@acme.test', 'two@acme.test']);
    assert.match(messages[0].subject, /Acme SA customer portal/);
    assert.match(messages[0].html_body, /<a href="http:\/\/trustroom\.test\/portal\/w\//);
    const [token] = await linksSentTo(deps.db, 'one@acme.test');
    const link = await deps.db.selectFrom('portal_links').selectAll().where('id', '=', sha256(token)).executeTakeFirstOrThrow();
    assert.equal(link.purpose, 'invite');
    assert.equal(link.expires_at, '2030-01-08T10:00:00.000Z');
    assert.equal((await deps.db.selectFrom('portal_links').select('id').where('id', '=', token).execute()).length, 0, 'the token itself is not stored');
    const contacts = await deps.db.selectFrom('customer_contacts').select('invited_at').where('customer_id', '=', customer.id).execute();
    assert.deepEqual(contacts.map((k) => k.invited_at), ['2030-01-01T10:00:00.000Z', '2030-01-01T10:00:00.000Z']);
    const events = await deps.db.selectFrom('audit_events').select(['action', 'after_json']).where('workspace_id', '=', workspace.id).where('action', 'like', 'portal.%').execute();
    assert.deepEqual(events.map((e) => e.action), ['portal.contacts_invited']);
    assert.ok(!events[0].after_json?.includes('acme.test'), 'no address in the audit event');
  });

  it("refuses to invite another customer's contact, naming the field, and changes nothing", async () => {
    const { deps } = ctx.db;
    const { scope } = await buildWorkspace(deps);
    const a = await buildCustomer(deps, scope);
    const b = await buildCustomer(deps, scope);
    await assert.rejects(inviteContacts(deps, scope, a.id, { contactIds: [a.contacts[0].id, b.contacts[0].id] }), (e: unknown) => {
      assert.equal((e as AppError).code, 'validation_error');
      assert.equal((e as AppError).message, 'contactIds[1]: must be a contact of this customer');
      return true;
    });
    assert.equal((await deps.db.selectFrom('portal_links').select('id').where('customer_id', '=', a.id).execute()).length, 0);
    const other = await buildWorkspace(deps);
    await assert.rejects(inviteContacts(deps, other.scope, a.id, {}), codeIs('not_found'));
    const empty = await buildCustomer(deps, scope, { contacts: [] });
    await assert.rejects(inviteContacts(deps, scope, empty.id, {}), codeIs('customer_has_no_contacts'));
  });

  it('shows a link without spending it, signs in once with it, and refuses it used, expired, or under another workspace', async () => {
    const { deps } = ctx.db;
    const { workspace, scope } = await buildWorkspace(deps);
    const other = await buildWorkspace(deps);
    const customer = await buildCustomer(deps, scope, { name: 'Globex', contacts: [{ email: 'k@globex.test' }] });
    await inviteContacts(at(deps, '2030-01-01T10:00:00Z'), scope, customer.id, {});
    const [token] = await linksSentTo(deps.db, 'k@globex.test');
    const view = await checkPortalLink(at(deps, '2030-01-02T10:00:00Z'), workspace.id, token);
    assert.deepEqual(view, { purpose: 'invite', customerName: 'Globex', expiresAt: '2030-01-08T10:00:00.000Z' });
    await assert.rejects(usePortalLink(deps, other.workspace.id, token), codeIs('portal_link_invalid'));
    const { cookie, session } = await usePortalLink(at(deps, '2030-01-02T10:00:00Z'), workspace.id, token);
    assert.equal(session.customerId, customer.id);
    assert.equal(session.expiresAt, '2030-01-02T18:00:00.000Z');
    await assert.rejects(usePortalLink(at(deps, '2030-01-02T10:01:00Z'), workspace.id, token), codeIs('portal_link_used'));
    await assert.rejects(checkPortalLink(deps, workspace.id, 'trp_unknown'), codeIs('portal_link_invalid'));
    const stored = await deps.db.selectFrom('portal_sessions').select('id').where('contact_id', '=', session.contactId).execute();
    assert.deepEqual(stored.map((s) => s.id), [sha256(cookie)]);
    assert.equal((await findPortalSession(deps.db, workspace.id, cookie, new Date('2030-01-02T17:59:00Z')))?.customerId, customer.id);
    assert.equal(await findPortalSession(deps.db, workspace.id, cookie, new Date('2030-01-02T18:00:00Z')), undefined, 'sessions last 8 hours');
    assert.equal(await findPortalSession(deps.db, other.workspace.id, cookie, new Date('2030-01-02T11:00:00Z')), undefined);
    const contact = await deps.db.selectFrom('customer_contacts').select('last_signed_in_at').where('id', '=', session.contactId).executeTakeFirstOrThrow();
    assert.equal(contact.last_signed_in_at, '2030-01-02T10:00:00.000Z');

    await inviteContacts(at(deps, '2030-02-01T10:00:00Z'), scope, customer.id, {});
    const [, late] = await linksSentTo(deps.db, 'k@globex.test');
    await assert.rejects(usePortalLink(at(deps, '2030-02-08T10:00:01Z'), workspace.id, late), codeIs('portal_link_expired'));
  });

  it('answers a sign-in request the same for known and unknown addresses, e-mails only known ones, and limits links per contact', async () => {
    const { deps } = ctx.db;
    const { workspace, scope } = await buildWorkspace(deps);
    await buildCustomer(deps, scope, { name: 'Initech', contacts: [{ email: 'known@initech.test' }] });
    const now = at(deps, '2030-03-01T10:00:00Z');
    assert.equal(await requestSigninLink(now, workspace.id, { email: 'Known@Initech.test' }), undefined);
    assert.equal(await requestSigninLink(now, workspace.id, { email: 'stranger@initech.test' }), undefined);
    assert.equal((await linksSentTo(deps.db, 'known@initech.test')).length, 1);
    assert.equal((await linksSentTo(deps.db, 'stranger@initech.test')).length, 0);
    const [token] = await linksSentTo(deps.db, 'known@initech.test');
    assert.equal((await checkPortalLink(now, workspace.id, token)).purpose, 'signin');
    await assert.rejects(usePortalLink(at(deps, '2030-03-01T10:30:01Z'), workspace.id, token), codeIs('portal_link_expired'), 'sign-in links last 30 minutes');
    for (let i = 0; i < 4; i++) await requestSigninLink(now, workspace.id, { email: 'known@initech.test' });
    assert.equal((await linksSentTo(deps.db, 'known@initech.test')).length, 3, 'at most 3 links in 15 minutes');
    await assert.rejects(requestSigninLink(now, workspace.id, { email: 'not an address' }), (e: unknown) => (e as AppError).message.startsWith('email: '));
  });

  it('sends a contact of two customers one e-mail with a link per customer, each signing in to its own customer', async () => {
    const { deps } = ctx.db;
    const { workspace, scope } = await buildWorkspace(deps);
    const a = await buildCustomer(deps, scope, { name: 'Alpha Corp', contacts: [{ email: 'shared@example.test' }] });
    const b = await buildCustomer(deps, scope, { name: 'Beta Corp', contacts: [{ email: 'shared@example.test' }] });
    await requestSigninLink(deps, workspace.id, { email: 'shared@example.test' });
    const messages = await deps.db.selectFrom('messages').select('text_body').where('to_address', '=', 'shared@example.test').execute();
    assert.equal(messages.length, 1);
    assert.match(messages[0].text_body, /- Alpha Corp:[\s\S]*- Beta Corp:/);
    const tokens = await linksSentTo(deps.db, 'shared@example.test');
    const customers = [];
    for (const t of tokens) customers.push((await usePortalLink(deps, workspace.id, t)).session.customerId);
    assert.deepEqual(customers, [a.id, b.id]);
  });

  it('ends the session of a contact removed from its customer at once, and on sign-out', async () => {
    const { deps } = ctx.db;
    const { workspace, scope } = await buildWorkspace(deps);
    const customer = await buildCustomer(deps, scope, { name: 'Umbrella', contacts: [{ email: 'leaving@umbrella.test' }, { email: 'staying@umbrella.test' }] });
    await inviteContacts(deps, scope, customer.id, {});
    const leaving = await usePortalLink(deps, workspace.id, (await linksSentTo(deps.db, 'leaving@umbrella.test'))[0]);
    const staying = await usePortalLink(deps, workspace.id, (await linksSentTo(deps.db, 'staying@umbrella.test'))[0]);
    await updateCustomer(deps, scope, customer.id, { name: 'Umbrella', contacts: [{ email: 'staying@umbrella.test' }] });
    assert.equal(await findPortalSession(deps.db, workspace.id, leaving.cookie, deps.clock.now()), undefined);
    const live = await findPortalSession(deps.db, workspace.id, staying.cookie, deps.clock.now());
    assert.ok(live);
    await endPortalSession(deps, live, staying.cookie);
    assert.equal(await findPortalSession(deps.db, workspace.id, staying.cookie, deps.clock.now()), undefined);
    const actions = (await deps.db.selectFrom('audit_events').select('action').where('workspace_id', '=', workspace.id).where('action', 'like', 'portal.%').orderBy('seq').execute()).map((e) => e.action);
    assert.deepEqual(actions, ['portal.contacts_invited', 'portal.signed_in', 'portal.signed_in', 'portal.signed_out']);
  });
});
