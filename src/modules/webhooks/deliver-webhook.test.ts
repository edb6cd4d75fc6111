import assert from 'node:assert/strict';
import { afterEach, it } from 'node:test';
import { buildWorkspace } from '../../../test/factories.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import { createBackground } from '../../background.ts';
import { createLogger } from '../../shared/logger.ts';
import type { Deps } from '../../shared/deps.ts';
import { exponentialBackoff, JobWorker } from '../jobs/job-worker.ts';
import { deliverWebhook, type DeliverOptions, markDeliveryFailed } from './deliver-webhook.ts';
import { DELIVER_WEBHOOK_JOB, enqueueWebhookEvent } from './enqueue-webhook-event.ts';
import { addWebhookEndpoint, sendTestEvent, setWebhookEndpointActive } from './manage-webhook-endpoints.ts';
import { verifyWebhookSignature } from './sign-webhook.ts';
import { listWebhookDeliveries } from './webhooks.queries.ts';
import { insertCustomer, manualClock, startReceiver } from './webhooks.test-helpers.ts';

forEachDialect('webhook delivery', (ctx) => {
  /** Deps of one test: the suite's database with a clock the test moves. */
  const testDeps = () => {
    const clock = manualClock();
    return { deps: { ...ctx.db.deps, clock } as Deps, clock };
  };

  /** The worker the server runs (src/background.ts), private addresses allowed as for tests. */
  const background = (deps: Deps, allowPrivateWebhooks = true) =>
    createBackground(deps, { smtpUrl: null, mailFrom: 'Trustroom <no-reply@trustroom.test>', dataDir: '/nonexistent-trustroom-test', jobLeaseMs: 60_000, allowPrivateWebhooks }, createLogger('silent'));

  /** A worker running only webhook deliveries with `opts` (a short timeout, a DNS stub). */
  const worker = (deps: Deps, opts: DeliverOptions) => new JobWorker(deps, {
    handlers: { [DELIVER_WEBHOOK_JOB]: (job) => deliverWebhook(deps, job.ref_id, opts) },
    onGiveUp: { [DELIVER_WEBHOOK_JOB]: (job, error) => markDeliveryFailed(deps, job.ref_id, error) },
  });

  async function endpointFor(deps: Deps, url: string) {
    const { workspace, scope } = await buildWorkspace(deps);
    const customerId = await insertCustomer(deps.db, workspace.id);
    const { endpoint, secret } = await addWebhookEndpoint(deps, scope, customerId, { url });
    return { workspace, scope, customerId, endpoint, secret };
  }

  const attemptsOf = (deps: Deps, deliveryId: string) =>
    deps.db.selectFrom('webhook_attempts').selectAll().where('delivery_id', '=', deliveryId).orderBy('attempt').execute();

  // One database per suite: jobs a test leaves pending must not run in the next test's drains.
  afterEach(async () => {
    await ctx.db.deps.db.updateTable('jobs').set({ status: 'cancelled' }).where('status', '=', 'pending').execute();
  });

  it('delivers an event to a real local server with a valid signature, the exact body and the documented headers', async () => {
    const { deps, clock } = testDeps();
    const receiver = await startReceiver(() => 204);
    try {
      const { workspace, customerId, endpoint, secret } = await endpointFor(deps, `${receiver.url}?source=trustroom`);
      await enqueueWebhookEvent(deps, {
        workspaceId: workspace.id, customerId, changeId: 'change-1', event: 'change.announced', eventKey: 'change-1:announced',
        data: { changeId: 'change-1', title: 'New hosting provider', note: 'Ünïcödé ✓' },
      });
      const bg = background(deps);
      assert.equal(await bg.worker.drain(), 1);
      await bg.stop();

      assert.equal(receiver.received.length, 1);
      const [req] = receiver.received;
      const [stored] = await listWebhookDeliveries(deps.db, workspace.id);
      const row = await deps.db.selectFrom('webhook_deliveries').select('body').where('id', '=', stored.id).executeTakeFirstOrThrow();
      assert.equal(req.method, 'POST');
      assert.equal(req.url, '/hooks/trustroom?source=trustroom');
      assert.equal(req.body, row.body);
      assert.equal(req.headers['content-type'], 'application/json');
      assert.equal(req.headers['user-agent'], 'Trustroom-Webhooks/1');
      assert.equal(req.headers['trustroom-event'], 'change.announced');
      assert.equal(req.headers['trustroom-delivery'], stored.id);
      assert.equal(req.headers['trustroom-timestamp'], String(Math.floor(clock.now().getTime() / 1000)));
      assert.deepEqual(verifyWebhookSignature(secret, req.headers, req.body, { now: clock.now() }), { ok: true, timestamp: Math.floor(clock.now().getTime() / 1000) });
      assert.equal(verifyWebhookSignature(secret, req.headers, `${req.body} `, { now: clock.now() }).ok, false);
      const body = JSON.parse(req.body);
      assert.deepEqual([body.id, body.type, body.data.note], [stored.id, 'change.announced', 'Ünïcödé ✓']);

      assert.equal(stored.status, 'delivered');
      assert.equal(stored.deliveredAt, clock.now().toISOString());
      assert.deepEqual([stored.attemptCount, stored.lastStatusCode, stored.lastError, stored.nextAttemptAt], [1, 204, null, null]);
      assert.deepEqual(stored.attempts.map((a) => [a.attempt, a.statusCode, a.error]), [[1, 204, null]]);
      assert.equal(stored.endpointId, endpoint.id);
    } finally {
      await receiver.close();
    }
  });

  it('retries a server answering 500 twice after 30 s and then 1 min, and the log shows all three attempts', async () => {
    const { deps, clock } = testDeps();
    const receiver = await startReceiver((n) => (n <= 2 ? 500 : 200));
    try {
      const { workspace, scope, endpoint, secret } = await endpointFor(deps, receiver.url);
      const { deliveryId } = await sendTestEvent(deps, scope, endpoint.id);
      const bg = background(deps);
      const t0 = clock.now().getTime();

      assert.equal(await bg.worker.drain(), 1);
      let [log] = await listWebhookDeliveries(deps.db, workspace.id);
      assert.deepEqual([log.status, log.attemptCount, log.lastStatusCode, log.lastError], ['pending', 1, 500, 'HTTP 500']);
      assert.equal(log.nextAttemptAt, new Date(t0 + exponentialBackoff(1)).toISOString());

      clock.advance(exponentialBackoff(1) - 1000);
      assert.equal(await bg.worker.drain(), 0, 'nothing runs before the retry is due');
      clock.advance(1000);
      assert.equal(await bg.worker.drain(), 1);
      [log] = await listWebhookDeliveries(deps.db, workspace.id);
      assert.equal(log.nextAttemptAt, new Date(clock.now().getTime() + exponentialBackoff(2)).toISOString());

      clock.advance(exponentialBackoff(2));
      assert.equal(await bg.worker.drain(), 1);
      assert.equal(await bg.worker.drain(), 0);
      await bg.stop();

      assert.equal(receiver.received.length, 3);
      // Every try sends the same body, signed afresh with its own timestamp.
      assert.equal(new Set(receiver.received.map((r) => r.body)).size, 1);
      assert.deepEqual(receiver.received.map((r) => r.headers['trustroom-delivery']), [deliveryId, deliveryId, deliveryId]);
      receiver.received.forEach((r) => assert.equal(verifyWebhookSignature(secret, r.headers, r.body, { now: clock.now() }).ok, true));

      [log] = await listWebhookDeliveries(deps.db, workspace.id);
      assert.deepEqual([log.status, log.attemptCount, log.lastStatusCode, log.lastError, log.nextAttemptAt], ['delivered', 3, 200, null, null]);
      assert.deepEqual(log.attempts.map((a) => [a.attempt, a.statusCode, a.error]), [[1, 500, 'HTTP 500'], [2, 500, 'HTTP 500'], [3, 200, null]]);
      const at = log.attempts.map((a) => new Date(a.at).getTime() - t0);
      assert.deepEqual(at, [0, 30_000, 90_000]);
      assert.ok(at[2] - at[1] > at[1] - at[0], 'the delays grow');
      const stored = JSON.stringify(await attemptsOf(deps, deliveryId));
      assert.ok(!stored.includes('must not be stored'), 'response bodies are not stored');
    } finally {
      await receiver.close();
    }
  });

  it('marks the delivery failed after the last of its 8 attempts and tries no more', async () => {
    const { deps, clock } = testDeps();
    const receiver = await startReceiver(() => 503);
    try {
      const { workspace, scope, endpoint } = await endpointFor(deps, receiver.url);
      const { deliveryId } = await sendTestEvent(deps, scope, endpoint.id);
      const bg = background(deps);
      for (let attempt = 1; attempt <= 8; attempt++) {
        assert.equal(await bg.worker.drain(), 1, `attempt ${attempt}`);
        clock.advance(exponentialBackoff(attempt));
      }
      clock.advance(24 * 3600_000);
      assert.equal(await bg.worker.drain(), 0);
      await bg.stop();

      assert.equal(receiver.received.length, 8);
      const [log] = await listWebhookDeliveries(deps.db, workspace.id, { status: 'failed' });
      assert.deepEqual([log.id, log.status, log.attemptCount, log.lastStatusCode, log.lastError, log.nextAttemptAt], [deliveryId, 'failed', 8, 503, 'HTTP 503', null]);
      assert.equal(log.attempts.length, 8);
      const job = await deps.db.selectFrom('jobs').select(['status', 'attempts']).where('ref_id', '=', deliveryId).executeTakeFirstOrThrow();
      assert.deepEqual(job, { status: 'failed', attempts: 8 });
    } finally {
      await receiver.close();
    }
  });

  it('refuses loopback, private, link-local and metadata destinations without allowPrivate, before connecting', async () => {
    const { deps } = testDeps();
    const receiver = await startReceiver();
    try {
      const { workspace, scope, endpoint } = await endpointFor(deps, receiver.url);
      const bg = background(deps, false);
      await sendTestEvent(deps, scope, endpoint.id);
      assert.equal(await bg.worker.drain(), 1);
      await bg.stop();
      assert.equal(receiver.received.length, 0, 'nothing reached the local server');
      const [log] = await listWebhookDeliveries(deps.db, workspace.id);
      assert.equal(log.status, 'pending');
      assert.match(log.lastError ?? '', /^refused private address for host '127\.0\.0\.1'/);
      assert.equal(log.attempts[0].statusCode, null);

      // A public-looking name whose DNS answer is private (rebinding), metadata and link-local literals.
      const cases: Array<[string, string]> = [
        ['https://hooks.customer.example/in', "refused private address for host 'hooks.customer.example'"],
        ['https://169.254.169.254/latest/meta-data', "refused private address for host '169.254.169.254'"],
        ['https://metadata.google.internal/computeMetadata/v1/', "refused private address for host 'metadata.google.internal'"],
        ['https://[::ffff:10.0.0.1]/hook', "refused private address for host '[::ffff:a00:1]'"],
      ];
      const w = worker(deps, { allowPrivate: false, resolve: async () => [{ address: '93.184.216.34', family: 4 }, { address: '10.1.2.3', family: 4 }] });
      for (const [url, message] of cases) {
        const customerId = await insertCustomer(deps.db, workspace.id);
        const added = await addWebhookEndpoint(deps, scope, customerId, { url });
        const { deliveryId } = await sendTestEvent(deps, scope, added.endpoint.id);
        assert.equal(await w.drain(), 1, url);
        const [attempt] = await attemptsOf(deps, deliveryId);
        assert.ok(attempt.error?.startsWith(message), `${url}: ${attempt.error}`);
      }
    } finally {
      await receiver.close();
    }
  });

  it('does not follow redirects, gives up on a silent server after the timeout and stores errors without paths or query strings', async () => {
    const { deps } = testDeps();
    const redirecting = await startReceiver(() => 302);
    const silent = await startReceiver(() => 'hang');
    try {
      const { workspace, scope, endpoint } = await endpointFor(deps, redirecting.url);
      const w = worker(deps, { allowPrivate: true, timeoutMs: 300 });
      const first = await sendTestEvent(deps, scope, endpoint.id);
      await w.drain();
      assert.equal(redirecting.received.length, 1);
      assert.deepEqual((await attemptsOf(deps, first.deliveryId)).map((a) => [a.status_code, a.error]), [[302, 'HTTP 302 (redirects are not followed)']]);

      const customerId = await insertCustomer(deps.db, workspace.id);
      const hanging = await addWebhookEndpoint(deps, scope, customerId, { url: `${silent.url}?token=receiver-secret-123` });
      const second = await sendTestEvent(deps, scope, hanging.endpoint.id);
      const started = Date.now();
      await w.drain();
      assert.ok(Date.now() - started < 5000, 'the timeout ended the try');
      assert.equal(silent.received.length, 1);
      const [timedOut] = await attemptsOf(deps, second.deliveryId);
      assert.equal(timedOut.error, "no answer from host '127.0.0.1' within 0.3 s");
      assert.ok(timedOut.duration_ms >= 250);

      // A closed port: connection refused, named by host and error code only.
      const closedPort = await startReceiver();
      await closedPort.close();
      const refusedCustomer = await insertCustomer(deps.db, workspace.id);
      const refused = await addWebhookEndpoint(deps, scope, refusedCustomer, { url: `${closedPort.url}/secret-path?token=receiver-secret-456` });
      const third = await sendTestEvent(deps, scope, refused.endpoint.id);
      await w.drain();
      const [failed] = await attemptsOf(deps, third.deliveryId);
      assert.equal(failed.error, "could not deliver to host '127.0.0.1' (ECONNREFUSED)");
      const everything = JSON.stringify([await deps.db.selectFrom('webhook_deliveries').select(['last_error']).execute(), await deps.db.selectFrom('jobs').select('last_error').execute()]);
      assert.ok(!/receiver-secret|secret-path|hooks\/trustroom/.test(everything), 'no path or query string in stored errors');
    } finally {
      await redirecting.close();
      await silent.close();
    }
  });

  it('marks a pending delivery failed without sending it when its endpoint was deactivated', async () => {
    const { deps } = testDeps();
    const receiver = await startReceiver();
    try {
      const { workspace, scope, endpoint } = await endpointFor(deps, receiver.url);
      await sendTestEvent(deps, scope, endpoint.id);
      await setWebhookEndpointActive(deps, scope, endpoint.id, false);
      const bg = background(deps);
      assert.equal(await bg.worker.drain(), 1);
      await bg.stop();
      assert.equal(receiver.received.length, 0);
      const [log] = await listWebhookDeliveries(deps.db, workspace.id);
      assert.deepEqual([log.status, log.lastError, log.attemptCount], ['failed', 'the endpoint was deactivated before delivery', 0]);
    } finally {
      await receiver.close();
    }
  });
});
