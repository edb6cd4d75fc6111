import type { Kysely } from 'kysely';

/**
 * Data-subject requests (issue 12, DSR1–DSR5): the requests with their deadlines, their timeline,
 * verification codes, pauses of the clock, forwarding to the customer that is the controller,
 * the systems a request is fulfilled in (connection references only, never credentials), what
 * each system returned or erased, retention exceptions and legal holds, what was withheld and why,
 * and the encrypted access packages.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // How long the processor has to pass a customer's end user's request on: `<n>h` or `<n>d`; null: the DPA's terms.
  await db.schema.alterTable('customers').addColumn('dsr_forward_within', 'text').execute();
  // The regime and country whose rules count a workspace's own requests; null: derived from its country.
  await db.schema.alterTable('workspaces').addColumn('dsr_regime', 'text').execute();

  await db.schema
    .createTable('dsr_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('regime', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('controller', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.references('customers.id').onDelete('set null'))
    .addColumn('requester_kind', 'text', (c) => c.notNull())
    .addColumn('subject_name', 'text')
    .addColumn('subject_email', 'text')
    // JSON object of identity values the systems are searched by, e.g. {"email": "…"}.
    .addColumn('subject_identity', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('agent_name', 'text')
    .addColumn('agent_email', 'text')
    .addColumn('agent_evidence', 'text')
    .addColumn('details', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('verification_level', 'text', (c) => c.notNull())
    .addColumn('verified_at', 'text')
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('received_on', 'text', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('calendar', 'text')
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('extended_due_on', 'text')
    .addColumn('extension_reason', 'text')
    .addColumn('extended_at', 'text')
    // The customer's own deadline when the customer sent the request to the processor.
    .addColumn('customer_due_on', 'text')
    .addColumn('external_id', 'text')
    .addColumn('status_token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('duplicate_of', 'text')
    .addColumn('outcome', 'text')
    .addColumn('outcome_reason', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('dsr_requests_reference', ['workspace_id', 'reference'])
    .execute();
  await db.schema.createIndex('dsr_requests_due').on('dsr_requests').columns(['workspace_id', 'status', 'due_on']).execute();
  await db.schema.createIndex('dsr_requests_subject').on('dsr_requests').columns(['workspace_id', 'subject_email']).execute();

  await db.schema
    .createTable('dsr_request_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('request_id', 'text', (c) => c.notNull().references('dsr_requests.id').onDelete('cascade'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    // JSON; what happened in words and figures (counts, message ids), never the person's data.
    .addColumn('detail', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
  await db.schema.createIndex('dsr_request_events_request').on('dsr_request_events').columns(['request_id', 'at']).execute();

  await db.schema
    .createTable('dsr_verifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('request_id', 'text', (c) => c.notNull().references('dsr_requests.id').onDelete('cascade'))
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('link_token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('used_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('dsr_pauses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('request_id', 'text', (c) => c.notNull().references('dsr_requests.id').onDelete('cascade'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('ended_at', 'text')
    .execute();

  await db.schema
    .createTable('dsr_forwardings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('request_id', 'text', (c) => c.notNull().unique().references('dsr_requests.id').onDelete('cascade'))
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id').onDelete('cascade'))
    .addColumn('within', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addColumn('reminded_at', 'text')
    .addColumn('instruction', 'text')
    .addColumn('instruction_reason', 'text')
    .addColumn('instructed_at', 'text')
    .addColumn('instructed_by', 'text')
    .addColumn('reported_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('dsr_systems')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    // Null: the workspace's own data; else only this customer's requests reach it.
    .addColumn('customer_id', 'text', (c) => c.references('customers.id').onDelete('cascade'))
    .addColumn('dataset_yaml', 'text', (c) => c.notNull())
    // env:NAME, secret:NAME, sqlite:<path> or http:<file>: never a password in clear.
    .addColumn('connection_ref', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('dsr_systems_name', ['workspace_id', 'name'])
    .execute();

  await db.schema
    .createTable('dsr_system_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('request_id', 'text', (c) => c.notNull().references('dsr_requests.id').onDelete('cascade'))
    .addColumn('system_id', 'text', (c) => c.references('dsr_systems.id').onDelete('set null'))
    .addColumn('system_name', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    // JSON: rows and fields per collection (counts and names, never values).
    .addColumn('summary', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('error', 'text')
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute();

  await db.schema
    .createTable('dsr_retention_rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('legal_basis', 'text', (c) => c.notNull())
    // JSON: {"collections": ["key:collection"], "dataCategories": ["user.device"], "where": {...}}.
    .addColumn('applies_to', 'text', (c) => c.notNull())
    .addColumn('retain_for', 'text')
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('dsr_retention_rules_key', ['workspace_id', 'key'])
    .execute();

  await db.schema
    .createTable('dsr_legal_holds')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('subject_email', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('placed_at', 'text', (c) => c.notNull())
    .addColumn('placed_by', 'text', (c) => c.notNull())
    .addColumn('released_at', 'text')
    .addColumn('released_by', 'text')
    .execute();
  await db.schema.createIndex('dsr_legal_holds_subject').on('dsr_legal_holds').columns(['workspace_id', 'subject_email']).execute();

  await db.schema
    .createTable('dsr_withheld')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('request_id', 'text', (c) => c.notNull().references('dsr_requests.id').onDelete('cascade'))
    .addColumn('system_name', 'text', (c) => c.notNull())
    .addColumn('collection', 'text', (c) => c.notNull())
    // The row's primary key as JSON; the fields left as they were.
    .addColumn('row_key', 'text', (c) => c.notNull())
    .addColumn('fields', 'text', (c) => c.notNull())
    .addColumn('rule_key', 'text', (c) => c.notNull())
    .addColumn('legal_basis', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('dsr_packages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('request_id', 'text', (c) => c.notNull().references('dsr_requests.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    // AES-256-GCM of the zip with the key outside the database; base64 so one type serves both dialects.
    .addColumn('ciphertext_base64', 'text')
    .addColumn('iv', 'text', (c) => c.notNull())
    .addColumn('auth_tag', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('downloaded_at', 'text')
    .addColumn('deleted_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['dsr_packages', 'dsr_withheld', 'dsr_legal_holds', 'dsr_retention_rules', 'dsr_system_runs', 'dsr_systems', 'dsr_forwardings', 'dsr_pauses', 'dsr_verifications', 'dsr_request_events', 'dsr_requests']) {
    await db.schema.dropTable(t).execute();
  }
  await db.schema.alterTable('workspaces').dropColumn('dsr_regime').execute();
  await db.schema.alterTable('customers').dropColumn('dsr_forward_within').execute();
}
