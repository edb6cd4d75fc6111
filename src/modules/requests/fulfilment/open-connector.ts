/**
 * Picks and opens the connector a connection string names. `readOnly` (access requests) makes the
 * connection unable to write: SQLite opened read-only, PostgreSQL and MySQL sessions in read-only
 * transactions, the HTTP connector sending only its read requests.
 */
import { invalid } from '../../../shared/errors.ts';
import { type Connector, openPostgres, openSqlite } from './connector.ts';
import { openHttp } from './http-connector.ts';
import { openMysql } from './mysql-connector.ts';

/**
 * Opens `sqlite:<path>` (an existing file), `postgres://…`/`postgresql://…`, `mysql://…`/
 * `mariadb://…` or `http:<connection file>`. Credential references (env:, secret:) are resolved
 * by the caller; messages never show a password.
 * @example const conn = await openConnector('mysql://dsr:pw@db:3306/shop', { readOnly: true })
 */
export async function openConnector(url: string, opts: { readOnly?: boolean } = {}): Promise<Connector> {
  if (url.startsWith('sqlite:')) {
    if (url === 'sqlite:') throw invalid('--connection', 'must be sqlite:<path to an existing file>');
    return openSqlite(url, opts);
  }
  if (/^postgres(ql)?:\/\//.test(url)) return openPostgres(url, opts);
  if (/^(mysql|mariadb):\/\//.test(url)) return openMysql(url, opts);
  if (/^https?:\/\//i.test(url)) throw invalid('--connection', 'must be http:<path to an http connection file> (docs/http-connector.md), not a URL');
  if (url.startsWith('http:')) {
    if (url === 'http:') throw invalid('--connection', 'must be http:<path to an http connection file>');
    return openHttp(url, opts);
  }
  throw invalid('--connection', 'must be postgres://…, mysql://…, mariadb://…, sqlite:<path> or http:<connection file>');
}
