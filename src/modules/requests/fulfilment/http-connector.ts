/**
 * A REST API as a fulfilment target: each collection is read, masked and deleted through templated
 * requests (http-connection.ts, docs/http-connector.md). A lookup `column IN (values)` becomes one
 * request per value; rows whose looked-up field does not hold that value are dropped, so an API that
 * ignores a filter never hands over someone else's rows. Only http(s) to the base URL's origin and
 * path; a redirect elsewhere is refused. There is no transaction: erasure reads everything first,
 * then writes, and stops at the first failed write. Messages name the collection and the status,
 * never a URL (it may hold the identity) or a header.
 */
import { AppError } from '../../../shared/errors.ts';
import type { Connector, InTerm, Row, RowUpdate, TableRef } from './connector.ts';
import { type HttpCollection, type HttpConnectionDef, type ReadTemplate, readHttpConnection, type RequestTemplate } from './http-connection.ts';

/** Largest answer read; a bigger one is an error, not a cut-off list of rows. */
const MAX_BODY = 10 * 1024 * 1024;
const MAX_REDIRECTS = 3;

type Values = Record<string, unknown>;

const failed = (message: string) => new AppError('http_request_failed', 502, message);

/** A placeholder's value in a path: encoded, so it cannot leave its segment or change the host. */
function pathValue(name: string, v: unknown, what: string): string {
  if (v === null || v === undefined) throw failed(`${what}: {${name}} has no value`);
  const text = String(v);
  // `.` and `..` (even encoded) would move up the path.
  if (text === '.' || text === '..') throw failed(`${what}: {${name}} is not a usable path value`);
  return encodeURIComponent(text);
}

/** Fills a body: a string that is one placeholder takes the value as it is (null stays null). */
function fillBody(body: unknown, values: Values): unknown {
  if (typeof body === 'string') {
    const whole = /^\{([^{}]+)\}$/.exec(body);
    if (whole) return values[whole[1] as string] ?? null;
    return body.replace(/\{([^{}]+)\}/g, (_, n: string) => String(values[n] ?? ''));
  }
  if (Array.isArray(body)) return body.map((b) => fillBody(b, values));
  if (typeof body === 'object' && body !== null) return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, fillBody(v, values)]));
  return body;
}

const sameValue = (a: unknown, b: unknown, identity: boolean) =>
  a !== null && a !== undefined && (identity ? String(a).trim().toLowerCase() === String(b).trim().toLowerCase() : String(a) === String(b));

class HttpConnector implements Connector {
  readonly dialect = 'http' as const;
  queryCount = 0;
  /** Rows an API answered that did not hold the value looked up (dropped, never returned). */
  droppedRows = 0;
  private readonly def: HttpConnectionDef;
  private readonly readOnly: boolean;
  constructor(def: HttpConnectionDef, readOnly: boolean) {
    this.def = def;
    this.readOnly = readOnly;
  }

  private collection(t: TableRef): HttpCollection | undefined {
    return (t.dataset ? this.def.collections.get(`${t.dataset}:${t.table}`) : undefined) ?? this.def.collections.get(t.table);
  }

  /** The first read whose placeholders are all filled by a lookup on `column`. */
  private readFor(c: HttpCollection, column: string, identity?: string): ReadTemplate | undefined {
    return c.read.find((r) => r.placeholders.every((p) => p === column || (identity !== undefined && p === `identity.${identity}`)));
  }

  refusal(t: TableRef, op: 'read' | 'update' | 'delete', lookups: { column: string; identity?: string }[] = []): string | null {
    const c = this.collection(t);
    if (!c) return `names no collection ${t.table} in ${this.def.label}`;
    if (op !== 'read') return c[op] ? null : `has no ${op} request for ${t.table} in ${this.def.label}`;
    if (!c.read.length) return `has no read request for ${t.table} in ${this.def.label}`;
    const missing = lookups.filter((l) => !this.readFor(c, l.column, l.identity));
    return missing.length ? `has no read request for ${t.table} using {${missing[0]?.identity ? `identity.${missing[0].identity}` : missing[0]?.column}} (the dataset looks it up by ${missing.map((m) => m.column).join(', ')})` : null;
  }

  async select(table: TableRef, columns: string[], where: InTerm[]): Promise<Row[]> {
    const c = this.collection(table);
    const out: Row[] = [];
    for (const term of where) {
      const read = c && this.readFor(c, term.column, term.identity);
      if (!read) throw failed(`${this.def.label}: ${this.refusal(table, 'read', [term]) ?? `cannot read ${table.table}`}`);
      for (const v of term.values) {
        const values: Values = { [term.column]: v, ...(term.identity ? { [`identity.${term.identity}`]: v } : {}) };
        const answer = await this.send(read, values, `${table.table} read`, true);
        for (const row of rowsOf(answer, read.rows, `${this.def.label}: ${table.table} read`)) {
          if (!sameValue(row[term.column], v, term.identity !== undefined)) {
            this.droppedRows++;
            continue;
          }
          out.push(Object.fromEntries(columns.map((col) => [col, row[col] ?? null])));
        }
      }
    }
    return out;
  }

