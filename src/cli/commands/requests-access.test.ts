import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runTrustroom } from '../../../test/cli.ts';
import { DIALECTS } from '../../../test/dialects.ts';
import { openShop, PEOPLE, SHOP_YAML_PATH, type Shop, shopYaml } from '../../modules/requests/fulfilment/shop-fixture.ts';

const ids = (rows: { id: unknown }[]) => rows.map((r) => Number(r.id)).sort((a, b) => a - b);

for (const dialect of ['sqlite', 'postgres'] as const) {
  const skip = !DIALECTS.includes(dialect) ? `${dialect} not in TEST_DIALECTS` : dialect === 'postgres' && !process.env.TEST_PG_URL ? 'no PostgreSQL server: run through npm test' : false;
  describe(`trustroom requests access and erase [${dialect}]`, { skip }, () => {
    let shop: Shop;
    before(async () => {
      shop = await openShop(dialect);
    });
    after(async () => shop?.close());

    it("prints one person's rows by <fides_key>:<collection>, then erases them; a dry run first changes nothing", async () => {
      const args = ['--dataset', SHOP_YAML_PATH, '--connection', shop.url, '--identity', `email=${PEOPLE.bob.email}`, '--json'];
      const access = await runTrustroom(['requests', 'access', ...args], {});
      assert.equal(access.code, 0, access.stderr);
      const out = JSON.parse(access.stdout);
      assert.deepEqual(ids(out.collections['shop:customers']), [2]);
      assert.deepEqual(ids(out.collections['shop:orders']), [1, 4]);
      assert.deepEqual(ids(out.collections['shop:order_items']), [200, 201]);
      assert.deepEqual(ids(out.collections['shop:addresses']), [20]);
      assert.deepEqual(out.collections['shop:cards'], [{ id: 8, customer_id: 2, holder_name: 'BOB DURAND', number_last4: '1881' }]);
      assert.deepEqual(out.unreachable, ['shop:products']);

      const dry = await runTrustroom(['requests', 'erase', ...args, '--dry-run'], {});
      assert.equal(dry.code, 0, dry.stderr);
      assert.deepEqual(JSON.parse(dry.stdout).collections['shop:logins'], { rows: 1, fields: ['ip'] });
      assert.deepEqual(await shop.query('SELECT name FROM customers WHERE id = 2'), [{ name: 'Bob Durand' }]);

      const erase = await runTrustroom(['requests', 'erase', ...args], {});
      assert.equal(erase.code, 0, erase.stderr);
      assert.deepEqual(JSON.parse(erase.stdout).collections['shop:customers'], { rows: 1, fields: ['email', 'name', 'phone'] });
      assert.deepEqual(await shop.query('SELECT id, name FROM customers ORDER BY id'), [{ id: 1, name: 'Alice Martin' }, { id: 2, name: '[erased]' }, { id: 3, name: 'Carol Petit' }]);
    });

    it('reads the connection from the environment with env:NAME', async () => {
      const r = await runTrustroom(['requests', 'access', '--dataset', SHOP_YAML_PATH, '--connection', 'env:SHOP_DB', '--identity', `email=${PEOPLE.alice.email}`, '--json'], { SHOP_DB: shop.url });
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(ids(JSON.parse(r.stdout).collections['shop:customers']), [1]);
    });
  });
}

describe('trustroom requests access: bad input and failures', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'trustroom-dsr-cli-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 2 naming the path of a bad reference in the dataset file', async () => {
    const bad = join(dir, 'bad.yml');
    writeFileSync(bad, shopYaml().replace('field: orders.id', 'field: orders'));
    const r = await runTrustroom(['requests', 'access', '--dataset', bad, '--connection', 'sqlite:/nonexistent.sqlite', '--identity', 'email=a@example.test', '--json'], {});
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /--dataset bad\.yml: dataset\[0\]\.collections\[3\]\.fields\[1\]\.fides_meta\.references\[0\]\.field: must be collection\.field/);
  });

  it('exits 2 naming a reference to a field that does not exist, and missing flags', async () => {
    const bad = join(dir, 'missing.yml');
    writeFileSync(bad, shopYaml().replace('field: customers.id\n                  direction: from', 'field: customers.uid\n                  direction: from'));
    const [ref, flags] = await Promise.all([
      runTrustroom(['requests', 'erase', '--dataset', bad, '--connection', 'sqlite:/x', '--identity', 'email=a@example.test'], {}),
      runTrustroom(['requests', 'erase', '--json'], {}),
    ]);
    assert.equal(ref.code, 2);
    assert.match(ref.stderr, /missing\.yml: dataset\[0\]\.collections\[1\]\.fields\[1\]\.fides_meta\.references\[0\]\.field: names no field of dataset shop \(customers\.uid\)/);
    assert.equal(flags.code, 2);
    assert.match(flags.stderr, /--dataset: is required.*--connection: is required.*--identity: is required/);
  });

  it('exits 1 when the database cannot be reached, without printing the password', async () => {
    const r = await runTrustroom(['requests', 'access', '--dataset', SHOP_YAML_PATH, '--connection', 'postgres://dsr:S3cretPassw0rd@127.0.0.1:1/shop', '--identity', 'email=a@example.test', '--json'], {});
    assert.equal(r.code, 1);
    assert.match(r.stderr, /cannot connect to postgres:\/\/dsr:\*\*\*@127\.0\.0\.1:1\/shop/);
    assert.doesNotMatch(r.stderr + r.stdout, /S3cretPassw0rd/);
    assert.doesNotMatch(r.stderr, /a@example\.test/);
  });
});
