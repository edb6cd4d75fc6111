import type { Kysely } from 'kysely';

/**
 * API tokens of a customer (issue 12 §3): a contact issues them in the portal, so the customer's
 * systems can send requests to the processor and give their instruction on forwarded ones. Only
 * the hash of a token is kept; a token reaches its one customer in its one workspace.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('customer_api_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('hint', 'text', (c) => c.notNull())
    // The contact row that issued it (not the address: contacts can be erased, the audit chain cannot).
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('customer_api_tokens_customer').on('customer_api_tokens').columns(['workspace_id', 'customer_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('customer_api_tokens').execute();
}
