/**
 * Test helper: the test shop (shop-fixture.ts) behind a small REST API on 127.0.0.1 (node:http),
 * recording every call, and the http connection file that describes it. /api/orders ignores its
 * filter on purpose (the connector must drop the other people's orders); /api/away redirects to a
 * second server (another origin) and /api/fail answers 500.
 */
import { createServer, type IncomingMessage } from 'node:http';
import { seedRows } from './shop-fixture.ts';

export const TOKEN = 'Bearer test-token-7f3a';

export interface Call {
  method: string;
  path: string;
  body: unknown;
  auth: string | undefined;
}

/** Starts with `start()` (returns the port), stops with `stop()`; `tables` is the data as the API holds it. */
export function shopApi() {
  const tables = new Map<string, Record<string, unknown>[]>();
  for (const [table, cols, values] of seedRows()) tables.set(table, values.map((v) => Object.fromEntries(cols.map((c, i) => [c, v[i]]))));
  const calls: Call[] = [];
  const server = createServer(async (req: IncomingMessage, res) => {
    let text = '';
    for await (const chunk of req) text += chunk;
    const url = new URL(req.url ?? '/', 'http://x');
    calls.push({ method: req.method ?? '', path: url.pathname + url.search, body: text ? JSON.parse(text) : undefined, auth: req.headers.authorization });
    const send = (status: number, body?: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(body === undefined ? '' : JSON.stringify(body));
    };
    if (req.headers.authorization !== TOKEN) return send(401, { error: 'unauthorized' });
    if (url.pathname === '/api/fail') return send(500, { error: 'boom' });
    if (url.pathname === '/api/away') {
      res.writeHead(302, { location: `http://127.0.0.1:${other.port}/api/customers${url.search}` });
      return res.end();
    }
    const m = /^\/api\/([a-z_]+)(?:\/(\d+))?$/.exec(url.pathname);
    const rows = m ? tables.get(m[1] as string) : undefined;
    if (!m || !rows) return send(404);
    if (m[2]) {
      const row = rows.find((r) => String(r.id) === m[2]);
      if (!row) return send(404);
      if (req.method === 'GET') return send(200, row);
      // Masking writes: a flat body, or the cards' nested one.
      const patch = (m[1] === 'cards' ? { holder_name: (text && JSON.parse(text).card.holder) ?? null, number_last4: JSON.parse(text).card.last4 } : JSON.parse(text)) as Record<string, unknown>;
      Object.assign(row, patch);
      return send(200, row);
    }
    const [field, value] = [...url.searchParams][0] ?? [];
    const matching = m[1] === 'orders' ? rows : rows.filter((r) => String(r[field as string]) === value);
    return send(200, { data: { items: matching } });
  });
  const other = { port: 0, hits: 0, server: createServer((_req, res) => {
    other.hits++;
    res.end('[]');
  }) };
  return {
    tables, calls, other,
    async start() {
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      await new Promise<void>((r) => other.server.listen(0, '127.0.0.1', r));
      other.port = (other.server.address() as { port: number }).port;
      return (server.address() as { port: number }).port;
    },
    async stop() {
      await new Promise((r) => server.close(r));
      await new Promise((r) => other.server.close(r));
    },
  };
}

const byCustomer = (c: string) => ({ read: { path: `/${c}?customer_id={customer_id}`, rows: 'data.items' }, update: { method: 'PATCH', path: `/${c}/{id}` } });

/** The http connection file's content for the API on `port`; the token is `secret:SHOP_API_TOKEN`. */
export function shopApiConfig(port: number, change: (c: Record<string, unknown>) => void = () => undefined) {
  const c: Record<string, unknown> = {
    base_url: `http://127.0.0.1:${port}/api`,
    headers: { Authorization: 'secret:SHOP_API_TOKEN' },
    collections: {
      customers: { read: { path: '/customers?email={identity.email}', rows: 'data.items' }, update: { path: '/customers/{id}' } },
      addresses: { read: [{ path: '/addresses?customer_id={customer_id}', rows: 'data.items' }, { path: '/addresses/{id}' }], update: { method: 'PUT', path: '/addresses/{id}' } },
      orders: { read: { path: '/orders?customer_id={customer_id}', rows: 'data.items' } },
      order_items: { read: { path: '/order_items?order_id={order_id}', rows: 'data.items' }, update: { path: '/order_items/{id}' } },
      cards: { ...byCustomer('cards'), update: { path: '/cards/{id}', body: { card: { holder: '{holder_name}', last4: '{number_last4}' } } } },
      logins: byCustomer('logins'),
    },
  };
  change(c);
  return c;
}

