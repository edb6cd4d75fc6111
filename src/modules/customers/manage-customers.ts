/**
 * Creating, replacing and deleting customers with their links and contacts, each with its audit
 * event in the same transaction. Contact e-mail addresses are personal data: they go to the
 * database and the audit log (the processor's own record), never to logs or error messages.
 */
import { mapUnique } from '../../db/errors.ts';
import { type Deps, inTransaction, type Scope, type TxDeps } from '../../shared/deps.ts';
import { conflict, type FieldIssue, invalid, notFound } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { refreshCustomerClocks } from '../incidents/compute-obligations.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { shortestLengthInDays } from '../periods/period.ts';
import { type CustomerInput, parseCustomerInput } from './customers.ts';
import { type CustomerView, findCustomer } from './customers.queries.ts';

const DUPLICATE_NAME = 'name: a customer with this name already exists';

/** Checks service and region slugs against the workspace and returns their ids. */
async function resolveLinks(tx: TxDeps, workspaceId: string, input: CustomerInput) {
  const issues: FieldIssue[] = [];
  const lookup = async (table: 'services' | 'regions', slugs: string[]) => {
    if (slugs.length === 0) return [];
    const rows = await tx.db.selectFrom(table).select(['id', 'slug']).where('workspace_id', '=', workspaceId).where('slug', 'in', slugs).execute();
    const bySlug = new Map(rows.map((r) => [r.slug, r.id]));
    slugs.forEach((s, i) => {
      if (!bySlug.has(s)) issues.push({ field: `${table}[${i}]`, message: `must be a ${table.slice(0, -1)} of this workspace` });
    });
    return slugs.flatMap((s) => bySlug.get(s) ?? []);
  };
  const serviceIds = await lookup('services', input.services);
  const regionIds = await lookup('regions', input.regions);
  if (issues.length) throw invalid(issues);
  return { serviceIds, regionIds };
}

const columns = (input: CustomerInput) => ({
  name: input.name, country: input.country, time_zone: input.timeZone, subdivision: input.subdivision,
  // notice_days keeps the fewest days the period lasts, for readers of the older column.
  notice_period: input.noticePeriod, notice_days: input.noticePeriod === null ? null : shortestLengthInDays(input.noticePeriod),
  authorisation: input.authorisation, special_terms: input.specialTerms,
  address: input.address, contact_person: input.contactPerson, supervisory_authority: input.supervisoryAuthority,
  dpo_contact: input.dpoContact, representative: input.representative,
  transfers_authorised: input.transfersAuthorised ? 1 : 0, audit_frequency_months: input.auditFrequencyMonths,
  audit_notice_days: input.auditNoticeDays, termination_handling: input.terminationHandling, termination_days: input.terminationDays,
  dsr_forward_within: input.dsrForwardWithin, breach_notice_hours: input.breachNoticeHours,
});

/**
 * Replaces the customer's service and region links, and brings its contacts to `input.contacts`:
 * an address still listed keeps its row (and id), so messages sent to it stay linked.
 */
async function writeLinks(tx: TxDeps, workspaceId: string, customerId: string, input: CustomerInput, refs: { serviceIds: string[]; regionIds: string[] }) {
  await tx.db.deleteFrom('customer_services').where('customer_id', '=', customerId).execute();
  await tx.db.deleteFrom('customer_regions').where('customer_id', '=', customerId).execute();
  if (refs.serviceIds.length) await tx.db.insertInto('customer_services').values(refs.serviceIds.map((service_id) => ({ customer_id: customerId, service_id }))).execute();
  if (refs.regionIds.length) await tx.db.insertInto('customer_regions').values(refs.regionIds.map((region_id) => ({ customer_id: customerId, region_id }))).execute();

  const existing = await tx.db.selectFrom('customer_contacts').select(['id', 'email', 'name']).where('customer_id', '=', customerId).execute();
  const wanted = new Map(input.contacts.map((c) => [c.email, c]));
  const gone = existing.filter((e) => !wanted.has(e.email)).map((e) => e.id);
  if (gone.length) await tx.db.deleteFrom('customer_contacts').where('id', 'in', gone).execute();
  for (const e of existing) {
    const name = wanted.get(e.email)?.name;
    if (name !== undefined && name !== e.name) await tx.db.updateTable('customer_contacts').set({ name }).where('id', '=', e.id).execute();
  }
  const kept = new Set(existing.map((e) => e.email));
  const added = input.contacts.filter((c) => !kept.has(c.email));
  const now = tx.clock.now().toISOString();
  if (added.length) {
    await tx.db.insertInto('customer_contacts').values(added.map((c) => ({
      id: newId(), workspace_id: workspaceId, customer_id: customerId, email: c.email, name: c.name, created_at: now,
    }))).execute();
  }
}

