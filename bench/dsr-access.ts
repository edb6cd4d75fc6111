/**
 * dsr-access: per-subject access in a shop of about 10 million rows on PostgreSQL, through the
 * connector path (`accessRequest` on one open connector, from `email=…`, as `trustroom requests
 * access` runs it minus process start) next to hand-written SQL fetching the same rows on a
 * connection opened the same way (the ceiling), in the same run.
 * The server is started by scripts/postgres.mjs (as `npm test` does) in a temporary folder and
 * removed at the end. The shop is the test shop (shop-fixture.ts SCHEMA, fixtures/shop.yml),
 * filled server-side with generate_series: DSR_BENCH_ROWS rows (default 10,000,000) at about
 * 25.5 rows per customer (1–3 addresses, 0–8 orders of 1–5 items, 1–2 cards, 0–10 logins), with
 * indexes on every foreign key. DSR_BENCH_SUBJECTS customers (default 200, seeded) are read by both
 * sides, alternating which goes first, after a warm-up; both must return identical rows.
 */
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import pg from 'pg';
import { pgBinDir, startPostgres } from '../scripts/postgres.mjs';
import type { Row } from '../src/modules/requests/fulfilment/connector.ts';
import { openConnector } from '../src/modules/requests/fulfilment/open-connector.ts';
import { readDatasets } from '../src/modules/requests/fulfilment/dataset.ts';
import { accessRequest } from '../src/modules/requests/fulfilment/fulfil.ts';
import { SCHEMA, SHOP_YAML_PATH } from '../src/modules/requests/fulfilment/shop-fixture.ts';

const ROWS = Number(process.env.DSR_BENCH_ROWS ?? 10_000_000);
const SUBJECTS = Number(process.env.DSR_BENCH_SUBJECTS ?? 200);
const WARM_UP = 20;
const SEED = 12;
const ROWS_PER_CUSTOMER = 25.5;

const round2 = (x: number) => Math.round(x * 100) / 100;
const round3 = (x: number) => Math.round(x * 1000) / 1000;
const log = (line: string) => process.stderr.write(`dsr-access: ${line}\n`);

/** A deterministic pseudo-random number of x in [0, 1000003), different per salt (SQL). */
const mix = (x: string, salt: number) => `((${x})::bigint * 2654435761 + ${salt * 40503}) % 1000003`;

/** The rows of each table, written by the server from generate_series (no per-row round trip). */
function loadStatements(customers: number): [string, string][] {
  const cities = `(ARRAY['Paris','Lyon','Nantes','Lille','Bordeaux','Toulouse','Nice','Rennes'])`;
  return [
    ['products', `INSERT INTO products SELECT 'SKU-' || s, 'Product ' || s FROM generate_series(0, 999) s`],
    ['customers', `INSERT INTO customers SELECT c, 'customer' || c || '@shop.test', 'Customer ' || c,
       CASE WHEN c % 5 = 0 THEN NULL ELSE '+33 6 ' || lpad((${mix('c', 7)})::text, 8, '0') END, (date '2020-01-01' + (c % 2000))::text
       FROM generate_series(1, ${customers}) c`],
    ['addresses', `INSERT INTO addresses SELECT c * 3 + k, c, (k + 1) || ' rue ' || c, ${cities}[1 + (${mix('c + k', 8)}) % 8], lpad(((${mix('c', 9)}) % 95000 + 1000)::text, 5, '0')
       FROM generate_series(1, ${customers}) c, generate_series(0, (${mix('c', 1)}) % 3) k`],
    ['orders', `INSERT INTO orders SELECT c * 9 + k, c, c * 3 + k % (1 + (${mix('c', 1)}) % 3), 500 + (${mix('c * 9 + k', 3)}) % 20000
       FROM generate_series(1, ${customers}) c, generate_series(0, (${mix('c', 2)}) % 9 - 1) k`],
    ['order_items', `INSERT INTO order_items SELECT o.id * 5 + k, o.id, 'SKU-' || (${mix('o.id * 5 + k', 10)}) % 1000,
       CASE WHEN (${mix('o.id + k', 11)}) % 10 = 0 THEN 'Gift for order ' || o.id ELSE NULL END
       FROM orders o, generate_series(0, (${mix('o.id', 4)}) % 5) k`],
    ['cards', `INSERT INTO cards SELECT c * 2 + k, c, upper('Customer ' || c), lpad(((${mix('c + k', 12)}) % 10000)::text, 4, '0')
       FROM generate_series(1, ${customers}) c, generate_series(0, (${mix('c', 5)}) % 2) k`],
    ['logins', `INSERT INTO logins SELECT c * 11 + k, c, to_char(timestamp '2026-01-01' + (${mix('c * 11 + k', 13)}) * interval '1 second' * 30, 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
       '198.51.100.' || (${mix('c', 14)}) % 256
       FROM generate_series(1, ${customers}) c, generate_series(0, (${mix('c', 6)}) % 11 - 1) k`],
  ];
}

