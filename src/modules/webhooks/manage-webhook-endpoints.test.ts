import assert from 'node:assert/strict';
import { it } from 'node:test';
import { buildWorkspace } from '../../../test/factories.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import type { Deps } from '../../shared/deps.ts';
import { isAppError } from '../../shared/errors.ts';
import { DELIVER_WEBHOOK_JOB, enqueueWebhookEvent } from './enqueue-webhook-event.ts';
import { addWebhookEndpoint, deleteWebhookEndpoint, rotateWebhookSecret, sendTestEvent, setWebhookEndpointActive } from './manage-webhook-endpoints.ts';
import { findWebhookEndpoint, listWebhookDeliveries, listWebhookEndpoints } from './webhooks.queries.ts';
import { insertCustomer } from './webhooks.test-helpers.ts';

/** The rejection's code and message. */
async function rejection(p: Promise<unknown>): Promise<[string, string]> {
  try {
    await p;
  } catch (e) {
    if (isAppError(e)) return [e.code, e.message];
    throw e;
  }
  throw new Error('expected a rejection');
}

forEachDialect('webhook endpoints', (ctx) => {
  async function fixture(deps: Deps) {
    const { workspace, scope } = await buildWorkspace(deps);
    const customerId = await insertCustomer(deps.db, workspace.id);
    return { workspace, scope, customerId };
  }

  const auditOf = (deps: Deps, workspaceId: string) =>
    deps.db.selectFrom('audit_events').select(['action', 'subject_type', 'before_json', 'after_json']).where('workspace_id', '=', workspaceId).orderBy('seq').execute();

  it('adds an active endpoint with a whsec_ secret returned once, and audits it without the secret', async () => {
    const { deps } = ctx.db;
    const { workspace, scope, customerId } = await fixture(deps);
    const { endpoint, secret } = await addWebhookEndpoint(deps, scope, customerId, { url: ' https://hooks.customer.example/trustroom?tenant=7 ' });
    assert.match(secret, /^whsec_[A-Za-z0-9_-]{43}$/);
    assert.deepEqual([endpoint.url, endpoint.active, endpoint.customerId, endpoint.secretHint], ['https://hooks.customer.example/trustroom?tenant=7', true, customerId, secret.slice(0, 10)]);
    assert.ok(!('secret' in endpoint));
    assert.deepEqual(await listWebhookEndpoints(deps.db, workspace.id, customerId), [endpoint]);
    const [event] = (await auditOf(deps, workspace.id)).filter((e) => e.action.startsWith('webhook'));
    assert.deepEqual([event.action, event.subject_type], ['webhook_endpoint.created', 'webhook_endpoint']);
    assert.ok(!event.after_json?.includes(secret.slice(6, 16)), 'no part of the secret in the audit log');
  });

  const invalidUrls: Array<[string, unknown, string]> = [
    ['a missing URL', undefined, 'url: is required'],
    ['text that is not a URL', 'hooks.customer.example', 'url: must be an absolute https URL'],
    ['another scheme', 'ftp://hooks.customer.example/in', 'url: must be an absolute https URL'],
    ['plain http to a public host', 'http://hooks.customer.example/in', 'url: must use https (plain http only to localhost, for development)'],
    ['a user name and password', 'https://user:pw@hooks.customer.example/in', 'url: must not contain a user name or password'],
    ['a fragment', 'https://hooks.customer.example/in#top', 'url: must not contain a fragment (#…)'],
    ['a URL that is too long', `https://hooks.customer.example/${'a'.repeat(2000)}`, 'url: must be at most 2000 characters'],
  ];
  for (const [what, url, message] of invalidUrls) {
    it(`refuses ${what} naming the url field, and stores nothing`, async () => {
      const { deps } = ctx.db;
      const { workspace, scope, customerId } = await fixture(deps);
      assert.deepEqual(await rejection(addWebhookEndpoint(deps, scope, customerId, { url })), ['validation_error', message]);
      assert.deepEqual(await listWebhookEndpoints(deps.db, workspace.id, customerId), []);
    });
  }

  it('accepts plain http only to localhost and loopback addresses, for development', async () => {
    const { deps } = ctx.db;
    const { scope, customerId } = await fixture(deps);
    for (const url of ['http://localhost:4000/hook', 'http://127.0.0.1:4000/hook', 'http://[::1]:4000/hook']) {
      assert.equal((await addWebhookEndpoint(deps, scope, customerId, { url })).endpoint.url, url);
    }
  });

  it("refuses a customer of another workspace and a URL the customer already has", async () => {
    const { deps } = ctx.db;
    const { scope, customerId } = await fixture(deps);
    const other = await fixture(deps);
    assert.deepEqual(await rejection(addWebhookEndpoint(deps, scope, other.customerId, { url: 'https://a.example/in' })), ['not_found', 'customer not found']);
    await addWebhookEndpoint(deps, scope, customerId, { url: 'https://a.example/in' });
    assert.deepEqual(await rejection(addWebhookEndpoint(deps, scope, customerId, { url: 'https://a.example/in' })), ['webhook_exists', 'url: this customer already has an endpoint with this URL']);
    assert.deepEqual(await rejection(setWebhookEndpointActive(deps, other.scope, (await listWebhookEndpoints(deps.db, scope.workspaceId, customerId))[0].id, false)), ['not_found', 'webhook endpoint not found']);
  });

  it('rotates the secret: a new one returned once, the hint changes, the audit event carries neither', async () => {
    const { deps } = ctx.db;
    const { workspace, scope, customerId } = await fixture(deps);
    const added = await addWebhookEndpoint(deps, scope, customerId, { url: 'https://a.example/in' });
    const rotated = await rotateWebhookSecret(deps, scope, added.endpoint.id);
    assert.notEqual(rotated.secret, added.secret);
    assert.equal(rotated.endpoint.secretHint, rotated.secret.slice(0, 10));
    const stored = await deps.db.selectFrom('webhook_endpoints').select('secret').where('id', '=', added.endpoint.id).executeTakeFirstOrThrow();
    assert.equal(stored.secret, rotated.secret);
    const audit = await auditOf(deps, workspace.id);
    assert.equal(audit.at(-1)?.action, 'webhook_endpoint.secret_rotated');
    assert.ok(!JSON.stringify(audit).includes(rotated.secret.slice(6, 16)));
  });

  it('deactivates an endpoint so events skip it and a test event is refused, then activates it again, auditing both', async () => {
    const { deps } = ctx.db;
    const { workspace, scope, customerId } = await fixture(deps);
    const { endpoint } = await addWebhookEndpoint(deps, scope, customerId, { url: 'https://a.example/in' });
    assert.equal((await setWebhookEndpointActive(deps, scope, endpoint.id, false)).active, false);
    await enqueueWebhookEvent(deps, { workspaceId: workspace.id, customerId, changeId: null, event: 'change.announced', eventKey: 'x:announced', data: {} });
    assert.deepEqual(await listWebhookDeliveries(deps.db, workspace.id), []);
    assert.deepEqual(await rejection(sendTestEvent(deps, scope, endpoint.id)), ['webhook_inactive', 'the endpoint is inactive: activate it to send a test event']);
    assert.equal((await setWebhookEndpointActive(deps, scope, endpoint.id, true)).active, true);
    const actions = (await auditOf(deps, workspace.id)).map((e) => e.action).filter((a) => a.startsWith('webhook'));
    assert.deepEqual(actions, ['webhook_endpoint.created', 'webhook_endpoint.deactivated', 'webhook_endpoint.activated']);
  });

  it('queues a test event for one endpoint only, with its job, and audits it', async () => {
    const { deps } = ctx.db;
    const { workspace, scope, customerId } = await fixture(deps);
    const { endpoint } = await addWebhookEndpoint(deps, scope, customerId, { url: 'https://a.example/in' });
    await addWebhookEndpoint(deps, scope, customerId, { url: 'https://b.example/in' });
    const { deliveryId } = await sendTestEvent(deps, scope, endpoint.id);
    const deliveries = await listWebhookDeliveries(deps.db, workspace.id);
    assert.deepEqual(deliveries.map((d) => [d.id, d.event, d.endpointId, d.status]), [[deliveryId, 'test', endpoint.id, 'pending']]);
    const body = JSON.parse((await deps.db.selectFrom('webhook_deliveries').select('body').where('id', '=', deliveryId).executeTakeFirstOrThrow()).body);
    assert.deepEqual([body.id, body.type, body.data.endpointId], [deliveryId, 'test', endpoint.id]);
    const job = await deps.db.selectFrom('jobs').select(['kind', 'status', 'max_attempts']).where('ref_id', '=', deliveryId).executeTakeFirstOrThrow();
    assert.deepEqual(job, { kind: DELIVER_WEBHOOK_JOB, status: 'pending', max_attempts: 8 });
    assert.equal(deliveries[0].nextAttemptAt !== null, true);
    assert.equal((await auditOf(deps, workspace.id)).at(-1)?.action, 'webhook_endpoint.test_sent');
  });

  it('deletes an endpoint with its delivery log and cancels its pending tries', async () => {
    const { deps } = ctx.db;
    const { workspace, scope, customerId } = await fixture(deps);
    const { endpoint } = await addWebhookEndpoint(deps, scope, customerId, { url: 'https://a.example/in' });
    const { deliveryId } = await sendTestEvent(deps, scope, endpoint.id);
    await deleteWebhookEndpoint(deps, scope, endpoint.id);
    assert.equal(await findWebhookEndpoint(deps.db, workspace.id, endpoint.id), undefined);
    assert.deepEqual(await listWebhookDeliveries(deps.db, workspace.id), []);
    const job = await deps.db.selectFrom('jobs').select('status').where('ref_id', '=', deliveryId).executeTakeFirstOrThrow();
    assert.equal(job.status, 'cancelled');
    const last = (await auditOf(deps, workspace.id)).at(-1);
    assert.equal(last?.action, 'webhook_endpoint.deleted');
    assert.match(last?.before_json ?? '', /"url":"https:\/\/a\.example\/in"/);
  });

  it('lists deliveries filtered by status, customer and change', async () => {
    const { deps } = ctx.db;
    const { workspace, scope, customerId } = await fixture(deps);
    const otherCustomer = await insertCustomer(deps.db, workspace.id, 'Other customer');
    await addWebhookEndpoint(deps, scope, customerId, { url: 'https://a.example/in' });
    await addWebhookEndpoint(deps, scope, otherCustomer, { url: 'https://b.example/in' });
    const event = (c: string, changeId: string) =>
      enqueueWebhookEvent(deps, { workspaceId: workspace.id, customerId: c, changeId, event: 'change.announced', eventKey: `${changeId}:${c}:announced`, data: { changeId } });
    await event(customerId, 'change-a');
    await event(otherCustomer, 'change-a');
    await event(otherCustomer, 'change-b');
    const delivered = (await listWebhookDeliveries(deps.db, workspace.id, { customerId, changeId: 'change-a' }))[0];
    await deps.db.updateTable('webhook_deliveries').set({ status: 'delivered' }).where('id', '=', delivered.id).execute();

    assert.equal((await listWebhookDeliveries(deps.db, workspace.id)).length, 3);
    assert.deepEqual((await listWebhookDeliveries(deps.db, workspace.id, { status: 'delivered' })).map((d) => d.id), [delivered.id]);
    assert.equal((await listWebhookDeliveries(deps.db, workspace.id, { status: 'pending' })).length, 2);
    assert.deepEqual((await listWebhookDeliveries(deps.db, workspace.id, { customerId: otherCustomer })).map((d) => d.changeId).sort(), ['change-a', 'change-b']);
    assert.deepEqual((await listWebhookDeliveries(deps.db, workspace.id, { changeId: 'change-a' })).map((d) => d.customerName).sort(), ['Other customer', delivered.customerName].sort());
    assert.equal((await listWebhookDeliveries(deps.db, workspace.id, { changeId: 'change-b', customerId })).length, 0);
    assert.equal((await listWebhookDeliveries(deps.db, workspace.id, { limit: 1 })).length, 1);
    const other = await fixture(deps);
    assert.deepEqual(await listWebhookDeliveries(deps.db, other.workspace.id), []);
  });
});
