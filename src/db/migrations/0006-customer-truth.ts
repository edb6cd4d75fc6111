import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/**
 * What a customer is told must be true (issue 10): periods in days, weeks or months counted with
 * the public holidays of a calendar (Regulation 1182/71), the customer's subdivision (holidays,
 * the German Land authority), parties' particulars that Art 30 and Annex I ask for, the
 * engagements a change created (so a change not in effect for a customer can be read back out of
 * its view), reminders before a specific-consent change, and the transfer records an operator
 * keeps per engagement and country (SCC module, DPF certificate, transfer impact assessment).
 */
export async function up(db: Kysely<any>): Promise<void> {
  // Periods: "30d", "4w", "1m". Null on a customer: the workspace's; the old day counts carried over.
  await db.schema.alterTable('workspaces').addColumn('notice_period', 'text').execute();
  await sql`update workspaces set notice_period = ${sql.raw("cast(notice_days as text) || 'd'")}`.execute(db);
  // ISO 3166-1 or 3166-2 code whose public holidays count the workspace's periods; null: its country, else weekends only.
  await db.schema.alterTable('workspaces').addColumn('calendar', 'text').execute();
  for (const col of ['representative', 'signatory_name', 'signatory_title']) await db.schema.alterTable('workspaces').addColumn(col, 'text').execute();

  await db.schema.alterTable('customers').addColumn('notice_period', 'text').execute();
  await sql`update customers set notice_period = ${sql.raw("cast(notice_days as text) || 'd'")} where notice_days is not null`.execute(db);
  for (const col of ['subdivision', 'dpo_contact', 'representative']) await db.schema.alterTable('customers').addColumn(col, 'text').execute();

  await db.schema.alterTable('change_customers').addColumn('notice_period', 'text').execute();
  await sql`update change_customers set notice_period = ${sql.raw("cast(notice_days as text) || 'd'")}`.execute(db);
  await db.schema.alterTable('change_customers').addColumn('calendar', 'text').execute();
  await db.schema.alterTable('change_customers').addColumn('reminded_at', 'text').execute();

  // JSON: { [operation index]: engagement id } of the engagements the change created when applied.
  await db.schema.alterTable('changes').addColumn('created_engagements', 'text').execute();

  await db.schema.alterTable('processing_activities').addColumn('joint_controllers', 'text', (c) => c.notNull().defaultTo('[]')).execute();

  await db.schema
    .createTable('transfer_records')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id').onDelete('cascade'))
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('scc_module', 'text')
    .addColumn('dpf_certificate_url', 'text')
    .addColumn('dpf_checked_on', 'text')
    .addColumn('tia_document', 'text')
    .addColumn('tia_date', 'text')
    .addColumn('tia_outcome', 'text')
    .addColumn('note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('transfer_records_engagement_country', ['engagement_id', 'country'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('transfer_records').execute();
  await db.schema.alterTable('processing_activities').dropColumn('joint_controllers').execute();
  await db.schema.alterTable('changes').dropColumn('created_engagements').execute();
  for (const col of ['notice_period', 'calendar', 'reminded_at']) await db.schema.alterTable('change_customers').dropColumn(col).execute();
  for (const col of ['notice_period', 'subdivision', 'dpo_contact', 'representative']) await db.schema.alterTable('customers').dropColumn(col).execute();
  for (const col of ['notice_period', 'calendar', 'representative', 'signatory_name', 'signatory_title']) await db.schema.alterTable('workspaces').dropColumn(col).execute();
}
