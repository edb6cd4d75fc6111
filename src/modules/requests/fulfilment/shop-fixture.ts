/**
 * Test helper: a fictitious shop database (SQLite file, a fresh PostgreSQL database on the server
 * `npm test` starts, or a fresh database on a test MariaDB server) with three people, and its Fides
 * dataset in fixtures/shop.yml.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import mysql from 'mysql2/promise';
import pg from 'pg';

export const SHOP_YAML_PATH = fileURLToPath(new URL('./fixtures/shop.yml', import.meta.url));
export const shopYaml = () => readFileSync(SHOP_YAML_PATH, 'utf8');

/** The shop's tables (bench/dsr-access.ts creates them too, at ten million rows). */
export const SCHEMA = [
  'CREATE TABLE customers (id integer PRIMARY KEY, email text NOT NULL UNIQUE, name varchar(40), phone text, created_at text)',
  'CREATE TABLE addresses (id integer PRIMARY KEY, customer_id integer REFERENCES customers(id), street text, city text, postal_code text)',
  'CREATE TABLE orders (id integer PRIMARY KEY, customer_id integer REFERENCES customers(id), shipping_address_id integer REFERENCES addresses(id), total_cents integer NOT NULL)',
  'CREATE TABLE order_items (id integer PRIMARY KEY, order_id integer REFERENCES orders(id), product_sku text, gift_message text)',
  'CREATE TABLE cards (id integer PRIMARY KEY, customer_id integer REFERENCES customers(id), holder_name text, number_last4 text)',
  'CREATE TABLE logins (id integer PRIMARY KEY, customer_id integer REFERENCES customers(id), at text, ip text)',
  'CREATE TABLE products (sku text PRIMARY KEY, title text)',
];

export const PEOPLE = {
  alice: { id: 1, email: 'alice@example.test' },
  bob: { id: 2, email: 'bob@example.test' },
  carol: { id: 3, email: 'carol@example.test' },
} as const;

/** Carol's many orders: order_items must be read in chunks of 500 order ids. */
export const CAROL_ORDERS = 1200;

/** Rows as [table, columns, values[]]; ids overlap across tables on purpose (an order id equal to a customer id). */
export function seedRows(): [string, string[], unknown[][]][] {
  const carolOrders = Array.from({ length: CAROL_ORDERS }, (_, i) => [1000 + i, 3, 30, 500]);
  return [
    ['customers', ['id', 'email', 'name', 'phone', 'created_at'], [
      [1, PEOPLE.alice.email, 'Alice Martin', '+33 1 23 45 67 89', '2026-01-02'],
      [2, PEOPLE.bob.email, 'Bob Durand', '+33 6 00 00 00 02', '2026-02-03'],
      [3, PEOPLE.carol.email, 'Carol Petit', null, '2026-03-04'],
    ]],
    ['addresses', ['id', 'customer_id', 'street', 'city', 'postal_code'], [
      [10, 1, '1 rue Alice', 'Paris', '75001'], [11, 1, '2 avenue Alice', 'Lyon', '69001'],
      [20, 2, '3 rue Bob', 'Nantes', '44000'], [30, 3, '4 rue Carol', 'Lille', '59000'],
    ]],
    ['orders', ['id', 'customer_id', 'shipping_address_id', 'total_cents'], [
      [2, 1, 11, 1999], [3, 1, 10, 2500], [1, 2, 20, 999], [4, 2, 20, 1500], ...carolOrders,
    ]],
    ['order_items', ['id', 'order_id', 'product_sku', 'gift_message'], [
      [100, 2, 'SKU-A', 'Happy birthday Alice'], [101, 2, 'SKU-B', null], [102, 3, 'SKU-A', null],
      [200, 1, 'SKU-C', 'For Bob'], [201, 4, 'SKU-A', null],
      ...carolOrders.map(([orderId], i) => [5000 + i, orderId, 'SKU-B', null]),
    ]],
    ['cards', ['id', 'customer_id', 'holder_name', 'number_last4'], [[7, 1, 'ALICE MARTIN', '4242'], [8, 2, 'BOB DURAND', '1881']]],
    ['logins', ['id', 'customer_id', 'at', 'ip'], [[1, 2, '2026-04-01T10:00:00Z', '192.0.2.2'], [2, 1, '2026-04-02T10:00:00Z', '192.0.2.1'], [3, 1, '2026-04-03T10:00:00Z', '192.0.2.1']]],
    ['products', ['sku', 'title'], [['SKU-A', 'Mug'], ['SKU-B', 'Tea'], ['SKU-C', 'Pot']]],
  ];
}

