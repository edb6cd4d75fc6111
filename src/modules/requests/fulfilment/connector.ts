/**
 * Connectors to the systems a data-subject request is fulfilled in. The SQL ones run the few
 * statements traversal and erasure need; names are checked plain identifiers and always quoted,
 * values are always parameters. SQLite and PostgreSQL are here, MySQL/MariaDB in
 * mysql-connector.ts, REST APIs in http-connector.ts; open-connector.ts picks one from the
 * connection string.
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import { AppError } from '../../../shared/errors.ts';
import { IDENTIFIER } from './dataset.ts';

export type Row = Record<string, unknown>;

/** A table, optionally in a PostgreSQL schema (a MySQL database); `dataset` is its fides_key. */
export interface TableRef {
  schema: string | null;
  table: string;
  dataset?: string;
}

/** One `column IN (values)` term; terms of a statement are joined with OR. */
export interface InTerm {
  column: string;
  values: unknown[];
  /** The identity type (email…) when the column holds the person's identity (an HTTP template may name it). */
  identity?: string;
}

/** Sets on rows picked by key: `set` is the same for every row, `perRow` differs by row (hashes). */
export interface RowUpdate {
  keys: string[];
  rows: { key: unknown[]; values: Record<string, unknown> }[];
  set: Record<string, unknown>;
  perRowColumns: string[];
}

export interface Connector {
  readonly dialect: 'sqlite' | 'postgres' | 'mysql' | 'http';
  /** Statements sent so far (tests prove batching with it). */
  readonly queryCount: number;
  select(table: TableRef, columns: string[], where: InTerm[]): Promise<Row[]>;
  update(table: TableRef, update: RowUpdate): Promise<number>;
  delete(table: TableRef, keys: string[], rows: unknown[][]): Promise<number>;
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /**
   * Why the connector cannot do `op` on the table (null when it can), asked before anything is
   * read; `lookups` are the fields (and identity types) the traversal will look rows up by.
   */
  refusal?(table: TableRef, op: 'read' | 'update' | 'delete', lookups?: { column: string; identity?: string }[]): string | null;
}

/** Largest number of values bound in one statement (SQLite allows 32766, PostgreSQL and MySQL 65535). */
export const CHUNK = 500;


/** SQL shared by the dialects; `ph(n)` writes the n-th placeholder (1-based), `quoteChar` quotes names. */
export abstract class SqlConnector implements Connector {
  abstract readonly dialect: 'sqlite' | 'postgres' | 'mysql';
  queryCount = 0;
  protected quoteChar = '"';
  protected abstract ph(n: number): string;
  protected abstract run(sql: string, params: unknown[]): Promise<{ rows: Row[]; changes: number }>;
  abstract transaction<T>(fn: () => Promise<T>): Promise<T>;
  abstract close(): Promise<void>;

  protected quote(name: string): string {
    // Checked again here: a name that reached SQL unchecked would be an injection.
    if (!IDENTIFIER.test(name)) throw new Error('unsafe SQL name');
    return `${this.quoteChar}${name}${this.quoteChar}`;
  }

  private tableSql(t: TableRef): string {
    return t.schema ? `${this.quote(t.schema)}.${this.quote(t.table)}` : this.quote(t.table);
  }

  protected exec(sql: string, params: unknown[]) {
    this.queryCount++;
    return this.run(sql, params);
  }

  async select(table: TableRef, columns: string[], where: InTerm[]): Promise<Row[]> {
    const params: unknown[] = [];
    const terms = where.filter((w) => w.values.length > 0).map((w) => {
      const marks = w.values.map((v) => {
        params.push(v);
        return this.ph(params.length);
      });
      return `${this.quote(w.column)} IN (${marks.join(', ')})`;
    });
    if (!terms.length) return [];
    const sql = `SELECT ${columns.map((c) => this.quote(c)).join(', ')} FROM ${this.tableSql(table)} WHERE ${terms.join(' OR ')}`;
    return (await this.exec(sql, params)).rows;
  }

  /** `(k1 = ? AND k2 = ?) OR …`, or `k IN (…)` for a single key. */
  private keyFilter(keys: string[], rows: unknown[][], params: unknown[]): string {
    const add = (v: unknown) => {
      params.push(v);
      return this.ph(params.length);
    };
    if (keys.length === 1) return `${this.quote(keys[0] as string)} IN (${rows.map((r) => add(r[0])).join(', ')})`;
    return rows.map((r) => `(${keys.map((k, i) => `${this.quote(k)} = ${add(r[i])}`).join(' AND ')})`).join(' OR ');
  }