  async update(table: TableRef, u: RowUpdate): Promise<number> {
    const t = this.writable(table, 'update');
    for (const r of u.rows) {
      const values: Values = { ...Object.fromEntries(u.keys.map((k, i) => [k, r.key[i]])), ...u.set, ...r.values };
      // Without a body template the masked fields are sent as one JSON object.
      const body = t.body === undefined ? { ...u.set, ...r.values } : t.body;
      await this.send({ ...t, body }, values, `${table.table} update`, false);
    }
    return u.rows.length;
  }

  async delete(table: TableRef, keys: string[], rows: unknown[][]): Promise<number> {
    const t = this.writable(table, 'delete');
    for (const r of rows) await this.send(t, Object.fromEntries(keys.map((k, i) => [k, r[i]])), `${table.table} delete`, false);
    return rows.length;
  }

  private writable(table: TableRef, op: 'update' | 'delete'): RequestTemplate {
    if (this.readOnly) throw new Error('the connection was opened read-only');
    const t = this.collection(table)?.[op];
    if (!t) throw failed(`${this.def.label}: has no ${op} request for ${table.table}`);
    return t;
  }

  /** One request; follows a redirect only to the same origin, and only for a GET. 404 on a read is no rows. */
  private async send(t: RequestTemplate, values: Values, what: string, isRead: boolean): Promise<unknown> {
    const label = `${this.def.label}: ${what}`;
    const path = t.path.replace(/\{([^{}]+)\}/g, (_, n: string) => pathValue(n, values[n], label));
    const base = this.def.baseUrl;
    let url = new URL(`${base.pathname.replace(/\/$/, '')}${path}`, base.origin);
    if (url.origin !== base.origin || !url.pathname.startsWith(base.pathname.replace(/\/$/, ''))) throw failed(`${label}: the path leaves the base URL`);
    const body = t.body === undefined ? undefined : JSON.stringify(fillBody(t.body, values));
    const headers: Record<string, string> = { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...this.def.headers };
    for (let hop = 0; ; hop++) {
      this.queryCount++;
      let res: Response;
      try {
        res = await fetch(url, { method: t.method, headers, body, redirect: 'manual', signal: AbortSignal.timeout(this.def.timeoutMs) });
      } catch (e) {
        const cause = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).name;
        throw failed(`${label}: cannot reach ${base.origin} (${cause})`);
      }
      if (res.status >= 300 && res.status < 400 && res.headers.get('location')) {
        await res.body?.cancel();
        const next = new URL(res.headers.get('location') as string, url);
        if (next.origin !== base.origin) throw failed(`${label}: redirected to another origin (refused)`);
        if (t.method !== 'GET' || hop >= MAX_REDIRECTS) throw failed(`${label}: redirected (HTTP ${res.status}), not followed`);
        url = next;
        continue;
      }
      if (isRead && res.status === 404) {
        await res.body?.cancel();
        return null;
      }
      const text = await readCapped(res, label);
      if (res.status < 200 || res.status >= 300) throw failed(`${label}: answered HTTP ${res.status}`);
      if (!text.trim()) return null;
      try {
        return JSON.parse(text);
      } catch {
        if (isRead) throw failed(`${label}: the answer is not JSON`);
        return null;
      }
    }
  }

  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    return fn();
  }

  async close() {}
}

async function readCapped(res: Response, label: string): Promise<string> {
  if (!res.body) return '';
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res.body) {
    size += chunk.length;
    if (size > MAX_BODY) {
      await res.body.cancel().catch(() => undefined);
      throw failed(`${label}: the answer is larger than ${MAX_BODY / 1024 / 1024} MiB`);
    }
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The rows at a dot path of the answer: an array of objects, one object, or nothing. */
function rowsOf(answer: unknown, path: string, label: string): Row[] {
  let v = answer;
  for (const part of path ? path.split('.') : []) v = typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[part] : undefined;
  if (v === null || v === undefined) return [];
  const list = Array.isArray(v) ? v : [v];
  if (!list.every((r) => typeof r === 'object' && r !== null && !Array.isArray(r))) throw failed(`${label}: ${path || 'the answer'} must be an array of objects`);
  return list as Row[];
}

/** `http:<file>`: reads the connection file (headers resolved now). Opening sends nothing. */
export function openHttp(spec: string, opts: { readOnly?: boolean; env?: NodeJS.ProcessEnv }): Connector {
  return new HttpConnector(readHttpConnection(spec.slice('http:'.length), opts.env), opts.readOnly ?? false);
}
