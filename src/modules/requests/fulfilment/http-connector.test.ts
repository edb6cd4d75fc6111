import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { readDatasets } from './dataset.ts';
import { accessRequest, eraseRequest } from './fulfil.ts';
import { openConnector } from './open-connector.ts';
import { shopApi, shopApiConfig as config, TOKEN } from './shop-api-fixture.ts';
import { PEOPLE, shopYaml } from './shop-fixture.ts';

const datasets = () => readDatasets([{ name: 'shop.yml', text: shopYaml() }]);
const ids = (rows: Record<string, unknown>[] | undefined) => (rows ?? []).map((r) => Number(r.id)).sort((a, b) => a - b);
describe('HTTP connector: a REST API as the system holding the data', () => {
  const api = shopApi();
  let port: number;
  let dir: string;
  let file: string;
  const write = (c: Record<string, unknown>) => writeFileSync(file, JSON.stringify(c));
  before(async () => {
    port = await api.start();
    dir = mkdtempSync(join(tmpdir(), 'trustroom-http-conn-'));
    file = join(dir, 'shop-api.json');
    const secrets = join(dir, 'secrets');
    writeFileSync(secrets, `# test secrets\nSHOP_API_TOKEN=${TOKEN}\n`, { mode: 0o600 });
    chmodSync(secrets, 0o600);
    process.env.TRUSTROOM_SECRETS_FILE = secrets;
  });
  after(async () => {
    await api.stop();
    rmSync(dir, { recursive: true, force: true });
    delete process.env.TRUSTROOM_SECRETS_FILE;
  });
  beforeEach(() => {
    api.calls.length = 0;
  });

  it("sends the identity and the token, and returns only that person's rows, dropping those an API answered by mistake", async () => {
    write(config(port));
    const conn = await openConnector(`http:${file}`, { readOnly: true });
    const r = await accessRequest(conn, datasets(), { email: PEOPLE.alice.email });
    assert.deepEqual(api.calls[0], { method: 'GET', path: '/api/customers?email=alice%40example.test', body: undefined, auth: TOKEN });
    assert.ok(api.calls.every((c) => c.method === 'GET' && c.auth === TOKEN));
    assert.deepEqual(ids(r.collections['shop:customers']), [1]);
    assert.deepEqual(ids(r.collections['shop:addresses']), [10, 11]);
    // /api/orders answers every order; only Alice's are kept.
    assert.deepEqual(ids(r.collections['shop:orders']), [2, 3]);
    assert.deepEqual(ids(r.collections['shop:order_items']), [100, 101, 102]);
    assert.deepEqual(ids(r.collections['shop:cards']), [7]);
    assert.deepEqual(ids(r.collections['shop:logins']), [2, 3]);
    assert.deepEqual(r.collections['shop:customers']?.[0], { id: 1, email: PEOPLE.alice.email, name: 'Alice Martin', phone: '+33 1 23 45 67 89', created_at: '2026-01-02' });
    assert.deepEqual(r.unreachable, ['shop:products']);
    assert.ok((conn as unknown as { droppedRows: number }).droppedRows > 0);
  });

  it('a dry run sends only reads; erasure then sends the masked values, by primary key, and leaves the others alone', async () => {
    write(config(port));
    const bobBefore = structuredClone(api.tables.get('customers')?.[1]);
    const conn = await openConnector(`http:${file}`);
    const dry = await eraseRequest(conn, datasets(), { email: PEOPLE.alice.email }, { dryRun: true });
    assert.deepEqual(dry.collections['shop:customers'], { rows: 1, fields: ['email', 'name', 'phone'] });
    assert.ok(api.calls.length > 0 && api.calls.every((c) => c.method === 'GET'));
    assert.equal(api.tables.get('customers')?.[0]?.name, 'Alice Martin');

    api.calls.length = 0;
    await eraseRequest(conn, datasets(), { email: PEOPLE.alice.email });
    const writes = api.calls.filter((c) => c.method !== 'GET');
    assert.deepEqual(writes.map((c) => `${c.method} ${c.path}`).sort(), [
      'PATCH /api/cards/7', 'PATCH /api/customers/1', 'PATCH /api/logins/2', 'PATCH /api/logins/3',
      'PATCH /api/order_items/100', 'PATCH /api/order_items/101', 'PATCH /api/order_items/102', 'PUT /api/addresses/10', 'PUT /api/addresses/11',
    ]);
    const customer = writes.find((c) => c.path === '/api/customers/1')?.body as Record<string, unknown>;
    assert.deepEqual(Object.keys(customer).sort(), ['email', 'name', 'phone']);
    assert.match(String(customer.email), /^[0-9a-f]{64}$/);
    assert.deepEqual([customer.name, customer.phone], ['[erased]', null]);
    assert.deepEqual(writes.find((c) => c.path === '/api/cards/7')?.body, { card: { holder: '[erased]', last4: null } });
    assert.deepEqual(api.tables.get('addresses')?.find((a) => a.id === 10), { id: 10, customer_id: 1, street: '[erased]', city: '[erased]', postal_code: '[erased]' });
    assert.deepEqual(api.tables.get('customers')?.[1], bobBefore);
    assert.ok(!JSON.stringify(api.calls).includes('Happy birthday'));
  });

  it('refuses, before any call, a reachable collection with no read, or with fields to mask and no update', async () => {
    write(config(port, (c) => {
      const cols = c.collections as Record<string, Record<string, unknown>>;
      delete cols.logins;
      delete cols.cards?.update;
    }));
    const conn = await openConnector(`http:${file}`);
    await assert.rejects(eraseRequest(conn, datasets(), { email: PEOPLE.bob.email }), (e: Error & { status?: number }) => {
      assert.equal(e.status, 400);
      assert.match(e.message, /--connection shop:cards: has no update request for cards/);
      assert.match(e.message, /--connection shop:logins: names no collection logins in http:shop-api\.json/);
      return true;
    });
    assert.equal(api.calls.length, 0);
  });

  it('refuses a redirect to another origin, and names the collection and status of a failure without the identity', async () => {
    write(config(port, (c) => {
      (c.collections as Record<string, Record<string, unknown>>).customers = { read: { path: '/away?email={identity.email}' } };
    }));
    await assert.rejects(accessRequest(await openConnector(`http:${file}`, { readOnly: true }), datasets(), { email: PEOPLE.bob.email }), /http:shop-api\.json: customers read: redirected to another origin \(refused\)/);
    assert.equal(api.other.hits, 0);
    write(config(port, (c) => {
      (c.collections as Record<string, Record<string, unknown>>).customers = { read: { path: '/fail?email={identity.email}' } };
    }));
    await assert.rejects(accessRequest(await openConnector(`http:${file}`, { readOnly: true }), datasets(), { email: PEOPLE.bob.email }), (e: Error) => {
      assert.match(e.message, /customers read: answered HTTP 500/);
      assert.doesNotMatch(e.message, /bob|example\.test|test-token/);
      return true;
    });
  });

  it('refuses a base URL that is not http(s) or holds a password, a read without a placeholder, and a world-readable secrets file', async () => {
    write(config(port, (c) => {
      c.base_url = 'file:///etc/passwd';
      (c.collections as Record<string, Record<string, unknown>>).orders = { read: { path: '/orders' } };
    }));
    await assert.rejects(openConnector(`http:${file}`), (e: Error) => {
      assert.match(e.message, /base_url: must use http or https/);
      assert.match(e.message, /collections\.orders\.read\.path: must use a placeholder/);
      return true;
    });
    write(config(port, (c) => (c.base_url = 'https://user:pw@api.example.test/')));
    await assert.rejects(openConnector(`http:${file}`), /base_url: must not hold a user or password/);
    write(config(port));
    chmodSync(process.env.TRUSTROOM_SECRETS_FILE as string, 0o644);
    try {
      await assert.rejects(openConnector(`http:${file}`), /TRUSTROOM_SECRETS_FILE: names a file every user of the machine can read \(mode 644\)/);
    } finally {
      chmodSync(process.env.TRUSTROOM_SECRETS_FILE as string, 0o600);
    }
    await assert.rejects(openConnector('https://api.example.test/'), /--connection: must be http:<path to an http connection file>/);
  });
});