/** The indexes a real shop has on its foreign keys (customers.email is UNIQUE in SCHEMA already). */
const INDEXES = [
  'CREATE INDEX addresses_customer_id ON addresses (customer_id)',
  'CREATE INDEX orders_customer_id ON orders (customer_id)',
  'CREATE INDEX orders_shipping_address_id ON orders (shipping_address_id)',
  'CREATE INDEX order_items_order_id ON order_items (order_id)',
  'CREATE INDEX cards_customer_id ON cards (customer_id)',
  'CREATE INDEX logins_customer_id ON logins (customer_id)',
];

/** Creates the shop and fills it; returns the row count of each table. */
async function buildShop(url: string): Promise<{ customers: number; perTable: Record<string, number> }> {
  const customers = Math.max(1, Math.round(ROWS / ROWS_PER_CUSTOMER));
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const s of SCHEMA) await client.query(s);
    // Rows are generated consistent with the foreign keys; their triggers would only slow the load.
    await client.query(`SET session_replication_role = replica`);
    const perTable: Record<string, number> = {};
    for (const [table, sql] of loadStatements(customers)) {
      const t = performance.now();
      perTable[table] = (await client.query(sql)).rowCount ?? 0;
      log(`${table}: ${perTable[table].toLocaleString('en')} rows in ${Math.round((performance.now() - t) / 1000)} s`);
    }
    await client.query(`SET session_replication_role = DEFAULT`);
    const t = performance.now();
    for (const s of INDEXES) await client.query(s);
    await client.query('VACUUM (ANALYZE)');
    log(`indexes, vacuum and analyze in ${Math.round((performance.now() - t) / 1000)} s`);
    return { customers, perTable };
  } finally {
    await client.end();
  }
}

/** mulberry32: the sampled subjects are the same in every run. */
function seeded(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The ceiling: what a developer who knows the schema writes by hand with pg. The customer by e-mail,
 * then its orders, then the rest by the customer's id, order ids and shipping address ids.
 */
async function handAccess(client: pg.Client, email: string): Promise<{ collections: Record<string, Row[]>; queries: number }> {
  let queries = 0;
  const q = async (sql: string, params: unknown[]) => {
    queries++;
    return (await client.query(sql, params)).rows as Row[];
  };
  const customers = await q('SELECT id, email, name, phone, created_at FROM customers WHERE email = $1', [email]);
  const ids = customers.map((c) => c.id);
  const collections: Record<string, Row[]> = { 'shop:customers': customers };
  const orders = await q('SELECT id, customer_id, shipping_address_id, total_cents FROM orders WHERE customer_id = ANY($1::int[])', [ids]);
  collections['shop:orders'] = orders;
  const shipping = [...new Set(orders.map((o) => o.shipping_address_id).filter((v) => v !== null))];
  collections['shop:addresses'] = await q('SELECT id, customer_id, street, city, postal_code FROM addresses WHERE customer_id = ANY($1::int[]) OR id = ANY($2::int[])', [ids, shipping]);
  collections['shop:cards'] = await q('SELECT id, customer_id, holder_name, number_last4 FROM cards WHERE customer_id = ANY($1::int[])', [ids]);
  collections['shop:logins'] = await q('SELECT id, customer_id, at, ip FROM logins WHERE customer_id = ANY($1::int[])', [ids]);
  collections['shop:order_items'] = orders.length ? await q('SELECT id, order_id, product_sku, gift_message FROM order_items WHERE order_id = ANY($1::int[])', [orders.map((o) => o.id)]) : [];
  return { collections, queries };
}

const byId = (rows: Row[]) => [...rows].sort((a, b) => Number(a.id) - Number(b.id));

/** Fails the bench when the two sides did not return the very same rows. */
function checkSame(subject: number, connector: Record<string, Row[]>, hand: Record<string, Row[]>) {
  const keys = Object.keys(connector).sort();
  if (!isDeepStrictEqual(keys, Object.keys(hand).sort())) throw new Error(`dsr-access: customer ${subject}: collections differ: ${keys.join(',')} vs ${Object.keys(hand).sort().join(',')}`);
  for (const k of keys) {
    const a = byId(connector[k] ?? []);
    const b = byId(hand[k] ?? []);
    if (!isDeepStrictEqual(a, b)) throw new Error(`dsr-access: customer ${subject}: ${k} differs (${a.length} rows through the connector, ${b.length} by hand)`);
  }
}

const stats = (ms: number[]) => {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] as number;
  return { p50Ms: round3(at(0.5)), p99Ms: round3(at(0.99)), meanMs: round3(s.reduce((x, y) => x + y, 0) / s.length) };
};

