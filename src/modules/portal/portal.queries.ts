/**
 * What the portal shows a signed-in contact. Every query takes the workspace and customer of
 * the session (never ids from the URL), so one customer's pages cannot reach another's rows.
 */
import type { ChangeCustomerStatus, ChangeStatus, Db } from '../../db/schema.ts';
import { type ChangeCustomerView, listObjections, type ObjectionView, outstandingFor } from '../changes/changes.queries.ts';
import { type CustomerView, findCustomer } from '../customers/customers.queries.ts';
import { listRegions } from '../registry/registry.queries.ts';
import type { CustomerViewAt } from '../customer-view/customer-view.ts';
import { renderCustomerMap } from '../customer-view/render-customer-map.ts';
import { viewCustomerAt } from '../customer-view/view-customer-at.ts';
import type { AcceptanceView } from '../dpa/dpa-for-customer.ts';
import { listDpaAcceptances } from '../dpa/dpa.queries.ts';
import type { PortalSession } from './portal.ts';

/** One change announced to the customer, with the customer's own dates and answers. */
export interface PortalChange {
  id: string;
  title: string;
  changeStatus: ChangeStatus;
  announcedAt: string | null;
  proposedDate: string;
  effectiveDate: string;
  windowEndsOn: string;
  authorisation: 'general' | 'specific';
  status: ChangeCustomerStatus;
  consent: 'given' | 'refused' | null;
  outstanding: ChangeCustomerView['outstanding'];
  objections: ObjectionView[];
}

/** The signed-in contact's customer (undefined if it was deleted meanwhile). */
export const findPortalCustomer = (db: Db, s: PortalSession): Promise<CustomerView | undefined> => findCustomer(db, s.workspaceId, s.customerId);

/** The signed-in contact's own address and name (to prefill forms). */
export async function findPortalContact(db: Db, s: PortalSession): Promise<{ email: string; name: string | null } | undefined> {
  return db.selectFrom('customer_contacts').select(['email', 'name']).where('id', '=', s.contactId).where('customer_id', '=', s.customerId).executeTakeFirst();
}

/** The changes announced to the customer, newest first. */
export async function listPortalChanges(db: Db, s: PortalSession): Promise<PortalChange[]> {
  const rows = await db.selectFrom('change_customers as cc').innerJoin('changes as ch', 'ch.id', 'cc.change_id')
    .select(['ch.id', 'ch.title', 'ch.status as change_status', 'ch.announced_at', 'ch.proposed_date', 'cc.effective_date', 'cc.window_ends_on', 'cc.authorisation', 'cc.status', 'cc.consent'])
    .where('cc.workspace_id', '=', s.workspaceId).where('cc.customer_id', '=', s.customerId).where('ch.workspace_id', '=', s.workspaceId)
    .orderBy('ch.announced_at', 'desc').execute();
  const objections = await listObjections(db, s.workspaceId, { customerId: s.customerId });
  return rows.map((r) => {
    const own = objections.filter((o) => o.changeId === r.id);
    return {
      id: r.id, title: r.title, changeStatus: r.change_status, announcedAt: r.announced_at, proposedDate: r.proposed_date, effectiveDate: r.effective_date,
      windowEndsOn: r.window_ends_on, authorisation: r.authorisation, status: r.status, consent: r.consent,
      outstanding: outstandingFor(r, own.filter((o) => o.status === 'open').length), objections: own,
    };
  });
}

/** The customer's objections to any change, oldest first. */
export const listPortalObjections = (db: Db, s: PortalSession): Promise<ObjectionView[]> => listObjections(db, s.workspaceId, { customerId: s.customerId });

/** What applies to the signed-in customer now: its sub-processors in effect, the changes proposed to it, its transfers (customer-view). */
export const viewPortalCustomer = (db: Db, s: PortalSession, at: Date): Promise<CustomerViewAt> => viewCustomerAt(db, s.workspaceId, s.customerId, at);

/** The customer's data map (SVG) at `at`: its regions, the sub-processors in effect for it and their countries. */
export async function renderPortalDataMap(db: Db, s: PortalSession, customer: CustomerView, at: Date): Promise<string> {
  const [view, regions] = await Promise.all([viewPortalCustomer(db, s, at), listRegions(db, s.workspaceId)]);
  const own = regions.filter((r) => customer.regions.includes(r.slug)).map((r) => ({ slug: r.slug, name: r.name }));
  return renderCustomerMap({ customerName: customer.name, view, regions: own });
}

/** The customer's DPA acceptances (its ledger), newest first. */
export const listPortalAcceptances = (db: Db, s: PortalSession): Promise<AcceptanceView[]> => listDpaAcceptances(db, s.workspaceId, s.customerId);

/** When each contact of a customer was last invited and last signed in (the console's contact table). */
export async function listContactPortalStatus(db: Db, workspaceId: string, customerId: string): Promise<Map<string, { invitedAt: string | null; lastSignedInAt: string | null }>> {
  const rows = await db.selectFrom('customer_contacts').select(['id', 'invited_at', 'last_signed_in_at'])
    .where('workspace_id', '=', workspaceId).where('customer_id', '=', customerId).execute();
  return new Map(rows.map((r) => [r.id, { invitedAt: r.invited_at, lastSignedInAt: r.last_signed_in_at }]));
}
