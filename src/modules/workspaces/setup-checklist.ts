import type { Db } from '../../db/schema.ts';

/** One step of a new workspace's setup; `path` is relative to the workspace's console base. */
export interface ChecklistItem {
  key: 'particulars' | 'service' | 'engagement' | 'published' | 'customer' | 'dpa' | 'branding';
  label: string;
  path: string;
  done: boolean;
  optional: boolean;
}

export interface SetupChecklist {
  items: ChecklistItem[];
  /** Every required item is done: the overview collapses the checklist. */
  complete: boolean;
}

const exists = async (q: { executeTakeFirst(): Promise<unknown> }) => (await q.executeTakeFirst()) !== undefined;

/** What a new workspace still lacks, from its real data (nothing is stored about the checklist itself). */
export async function setupChecklist(db: Db, workspaceId: string): Promise<SetupChecklist> {
  const ws = await db.selectFrom('workspaces').select(['legal_name', 'address', 'contact_email', 'brand_colour', 'logo_data_uri', 'mail_from_address'])
    .where('id', '=', workspaceId).executeTakeFirstOrThrow();
  const [service, engagement, published, customer, dpa] = await Promise.all([
    exists(db.selectFrom('services').select('id').where('workspace_id', '=', workspaceId).limit(1)),
    exists(db.selectFrom('engagements').select('id').where('workspace_id', '=', workspaceId).limit(1)),
    exists(db.selectFrom('list_versions').select('workspace_id').where('workspace_id', '=', workspaceId).limit(1)),
    exists(db.selectFrom('customers').select('id').where('workspace_id', '=', workspaceId).limit(1)),
    exists(db.selectFrom('dpa_versions').select('id').where('workspace_id', '=', workspaceId).where('status', '=', 'published').limit(1)),
  ]);
  const items: ChecklistItem[] = [
    { key: 'particulars', label: "Your organisation's particulars (legal name, address, contact)", path: '/settings', done: !!(ws.legal_name && ws.address && ws.contact_email), optional: false },
    { key: 'service', label: 'At least one service', path: '/services/new', done: service, optional: false },
    { key: 'engagement', label: 'At least one sub-processor engagement', path: '/engagements', done: engagement, optional: false },
    { key: 'published', label: 'First list version published', path: '/versions', done: published, optional: false },
    { key: 'customer', label: 'A customer added', path: '/customers', done: customer, optional: false },
    { key: 'dpa', label: 'A DPA template published', path: '/dpa', done: dpa, optional: false },
    { key: 'branding', label: 'Branding and e-mail sender set', path: '/settings', done: !!((ws.brand_colour || ws.logo_data_uri) && ws.mail_from_address), optional: true },
  ];
  return { items, complete: items.every((i) => i.optional || i.done) };
}
