import type { Authorisation, Db } from '../../db/schema.ts';

/** A customer as the change workflow needs it: what it uses, its terms and who to tell. */
export interface AudienceCustomer {
  id: string;
  name: string;
  services: string[];
  regions: string[];
  noticeDays: number;
  timeZone: string;
  authorisation: Authorisation;
  contacts: { id: string; email: string }[];
}

/** Every customer of the workspace with its effective terms (workspace defaults filled in). */
export async function loadAudienceCustomers(db: Db, workspace: { id: string; notice_days: number; time_zone: string }, onlyIds?: string[]): Promise<AudienceCustomer[]> {
  let q = db.selectFrom('customers').selectAll().where('workspace_id', '=', workspace.id);
  if (onlyIds) {
    if (onlyIds.length === 0) return [];
    q = q.where('id', 'in', onlyIds);
  }
  const customers = await q.orderBy('name').execute();
  if (customers.length === 0) return [];
  const ids = customers.map((c) => c.id);
  const [services, regions, contacts] = await Promise.all([
    db.selectFrom('customer_services').innerJoin('services', 'services.id', 'customer_services.service_id').select(['customer_services.customer_id as customerId', 'services.slug']).where('customer_services.customer_id', 'in', ids).execute(),
    db.selectFrom('customer_regions').innerJoin('regions', 'regions.id', 'customer_regions.region_id').select(['customer_regions.customer_id as customerId', 'regions.slug']).where('customer_regions.customer_id', 'in', ids).execute(),
    db.selectFrom('customer_contacts').select(['id', 'customer_id as customerId', 'email']).where('customer_id', 'in', ids).orderBy('email').execute(),
  ]);
  return customers.map((c) => ({
    id: c.id, name: c.name, authorisation: c.authorisation,
    noticeDays: c.notice_days ?? workspace.notice_days, timeZone: c.time_zone ?? workspace.time_zone,
    services: services.filter((s) => s.customerId === c.id).map((s) => s.slug),
    regions: regions.filter((r) => r.customerId === c.id).map((r) => r.slug),
    contacts: contacts.filter((k) => k.customerId === c.id).map((k) => ({ id: k.id, email: k.email })),
  }));
}

/** Confirmed subscribers with their filters. */
export async function loadConfirmedSubscribers(db: Db, workspaceId: string) {
  const rows = await db.selectFrom('subscribers').select(['id', 'email', 'services', 'regions', 'unsubscribe_token']).where('workspace_id', '=', workspaceId).where('status', '=', 'confirmed').execute();
  return rows.map((r) => ({ id: r.id, email: r.email, services: JSON.parse(r.services) as string[], regions: JSON.parse(r.regions) as string[], unsubscribeToken: r.unsubscribe_token }));
}

export const respondUrl = (publicUrl: string, workspaceSlug: string, token: string): string =>
  `${publicUrl}/w/${encodeURIComponent(workspaceSlug)}/changes/respond/${encodeURIComponent(token)}`;

export const listUrl = (publicUrl: string, workspaceSlug: string): string => `${publicUrl}/w/${encodeURIComponent(workspaceSlug)}/subprocessors`;