  async update(table: TableRef, u: RowUpdate): Promise<number> {
    let changed = 0;
    const perChunk = Math.max(1, Math.floor(CHUNK / (u.keys.length * (1 + 2 * u.perRowColumns.length))));
    for (let i = 0; i < u.rows.length; i += perChunk) {
      const chunk = u.rows.slice(i, i + perChunk);
      const params: unknown[] = [];
      const add = (v: unknown) => {
        params.push(v);
        return this.ph(params.length);
      };
      const sets = Object.entries(u.set).map(([c, v]) => `${this.quote(c)} = ${v === null ? 'NULL' : add(v)}`);
      // A value per row in one statement: CASE on the key (single keys; composite keys compare each part).
      for (const c of u.perRowColumns) {
        const whens = chunk.map((r) => `WHEN ${u.keys.map((k, j) => `${this.quote(k)} = ${add(r.key[j])}`).join(' AND ')} THEN ${add(r.values[c])}`);
        sets.push(`${this.quote(c)} = CASE ${whens.join(' ')} ELSE ${this.quote(c)} END`);
      }
      if (!sets.length) return 0;
      const where = this.keyFilter(u.keys, chunk.map((r) => r.key), params);
      changed += (await this.exec(`UPDATE ${this.tableSql(table)} SET ${sets.join(', ')} WHERE ${where}`, params)).changes;
    }
    return changed;
  }

  async delete(table: TableRef, keys: string[], rows: unknown[][]): Promise<number> {
    let changed = 0;
    const perChunk = Math.max(1, Math.floor(CHUNK / keys.length));
    for (let i = 0; i < rows.length; i += perChunk) {
      const params: unknown[] = [];
      const where = this.keyFilter(keys, rows.slice(i, i + perChunk), params);
      changed += (await this.exec(`DELETE FROM ${this.tableSql(table)} WHERE ${where}`, params)).changes;
    }
    return changed;
  }
}

/** better-sqlite3 binds numbers, strings, bigints, buffers and null only. */
const sqliteValue = (v: unknown) => (typeof v === 'boolean' ? (v ? 1 : 0) : v instanceof Date ? v.toISOString() : v);

class SqliteConnector extends SqlConnector {
  readonly dialect = 'sqlite' as const;
  private readonly db: Database.Database;
  constructor(db: Database.Database) {
    super();
    this.db = db;
  }
  protected ph() {
    return '?';
  }
  protected async run(sql: string, params: unknown[]) {
    const stmt = this.db.prepare(sql);
    const values = params.map(sqliteValue);
    if (stmt.reader) return { rows: stmt.all(...values) as Row[], changes: 0 };
    return { rows: [], changes: stmt.run(...values).changes };
  }
  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const out = await fn();
      this.db.exec('COMMIT');
      return out;
    } catch (e) {
      this.db.exec('ROLLBACK');
      throw e;
    }
  }
  async close() {
    this.db.close();
  }
}

class PostgresConnector extends SqlConnector {
  readonly dialect = 'postgres' as const;
  private readonly client: pg.Client;
  constructor(client: pg.Client) {
    super();
    this.client = client;
  }
  protected ph(n: number) {
    return `$${n}`;
  }
  protected async run(sql: string, params: unknown[]) {
    const r = await this.client.query(sql, params);
    return { rows: r.rows as Row[], changes: r.rowCount ?? 0 };
  }
  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    await this.client.query('BEGIN');
    try {
      const out = await fn();
      await this.client.query('COMMIT');
      return out;
    } catch (e) {
      await this.client.query('ROLLBACK').catch(() => undefined);
      throw e;
    }
  }
  async close() {
    await this.client.end();
  }
}

/**
 * The connection string for messages: scheme, user, host, port and database only. The password
 * and the query (where `?password=` or a key may sit) are never shown.
 */
export function redactConnection(url: string): string {
  try {
    const u = new URL(url);
    if (u.protocol === 'sqlite:') return `sqlite:${u.pathname}`;
    return `${u.protocol}//${u.username ? `${u.username}${u.password ? ':***' : ''}@` : ''}${u.host}${u.pathname}`;
  } catch {
    const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(url)?.[0];
    return scheme ? `${scheme}…` : '(connection)';
  }
}

/** A failure to reach the system: exit 1, the message stripped of the password and the query's values. */
export function connectionFailed(url: string, e: unknown): AppError {
  const secrets: string[] = [];
  try {
    const u = new URL(url);
    if (u.password) secrets.push(decodeURIComponent(u.password), u.password);
    for (const v of u.searchParams.values()) if (v.length >= 4) secrets.push(v);
  } catch {}
  let text = (e as Error)?.message ?? String(e);
  text = text.split(url).join(redactConnection(url));
  for (const s of secrets) text = text.split(s).join('***');
  return new AppError('connection_failed', 502, `cannot connect to ${redactConnection(url)}: ${text}`);
}

/** `sqlite:<path>`, an existing file; read-only for access requests. */
export function openSqlite(url: string, opts: { readOnly?: boolean }): Connector {
  const path = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
  try {
    return new SqliteConnector(new Database(path, { readonly: opts.readOnly ?? false, fileMustExist: true }));
  } catch (e) {
    throw connectionFailed(url, e);
  }
}

/** `postgres://…`; with `readOnly` every transaction of the session is read-only. */
export async function openPostgres(url: string, opts: { readOnly?: boolean }): Promise<Connector> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  // An error after connect (server gone) must not crash the process unhandled.
  client.on('error', () => undefined);
  try {
    await client.connect();
    // An access request only reads: the server refuses any write in this session.
    if (opts.readOnly) await client.query('SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY');
  } catch (e) {
    await client.end().catch(() => undefined);
    throw connectionFailed(url, e);
  }
  return new PostgresConnector(client);
}