export async function benchDsrAccess() {
  const bin = pgBinDir();
  if (!bin) throw new Error('dsr-access: PostgreSQL server binaries (initdb, pg_ctl) not found: apt-get install -y postgresql');
  const server = await startPostgres(bin, { settings: { shared_buffers: '1GB', maintenance_work_mem: '512MB', max_wal_size: '8GB', wal_level: 'minimal', max_wal_senders: 0 } });
  const stopOnSignal = () => {
    server.stop();
    process.exit(130);
  };
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  try {
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    await admin.query('CREATE DATABASE shop');
    await admin.end();
    const url = server.url.replace(/\/[^/]*$/, '/shop');
    const loadStarted = performance.now();
    const { customers, perTable } = await buildShop(url);
    const loadSeconds = Math.round((performance.now() - loadStarted) / 1000);
    const rows = Object.values(perTable).reduce((a, b) => a + b, 0);
    log(`${rows.toLocaleString('en')} rows loaded in ${loadSeconds} s`);

    const datasets = readDatasets([{ name: 'shop.yml', text: readFileSync(SHOP_YAML_PATH, 'utf8') }]);
    const conn = await openConnector(url, { readOnly: true });
    // The ceiling's connection is opened as the connector opens its own.
    const hand = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
    await hand.connect();
    await hand.query('SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY');
    try {
      const random = seeded(SEED);
      const picked = new Set<number>();
      while (picked.size < Math.min(customers, SUBJECTS + WARM_UP)) picked.add(1 + Math.floor(random() * customers));
      const subjects = [...picked];
      const ms = { connector: [] as number[], handSql: [] as number[] };
      const queries = { connector: 0, handSql: 0 };
      let rowsRead = 0;
      for (const [i, id] of subjects.entries()) {
        const email = `customer${id}@shop.test`;
        const measured = i >= WARM_UP;
        let viaConnector: Record<string, Row[]> = {};
        let viaHand: Record<string, Row[]> = {};
        const order = i % 2 ? (['handSql', 'connector'] as const) : (['connector', 'handSql'] as const);
        for (const side of order) {
          if (side === 'connector') {
            const before = conn.queryCount;
            const t = performance.now();
            viaConnector = (await accessRequest(conn, datasets, { email })).collections;
            const took = performance.now() - t;
            if (measured) {
              ms.connector.push(took);
              queries.connector += conn.queryCount - before;
            }
          } else {
            const t = performance.now();
            const r = await handAccess(hand, email);
            const took = performance.now() - t;
            viaHand = r.collections;
            if (measured) {
              ms.handSql.push(took);
              queries.handSql += r.queries;
            }
          }
        }
        checkSame(id, viaConnector, viaHand);
        if (measured) rowsRead += Object.values(viaHand).reduce((a, r) => a + r.length, 0);
        if (i === WARM_UP - 1) log(`warm-up done (${WARM_UP} subjects); measuring ${subjects.length - WARM_UP}`);
      }
      const n = ms.connector.length;
      const connector = stats(ms.connector);
      const handSql = stats(ms.handSql);
      const ratio = round3(handSql.p50Ms / connector.p50Ms);
      return {
        name: 'dsr-access',
        rows,
        rowsPerTable: perTable,
        subjects: n,
        connector,
        handSql,
        ratio,
        target: 0.5,
        passed: ratio >= 0.5,
        ratioP99: round3(handSql.p99Ms / connector.p99Ms),
        queriesPerSubject: { connector: round2(queries.connector / n), handSql: round2(queries.handSql / n) },
        rowsPerSubject: round2(rowsRead / n),
        settings: { database: 'postgresql (throwaway server, loopback TCP, one connection per side)', warmUpSubjects: WARM_UP, seed: SEED, loadSeconds, order: 'alternating per subject', identicalRowsChecked: true },
      };
    } finally {
      await conn.close();
      await hand.end();
    }
  } finally {
    process.off('SIGINT', stopOnSignal);
    process.off('SIGTERM', stopOnSignal);
    server.stop();
  }
}
