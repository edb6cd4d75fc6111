/**
 * Reads of customers with their services, regions and contacts, and the contract terms in force
 * for each: the customer's own notice period and time zone, else the workspace's defaults.
 */
import type { Db } from '../../db/schema.ts';
import type { CustomerInput } from './customers.ts';
import { type SupervisoryAuthority, supervisoryAuthorityFor } from './supervisory-authority.ts';

export interface ContactView {
  /** Stable across edits while the address stays (messages name it as their recipient). */
  id: string;
  email: string;
  name: string | null;
}

/** A customer as stored (its own terms, null where the workspace's apply) and the terms in force. */
export interface CustomerView extends Omit<CustomerInput, 'contacts'> {
  id: string;
  /** By e-mail address. */
  contacts: ContactView[];
  /** The notice period in force: the customer's, else the workspace default. */
  effectiveNoticeDays: number;
  /** The time zone dates are counted in: the customer's, else the workspace's. */
  effectiveTimeZone: string;
  /** Annex I.C: the customer's own setting, else the authority of its country of establishment. */
  competentAuthority: SupervisoryAuthority;
  createdAt: string;
  updatedAt: string;
}

export interface CustomerFilters {
  /** Service slug: customers using it, counting those with no service listed (they use all). */
  service?: string;
  /** Region slug: customers in it, counting those with no region listed (they use all). */
  region?: string;
  /** Case-insensitive substring of the name, a contact's name or a contact's e-mail address. */
  q?: string;
}

function groupBy<T extends { customer_id: string }, V>(rows: T[], value: (row: T) => V): Map<string, V[]> {
  const m = new Map<string, V[]>();
  for (const row of rows) m.set(row.customer_id, [...(m.get(row.customer_id) ?? []), value(row)]);
  return m;
}

/** Every customer of a workspace (or only `onlyId`), by name, with links and terms resolved. */
async function loadCustomers(db: Db, workspaceId: string, onlyId?: string): Promise<CustomerView[]> {
  const rows = await db
    .selectFrom('customers as c')
    .innerJoin('workspaces as w', 'w.id', 'c.workspace_id')
    .selectAll('c')
    .select(['w.notice_days as default_notice_days', 'w.time_zone as default_time_zone'])
    .where('c.workspace_id', '=', workspaceId)
    .$if(onlyId !== undefined, (b) => b.where('c.id', '=', onlyId as string))
    .orderBy('c.name')
    .execute();
  if (rows.length === 0) return [];
  // Joined through customers, so each query holds two parameters whatever the number of customers.
  const [services, regions, contacts] = await Promise.all([
    db.selectFrom('customer_services as cs').innerJoin('customers as c', 'c.id', 'cs.customer_id').innerJoin('services as s', 's.id', 'cs.service_id')
      .select(['cs.customer_id', 's.slug']).where('c.workspace_id', '=', workspaceId).$if(onlyId !== undefined, (b) => b.where('c.id', '=', onlyId as string))
      .orderBy('s.position').orderBy('s.slug').execute(),
    db.selectFrom('customer_regions as cr').innerJoin('customers as c', 'c.id', 'cr.customer_id').innerJoin('regions as r', 'r.id', 'cr.region_id')
      .select(['cr.customer_id', 'r.slug']).where('c.workspace_id', '=', workspaceId).$if(onlyId !== undefined, (b) => b.where('c.id', '=', onlyId as string))
      .orderBy('r.position').orderBy('r.slug').execute(),
    db.selectFrom('customer_contacts as cc').innerJoin('customers as c', 'c.id', 'cc.customer_id')
      .select(['cc.customer_id', 'cc.id', 'cc.email', 'cc.name']).where('c.workspace_id', '=', workspaceId).$if(onlyId !== undefined, (b) => b.where('c.id', '=', onlyId as string))
      .orderBy('cc.email').execute(),
  ]);
  const slugsOf = groupBy(services, (s) => s.slug);
  const regionsOf = groupBy(regions, (r) => r.slug);
  const contactsOf = groupBy(contacts, (k): ContactView => ({ id: k.id, email: k.email, name: k.name }));
  return rows.map((c) => ({
    id: c.id, name: c.name, country: c.country, timeZone: c.time_zone, noticeDays: c.notice_days, authorisation: c.authorisation,
    specialTerms: c.special_terms, address: c.address, contactPerson: c.contact_person, supervisoryAuthority: c.supervisory_authority,
    dpoContact: c.dpo_contact, representative: c.representative,
    transfersAuthorised: c.transfers_authorised === 1, auditFrequencyMonths: c.audit_frequency_months, auditNoticeDays: c.audit_notice_days,
    terminationHandling: c.termination_handling, terminationDays: c.termination_days,
    competentAuthority: supervisoryAuthorityFor(c.country, c.supervisory_authority),
    services: slugsOf.get(c.id) ?? [], regions: regionsOf.get(c.id) ?? [], contacts: contactsOf.get(c.id) ?? [],
    effectiveNoticeDays: c.notice_days ?? c.default_notice_days, effectiveTimeZone: c.time_zone ?? c.default_time_zone,
    createdAt: c.created_at, updatedAt: c.updated_at,
  }));
}

/**
 * The customers of a workspace matching every given filter, by name.
 * @example listCustomers(db, workspaceId, { service: 'connect' }) // who a change to Connect concerns
 */
export async function listCustomers(db: Db, workspaceId: string, f: CustomerFilters = {}): Promise<CustomerView[]> {
  const q = f.q?.trim().toLowerCase();
  const matchesText = (c: CustomerView) => !q || c.name.toLowerCase().includes(q) || c.contacts.some((k) => k.email.includes(q) || (k.name ?? '').toLowerCase().includes(q));
  return (await loadCustomers(db, workspaceId)).filter((c) =>
    (!f.service || c.services.length === 0 || c.services.includes(f.service))
    && (!f.region || c.regions.length === 0 || c.regions.includes(f.region))
    && matchesText(c));
}

/** One customer of the workspace, or undefined (also for another workspace's id). */
export async function findCustomer(db: Db, workspaceId: string, id: string): Promise<CustomerView | undefined> {
  return (await loadCustomers(db, workspaceId, id))[0];
}
