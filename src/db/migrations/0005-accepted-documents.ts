import type { Kysely } from 'kysely';

/**
 * The exact document each acceptance was given for, kept beside its SHA-256: the registry,
 * records and measures behind a DPA keep changing, so the hash alone could not be checked later.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('dpa_acceptances').addColumn('document_html', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('dpa_acceptances').dropColumn('document_html').execute();
}
