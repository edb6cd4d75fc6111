import assert from 'node:assert/strict';
import { it } from 'node:test';
import { forEachDialect, TEST_PUBLIC_URL } from '../../../test/dialects.ts';
import { buildService, buildWorkspace } from '../../../test/factories.ts';
import type { Db } from '../../db/schema.ts';
import { fixedClock } from '../../shared/clock.ts';
import { type Deps, inTransaction } from '../../shared/deps.ts';
import type { AppError } from '../../shared/errors.ts';
import { sha256 } from '../../shared/ids.ts';
import { createRegion } from '../registry/manage-regions.ts';
import { checkConfirmationLink, confirmSubscription } from './confirm-subscription.ts';
import { removeSubscriber } from './remove-subscriber.ts';
import { subscribe } from './subscribe.ts';
import { countSubscribersByStatus, listConfirmedSubscribers, listSubscribers } from './subscribers.queries.ts';
import { checkUnsubscribeLink, unsubscribe } from './unsubscribe.ts';
import { issueUnsubscribeToken } from './unsubscribe-links.ts';

const fieldsOf = (e: unknown) => ((e as AppError).data as { fields: { field: string }[] }).fields.map((f) => f.field);
const codeIs = (code: string) => (e: unknown) => (e as AppError).code === code;

async function messagesTo(db: Db, workspaceId: string, email: string) {
  return db.selectFrom('messages').selectAll().where('workspace_id', '=', workspaceId).where('to_address', '=', email).orderBy('created_at').orderBy('id').execute();
}

/** The token of the confirmation link sent for the subscriber's current request. */
async function confirmToken(db: Db, workspaceId: string, email: string): Promise<string> {
  const row = await subscriberRow(db, workspaceId, email);
  const message = await db.selectFrom('messages').select('text_body').where('idempotency_key', '=', `subscription.confirm:${row?.id}:${row?.confirm_token_hash}`).executeTakeFirst();
  const m = /\/subscribe\/confirm\/([A-Za-z0-9_-]+)/.exec(message?.text_body ?? '');
  assert.ok(m, 'a confirmation link was sent');
  return m[1];
}

async function subscriberRow(db: Db, workspaceId: string, email: string) {
  return db.selectFrom('subscribers').selectAll().where('workspace_id', '=', workspaceId).where('email', '=', email).executeTakeFirst();
}

/** A new unsubscribe link's secret for the subscriber, as a message to them would carry. */
async function unsubscribeTokenOf(deps: Deps, workspaceId: string, email: string): Promise<string> {
  const row = await subscriberRow(deps.db, workspaceId, email);
  assert.ok(row, 'the subscriber exists');
  return inTransaction(deps, (tx) => issueUnsubscribeToken(tx, workspaceId, row.id));
}

async function auditOf(db: Db, workspaceId: string) {
  return db.selectFrom('audit_events').select(['action', 'actor_label', 'before_json', 'after_json']).where('workspace_id', '=', workspaceId).where('subject_type', '=', 'subscriber').orderBy('seq').execute();
}

const at = (deps: Deps, iso: string): Deps => ({ ...deps, clock: fixedClock(iso) });

