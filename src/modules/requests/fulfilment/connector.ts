/**
 * Connectors to the systems a data-subject request is fulfilled in. Each one runs the few SQL
 * statements traversal and erasure need; names are checked plain identifiers and always quoted,
 * values are always parameters. A MySQL/MariaDB connector implements the same interface with `?`
 * placeholders and backtick quoting (not built yet: `mysql://` is refused with that reason).
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import { AppError, invalid } from '../../../shared/errors.ts';
import { IDENTIFIER } from './dataset.ts';

export type Row = Record<string, unknown>;

/** A table, optionally in a PostgreSQL schema. */
export interface TableRef {
  schema: string | null;
  table: string;
}

/** One `column IN (values)` term; terms of a statement are joined with OR. */
export interface InTerm {
  column: string;
  values: unknown[];
}

/** Sets on rows picked by key: `set` is the same for every row, `perRow` differs by row (hashes). */
export interface RowUpdate {
  keys: string[];
  rows: { key: unknown[]; values: Record<string, unknown> }[];
  set: Record<string, unknown>;
  perRowColumns: string[];
}

export interface Connector {
  readonly dialect: 'sqlite' | 'postgres';
  /** Statements sent so far (tests prove batching with it). */
  readonly queryCount: number;
  select(table: TableRef, columns: string[], where: InTerm[]): Promise<Row[]>;
  update(table: TableRef, update: RowUpdate): Promise<number>;
  delete(table: TableRef, keys: string[], rows: unknown[][]): Promise<number>;
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Largest number of values bound in one statement (SQLite's default limit is 32766, PostgreSQL's 65535). */
export const CHUNK = 500;

const quote = (name: string) => {
  // Checked again here: a name that reached SQL unchecked would be an injection.
  if (!IDENTIFIER.test(name)) throw new Error('unsafe SQL name');
  return `"${name}"`;
};
const tableSql = (t: TableRef) => (t.schema ? `${quote(t.schema)}.${quote(t.table)}` : quote(t.table));

/** SQL shared by the dialects; `ph(n)` writes the n-th placeholder (1-based). */
abstract class SqlConnector implements Connector {
  abstract readonly dialect: 'sqlite' | 'postgres';
  queryCount = 0;
  protected abstract ph(n: number): string;
  protected abstract run(sql: string, params: unknown[]): Promise<{ rows: Row[]; changes: number }>;
  abstract transaction<T>(fn: () => Promise<T>): Promise<T>;
  abstract close(): Promise<void>;

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
      return `${quote(w.column)} IN (${marks.join(', ')})`;
    });
    if (!terms.length) return [];
    const sql = `SELECT ${columns.map(quote).join(', ')} FROM ${tableSql(table)} WHERE ${terms.join(' OR ')}`;
    return (await this.exec(sql, params)).rows;
  }

  /** `(k1 = ? AND k2 = ?) OR …`, or `k IN (…)` for a single key. */
  private keyFilter(keys: string[], rows: unknown[][], params: unknown[]): string {
    const add = (v: unknown) => {
      params.push(v);
      return this.ph(params.length);
    };
    if (keys.length === 1) return `${quote(keys[0] as string)} IN (${rows.map((r) => add(r[0])).join(', ')})`;
    return rows.map((r) => `(${keys.map((k, i) => `${quote(k)} = ${add(r[i])}`).join(' AND ')})`).join(' OR ');
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
      const sets = Object.entries(u.set).map(([c, v]) => `${quote(c)} = ${v === null ? 'NULL' : add(v)}`);
      // A value per row in one statement: CASE on the key (single keys; composite keys compare each part).
      for (const c of u.perRowColumns) {
        const whens = chunk.map((r) => `WHEN ${u.keys.map((k, j) => `${quote(k)} = ${add(r.key[j])}`).join(' AND ')} THEN ${add(r.values[c])}`);
        sets.push(`${quote(c)} = CASE ${whens.join(' ')} ELSE ${quote(c)} END`);
      }
      if (!sets.length) return 0;
      const where = this.keyFilter(u.keys, chunk.map((r) => r.key), params);
      changed += (await this.exec(`UPDATE ${tableSql(table)} SET ${sets.join(', ')} WHERE ${where}`, params)).changes;
    }
    return changed;
  }

  async delete(table: TableRef, keys: string[], rows: unknown[][]): Promise<number> {
    let changed = 0;
    const perChunk = Math.max(1, Math.floor(CHUNK / keys.length));
    for (let i = 0; i < rows.length; i += perChunk) {
      const params: unknown[] = [];
      const where = this.keyFilter(keys, rows.slice(i, i + perChunk), params);
      changed += (await this.exec(`DELETE FROM ${tableSql(table)} WHERE ${where}`, params)).changes;
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

/** The connection string without its password, for messages. */
export function redactConnection(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*):[^@]*@/i, '$1:***@');
}

/** A failure to reach the system: exit 1, the message stripped of the password. */
function connectionFailed(url: string, e: unknown): AppError {
  let secret = '';
  try {
    secret = decodeURIComponent(new URL(url).password);
  } catch {}
  let text = (e as Error)?.message ?? String(e);
  if (secret) text = text.split(secret).join('***');
  text = text.split(url).join(redactConnection(url));
  return new AppError('connection_failed', 502, `cannot connect to ${redactConnection(url)}: ${text}`);
}

/**
 * Opens `sqlite:<path>` (an existing file) or `postgres://…`/`postgresql://…`. `readOnly` (access
 * requests) opens SQLite read-only and makes PostgreSQL transactions read-only.
 */
export async function openConnector(url: string, opts: { readOnly?: boolean } = {}): Promise<Connector> {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (!path) throw invalid('--connection', 'must be sqlite:<path to an existing file>');
    try {
      return new SqliteConnector(new Database(path, { readonly: opts.readOnly ?? false, fileMustExist: true }));
    } catch (e) {
      throw connectionFailed(url, e);
    }
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
    // An error after connect (server gone) must not crash the process unhandled.
    client.on('error', () => undefined);
    try {
      await client.connect();
      // An access request only reads: the server refuses any write in this session.
      if (opts.readOnly) await client.query('SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY');
    } catch (e) {
      throw connectionFailed(url, e);
    }
    return new PostgresConnector(client);
  }
  if (/^(mysql|mariadb):\/\//.test(url)) throw invalid('--connection', 'mysql:// and mariadb:// are not supported yet: use postgres://… or sqlite:<path>');
  throw invalid('--connection', 'must be postgres://…, postgresql://… or sqlite:<path>');
}
