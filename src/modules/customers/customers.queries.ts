/**
 * Reads of customers with their services, regions and contacts, and the contract terms in force
 * for each: the customer's own notice period, time zone and calendar, else the workspace's.
 */
import type { Db } from '../../db/schema.ts';
import { resolveCalendar } from '../periods/holidays.ts';
import { shortestLengthInDays } from '../periods/period.ts';
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
  /** Older form of `noticePeriod`: the fewest days it lasts (1 month: 28); null: the workspace default. */
  noticeDays: number | null;
  /** The notice period in force (`30d`, `4w`, `1m`): the customer's, else the workspace default. */
  effectiveNoticePeriod: string;
  /** Older form of `effectiveNoticePeriod`: the fewest days it lasts (1 month: 28). */
  effectiveNoticeDays: number;
  /**
   * The holiday calendar its periods are counted with: its subdivision, else its country, else the
   * workspace's calendar, else the workspace's country (the first date-holidays knows); null: weekends only.
   */
  calendar: string | null;
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
    .select(['w.notice_days as default_notice_days', 'w.notice_period as default_notice_period', 'w.time_zone as default_time_zone', 'w.calendar as default_calendar', 'w.country as default_country'])
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
  return rows.map((c) => {
    // Rows written before periods (migration 0006) may hold days only.
    const own = c.notice_period ?? (c.notice_days === null ? null : `${c.notice_days}d`);
    const effective = own ?? c.default_notice_period ?? `${c.default_notice_days}d`;
    return {
      id: c.id, name: c.name, country: c.country, timeZone: c.time_zone, noticePeriod: own, noticeDays: own === null ? null : daysOf(own), subdivision: c.subdivision, authorisation: c.authorisation,
      specialTerms: c.special_terms, address: c.address, contactPerson: c.contact_person, supervisoryAuthority: c.supervisory_authority,
      dpoContact: c.dpo_contact, representative: c.representative,
      transfersAuthorised: c.transfers_authorised === 1, auditFrequencyMonths: c.audit_frequency_months, auditNoticeDays: c.audit_notice_days,
      terminationHandling: c.termination_handling, terminationDays: c.termination_days, dsrForwardWithin: c.dsr_forward_within, breachNoticeHours: c.breach_notice_hours,
      competentAuthority: supervisoryAuthorityFor(c.country, c.supervisory_authority, c.subdivision),
      services: slugsOf.get(c.id) ?? [], regions: regionsOf.get(c.id) ?? [], contacts: contactsOf.get(c.id) ?? [],
      effectiveNoticePeriod: effective, effectiveNoticeDays: daysOf(effective), effectiveTimeZone: c.time_zone ?? c.default_time_zone,
      calendar: resolveCalendar([c.subdivision, c.country, c.default_calendar, c.default_country]),
      createdAt: c.created_at, updatedAt: c.updated_at,
    };
  });
}

/** The fewest days a stored period lasts; a stored period that is no longer valid (0d) as its number. */
function daysOf(period: string): number {
  try {
    return shortestLengthInDays(period);
  } catch {
    return Number.parseInt(period, 10) || 0;
  }
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