export interface Shop {
  /** The --connection string. */
  url: string;
  /** Runs a query on the shop directly (checks in tests). */
  query(sql: string): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

/** Where a MariaDB shop is created (test/mariadb.ts's server). */
export interface ShopServer {
  createDatabase(name: string): Promise<string>;
  dropDatabase(name: string): Promise<void>;
}

/** A seeded shop on the dialect; `mariadb` needs the server to create its database on. */
export async function openShop(dialect: 'sqlite' | 'postgres' | 'mariadb', server?: ShopServer): Promise<Shop> {
  const rows = seedRows();
  if (dialect === 'mariadb') {
    if (!server) throw new Error('openShop(mariadb) needs a MariaDB server: see test/mariadb.ts');
    return openMariadbShop(server, rows);
  }
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'trustroom-shop-'));
    const path = join(dir, 'shop.sqlite');
    const db = new Database(path);
    for (const s of SCHEMA) db.exec(s);
    db.transaction(() => {
      for (const [table, cols, values] of rows) {
        const stmt = db.prepare(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`);
        for (const v of values) stmt.run(...v);
      }
    })();
    return {
      url: `sqlite:${path}`,
      query: async (sql) => db.prepare(sql).all() as Record<string, unknown>[],
      close: async () => {
        db.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const adminUrl = process.env.TEST_PG_URL;
  if (!adminUrl) throw new Error('TEST_PG_URL is not set: run the suite with npm test');
  const name = `shop_${process.pid}_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = adminUrl.replace(/\/[^/]*$/, `/${name}`);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  for (const s of SCHEMA) await client.query(s);
  for (const [table, cols, values] of rows) {
    for (let i = 0; i < values.length; i += 200) {
      const params: unknown[] = [];
      const tuples = values.slice(i, i + 200).map((v) => `(${v.map((x) => { params.push(x); return `$${params.length}`; }).join(', ')})`);
      await client.query(`INSERT INTO ${table} (${cols.join(', ')}) VALUES ${tuples.join(', ')}`, params);
    }
  }
  return {
    url,
    query: async (sql) => (await client.query(sql)).rows,
    close: async () => {
      await client.end();
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

async function openMariadbShop(server: ShopServer, rows: ReturnType<typeof seedRows>): Promise<Shop> {
  const name = `shop_${process.pid}_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6)}`;
  const url = await server.createDatabase(name);
  const conn = await mysql.createConnection({ uri: url, dateStrings: true });
  // A TEXT column cannot be a primary key in MariaDB without a prefix length; UNIQUE on TEXT is fine.
  for (const s of SCHEMA) await conn.query(s.replace('sku text PRIMARY KEY', 'sku varchar(32) PRIMARY KEY'));
  for (const [table, cols, values] of rows) {
    for (let i = 0; i < values.length; i += 200) await conn.query(`INSERT INTO ${table} (${cols.join(', ')}) VALUES ?`, [values.slice(i, i + 200)]);
  }
  return {
    url,
    query: async (sql) => (await conn.query(sql))[0] as Record<string, unknown>[],
    close: async () => {
      await conn.end();
      await server.dropDatabase(name);
    },
  };
}
