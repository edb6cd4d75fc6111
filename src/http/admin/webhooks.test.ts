import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildTestApp, signedInMember } from '../../../test/app.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import { addWebhookEndpoint, sendTestEvent } from '../../modules/webhooks/manage-webhook-endpoints.ts';
import { listWebhookEndpoints } from '../../modules/webhooks/webhooks.queries.ts';
import { insertCustomer } from '../../modules/webhooks/webhooks.test-helpers.ts';
import { consoleFixture, get, post, tagWithId } from './console.test-helpers.ts';

forEachDialect('console: webhooks', (ctx) => {
  let app: FastifyInstance;
  before(async () => {
    app = await buildTestApp(ctx.db.deps);
  });
  after(async () => {
    await app?.close();
  });

  async function fixture(role: 'editor' | 'viewer' = 'editor') {
    const f = await consoleFixture(ctx.db.deps, role);
    const customerId = await insertCustomer(ctx.db.deps.db, f.workspace.id, 'Acme Retail');
    return { ...f, customerId, hooks: `${f.base}/customers/${customerId}/webhooks` };
  }

  it('lets an editor add an endpoint and shows its secret once, then only its first characters', async () => {
    const { deps } = ctx.db;
    const { agent, hooks, workspace, customerId } = await fixture();
    const empty = await get(app, agent, hooks);
    assert.equal(empty.statusCode, 200);
    assert.match(empty.body, /<h1>Webhooks of Acme Retail<\/h1>/);
    assert.match(empty.body, /<p>No endpoints yet\.<\/p>/);

    const added = await post(app, agent, hooks, { url: 'https://privacy.acme.example/hooks/trustroom' });
    assert.equal(added.statusCode, 201);
    assert.equal(added.headers['cache-control'], 'no-store');
    const secret = /id="webhook-secret" readonly value="(whsec_[^"]+)"/.exec(added.body)?.[1];
    assert.ok(secret, 'the secret is on the page');
    const [stored] = await listWebhookEndpoints(deps.db, workspace.id, customerId);
    assert.equal(stored.url, 'https://privacy.acme.example/hooks/trustroom');

    const list = await get(app, agent, hooks);
    assert.ok(!list.body.includes(secret), 'the list never shows the secret');
    assert.ok(list.body.includes(`<code>${secret.slice(0, 10)}…</code>`));
    assert.match(list.body, /<th scope="row"><code>https:\/\/privacy\.acme\.example\/hooks\/trustroom<\/code><\/th><td>Active<\/td>/);
  });

  it('re-renders the form with the url error next to the field, keeps what was typed and stores nothing', async () => {
    const { deps } = ctx.db;
    const { agent, hooks, workspace, customerId } = await fixture();
    const res = await post(app, agent, hooks, { url: 'http://hooks.acme.example/in' });
    assert.equal(res.statusCode, 400);
    assert.match(tagWithId(res.body, 'f-url'), /aria-invalid="true"/);
    assert.match(tagWithId(res.body, 'f-url'), /value="http:\/\/hooks\.acme\.example\/in"/);
    assert.ok(res.body.includes('<p class="error" id="url-error">URL: must use https (plain http only to localhost, for development)</p>'));
    assert.deepEqual(await listWebhookEndpoints(deps.db, workspace.id, customerId), []);
  });

  it('shows a viewer the endpoints without forms or actions and refuses their changes with 403', async () => {
    const { deps } = ctx.db;
    const { agent, hooks, scope, customerId } = await fixture('viewer');
    const { endpoint } = await addWebhookEndpoint(deps, scope, customerId, { url: 'https://a.example/in' });
    const page = await get(app, agent, hooks);
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes('<code>https://a.example/in</code>'));
    assert.ok(!page.body.includes('Add an endpoint'));
    assert.ok(!page.body.includes('Rotate secret'));
    for (const url of [hooks, `${hooks}/${endpoint.id}/test`, `${hooks}/${endpoint.id}/deactivate`, `${hooks}/${endpoint.id}/rotate-secret`, `${hooks}/${endpoint.id}/delete`]) {
      assert.equal((await post(app, agent, url, { url: 'https://b.example/in' })).statusCode, 403, url);
    }
  });

  it('sends a test event, deactivates and activates, rotates the secret and deletes through the buttons', async () => {
    const { deps } = ctx.db;
    const { agent, hooks, base, scope, customerId } = await fixture();
    const { endpoint, secret } = await addWebhookEndpoint(deps, scope, customerId, { url: 'https://a.example/in' });
    const one = `${hooks}/${endpoint.id}`;

    const tested = await post(app, agent, `${one}/test`, {});
    assert.equal(tested.statusCode, 303);
    assert.equal(tested.headers.location, `${hooks}?tested=1`);
    assert.match((await get(app, agent, `${hooks}?tested=1`)).body, /role="status">Test event queued/);
    const log = await get(app, agent, `${base}/webhook-deliveries?customerId=${customerId}`);
    assert.match(log.body, /<td><code>test<\/code><\/td>/);
    assert.match(log.body, /<td>Pending<\/td>/);

    assert.equal((await post(app, agent, `${one}/deactivate`, {})).headers.location, `${hooks}?deactivated=1`);
    const inactive = await get(app, agent, hooks);
    assert.match(inactive.body, /<td>Inactive<\/td>/);
    assert.ok(!inactive.body.includes('Send test event'));
    const refused = await post(app, agent, `${one}/test`, {});
    assert.equal(refused.statusCode, 409);
    assert.ok(refused.body.includes('the endpoint is inactive: activate it to send a test event'));
    assert.equal((await post(app, agent, `${one}/activate`, {})).headers.location, `${hooks}?activated=1`);

    const rotated = await post(app, agent, `${one}/rotate-secret`, {});
    assert.equal(rotated.statusCode, 200);
    const fresh = /id="webhook-secret" readonly value="(whsec_[^"]+)"/.exec(rotated.body)?.[1];
    assert.ok(fresh && fresh !== secret);

    const confirm = await get(app, agent, `${one}/delete`);
    assert.match(confirm.body, /<h1>Delete webhook endpoint “https:\/\/a\.example\/in”\?<\/h1>/);
    const deleted = await post(app, agent, `${one}/delete`, {});
    assert.equal(deleted.headers.location, `${hooks}?deleted=1`);
    assert.match((await get(app, agent, `${hooks}?deleted=1`)).body, /<p>No endpoints yet\.<\/p>/);
  });

  it('lists deliveries with status, attempts, last status code and next try, filtered by status', async () => {
    const { deps } = ctx.db;
    const { workspace, scope, customerId, base } = await fixture();
    const viewer = await signedInMember(deps, workspace.id, 'viewer');
    const { endpoint } = await addWebhookEndpoint(deps, scope, customerId, { url: 'https://a.example/in' });
    const pending = await sendTestEvent(deps, scope, endpoint.id);
    const failed = await sendTestEvent(deps, scope, endpoint.id);
    await deps.db.insertInto('webhook_attempts').values({ id: `a-${failed.deliveryId}`, delivery_id: failed.deliveryId, attempt: 1, at: '2030-01-01T00:00:00.000Z', status_code: 503, error: 'HTTP 503', duration_ms: 12 }).execute();
    await deps.db.updateTable('webhook_deliveries').set({ status: 'failed', attempts: 1, last_status_code: 503, last_error: 'HTTP 503' }).where('id', '=', failed.deliveryId).execute();
    await deps.db.updateTable('jobs').set({ status: 'failed' }).where('ref_id', '=', failed.deliveryId).execute();
    const job = await deps.db.selectFrom('jobs').select('run_at').where('ref_id', '=', pending.deliveryId).executeTakeFirstOrThrow();

    const all = await get(app, viewer, `${base}/webhook-deliveries`);
    assert.equal(all.statusCode, 200);
    assert.match(all.body, /<caption>Webhook deliveries<\/caption>/);
    assert.match(all.body, /<td>Failed<\/td><td><details><summary>1 attempt<\/summary><ol><li><time datetime="2030-01-01T00:00:00.000Z">2030-01-01 00:00 UTC<\/time>: HTTP 503, 12 ms<\/li><\/ol><\/details><\/td>\s*<td>503<\/td><td>—<\/td><td>HTTP 503<\/td>/);
    assert.ok(all.body.includes(`<td>Pending</td><td>—</td>\n<td>—</td><td><time datetime="${job.run_at}">`), 'the pending delivery shows its next try');

    const onlyFailed = await get(app, viewer, `${base}/webhook-deliveries?status=failed`);
    assert.match(onlyFailed.body, /<caption>Webhook deliveries \(filtered\)<\/caption>/);
    assert.ok(!onlyFailed.body.includes('<td>Pending</td>'));
    assert.ok(onlyFailed.body.includes('<td>Failed</td>'));
    assert.equal((await get(app, viewer, `${base}/webhook-deliveries?status=lost`)).statusCode, 400);
  });
});
