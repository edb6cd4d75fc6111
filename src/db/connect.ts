import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { POSTGRES_CAPS, SQLITE_CAPS, type Capabilities } from './capabilities.ts';
import type { Database } from './schema.ts';

export type DbTarget = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };

export interface DbHandle {
  db: Kysely<Database>;
  caps: Capabilities;
  target: DbTarget;
  close(): Promise<void>;
}

/** The database a config points at: PostgreSQL when DATABASE_URL is set, else SQLite under dataDir. */
export function targetFromConfig(cfg: { databaseUrl: string | null; dataDir: string }): DbTarget {
  return cfg.databaseUrl ? { kind: 'postgres', url: cfg.databaseUrl } : { kind: 'sqlite', path: `${cfg.dataDir}/trustroom.db` };
}

/** Opens a Kysely handle on SQLite (better-sqlite3) or PostgreSQL (pg). */
export function createDb(target: DbTarget): DbHandle {
  if (target.kind === 'sqlite') {
    if (target.path !== ':memory:') mkdirSync(dirname(target.path), { recursive: true });
    const sqlite = new BetterSqlite3(target.path);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
    return { db, caps: SQLITE_CAPS, target, close: () => db.destroy() };
  }
  // int8 (COUNT, SUM) arrive as strings by default; our counts fit in a JS number.
  pg.types.setTypeParser(20, (v) => Number(v));
  const pool = new pg.Pool({ connectionString: target.url, max: 10 });
  // An idle client losing its server (restart, failover, dropped database) must not crash the
  // process: the pool discards it and the next query opens a new connection.
  pool.on('error', (err) => process.stderr.write(`trustroom: PostgreSQL connection lost (${(err as { code?: string }).code ?? err.message}); reconnecting on next use\n`));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, caps: POSTGRES_CAPS, target, close: () => db.destroy() };
}
