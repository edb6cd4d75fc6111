import type { Kysely } from 'kysely';
import { type Migration, type MigrationResultSet, Migrator } from 'kysely/migration';
import * as m0001 from './migrations/0001-foundation.ts';
import * as m0002 from './migrations/0002-import-drafts.ts';
import * as m0003 from './migrations/0003-changes-and-notices.ts';
import * as m0004 from './migrations/0004-contracts-and-records.ts';
import * as m0005 from './migrations/0005-accepted-documents.ts';
import * as m0006 from './migrations/0006-customer-truth.ts';
import * as m0007 from './migrations/0007-hardening.ts';
import * as m0008 from './migrations/0008-data-subject-requests.ts';
import * as m0009 from './migrations/0009-customer-api-tokens.ts';
import * as m0010 from './migrations/0010-incidents.ts';
import * as m0011 from './migrations/0011-legal-demands.ts';
import type { Database } from './schema.ts';

/** Every migration, in order. A new file under migrations/ gets one line here. */
const MIGRATIONS: Record<string, Migration> = {
  '0001-foundation': m0001,
  '0002-import-drafts': m0002,
  '0003-changes-and-notices': m0003,
  '0004-contracts-and-records': m0004,
  '0005-accepted-documents': m0005,
  '0006-customer-truth': m0006,
  '0007-hardening': m0007,
  '0008-data-subject-requests': m0008,
  '0009-customer-api-tokens': m0009,
  '0010-incidents': m0010,
  '0011-legal-demands': m0011,
};

/** Brings the schema to the latest version; returns Kysely's `{ error?, results }`. */
export async function migrateToLatest(db: Kysely<Database>): Promise<MigrationResultSet> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => MIGRATIONS } });
  return migrator.migrateToLatest();
}

/** Brings the schema up to the named migration (tests of a migration start from the one before). */
export async function migrateUpTo(db: Kysely<Database>, name: string): Promise<void> {
  if (!(name in MIGRATIONS)) throw new Error(`unknown migration ${name}`);
  const migrator = new Migrator({ db, provider: { getMigrations: async () => MIGRATIONS } });
  const result = await migrator.migrateTo(name);
  if (result.error) throw result.error;
}

/** Like migrateToLatest but throws when a migration failed. */
export async function migrateOrThrow(db: Kysely<Database>): Promise<MigrationResultSet> {
  const result = await migrateToLatest(db);
  if (result.error) throw result.error;
  return result;
}
