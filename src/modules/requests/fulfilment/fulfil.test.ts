import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { shopTargets } from '../../../../test/shop-targets.ts';
import { readDatasets } from './dataset.ts';
import { accessRequest, eraseRequest } from './fulfil.ts';
import { openConnector } from './open-connector.ts';
import { CAROL_ORDERS, PEOPLE, type Shop, shopYaml } from './shop-fixture.ts';

const datasets = () => readDatasets([{ name: 'shop.yml', text: shopYaml() }]);
const ids = (rows: Record<string, unknown>[] | undefined) => (rows ?? []).map((r) => Number(r.id)).sort((a, b) => a - b);
const TABLES = ['customers', 'addresses', 'orders', 'order_items', 'cards', 'logins', 'products'];

// The same cases on every system: SQLite, PostgreSQL and MariaDB (MySQL's protocol and SQL).
for (const target of shopTargets()) {
  describe(`fulfilment connectors [${target.name}]`, { skip: target.skip }, () => {
    let shop: Shop;
    before(async () => {
      shop = await target.open();
    });
    after(async () => shop?.close());
    /** Every row, or with `othersThanAlice` only the rows that are not Alice's. */
    const snapshot = async (othersThanAlice = false) => {
      const notAlice: Record<string, string> = { customers: 'id <> 1', order_items: 'order_id NOT IN (2, 3)', products: '1 = 1' };
      const out: Record<string, unknown> = {};
      for (const t of TABLES) out[t] = await shop.query(`SELECT * FROM ${t} ${othersThanAlice ? `WHERE ${notAlice[t] ?? 'customer_id <> 1'}` : ''} ORDER BY 1`);
      return out;
    };

    it("returns exactly one person's rows in every collection reached, none of the others', in one statement per collection", async () => {
      const conn = await openConnector(shop.url, { readOnly: true });
      try {
        const r = await accessRequest(conn, datasets(), { email: PEOPLE.alice.email });
        assert.deepEqual(Object.keys(r.collections).sort(), ['shop:addresses', 'shop:cards', 'shop:customers', 'shop:logins', 'shop:order_items', 'shop:orders']);
        assert.deepEqual(ids(r.collections['shop:customers']), [1]);
        assert.deepEqual(ids(r.collections['shop:addresses']), [10, 11]);
        assert.deepEqual(ids(r.collections['shop:orders']), [2, 3]);
        assert.deepEqual(ids(r.collections['shop:order_items']), [100, 101, 102]);
        assert.deepEqual(ids(r.collections['shop:cards']), [7]);
        assert.deepEqual(ids(r.collections['shop:logins']), [2, 3]);
        assert.deepEqual(r.unreachable, ['shop:products']);
        assert.deepEqual(r.collections['shop:customers']?.[0], { id: 1, email: PEOPLE.alice.email, name: 'Alice Martin', phone: '+33 1 23 45 67 89', created_at: '2026-01-02' });
        assert.equal(conn.queryCount, 6);
      } finally {
        await conn.close();
      }
    });

    it('reads large IN lists in chunks of 500 values: 1,200 orders take three order_items statements', async () => {
      const conn = await openConnector(shop.url, { readOnly: true });
      try {
        const r = await accessRequest(conn, datasets(), { email: PEOPLE.carol.email });
        assert.equal(r.collections['shop:orders']?.length, CAROL_ORDERS);
        assert.equal(r.collections['shop:order_items']?.length, CAROL_ORDERS);
        assert.deepEqual(ids(r.collections['shop:addresses']), [30]);
        assert.deepEqual(r.collections['shop:cards'], []);
        assert.equal(conn.queryCount, 5 + Math.ceil(CAROL_ORDERS / 500));
      } finally {
        await conn.close();
      }
    });

    it('an identity found nowhere reads one statement and returns empty collections', async () => {
      const conn = await openConnector(shop.url, { readOnly: true });
      try {
        const r = await accessRequest(conn, datasets(), { email: 'nobody@example.test' });
        assert.ok(Object.values(r.collections).every((rows) => rows.length === 0));
        assert.equal(conn.queryCount, 1);
      } finally {
        await conn.close();
      }
    });

    it('a connection opened for an access request cannot write', async () => {
      const conn = await openConnector(shop.url, { readOnly: true });
      try {
        await assert.rejects(conn.update({ schema: null, table: 'customers' }, { keys: ['id'], rows: [{ key: [2], values: {} }], set: { name: 'changed' }, perRowColumns: [] }));
      } finally {
        await conn.close();
      }
      assert.deepEqual(await shop.query('SELECT name FROM customers WHERE id = 2'), [{ name: 'Bob Durand' }]);
    });

    it("a dry run counts what erasure would mask and changes nothing", async () => {
      const before = await snapshot();
      const conn = await openConnector(shop.url);
      try {
        const r = await eraseRequest(conn, datasets(), { email: PEOPLE.alice.email }, { dryRun: true });
        assert.equal(r.dryRun, true);
        assert.deepEqual(r.collections['shop:customers'], { rows: 1, fields: ['email', 'name', 'phone'] });
      } finally {
        await conn.close();
      }
      assert.deepEqual(await snapshot(), before);
    });

    it("erasure masks only that person's fields by category, keeps rows and keys, and leaves the others untouched", async () => {
      const othersBefore = await snapshot(true);
      const conn = await openConnector(shop.url);
      let r;
      try {
        r = await eraseRequest(conn, datasets(), { email: PEOPLE.alice.email });
      } finally {
        await conn.close();
      }
      assert.deepEqual(r.collections, {
        'shop:customers': { rows: 1, fields: ['email', 'name', 'phone'] },
        'shop:cards': { rows: 1, fields: ['holder_name', 'number_last4'] },
        'shop:logins': { rows: 2, fields: ['ip'] },
        'shop:orders': { rows: 0, fields: [] },
        'shop:addresses': { rows: 2, fields: ['street', 'city', 'postal_code'] },
        'shop:order_items': { rows: 3, fields: ['gift_message'] },
      });
      assert.deepEqual(r.untouched['shop:customers'], ['id', 'created_at']);
      const [alice] = await shop.query('SELECT * FROM customers WHERE id = 1');
      assert.match(String(alice?.email), /^[0-9a-f]{64}$/);
      assert.deepEqual([alice?.name, alice?.phone, alice?.created_at], ['[erased]', null, '2026-01-02']);
      assert.deepEqual(await shop.query('SELECT street, city, postal_code FROM addresses WHERE customer_id = 1 ORDER BY id'), [
        { street: '[erased]', city: '[erased]', postal_code: '[erased]' }, { street: '[erased]', city: '[erased]', postal_code: '[erased]' }]);
      assert.deepEqual(await shop.query('SELECT id, holder_name, number_last4 FROM cards WHERE customer_id = 1'), [{ id: 7, holder_name: '[erased]', number_last4: null }]);
      assert.deepEqual(await shop.query('SELECT gift_message FROM order_items WHERE id = 100'), [{ gift_message: null }]);
      assert.deepEqual(await shop.query('SELECT ip FROM logins WHERE customer_id = 1'), [{ ip: null }, { ip: null }]);
      assert.deepEqual((await shop.query('SELECT id FROM orders WHERE customer_id = 1 ORDER BY id')).map((o) => o.id), [2, 3]);
      assert.deepEqual(await snapshot(true), othersBefore);
    });

    it('refuses to erase in a collection with fields to mask but no primary key, before reading anything', async () => {
      const text = shopYaml().replace(/(- name: cards\n\s+fields:\n\s+- name: id\n\s+data_categories: \[system.operations\])\n\s+fides_meta:\n\s+primary_key: true/, '$1');
      assert.notEqual(text, shopYaml());
      const conn = await openConnector(shop.url);
      try {
        await assert.rejects(eraseRequest(conn, readDatasets([{ name: 'shop.yml', text }]), { email: PEOPLE.bob.email }), (e: Error & { status?: number }) => {
          assert.equal(e.status, 400);
          assert.match(e.message, /--dataset shop:cards: has fields to erase but no field with fides_meta.primary_key: true/);
          return true;
        });
        assert.equal(conn.queryCount, 0);
      } finally {
        await conn.close();
      }
    });
  });
}