forEachDialect('subscribers', (ctx) => {
  async function fixture() {
    const { deps } = ctx.db;
    const built = await buildWorkspace(deps, { name: 'Acme Cloud' });
    await buildService(deps, built.scope, { slug: 'cloud', name: 'Acme Cloud Hosting' });
    await buildService(deps, built.scope, { slug: 'support', name: 'Support desk' });
    await createRegion(deps, built.scope, { slug: 'eu-1', name: 'EU 1' });
    return { ...built, id: built.workspace.id };
  }

  it('creates a pending subscriber and queues a confirmation e-mail with the link, the workspace and the filters', async () => {
    const { deps } = ctx.db;
    const w = await fixture();
    const result = await subscribe(deps, w.id, { email: '  DPO@Customer.Example ', services: ['cloud'], regions: ['eu-1'] });
    assert.equal(result, undefined);
    const row = await subscriberRow(deps.db, w.id, 'dpo@customer.example');
    assert.equal(row?.status, 'pending');
    assert.deepEqual([JSON.parse(row!.services), JSON.parse(row!.regions)], [['cloud'], ['eu-1']]);

    const [message] = await messagesTo(deps.db, w.id, 'dpo@customer.example');
    const token = await confirmToken(deps.db, w.id, 'dpo@customer.example');
    const link = `${TEST_PUBLIC_URL}/w/${w.workspace.slug}/subscribe/confirm/${token}`;
    assert.equal(row?.confirm_token_hash, sha256(token), 'only the hash is stored');
    assert.equal(message.kind, 'subscription.confirm');
    assert.equal(message.recipient_type, 'subscriber');
    assert.equal(message.recipient_id, row?.id);
    assert.equal(message.status, 'queued');
    assert.equal(message.idempotency_key, `subscription.confirm:${row?.id}:${sha256(token)}`);
    assert.equal(message.subject, "Confirm your subscription to Acme Cloud's sub-processor list");
    assert.ok(message.text_body.includes(link));
    assert.match(message.text_body, /Services: Acme Cloud Hosting\n- Hosting regions: EU 1/);
    assert.match(message.text_body, /works for 7 days/);
    assert.ok(message.html_body.includes(`<a href="${link}">`));
    assert.match(message.html_body, /<li>Services: Acme Cloud Hosting<\/li>/);
    const job = await deps.db.selectFrom('jobs').select(['kind']).where('ref_id', '=', message.id).executeTakeFirst();
    assert.equal(job?.kind, 'email.send');

    const events = await auditOf(deps.db, w.id);
    assert.deepEqual(events.map((e) => [e.action, e.actor_label]), [['subscriber.created', 'subscriber']]);
    assert.ok(!JSON.stringify(events).includes('customer.example'), 'the audit log never holds the address');
  });

  it('names every bad field, stores nothing and sends nothing', async () => {
    const { deps } = ctx.db;
    const w = await fixture();
    for (const [input, fields] of [
      [{ email: 'not-an-address', services: ['cloud', 'nope'], regions: ['eu-1', 'mars'] }, ['email', 'services[1]', 'regions[1]']],
      [{ services: 'cloud' }, ['email']],
      [{ email: 'a@b.example, evil@x.example' }, ['email']],
      [{ email: 'a@b.example', services: ['Not A Slug'], regions: 'eu-1,mars' }, ['services[0]', 'regions[1]']],
    ] as const) {
      await assert.rejects(subscribe(deps, w.id, input), (e: unknown) => {
        assert.equal((e as AppError).code, 'validation_error');
        assert.equal((e as AppError).status, 400);
        assert.deepEqual(fieldsOf(e), fields);
        assert.ok(!/not-an-address|b\.example|evil/.test((e as AppError).message), 'what was typed is not repeated in the error');
        return true;
      });
    }
    assert.deepEqual(await listSubscribers(deps.db, w.id), []);
    assert.equal((await deps.db.selectFrom('messages').select('id').where('workspace_id', '=', w.id).execute()).length, 0);
  });

  it('refuses the slugs of another workspace', async () => {
    const { deps } = ctx.db;
    const w = await fixture();
    const other = await buildWorkspace(deps);
    await buildService(deps, other.scope, { slug: 'only-elsewhere' });
    await assert.rejects(subscribe(deps, w.id, { email: 'x@y.example', services: ['only-elsewhere'] }), (e: unknown) => {
      assert.deepEqual(fieldsOf(e), ['services[0]']);
      return true;
    });
  });

  it('answers the same for a new, pending, confirmed or unsubscribed address and e-mails only the unconfirmed ones', async () => {
    const { deps } = ctx.db;
    const w = await fixture();
    const input = (email: string) => ({ email, services: ['support'], regions: [] });
    assert.equal(await subscribe(deps, w.id, input('pending@x.example')), undefined);
    assert.equal(await subscribe(deps, w.id, input('confirmed@x.example')), undefined);
    await confirmSubscription(deps, w.id, await confirmToken(deps.db, w.id, 'confirmed@x.example'));
    assert.equal(await subscribe(deps, w.id, input('gone@x.example')), undefined);
    await confirmSubscription(deps, w.id, await confirmToken(deps.db, w.id, 'gone@x.example'));
    await unsubscribe(deps, w.id, await unsubscribeTokenOf(deps, w.id, 'gone@x.example'));
    const confirmedBefore = await subscriberRow(deps.db, w.id, 'confirmed@x.example');

    for (const email of ['new@x.example', 'pending@x.example', 'confirmed@x.example', 'gone@x.example']) {
      assert.equal(await subscribe(deps, w.id, { email, services: ['cloud'], regions: ['eu-1'] }), undefined, email);
    }
    assert.equal((await messagesTo(deps.db, w.id, 'new@x.example')).length, 1);
    assert.equal((await messagesTo(deps.db, w.id, 'pending@x.example')).length, 2, 'a re-subscription sends a new link');
    assert.equal((await messagesTo(deps.db, w.id, 'gone@x.example')).length, 2);
    assert.equal((await messagesTo(deps.db, w.id, 'confirmed@x.example')).length, 1, 'only the first confirmation, nothing more');
    assert.deepEqual(await subscriberRow(deps.db, w.id, 'confirmed@x.example'), confirmedBefore, 'a confirmed subscriber is left as it is');

    const gone = await subscriberRow(deps.db, w.id, 'gone@x.example');
    assert.equal(gone?.status, 'pending');
    assert.equal(gone?.unsubscribed_at, null);
    assert.deepEqual(JSON.parse(gone!.services), ['cloud'], 'the new filters replace the old ones');
    assert.deepEqual((await listConfirmedSubscribers(deps.db, w.id)).map((s) => s.email), ['confirmed@x.example']);
  });

  it('confirms with the newest link only, and confirming twice changes nothing', async () => {
    const { deps } = ctx.db;
    const w = await fixture();
    await subscribe(deps, w.id, { email: 'twice@x.example' });
    const first = await confirmToken(deps.db, w.id, 'twice@x.example');
    await subscribe(deps, w.id, { email: 'twice@x.example', regions: ['eu-1'] });
    const second = await confirmToken(deps.db, w.id, 'twice@x.example');
    assert.notEqual(first, second);
    await assert.rejects(confirmSubscription(deps, w.id, first), codeIs('not_found'));

    assert.equal((await checkConfirmationLink(deps, w.id, second)).status, 'pending', 'looking at the link changes nothing');
    const state = await confirmSubscription(deps, w.id, second);
    assert.deepEqual({ status: state.status, services: state.services, regions: state.regions }, { status: 'confirmed', services: [], regions: ['eu-1'] });
    const confirmedAt = (await subscriberRow(deps.db, w.id, 'twice@x.example'))?.confirmed_at;
    assert.ok(confirmedAt);
    assert.equal((await confirmSubscription(deps, w.id, second)).status, 'confirmed');
    assert.equal((await subscriberRow(deps.db, w.id, 'twice@x.example'))?.confirmed_at, confirmedAt);
    assert.deepEqual((await auditOf(deps.db, w.id)).map((e) => e.action), ['subscriber.created', 'subscriber.resubscribed', 'subscriber.confirmed']);

    const [listed] = await listConfirmedSubscribers(deps.db, w.id);
    assert.deepEqual(Object.keys(listed).sort(), ['email', 'id', 'regions', 'services']);
    assert.deepEqual({ ...listed, id: undefined }, { id: undefined, email: 'twice@x.example', services: [], regions: ['eu-1'] });
    assert.equal((await checkUnsubscribeLink(deps, w.id, state.unsubscribeToken!)).status, 'confirmed', 'the confirmed page offers a working unsubscribe link');
  });

  it('refuses a confirmation link older than 7 days, and a new request gives a working one', async () => {
    const { deps } = ctx.db;
    const w = await fixture();
    await subscribe(at(deps, '2030-01-01T10:00:00Z'), w.id, { email: 'late@x.example' });
    const old = await confirmToken(deps.db, w.id, 'late@x.example');
    assert.equal((await checkConfirmationLink(at(deps, '2030-01-08T09:59:00Z'), w.id, old)).status, 'pending');
    const expired = (e: unknown) => {
      assert.equal((e as AppError).code, 'confirmation_expired');
      assert.equal((e as AppError).status, 410);
      return true;
    };
    await assert.rejects(checkConfirmationLink(at(deps, '2030-01-08T10:01:00Z'), w.id, old), expired);
    await assert.rejects(confirmSubscription(at(deps, '2030-01-08T10:01:00Z'), w.id, old), expired);
    assert.equal((await subscriberRow(deps.db, w.id, 'late@x.example'))?.status, 'pending');

    await subscribe(at(deps, '2030-01-09T10:00:00Z'), w.id, { email: 'late@x.example' });
    const fresh = await confirmToken(deps.db, w.id, 'late@x.example');
    assert.equal((await confirmSubscription(at(deps, '2030-01-10T10:00:00Z'), w.id, fresh)).status, 'confirmed');
  });

  it('refuses unknown tokens and tokens of another workspace', async () => {
    const { deps } = ctx.db;
    const w = await fixture();
    const other = await fixture();
    await subscribe(deps, w.id, { email: 'mine@x.example' });
    const token = await confirmToken(deps.db, w.id, 'mine@x.example');
    const unsub = await unsubscribeTokenOf(deps, w.id, 'mine@x.example');
    for (const call of [
      () => confirmSubscription(deps, w.id, 'nope'), () => confirmSubscription(deps, other.id, token), () => checkConfirmationLink(deps, w.id, 'x'.repeat(5000)),
      () => unsubscribe(deps, w.id, 'nope'), () => unsubscribe(deps, other.id, unsub), () => checkUnsubscribeLink(deps, w.id, ''),
    ]) {
      await assert.rejects(call(), (e: unknown) => (e as AppError).code === 'not_found' && (e as AppError).status === 404);
    }
    assert.equal((await subscriberRow(deps.db, w.id, 'mine@x.example'))?.status, 'pending');
  });

  it('unsubscribes for good: off the recipients list, idempotent, the confirmation link cancelled, the link working years later', async () => {
    const { deps } = ctx.db;
    const w = await fixture();
    await subscribe(deps, w.id, { email: 'leaving@x.example' });
    const confirm = await confirmToken(deps.db, w.id, 'leaving@x.example');
    await confirmSubscription(deps, w.id, confirm);
    const [listed] = await listConfirmedSubscribers(deps.db, w.id);
    assert.equal(listed.email, 'leaving@x.example');
    const link = await unsubscribeTokenOf(deps, w.id, 'leaving@x.example');

    const later = at(deps, '2040-06-01T00:00:00Z');
    assert.equal((await unsubscribe(later, w.id, link)).status, 'unsubscribed');
    assert.equal((await unsubscribe(deps, w.id, link)).status, 'unsubscribed');
    assert.deepEqual(await listConfirmedSubscribers(deps.db, w.id), []);
    const row = await subscriberRow(deps.db, w.id, 'leaving@x.example');
    assert.equal(row?.unsubscribed_at, '2040-06-01T00:00:00.000Z');
    await assert.rejects(confirmSubscription(deps, w.id, confirm), codeIs('not_found'), 'an old confirmation link cannot bring it back');
    assert.deepEqual((await auditOf(deps.db, w.id)).map((e) => e.action), ['subscriber.created', 'subscriber.confirmed', 'subscriber.unsubscribed']);

    await subscribe(deps, w.id, { email: 'pending-leaver@x.example' });
    const pendingLink = await confirmToken(deps.db, w.id, 'pending-leaver@x.example');
    await unsubscribe(deps, w.id, await unsubscribeTokenOf(deps, w.id, 'pending-leaver@x.example'));
    await assert.rejects(confirmSubscription(deps, w.id, pendingLink), codeIs('not_found'));
  });

  it('counts subscribers by status and lets an operator remove one, keeping no address in the audit log', async () => {
    const { deps } = ctx.db;
    const w = await fixture();
    for (const email of ['a@x.example', 'b@x.example', 'c@x.example']) await subscribe(deps, w.id, { email });
    await confirmSubscription(deps, w.id, await confirmToken(deps.db, w.id, 'b@x.example'));
    await unsubscribe(deps, w.id, await unsubscribeTokenOf(deps, w.id, 'c@x.example'));
    assert.deepEqual(await countSubscribersByStatus(deps.db, w.id), { pending: 1, confirmed: 1, unsubscribed: 1 });
    assert.deepEqual((await listSubscribers(deps.db, w.id)).map((s) => s.email).sort(), ['a@x.example', 'b@x.example', 'c@x.example']);

    const b = (await subscriberRow(deps.db, w.id, 'b@x.example'))!;
    const other = await buildWorkspace(deps);
    await assert.rejects(removeSubscriber(deps, other.scope, b.id), codeIs('not_found'));
    await removeSubscriber(deps, w.scope, b.id);
    assert.deepEqual(await countSubscribersByStatus(deps.db, w.id), { pending: 1, confirmed: 0, unsubscribed: 1 });
    assert.deepEqual(await listConfirmedSubscribers(deps.db, w.id), []);
    const events = await auditOf(deps.db, w.id);
    assert.equal(events.at(-1)?.action, 'subscriber.removed');
    assert.ok(!JSON.stringify(events).includes('x.example'));
  });

  it('keeps the same address apart in two workspaces', async () => {
    const { deps } = ctx.db;
    const a = await fixture();
    const b = await fixture();
    await subscribe(deps, a.id, { email: 'both@x.example' });
    await subscribe(deps, b.id, { email: 'both@x.example' });
    await confirmSubscription(deps, a.id, await confirmToken(deps.db, a.id, 'both@x.example'));
    assert.equal((await listConfirmedSubscribers(deps.db, a.id)).length, 1);
    assert.equal((await listConfirmedSubscribers(deps.db, b.id)).length, 0);
    assert.equal((await subscriberRow(deps.db, b.id, 'both@x.example'))?.status, 'pending');
  });
});
