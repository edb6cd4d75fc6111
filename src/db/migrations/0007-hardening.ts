import type { Kysely } from 'kysely';
import { sha256 } from '../../shared/ids.ts';

/**
 * Hardening after the outside review (issue 11): unsubscribe links stored only as hashes (one per
 * message, like every other link secret), invitations for people who already have an account,
 * a per-account sign-in back-off, signed checkpoints of each workspace's audit chain, and a
 * workspace's branding and sender.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('unsubscribe_links')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('subscriber_id', 'text', (c) => c.notNull().references('subscribers.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  // Links already sent keep working: their secret is kept as its hash, and the clear text is gone.
  const rows = await db.selectFrom('subscribers').select(['id', 'workspace_id', 'unsubscribe_token', 'created_at']).execute();
  for (const r of rows) {
    if (!r.unsubscribe_token) continue;
    await db.insertInto('unsubscribe_links').values({ token_hash: sha256(r.unsubscribe_token), workspace_id: r.workspace_id, subscriber_id: r.id, created_at: r.created_at }).execute();
  }
  // The column stays UNIQUE (0003): each row keeps its own id there, as new subscribers do.
  await db.updateTable('subscribers').set((eb) => ({ unsubscribe_token: eb.ref('id') })).execute();

  await db.schema
    .createTable('workspace_invitations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('invited_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('accepted_at', 'text')
    .execute();

  await db.schema.alterTable('users').addColumn('failed_signins', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('users').addColumn('signin_blocked_until', 'text').execute();

  await db.schema
    .createTable('audit_checkpoints')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('head_hash', 'text', (c) => c.notNull())
    .addColumn('signed_at', 'text', (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .addUniqueConstraint('audit_checkpoints_seq', ['workspace_id', 'seq'])
    .execute();

  for (const col of ['brand_colour', 'logo_data_uri', 'mail_from_name', 'mail_from_address']) await db.schema.alterTable('workspaces').addColumn(col, 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const col of ['brand_colour', 'logo_data_uri', 'mail_from_name', 'mail_from_address']) await db.schema.alterTable('workspaces').dropColumn(col).execute();
  await db.schema.dropTable('audit_checkpoints').execute();
  await db.schema.alterTable('users').dropColumn('signin_blocked_until').execute();
  await db.schema.alterTable('users').dropColumn('failed_signins').execute();
  await db.schema.dropTable('workspace_invitations').execute();
  await db.schema.dropTable('unsubscribe_links').execute();
}
