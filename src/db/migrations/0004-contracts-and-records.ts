import type { Kysely } from 'kysely';

/**
 * The contract side of a customer (CU1–CU4): the processor's own particulars for Annex I.A, the
 * customer's contract terms (transfers outside the EEA, audits, termination), DPA versions and the
 * acceptance ledger, records of processing, the catalogue of measures with evidence, and the
 * customer portal's sign-in links and sessions.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // The processor (the workspace's organisation) as party to the DPA: Annex I.A.
  for (const col of ['legal_name', 'address', 'country', 'contact_name', 'contact_email', 'dpo_contact']) {
    await db.schema.alterTable('workspaces').addColumn(col, 'text').execute();
  }

  // Customer contract terms.
  for (const col of ['address', 'contact_person', 'supervisory_authority']) {
    await db.schema.alterTable('customers').addColumn(col, 'text').execute();
  }
  await db.schema.alterTable('customers').addColumn('transfers_authorised', 'integer', (c) => c.notNull().defaultTo(1)).execute();
  await db.schema.alterTable('customers').addColumn('audit_frequency_months', 'integer').execute();
  await db.schema.alterTable('customers').addColumn('audit_notice_days', 'integer').execute();
  await db.schema.alterTable('customers').addColumn('termination_handling', 'text', (c) => c.notNull().defaultTo('return_then_delete')).execute();
  await db.schema.alterTable('customers').addColumn('termination_days', 'integer').execute();
  await db.schema.alterTable('customer_contacts').addColumn('invited_at', 'text').execute();
  await db.schema.alterTable('customer_contacts').addColumn('last_signed_in_at', 'text').execute();

  await db.schema
    .createTable('dpa_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('body_sha256', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text')
    .addColumn('published_by', 'text')
    .addUniqueConstraint('dpa_versions_number', ['workspace_id', 'version'])
    .execute();
  await db.schema
    .createTable('dpa_acceptance_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id').onDelete('cascade'))
    .addColumn('dpa_version_id', 'text', (c) => c.notNull().references('dpa_versions.id').onDelete('cascade'))
    .addColumn('contact_id', 'text')
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema
    .createTable('dpa_acceptances')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id').onDelete('cascade'))
    .addColumn('dpa_version_id', 'text', (c) => c.notNull().references('dpa_versions.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('signer_name', 'text', (c) => c.notNull())
    .addColumn('signer_title', 'text', (c) => c.notNull())
    .addColumn('signer_email', 'text', (c) => c.notNull())
    .addColumn('accepted_at', 'text', (c) => c.notNull())
    .addColumn('document_sha256', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('request_id', 'text')
    .addColumn('contact_id', 'text')
    .execute();
  await db.schema.createIndex('dpa_acceptances_customer').on('dpa_acceptances').columns(['customer_id', 'accepted_at']).execute();

  await db.schema
    .createTable('processing_activities')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('purposes', 'text', (c) => c.notNull())
    .addColumn('data_subjects', 'text', (c) => c.notNull())
    .addColumn('data_categories', 'text', (c) => c.notNull())
    .addColumn('special_categories', 'text', (c) => c.notNull())
    .addColumn('recipients', 'text', (c) => c.notNull())
    .addColumn('legal_basis', 'text')
    .addColumn('nature', 'text')
    .addColumn('frequency', 'text', (c) => c.notNull())
    .addColumn('duration', 'text')
    .addColumn('retention', 'text')
    .addColumn('transfer_safeguards', 'text')
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('processing_activities_name', ['workspace_id', 'role', 'name'])
    .execute();
  await db.schema
    .createTable('processing_activity_services')
    .addColumn('activity_id', 'text', (c) => c.notNull().references('processing_activities.id').onDelete('cascade'))
    .addColumn('service_id', 'text', (c) => c.notNull().references('services.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('processing_activity_services_pk', ['activity_id', 'service_id'])
    .execute();

  await db.schema
    .createTable('measures')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('owner', 'text')
    .addColumn('review_interval_days', 'integer', (c) => c.notNull())
    .addColumn('last_reviewed_on', 'text')
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('measures_title', ['workspace_id', 'title'])
    .execute();
  await db.schema
    .createTable('measure_evidence')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('measure_id', 'text', (c) => c.notNull().references('measures.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('url', 'text')
    .addColumn('file_name', 'text')
    .addColumn('content_type', 'text')
    .addColumn('byte_size', 'integer')
    .addColumn('sha256', 'text')
    // Base64, so one column type serves both dialects; files are capped small (see the module).
    .addColumn('content_base64', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('portal_links')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id').onDelete('cascade'))
    .addColumn('contact_id', 'text', (c) => c.notNull().references('customer_contacts.id').onDelete('cascade'))
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema
    .createTable('portal_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id').onDelete('cascade'))
    .addColumn('contact_id', 'text', (c) => c.notNull().references('customer_contacts.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['portal_sessions', 'portal_links', 'measure_evidence', 'measures', 'processing_activity_services', 'processing_activities', 'dpa_acceptances', 'dpa_acceptance_requests', 'dpa_versions']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
  for (const col of ['last_signed_in_at', 'invited_at']) await db.schema.alterTable('customer_contacts').dropColumn(col).execute();
  for (const col of ['termination_days', 'termination_handling', 'audit_notice_days', 'audit_frequency_months', 'transfers_authorised', 'supervisory_authority', 'contact_person', 'address']) {
    await db.schema.alterTable('customers').dropColumn(col).execute();
  }
  for (const col of ['dpo_contact', 'contact_email', 'contact_name', 'country', 'address', 'legal_name']) {
    await db.schema.alterTable('workspaces').dropColumn(col).execute();
  }
}
