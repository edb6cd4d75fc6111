import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runTrustroom } from '../../../test/cli.ts';
import { shopTargets } from '../../../test/shop-targets.ts';
import { shopApi, shopApiConfig, TOKEN } from '../../modules/requests/fulfilment/shop-api-fixture.ts';
import { PEOPLE, SHOP_YAML_PATH, type Shop, shopYaml } from '../../modules/requests/fulfilment/shop-fixture.ts';

const ids = (rows: { id: unknown }[]) => rows.map((r) => Number(r.id)).sort((a, b) => a - b);

// SQLite, PostgreSQL and MariaDB (mysql:// with a user and password).
for (const target of shopTargets()) {
  describe(`trustroom requests access and erase [${target.name}]`, { skip: target.skip }, () => {
    let shop: Shop;
    before(async () => {
      shop = await target.open();
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

    it('reads the connection from the environment with env:NAME, or from the secrets file with secret:NAME', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'trustroom-dsr-secret-'));
      try {
        const secrets = join(dir, 'secrets');
        writeFileSync(secrets, `SHOP_DB=${shop.url}\n`, { mode: 0o600 });
        const args = ['requests', 'access', '--dataset', SHOP_YAML_PATH, '--identity', `email=${PEOPLE.alice.email}`, '--json'];
        const [fromEnv, fromSecret] = await Promise.all([
          runTrustroom([...args, '--connection', 'env:SHOP_DB'], { SHOP_DB: shop.url }),
          runTrustroom([...args, '--connection', 'secret:SHOP_DB'], { TRUSTROOM_SECRETS_FILE: secrets }),
        ]);
        for (const r of [fromEnv, fromSecret]) {
          assert.equal(r.code, 0, r.stderr);
          assert.deepEqual(ids(JSON.parse(r.stdout).collections['shop:customers']), [1]);
        }
        chmodSync(secrets, 0o644);
        const open = await runTrustroom([...args, '--connection', 'secret:SHOP_DB'], { TRUSTROOM_SECRETS_FILE: secrets });
        assert.equal(open.code, 2);
        assert.match(open.stderr, /TRUSTROOM_SECRETS_FILE: names a file every user of the machine can read/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}

describe('trustroom requests access and erase through a REST API (--connection http:<file>)', () => {
  const api = shopApi();
  let dir: string;
  let port: number;
  before(async () => {
    port = await api.start();
    dir = mkdtempSync(join(tmpdir(), 'trustroom-dsr-http-'));
  });
  after(async () => {
    await api.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("prints Bob's rows from the API, a dry run sends only reads, and erase sends his masked fields", async () => {
    const file = join(dir, 'shop-api.yml');
    const secrets = join(dir, 'secrets');
    writeFileSync(file, JSON.stringify(shopApiConfig(port)));
    writeFileSync(secrets, `SHOP_API_TOKEN=${TOKEN}\n`, { mode: 0o600 });
    const env = { TRUSTROOM_SECRETS_FILE: secrets };
    const args = ['--dataset', SHOP_YAML_PATH, '--connection', `http:${file}`, '--identity', `email=${PEOPLE.bob.email}`, '--json'];
    const access = await runTrustroom(['requests', 'access', ...args], env);
    assert.equal(access.code, 0, access.stderr);
    const out = JSON.parse(access.stdout);
    assert.deepEqual(ids(out.collections['shop:orders']), [1, 4]);
    assert.deepEqual(out.collections['shop:cards'], [{ id: 8, customer_id: 2, holder_name: 'BOB DURAND', number_last4: '1881' }]);
    const dry = await runTrustroom(['requests', 'erase', ...args, '--dry-run'], env);
    assert.equal(dry.code, 0, dry.stderr);
    assert.ok(api.calls.every((c) => c.method === 'GET'));
    const erase = await runTrustroom(['requests', 'erase', ...args.filter((a) => a !== '--json')], env);
    assert.equal(erase.code, 0, erase.stderr);
    assert.match(erase.stdout, /Erased through the API \(every row read first, then written; no transaction\)/);
    assert.equal(api.tables.get('customers')?.find((c) => c.id === 2)?.name, '[erased]');
    assert.equal(api.tables.get('customers')?.find((c) => c.id === 1)?.name, 'Alice Martin');
  });
});

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
    const args = ['requests', 'access', '--dataset', SHOP_YAML_PATH, '--identity', 'email=a@example.test', '--json'];
    const [pgRun, mysqlRun] = await Promise.all([
      runTrustroom([...args, '--connection', 'postgres://dsr:S3cretPassw0rd@127.0.0.1:1/shop'], {}),
      runTrustroom([...args, '--connection', 'mariadb://dsr:S3cretPassw0rd@127.0.0.1:1/shop?password=An0therSecret'], {}),
    ]);
    assert.equal(pgRun.code, 1);
    assert.match(pgRun.stderr, /cannot connect to postgres:\/\/dsr:\*\*\*@127\.0\.0\.1:1\/shop/);
    assert.equal(mysqlRun.code, 1);
    assert.match(mysqlRun.stderr, /cannot connect to mariadb:\/\/dsr:\*\*\*@127\.0\.0\.1:1\/shop: /);
    for (const r of [pgRun, mysqlRun]) {
      assert.doesNotMatch(r.stderr + r.stdout, /S3cretPassw0rd|An0therSecret/);
      assert.doesNotMatch(r.stderr, /a@example\.test/);
    }
  });

  it('exits 2 for a URL where an http connection file is expected, an unreadable one, and a secret that is not there', async () => {
    const args = ['requests', 'erase', '--dataset', SHOP_YAML_PATH, '--identity', 'email=a@example.test'];
    const secrets = join(dir, 'secrets');
    writeFileSync(secrets, 'OTHER=x\n', { mode: 0o600 });
    const [url, missing, secret] = await Promise.all([
      runTrustroom([...args, '--connection', 'https://api.example.test/'], {}),
      runTrustroom([...args, '--connection', `http:${join(dir, 'nope.yml')}`], {}),
      runTrustroom([...args, '--connection', 'secret:SHOP_DB'], { TRUSTROOM_SECRETS_FILE: secrets }),
    ]);
    assert.deepEqual([url.code, missing.code, secret.code], [2, 2, 2]);
    assert.match(url.stderr, /--connection: must be http:<path to an http connection file> \(docs\/http-connector\.md\), not a URL/);
    assert.match(missing.stderr, /--connection http:nope\.yml: \(file\): cannot be read/);
    assert.match(secret.stderr, /--connection: names the secret SHOP_DB, which is not in the TRUSTROOM_SECRETS_FILE file/);
  });
});
