/**
 * MySQL and MariaDB (`mysql://user:password@host:port/database`, or `mariadb://`): the shared SQL
 * with `?` placeholders and backtick quoting, through mysql2. Statements are server-side prepared
 * (`execute`), so values never pass through client-side escaping, which a server in
 * NO_BACKSLASH_ESCAPES mode would read differently.
 */
import mysql from 'mysql2/promise';
import { connectionFailed, type Connector, type Row, SqlConnector } from './connector.ts';

/** Prepared statements kept open per connection; each IN length is its own statement. */
const STATEMENT_CACHE = 64;

class MysqlConnector extends SqlConnector {
  readonly dialect = 'mysql' as const;
  protected override quoteChar = '`';
  private readonly conn: mysql.Connection;
  private readonly readOnly: boolean;
  constructor(conn: mysql.Connection, readOnly: boolean) {
    super();
    this.conn = conn;
    this.readOnly = readOnly;
  }
  protected ph() {
    return '?';
  }
  protected async run(sql: string, params: unknown[]) {
    const [result] = await this.conn.execute(sql, params.map(mysqlValue) as mysql.ExecuteValues[]);
    if (Array.isArray(result)) return { rows: result as Row[], changes: 0 };
    return { rows: [], changes: (result as mysql.ResultSetHeader).affectedRows };
  }
  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    // An access connection is already inside its read-only transaction (opened in openMysql).
    if (this.readOnly) return fn();
    await this.conn.query('START TRANSACTION');
    try {
      const out = await fn();
      await this.conn.query('COMMIT');
      return out;
    } catch (e) {
      await this.conn.query('ROLLBACK').catch(() => undefined);
      throw e;
    }
  }
  async close() {
    if (this.readOnly) await this.conn.query('COMMIT').catch(() => undefined);
    await this.conn.end().catch(() => undefined);
  }
}

/** mysql2 refuses undefined and sends booleans as 1/0 text; dates and buffers pass as they are. */
const mysqlValue = (v: unknown) => (v === undefined ? null : typeof v === 'boolean' ? (v ? 1 : 0) : v);

/**
 * Connects to `mysql://…` or `mariadb://…`. With `readOnly` (access requests) the whole request
 * runs in one `START TRANSACTION READ ONLY`: the server refuses writes, and every collection is read
 * from the same snapshot.
 */
export async function openMysql(url: string, opts: { readOnly?: boolean }): Promise<Connector> {
  let conn: mysql.Connection | undefined;
  try {
    conn = await mysql.createConnection({
      uri: url.replace(/^mariadb:/, 'mysql:'),
      connectTimeout: 10_000,
      maxPreparedStatements: STATEMENT_CACHE,
      // Dates and big numbers as text: the rows go out as JSON unchanged.
      dateStrings: true,
      supportBigNumbers: true,
      bigNumberStrings: true,
      multipleStatements: false,
    });
    // An error after connect (server gone) must not crash the process unhandled.
    conn.on('error', () => undefined);
    if (opts.readOnly) {
      await conn.query('SET SESSION TRANSACTION READ ONLY');
      await conn.query('START TRANSACTION READ ONLY');
    }
  } catch (e) {
    await conn?.end().catch(() => undefined);
    throw connectionFailed(url, e);
  }
  return new MysqlConnector(conn, opts.readOnly ?? false);
}
