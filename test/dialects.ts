/**
 * Runs a suite once per database dialect: SQLite in memory, and PostgreSQL on the server that
 * `npm test` starts (a fresh database per suite). Without TEST_PG_URL the PostgreSQL run is
 * skipped with its reason (the suite must be started through `npm test`).
 */
import { after, before, describe } from 'node:test';
import pg from 'pg';
import { createDb, type DbHandle } from '../src/db/connect.ts';
import { migrateOrThrow, migrateUpTo } from '../src/db/migrate.ts';
import { type Clock, systemClock } from '../src/shared/clock.ts';
import type { Deps } from '../src/shared/deps.ts';

export type Dialect = 'sqlite' | 'postgres';

export const DIALECTS: Dialect[] = (process.env.TEST_DIALECTS ?? 'sqlite,postgres').split(',').filter((d): d is Dialect => d === 'sqlite' || d === 'postgres');

export interface TestDb extends DbHandle {
  deps: Deps;
  /** Connection string (PostgreSQL) or null (SQLite in memory). */
  url: string | null;
}

let counter = 0;

/** The public URL test dependencies build links with. */
export const TEST_PUBLIC_URL = 'http://trustroom.test';

/**
 * A fresh, migrated database of the dialect. Call `close()` when done.
 * `upTo` stops at that migration (a migration's own test then runs the rest with migrateOrThrow).
 */
export async function openTestDb(dialect: Dialect, clock: Clock = systemClock, opts: { upTo?: string } = {}): Promise<TestDb> {
  const migrate = (db: DbHandle['db']) => (opts.upTo ? migrateUpTo(db, opts.upTo) : migrateOrThrow(db).then(() => undefined));
  if (dialect === 'sqlite') {
    const handle = createDb({ kind: 'sqlite', path: ':memory:' });
    await migrate(handle.db);
    return { ...handle, url: null, deps: { db: handle.db, caps: handle.caps, clock, publicUrl: TEST_PUBLIC_URL } };
  }
  const adminUrl = process.env.TEST_PG_URL;
  if (!adminUrl) throw new Error('TEST_PG_URL is not set: run the suite with npm test');
  const name = `t_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = adminUrl.replace(/\/[^/]*$/, `/${name}`);
  const handle = createDb({ kind: 'postgres', url });
  await migrate(handle.db);
  return {
    ...handle,
    url,
    deps: { db: handle.db, caps: handle.caps, clock, publicUrl: TEST_PUBLIC_URL },
    close: async () => {
      await handle.close();
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/**
 * `describe` once per dialect with a fresh database in `ctx.db` for that suite.
 * @example forEachDialect('registry', (ctx) => { it('…', async () => { ctx.db.deps … }) })
 */
export function forEachDialect(name: string, body: (ctx: { db: TestDb; dialect: Dialect }) => void, opts: { clock?: Clock } = {}): void {
  for (const dialect of ['sqlite', 'postgres'] as const) {
    const skip = !DIALECTS.includes(dialect)
      ? `${dialect} not in TEST_DIALECTS`
      : dialect === 'postgres' && !process.env.TEST_PG_URL
        ? 'no PostgreSQL server: run through npm test, which starts one'
        : false;
    describe(`${name} [${dialect}]`, { skip }, () => {
      const ctx = { dialect } as { db: TestDb; dialect: Dialect };
      before(async () => {
        ctx.db = await openTestDb(dialect, opts.clock);
      });
      after(async () => {
        await ctx.db?.close();
      });
      body(ctx);
    });
  }
}
