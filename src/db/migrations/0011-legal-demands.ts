import type { Kysely } from 'kysely';

/**
 * Legal demands from authorities (issue 13 §2, IN2): the register, the customers each concerns
 * with the state of their notice, a non-disclosure order's prohibition and end date, and an
 * append-only timeline.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('legal_demands')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('reference', 'text')
    .addColumn('authority_name', 'text', (c) => c.notNull())
    .addColumn('authority_type', 'text', (c) => c.notNull())
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('legal_basis', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('deadline', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text')
    .addColumn('disclosed', 'text')
    .addColumn('challenge_notes', 'text')
    .addColumn('prohibited', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('prohibition_reference', 'text')
    .addColumn('prohibition_ends_on', 'text')
    .addColumn('prohibition_lifted_at', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('legal_demands_workspace_received').on('legal_demands').columns(['workspace_id', 'received_at']).execute();
  await db.schema
    .createTable('legal_demand_customers')
    .addColumn('demand_id', 'text', (c) => c.notNull().references('legal_demands.id').onDelete('cascade'))
    // A deleted customer leaves the demand (still counted in the transparency report).
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id').onDelete('cascade'))
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('notice_state', 'text', (c) => c.notNull())
    .addColumn('notified_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('legal_demand_customers_pk', ['demand_id', 'customer_id'])
    .execute();
  await db.schema
    .createTable('legal_demand_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('demand_id', 'text', (c) => c.notNull().references('legal_demands.id').onDelete('cascade'))
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
  await db.schema.createIndex('legal_demand_events_demand').on('legal_demand_events').columns(['demand_id', 'at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('legal_demand_events').execute();
  await db.schema.dropTable('legal_demand_customers').execute();
  await db.schema.dropTable('legal_demands').execute();
}
