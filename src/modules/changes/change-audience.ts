import type { Authorisation, Db } from '../../db/schema.ts';
import { listCustomers } from '../customers/customers.queries.ts';

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

/** Every customer of the workspace (or those in `onlyIds`) with its effective terms. */
export async function loadAudienceCustomers(db: Db, workspace: { id: string }, onlyIds?: string[]): Promise<AudienceCustomer[]> {
  if (onlyIds && onlyIds.length === 0) return [];
  const customers = await listCustomers(db, workspace.id);
  return customers.filter((c) => !onlyIds || onlyIds.includes(c.id)).map((c) => ({
    id: c.id, name: c.name, authorisation: c.authorisation, noticeDays: c.effectiveNoticeDays, timeZone: c.effectiveTimeZone,
    services: c.services, regions: c.regions, contacts: c.contacts.map((k) => ({ id: k.id, email: k.email })),
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
