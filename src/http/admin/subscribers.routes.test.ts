import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildTestApp } from '../../../test/app.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import { buildService, buildWorkspace } from '../../../test/factories.ts';
import type { Db } from '../../db/schema.ts';
import { confirmSubscription } from '../../modules/subscribers/confirm-subscription.ts';
import { subscribe } from '../../modules/subscribers/subscribe.ts';
import type { Deps, Scope } from '../../shared/deps.ts';
import { consoleFixture, get, post } from './console.test-helpers.ts';

const idOf = async (db: Db, workspaceId: string, email: string) =>
  (await db.selectFrom('subscribers').select('id').where('workspace_id', '=', workspaceId).where('email', '=', email).executeTakeFirstOrThrow()).id;

/** Two subscribers: one confirmed to the "cloud" service, one pending for everything. */
async function withSubscribers(deps: Deps, scope: Scope) {
  await buildService(deps, scope, { slug: 'cloud', name: 'Acme Hosting' });
  await subscribe(deps, scope.workspaceId, { email: 'confirmed@customer.example', services: ['cloud'] });
  const row = await deps.db.selectFrom('subscribers').select(['id', 'confirm_token_hash']).where('workspace_id', '=', scope.workspaceId).executeTakeFirstOrThrow();
  const message = await deps.db.selectFrom('messages').select('text_body').where('idempotency_key', '=', `subscription.confirm:${row.id}:${row.confirm_token_hash}`).executeTakeFirstOrThrow();
  await confirmSubscription(deps, scope.workspaceId, /\/subscribe\/confirm\/([A-Za-z0-9_-]+)/.exec(message.text_body)![1]);
  await subscribe(deps, scope.workspaceId, { email: 'pending@customer.example' });
}

forEachDialect('console: subscribers', (ctx) => {
  let app: FastifyInstance;
  before(async () => {
    app = await buildTestApp(ctx.db.deps);
  });
  after(async () => app?.close());

  it('shows viewers the counts by status and the subscribers with their filters, read-only', async () => {
    const { deps } = ctx.db;
    const { workspace, scope, agent, base } = await consoleFixture(deps, 'viewer');
    await withSubscribers(deps, scope);
    const res = await get(app, agent, `${base}/subscribers`);
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.match(res.body, /<a href="[^"]+\/subscribers" aria-current="page">Subscribers<\/a>/);
    assert.match(res.body, /<li><strong>1<\/strong> confirmed<\/li>\n<li><strong>1<\/strong> pending confirmation<\/li>\n<li><strong>0<\/strong> unsubscribed<\/li>/);
    assert.match(res.body, /<th scope="row">confirmed@customer\.example<\/th><td>Confirmed<\/td><td>Acme Hosting<\/td><td>All<\/td>/);
    assert.match(res.body, /<th scope="row">pending@customer\.example<\/th><td>Pending confirmation<\/td><td>All<\/td><td>All<\/td>/);
    assert.ok(!res.body.includes('/remove'), 'no remove buttons for a viewer');
    const id = await idOf(deps.db, workspace.id, 'pending@customer.example');
    assert.equal((await post(app, agent, `${base}/subscribers/${id}/remove`, {})).statusCode, 403);
    assert.equal((await get(app, agent, `${base}/subscribers`)).body.match(/<tr><th scope="row">/g)?.length, 2);
  });

  it('lets an editor remove a subscriber with the CSRF token, writing an audit event without the address', async () => {
    const { deps } = ctx.db;
    const { workspace, scope, agent, base } = await consoleFixture(deps, 'editor');
    await withSubscribers(deps, scope);
    const id = await idOf(deps.db, workspace.id, 'confirmed@customer.example');
    const page = await get(app, agent, `${base}/subscribers`);
    assert.match(page.body, new RegExp(`<form method="post" action="${base}/subscribers/${id}/remove" class="inline"><input type="hidden" name="_csrf" value="${agent.csrf}"><button type="submit" class="danger" aria-label="Remove the subscriber confirmed@customer.example">Remove</button></form>`));

    assert.equal((await post(app, agent, `${base}/subscribers/${id}/remove`, {}, { csrf: false })).statusCode, 403, 'no CSRF token, no removal');
    const res = await post(app, agent, `${base}/subscribers/${id}/remove`, {});
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, `${base}/subscribers?removed=1`);
    const after = await get(app, agent, `${base}/subscribers?removed=1`);
    assert.match(after.body, /<p class="notice" role="status">Subscriber removed\.<\/p>/);
    assert.ok(!after.body.includes('confirmed@customer.example'));
    const event = await deps.db.selectFrom('audit_events').selectAll().where('workspace_id', '=', workspace.id).orderBy('seq', 'desc').executeTakeFirstOrThrow();
    assert.deepEqual([event.action, event.subject_id, event.actor_id], ['subscriber.removed', id, agent.userId]);
    assert.ok(!JSON.stringify(event).includes('customer.example'));

    assert.equal((await post(app, agent, `${base}/subscribers/${id}/remove`, {})).statusCode, 404, 'already gone');
    const other = await buildWorkspace(deps);
    await subscribe(deps, other.workspace.id, { email: 'elsewhere@customer.example' });
    const foreign = await idOf(deps.db, other.workspace.id, 'elsewhere@customer.example');
    assert.equal((await post(app, agent, `${base}/subscribers/${foreign}/remove`, {})).statusCode, 404, "another workspace's subscriber");
    assert.equal(await idOf(deps.db, other.workspace.id, 'elsewhere@customer.example'), foreign);
  });
});
