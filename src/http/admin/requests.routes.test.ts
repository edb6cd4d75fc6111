import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildTestApp } from '../../../test/app.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import { openShop, PEOPLE, type Shop, shopYaml } from '../../modules/requests/fulfilment/shop-fixture.ts';
import { addSystem } from '../../modules/requests/systems/manage-systems.ts';
import { consoleFixture, get, post } from './console.test-helpers.ts';

forEachDialect('console: data-subject requests', (ctx) => {
  let app: FastifyInstance;
  const dir = mkdtempSync(join(tmpdir(), 'trustroom-requests-'));
  const shops: Shop[] = [];
  before(async () => {
    app = await buildTestApp(ctx.db.deps, { packageKeyFile: join(dir, 'package-key') });
  });
  after(async () => {
    await app?.close();
    for (const s of shops) await s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('records a letter, shows it in the queue by its deadline, and answers it from the systems with a package', async () => {
    const { deps } = ctx.db;
    const { scope, agent, base } = await consoleFixture(deps, 'editor');
    const shop = await openShop(ctx.dialect);
    shops.push(shop);
    await addSystem(deps, scope, { name: 'Shop', dataset: shopYaml(), connection: shop.url });
    const created = await post(app, agent, `${base}/requests/new`, {
      type: 'access', email: PEOPLE.alice.email, name: 'Alice', requester: 'self', receivedAt: '', identityChecked: '1', identityNote: 'Letter signed; matches the account',
    });
    assert.equal(created.statusCode, 303);
    const page = await get(app, agent, created.headers.location as string);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1>Request R-[A-Z2-9]{8}<\/h1>/);
    assert.match(page.body, /How the deadlines were counted/);
    const queue = await get(app, agent, `${base}/requests`);
    assert.match(queue.body, /1 open, 0 at risk/);
    const id = /requests\/([0-9a-f-]{36})/.exec(created.headers.location as string)![1];
    const run = await post(app, agent, `${base}/requests/${id}/run-access`, {});
    assert.equal(run.statusCode, 303);
    const done = await get(app, agent, `${base}/requests/${id}`);
    assert.match(done.body, /Completed/);
    assert.match(done.body, /What each system returned or erased/);
  });

  it('re-renders a step with the field’s error and changes nothing', async () => {
    const { deps } = ctx.db;
    const { agent, base } = await consoleFixture(deps, 'editor');
    const bad = await post(app, agent, `${base}/requests/new`, { type: 'nonsense', email: 'nope' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /aria-invalid="true"/);
    assert.match(bad.body, /href="#f-type"/);
    const created = await post(app, agent, `${base}/requests/new`, { type: 'erasure', email: 'zed@example.org', identityChecked: '1', identityNote: 'Phone call back' });
    const id = /requests\/([0-9a-f-]{36})/.exec(created.headers.location as string)![1];
    const noReason = await post(app, agent, `${base}/requests/${id}/extend`, { reason: '' });
    assert.equal(noReason.statusCode, 400);
    assert.match(noReason.body, /Reason told to the requester: is required/);
    const ok = await post(app, agent, `${base}/requests/${id}/extend`, { reason: 'Many systems' });
    assert.equal(ok.statusCode, 303);
    const again = await post(app, agent, `${base}/requests/${id}/extend`, { reason: 'Again' });
    assert.equal(again.statusCode, 409);
  });

  it('lets viewers read the queue but not act', async () => {
    const { deps } = ctx.db;
    const { agent, base } = await consoleFixture(deps, 'viewer');
    assert.equal((await get(app, agent, `${base}/requests`)).statusCode, 200);
    assert.equal((await post(app, agent, `${base}/requests/new`, { type: 'access', email: 'a@example.org' })).statusCode, 403);
  });
});

forEachDialect('console: request fulfilment set-up', (ctx) => {
  let app: FastifyInstance;
  before(async () => {
    app = await buildTestApp(ctx.db.deps);
  });
  after(async () => app?.close());

  it('adds a system by connection reference, refuses a password in clear on the connection field, and places and releases a hold', async () => {
    const { deps } = ctx.db;
    const { agent, base } = await consoleFixture(deps, 'editor');
    const clear = await post(app, agent, `${base}/requests/setup/systems`, { name: 'Shop', connection: 'postgres://shop:s3cret@db.internal/shop', dataset: shopYaml() });
    assert.equal(clear.statusCode, 400);
    assert.match(clear.body, /id="f-connection"[^>]*aria-invalid="true"/);
    assert.doesNotMatch(clear.body, /s3cret/, 'the password is not echoed');
    const added = await post(app, agent, `${base}/requests/setup/systems`, { name: 'Shop', connection: 'env:SHOP_DATABASE_URL', dataset: shopYaml() });
    assert.equal(added.statusCode, 303);
    assert.equal((await post(app, agent, `${base}/requests/setup/rules/adopt-defaults`, {})).statusCode, 303);
    assert.equal((await post(app, agent, `${base}/requests/setup/holds`, { email: 'held@example.org', reason: 'Litigation' })).statusCode, 303);
    const page = await get(app, agent, `${base}/requests/setup`);
    assert.match(page.body, /env:SHOP_DATABASE_URL/);
    assert.match(page.body, /Network access logs/);
    const holdId = /requests\/setup\/holds\/([0-9a-f-]{36})\/release/.exec(page.body)![1];
    assert.equal((await post(app, agent, `${base}/requests/setup/holds/${holdId}/release`, {})).statusCode, 303);
    assert.doesNotMatch((await get(app, agent, `${base}/requests/setup`)).body, /\/holds\/[0-9a-f-]{36}\/release/);
  });
});
