/**
 * Helpers for the webhook tests: a customer row written directly (independent of the customers
 * module), a real receiving HTTP server on 127.0.0.1, and a clock the test moves by hand.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Db } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { newId } from '../../shared/ids.ts';

/** A customer of the workspace with default terms; returns its id. */
export async function insertCustomer(db: Db, workspaceId: string, name = `Customer ${newId().slice(0, 6)}`): Promise<string> {
  const id = newId();
  const now = new Date().toISOString();
  await db.insertInto('customers').values({
    id, workspace_id: workspaceId, name, country: 'FR', time_zone: null, notice_days: null, authorisation: 'general', special_terms: null, created_at: now, updated_at: now,
  }).execute();
  return id;
}

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Receiver {
  /** `http://127.0.0.1:<port>/hooks/trustroom`. */
  url: string;
  received: ReceivedRequest[];
  close(): Promise<void>;
}

/**
 * A real HTTP server on 127.0.0.1 and a free port that records every request and answers with the
 * status `answer` returns for it (called with the 1-based request number), or never answers ('hang').
 */
export async function startReceiver(answer: (n: number, req: ReceivedRequest) => number | 'hang' = () => 200): Promise<Receiver> {
  const received: ReceivedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r: ReceivedRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      received.push(r);
      const status = answer(received.length, r);
      if (status === 'hang') return;
      res.writeHead(status, { 'content-type': 'text/plain', ...(status >= 300 && status < 400 ? { location: 'http://127.0.0.1:9/elsewhere' } : {}) });
      res.end(`answer ${status} with a body that must not be stored`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/trustroom`,
    received,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** A clock that stands still until the test moves it. */
export function manualClock(iso = '2030-03-01T09:00:00.000Z'): Clock & { advance(ms: number): void; set(iso: string): void } {
  let t = new Date(iso).getTime();
  return {
    now: () => new Date(t),
    advance: (ms) => {
      t += ms;
    },
    set: (s) => {
      t = new Date(s).getTime();
    },
  };
}
