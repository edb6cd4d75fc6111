import assert from 'node:assert/strict';
import { after, afterEach, it } from 'node:test';
import { forEachDialect } from '../../../../test/dialects.ts';
import { createBackground } from '../../../background.ts';
import type { Deps } from '../../../shared/deps.ts';
import { createLogger } from '../../../shared/logger.ts';
import { startSmtpSink } from '../../mail/smtp-sink.test-helpers.ts';
import { addWebhookEndpoint } from '../../webhooks/manage-webhook-endpoints.ts';
import { verifyWebhookSignature } from '../../webhooks/sign-webhook.ts';
import { startReceiver } from '../../webhooks/webhooks.test-helpers.ts';
import { openShop, PEOPLE, type Shop, shopYaml } from '../fulfilment/shop-fixture.ts';
import { addSystem } from '../systems/manage-systems.ts';
import { findCustomerRequest } from './forwarding.queries.ts';
import { forwardedRequest, forwardingFixture } from './forwarding.test-helpers.ts';
import { instructRequest } from './instruct-request.ts';

forEachDialect('fulfilling on the customer’s instruction and reporting back', (ctx) => {
  const shops: Shop[] = [];
  after(async () => {
    for (const s of shops.splice(0)) await s.close();
  });
  afterEach(async () => {
    await ctx.db.deps.db.updateTable('jobs').set({ status: 'cancelled' }).where('status', '=', 'pending').execute();
  });
  const background = (deps: Deps, smtpUrl: string) =>
    createBackground(deps, { smtpUrl, mailFrom: 'Influxis <no-reply@trustroom.test>', dataDir: '/nonexistent-trustroom-test', jobLeaseMs: 60_000, allowPrivateWebhooks: true }, createLogger('silent'), { backoffMs: () => 0 });

  it("erases the person in that customer's systems only after its 'fulfil', closes the request and reports back by e-mail, signed webhook and the portal", async () => {
    const deps = ctx.db.deps;
    const sink = await startSmtpSink();
    const receiver = await startReceiver(() => 204);
    const bg = background(deps, sink.url);
    try {
      const f = await forwardingFixture(deps);
      const hooliShop = await openShop(ctx.dialect);
      const piperShop = await openShop(ctx.dialect);
      shops.push(hooliShop, piperShop);
      await addSystem(deps, f.scope, { name: 'Hooli shop', dataset: shopYaml(), connection: hooliShop.url, customerId: f.customerId });
      await addSystem(deps, f.scope, { name: 'Pied Piper shop', dataset: shopYaml(), connection: piperShop.url, customerId: f.otherCustomerId });
      const { secret } = await addWebhookEndpoint(deps, f.scope, f.customerId, { url: receiver.url });
      const request = await forwardedRequest(deps, f, { email: PEOPLE.alice.email, name: 'Alice Martin' });
      await bg.worker.drain();
      assert.equal((await hooliShop.query('SELECT email FROM customers WHERE id = 1'))[0]?.email, PEOPLE.alice.email, 'nothing is erased before the instruction');

      await instructRequest(deps, { workspaceId: f.workspaceId, customerId: f.customerId, actor: { type: 'system', id: null, label: 'portal contact k' } }, request.id, { instruction: 'fulfil' });
      await bg.worker.drain();
      assert.notEqual((await hooliShop.query('SELECT email FROM customers WHERE id = 1'))[0]?.email, PEOPLE.alice.email, 'erased in the customer’s system');
      assert.equal((await piperShop.query('SELECT email FROM customers WHERE id = 1'))[0]?.email, PEOPLE.alice.email, 'another customer’s system is untouched');

      const closed = await deps.db.selectFrom('dsr_requests').selectAll().where('id', '=', request.id).executeTakeFirstOrThrow();
      assert.deepEqual([closed.status, closed.outcome], ['completed', 'completed']);
      const told = await deps.db.selectFrom('messages').select('text_body').where('kind', '=', 'request.erased').where('recipient_id', '=', request.id).executeTakeFirstOrThrow();
      assert.match(told.text_body, /Hooli SA has erased the personal data it held about you/);
      const forwarding = await deps.db.selectFrom('dsr_forwardings').selectAll().where('request_id', '=', request.id).executeTakeFirstOrThrow();
      assert.ok(forwarding.reported_at);
      const reports = await deps.db.selectFrom('messages').select(['to_address', 'status']).where('kind', '=', 'request.reported').orderBy('to_address').execute();
      assert.deepEqual(reports.map((m) => [m.to_address, m.status]), [['dpo@hooli.test', 'sent'], ['legal@hooli.test', 'sent']]);
      assert.ok(sink.messages.some((m) => m.to.includes('legal@hooli.test')));
      const completed = receiver.received.find((r) => r.headers['trustroom-event'] === 'dsr.request_completed');
      assert.ok(completed);
      assert.equal(verifyWebhookSignature(secret, completed.headers, completed.body).ok, true);
      const data = JSON.parse(completed.body).data;
      assert.deepEqual([data.reference, data.status, data.instruction], [request.reference, 'completed', 'fulfil']);
      assert.ok(!completed.body.includes(PEOPLE.alice.email), 'the report carries no personal data');
      const shown = await findCustomerRequest(deps.db, f.workspaceId, f.customerId, request.id);
      assert.deepEqual([shown?.status, shown?.forwarding?.reportedAt], ['completed', forwarding.reported_at]);
    } finally {
      await bg.stop();
      await receiver.close();
      await sink.close();
    }
  });
});