/**
 * Adds a customer (a controller the processor works for) with its contract terms and contacts.
 * @example createCustomer(deps, scope, { name: 'Beispiel AG', country: 'DE', subdivision: 'DE-BY', noticePeriod: '1m', services: ['connect'], contacts: [{ email: 'dpo@acme.test' }] })
 */
export async function createCustomer(deps: Deps, scope: Scope, raw: unknown): Promise<CustomerView> {
  const input = parseCustomerInput(raw);
  return inTransaction(deps, async (tx) => {
    const refs = await resolveLinks(tx, scope.workspaceId, input);
    const id = newId();
    const now = tx.clock.now().toISOString();
    await mapUnique(
      () => tx.db.insertInto('customers').values({ id, workspace_id: scope.workspaceId, ...columns(input), created_at: now, updated_at: now }).execute(),
      DUPLICATE_NAME, 'customer_exists',
    );
    await writeLinks(tx, scope.workspaceId, id, input, refs);
    const after = (await findCustomer(tx.db, scope.workspaceId, id)) as CustomerView;
    await recordAuditEvent(tx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'customer.created', subjectType: 'customer', subjectId: id, after });
    return after;
  });
}

/** Replaces a customer's fields, links and contacts with `raw` (a full customer, as the edit form sends). */
export async function updateCustomer(deps: Deps, scope: Scope, id: string, raw: unknown): Promise<CustomerView> {
  const input = parseCustomerInput(raw);
  return inTransaction(deps, async (tx) => {
    const before = await findCustomer(tx.db, scope.workspaceId, id);
    if (!before) throw notFound('customer');
    const refs = await resolveLinks(tx, scope.workspaceId, input);
    await mapUnique(
      () => tx.db.updateTable('customers').set({ ...columns(input), updated_at: tx.clock.now().toISOString() })
        .where('id', '=', id).where('workspace_id', '=', scope.workspaceId).execute(),
      DUPLICATE_NAME, 'customer_exists',
    );
    await writeLinks(tx, scope.workspaceId, id, input, refs);
    const after = (await findCustomer(tx.db, scope.workspaceId, id)) as CustomerView;
    await recordAuditEvent(tx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'customer.updated', subjectType: 'customer', subjectId: id, before, after });
    // Open breach notices to this customer fall due by its new contractual hours.
    if (before.breachNoticeHours !== after.breachNoticeHours) await refreshCustomerClocks(tx, scope, id);
    return after;
  });
}

/**
 * Deletes a customer with its contacts and links; the database also removes its webhook
 * endpoints and its rows in changes (foreign keys cascade). The audit event keeps what was deleted.
 */
export async function deleteCustomer(deps: Deps, scope: Scope, id: string): Promise<void> {
  await inTransaction(deps, async (tx) => {
    const before = await findCustomer(tx.db, scope.workspaceId, id);
    if (!before) throw notFound('customer');
    // The notices, answers and dates of past changes are evidence: they outlive no customer row.
    const changes = await tx.db.selectFrom('change_customers').select('change_id').where('customer_id', '=', id).execute();
    if (changes.length) throw conflict(`this customer is part of the evidence of ${changes.length} sub-processor ${changes.length === 1 ? 'change' : 'changes'}, so it cannot be deleted`, 'customer_has_changes');
    await tx.db.deleteFrom('customer_contacts').where('customer_id', '=', id).execute();
    await tx.db.deleteFrom('customer_services').where('customer_id', '=', id).execute();
    await tx.db.deleteFrom('customer_regions').where('customer_id', '=', id).execute();
    await tx.db.deleteFrom('customers').where('id', '=', id).where('workspace_id', '=', scope.workspaceId).execute();
    await recordAuditEvent(tx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'customer.deleted', subjectType: 'customer', subjectId: id, before });
  });
}
