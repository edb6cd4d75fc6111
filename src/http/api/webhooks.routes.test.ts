import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { apiTokenHeaders, buildTestApp } from '../../../test/app.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import { createBackground } from '../../background.ts';
import { verifyWebhookSignature } from '../../modules/webhooks/sign-webhook.ts';
import { insertCustomer, startReceiver } from '../../modules/webhooks/webhooks.test-helpers.ts';
import { createLogger } from '../../shared/logger.ts';
import { auditActions, call, workspaceWithToken } from './api.test-helpers.ts';

forEachDialect('webhooks API', (ctx) => {
  let app: FastifyInstance;
  before(async () => {
    app = await buildTestApp(ctx.db.deps);
  });
  after(async () => {
    await app?.close();
  });

  /** A workspace with an editor token, a viewer token and one customer. */
  async function fixture() {
    const { deps } = ctx.db;
    const w = await workspaceWithToken(deps, 'editor');
    const viewer = await apiTokenHeaders(deps, w.workspace.id, 'viewer');
    const customerId = await insertCustomer(deps.db, w.workspace.id, 'Acme Retail');
    return { ...w, viewer, customerId, hooks: `/api/w/${w.slug}/customers/${customerId}/webhooks` };
  }

  it('answers 401 without credentials, before looking at the body', async () => {
    const { hooks, slug } = await fixture();
    assert.equal((await call(app, 'GET', hooks)).status, 401);
    assert.equal((await call(app, 'POST', hooks, {}, { url: 5 })).status, 401);
    assert.equal((await call(app, 'GET', `/api/w/${slug}/webhook-deliveries`)).status, 401);
  });

  it('adds an endpoint with an editor token, returning the secret once, and lists it without the secret', async () => {
    const { deps } = ctx.db;
    const { hooks, headers, viewer, workspace, customerId } = await fixture();
    const res = await app.inject({ method: 'POST', url: hooks, headers, payload: { url: 'https://privacy.acme.example/hooks/trustroom' } });
    assert.equal(res.statusCode, 201);
    assert.equal(res.headers['cache-control'], 'no-store');
    const created = res.json().data;
    assert.match(created.secret, /^whsec_/);
    assert.deepEqual([created.url, created.active, created.customerId, created.secretHint], ['https://privacy.acme.example/hooks/trustroom', true, customerId, created.secret.slice(0, 10)]);
    const list = await call(app, 'GET', hooks, viewer);
    assert.equal(list.status, 200);
    assert.deepEqual(list.body.data.map((e: { id: string }) => e.id), [created.id]);
    assert.ok(!JSON.stringify(list.body).includes(created.secret));
    assert.deepEqual((await auditActions(deps, workspace.id)).slice(-1), ['webhook_endpoint.created']);
  });

  it('refuses a viewer token adding, changing, testing, rotating or deleting with 403', async () => {
    const { hooks, headers, viewer } = await fixture();
    const { body } = await call(app, 'POST', hooks, headers, { url: 'https://a.example/in' });
    const one = `${hooks}/${body.data.id}`;
    const attempts: Array<[string, 'POST' | 'PATCH' | 'DELETE', unknown]> = [
      [hooks, 'POST', { url: 'https://b.example/in' }], [one, 'PATCH', { active: false }], [`${one}/test`, 'POST', {}],
      [`${one}/rotate-secret`, 'POST', {}], [one, 'DELETE', undefined],
    ];
    for (const [url, method, payload] of attempts) {
      const res = await call(app, method, url, viewer, payload);
      assert.equal(res.status, 403, `${method} ${url}`);
      assert.equal(res.body.error, 'forbidden');
    }
    assert.equal((await call(app, 'GET', hooks, viewer)).body.data.length, 1);
  });

  const invalid: Array<[string, unknown, string]> = [
    ['a URL that is not https', { url: 'http://hooks.acme.example/in' }, 'url: must use https (plain http only to localhost, for development)'],
    ['text that is not a URL', { url: 'acme webhooks' }, 'url: must be an absolute https URL'],
    ['a URL with a password', { url: 'https://u:p@hooks.acme.example/in' }, 'url: must not contain a user name or password'],
    ['a missing URL', {}, 'url: is required'],
    ['a URL of the wrong JSON type', { url: 42 }, 'url: must be string'],
  ];
  for (const [what, payload, message] of invalid) {
    it(`answers 400 validation_error naming url for ${what}, and stores nothing`, async () => {
      const { hooks, headers } = await fixture();
      const res = await call(app, 'POST', hooks, headers, payload);
      assert.equal(res.status, 400);
      assert.equal(res.body.error, 'validation_error');
      assert.equal(res.body.message, message);
      assert.deepEqual(res.body.data.fields.map((f: { field: string }) => f.field), ['url']);
      assert.equal((await call(app, 'GET', hooks, headers)).body.data.length, 0);
    });
  }

  it('answers 400 for active of the wrong JSON type and for an unknown delivery status', async () => {
    const { hooks, headers, slug } = await fixture();
    const { body } = await call(app, 'POST', hooks, headers, { url: 'https://a.example/in' });
    const patch = await call(app, 'PATCH', `${hooks}/${body.data.id}`, headers, { active: 'no' });
    assert.deepEqual([patch.status, patch.body.message], [400, 'active: must be boolean']);
    const missing = await call(app, 'PATCH', `${hooks}/${body.data.id}`, headers, {});
    assert.deepEqual([missing.status, missing.body.message], [400, 'active: is required']);
    const log = await call(app, 'GET', `/api/w/${slug}/webhook-deliveries?status=lost`, headers);
    assert.deepEqual([log.status, log.body.message], [400, 'status: must be one of pending, delivered, failed']);
    const limit = await call(app, 'GET', `/api/w/${slug}/webhook-deliveries?limit=9999`, headers);
    assert.deepEqual([limit.status, limit.body.message], [400, 'limit: must be a whole number from 1 to 500']);
  });

  it("answers 404 for an unknown customer and for another customer's endpoint", async () => {
    const { deps } = ctx.db;
    const { hooks, headers, slug, workspace } = await fixture();
    const { body } = await call(app, 'POST', hooks, headers, { url: 'https://a.example/in' });
    const other = await insertCustomer(deps.db, workspace.id, 'Other');
    assert.equal((await call(app, 'GET', `/api/w/${slug}/customers/nope/webhooks`, headers)).status, 404);
    assert.equal((await call(app, 'POST', `/api/w/${slug}/customers/nope/webhooks`, headers, { url: 'https://a.example/in' })).status, 404);
    const wrong = await call(app, 'PATCH', `/api/w/${slug}/customers/${other}/webhooks/${body.data.id}`, headers, { active: false });
    assert.deepEqual([wrong.status, wrong.body.message], [404, 'webhook endpoint not found']);
    assert.equal((await call(app, 'DELETE', `/api/w/${slug}/customers/${other}/webhooks/${body.data.id}`, headers)).status, 404);
    assert.equal((await call(app, 'GET', hooks, headers)).body.data[0].active, true);
  });

  it('deactivates, refuses a test to the inactive endpoint, activates, sends a test that a real server receives, rotates and deletes', async () => {
    const { deps } = ctx.db;
    const receiver = await startReceiver(() => 200);
    try {
      const { hooks, headers, slug, workspace, customerId } = await fixture();
      const added = (await call(app, 'POST', hooks, headers, { url: receiver.url })).body.data;
      const one = `${hooks}/${added.id}`;

      const off = await call(app, 'PATCH', one, headers, { active: false });
      assert.deepEqual([off.status, off.body.data.active], [200, false]);
      const refused = await call(app, 'POST', `${one}/test`, headers);
      assert.deepEqual([refused.status, refused.body.error], [409, 'webhook_inactive']);
      assert.equal((await call(app, 'PATCH', one, headers, { active: true })).body.data.active, true);

      const test = await call(app, 'POST', `${one}/test`, headers);
      assert.equal(test.status, 202);
      const { deliveryId } = test.body.data;
      let log = await call(app, 'GET', `/api/w/${slug}/webhook-deliveries?status=pending&customerId=${customerId}`, headers);
      assert.deepEqual(log.body.data.map((d: { id: string; event: string }) => [d.id, d.event]), [[deliveryId, 'test']]);
      assert.ok(log.body.data[0].nextAttemptAt);

      const bg = createBackground(deps, { smtpUrl: null, mailFrom: 'Trustroom <no-reply@trustroom.test>', dataDir: '/nonexistent-trustroom-test', jobLeaseMs: 60_000, allowPrivateWebhooks: true }, createLogger('silent'));
      await bg.worker.drain();
      await bg.stop();
      assert.equal(receiver.received.length, 1);
      assert.equal(verifyWebhookSignature(added.secret, receiver.received[0].headers, receiver.received[0].body, { now: deps.clock.now() }).ok, true);
      log = await call(app, 'GET', `/api/w/${slug}/webhook-deliveries?status=delivered`, headers);
      const [delivered] = log.body.data;
      assert.deepEqual([delivered.id, delivered.status, delivered.attemptCount, delivered.lastStatusCode, delivered.nextAttemptAt, delivered.customerName], [deliveryId, 'delivered', 1, 200, null, 'Acme Retail']);
      assert.deepEqual(delivered.attempts.map((a: { attempt: number; statusCode: number }) => [a.attempt, a.statusCode]), [[1, 200]]);
      assert.equal((await call(app, 'GET', `/api/w/${slug}/webhook-deliveries?status=failed`, headers)).body.data.length, 0);

      const rotated = await call(app, 'POST', `${one}/rotate-secret`, headers, {});
      assert.equal(rotated.status, 200);
      assert.notEqual(rotated.body.data.secret, added.secret);
      assert.equal((await call(app, 'DELETE', one, headers)).status, 204);
      assert.deepEqual((await call(app, 'GET', hooks, headers)).body.data, []);
      assert.deepEqual((await auditActions(deps, workspace.id)).filter((a) => a.startsWith('webhook')), [
        'webhook_endpoint.created', 'webhook_endpoint.deactivated', 'webhook_endpoint.activated', 'webhook_endpoint.test_sent', 'webhook_endpoint.secret_rotated', 'webhook_endpoint.deleted',
      ]);
    } finally {
      await receiver.close();
    }
  });
});
