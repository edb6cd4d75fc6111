import type { Kysely } from 'kysely';

/**
 * Incidents and personal-data breaches (issue 13 §1, IN1): the Art 33(5) register, its
 * append-only timeline, the scope on the data map (entities, engagements, regions, services),
 * the obligations (one per incident × regime × recipient, with a due instant in real hours) and the
 * append-only filings. Also the customer's contractual breach-notice term in hours.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('customers').addColumn('breach_notice_hours', 'integer').execute();
  await db.schema
    .createTable('incidents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    // Awareness is the clock's anchor (Art 33(1), 33(2)).
    .addColumn('aware_at', 'text', (c) => c.notNull())
    .addColumn('is_breach', 'integer')
    .addColumn('breach_reason', 'text')
    .addColumn('controller_data', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('high_risk', 'integer')
    .addColumn('data_categories', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('subject_categories', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('approx_subjects', 'integer')
    .addColumn('approx_records', 'integer')
    .addColumn('consequences', 'text')
    .addColumn('measures_taken', 'text')
    .addColumn('measures_proposed', 'text')
    .addColumn('contact_point', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('incidents_workspace').on('incidents').columns(['workspace_id', 'aware_at']).execute();
  await db.schema
    .createTable('incident_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('actor_label', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('data', 'text', (c) => c.notNull().defaultTo('{}'))
    .addUniqueConstraint('incident_events_seq', ['incident_id', 'seq'])
    .execute();
  await db.schema
    .createTable('incident_scope')
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('ref_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('incident_scope_pk', ['incident_id', 'kind', 'ref_id'])
    .execute();
  await db.schema
    .createTable('incident_obligations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addColumn('regime', 'text', (c) => c.notNull())
    // authority, customer:<id> or data_subjects
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.references('customers.id').onDelete('set null'))
    .addColumn('due_at', 'text')
    .addColumn('due_basis', 'text', (c) => c.notNull())
    .addColumn('decision', 'text', (c) => c.notNull())
    .addColumn('decision_reason', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('incident_obligations_one', ['incident_id', 'regime', 'recipient'])
    .execute();
  await db.schema
    .createTable('incident_filings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addColumn('obligation_id', 'text', (c) => c.notNull().references('incident_obligations.id').onDelete('cascade'))
    .addColumn('phase', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('sent_by', 'text', (c) => c.notNull())
    .addColumn('sent_to', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text', (c) => c.notNull())
    .addColumn('reference', 'text')
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('incident_filings_obligation').on('incident_filings').columns(['obligation_id', 'sent_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['incident_filings', 'incident_obligations', 'incident_scope', 'incident_events', 'incidents']) await db.schema.dropTable(t).execute();
  await db.schema.alterTable('customers').dropColumn('breach_notice_hours').execute();
}
