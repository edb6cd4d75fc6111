/** Reads of DPA versions, the acceptance ledger and where each customer stands (CU2). */
import type { Db, Row } from '../../db/schema.ts';
import { type DpaVersionView, presentDpaVersion } from './dpa.ts';
import { sha256 } from '../../shared/ids.ts';

/** One ledger row, as every edge shows it (same shape as `AcceptanceView` in dpa-for-customer.ts). */
export const presentAcceptance = (a: Omit<Row<'dpa_acceptances'>, 'document_html'>) => ({
  id: a.id, version: Number(a.version), versionId: a.dpa_version_id, signerName: a.signer_name, signerTitle: a.signer_title,
  signerEmail: a.signer_email, acceptedAt: a.accepted_at, documentSha256: a.document_sha256, method: a.method,
});

export type PresentedAcceptance = ReturnType<typeof presentAcceptance>;

/** Every ledger column but the document itself (read one at a time, by findAcceptedDocument). */
const ACCEPTANCE_COLUMNS = [
  'id', 'workspace_id', 'customer_id', 'dpa_version_id', 'version', 'signer_name', 'signer_title', 'signer_email', 'accepted_at',
  'document_sha256', 'method', 'request_id', 'contact_id',
] as const;

/** The document an acceptance was given for, and whether it still hashes to what the ledger says. */
export interface AcceptedDocument {
  acceptance: PresentedAcceptance;
  customerId: string;
  /** null for acceptances recorded before documents were kept. */
  html: string | null;
  /** SHA-256 of `html` recomputed now equals the ledger's; null when there is no document. */
  isIntact: boolean | null;
}

/** One acceptance of a customer with its document; undefined for another workspace's or customer's id. */
export async function findAcceptedDocument(db: Db, workspaceId: string, customerId: string, acceptanceId: string): Promise<AcceptedDocument | undefined> {
  const row = await db.selectFrom('dpa_acceptances').selectAll().where('workspace_id', '=', workspaceId).where('customer_id', '=', customerId)
    .where('id', '=', acceptanceId).executeTakeFirst();
  if (!row) return undefined;
  const html = row.document_html;
  return { acceptance: presentAcceptance(row), customerId: row.customer_id, html, isIntact: html === null ? null : sha256(html) === row.document_sha256 };
}

/** Every version of the workspace's DPA, newest first. */
export async function listDpaVersions(db: Db, workspaceId: string): Promise<DpaVersionView[]> {
  const rows = await db.selectFrom('dpa_versions').selectAll().where('workspace_id', '=', workspaceId).orderBy('version', 'desc').execute();
  return rows.map(presentDpaVersion);
}

/** One version of the workspace, or undefined (also for another workspace's id). */
export async function findDpaVersion(db: Db, workspaceId: string, id: string): Promise<DpaVersionView | undefined> {
  const row = await db.selectFrom('dpa_versions').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  return row ? presentDpaVersion(row) : undefined;
}

/** The latest published version: the one customers are asked to accept. */
export async function findLatestPublished(db: Db, workspaceId: string): Promise<DpaVersionView | undefined> {
  const row = await db.selectFrom('dpa_versions').selectAll().where('workspace_id', '=', workspaceId).where('status', '=', 'published')
    .orderBy('version', 'desc').limit(1).executeTakeFirst();
  return row ? presentDpaVersion(row) : undefined;
}

/** The ledger of one customer (or of every customer), newest first. */
export async function listDpaAcceptances(db: Db, workspaceId: string, customerId?: string): Promise<PresentedAcceptance[]> {
  const rows = await db.selectFrom('dpa_acceptances').select(ACCEPTANCE_COLUMNS).where('workspace_id', '=', workspaceId)
    .$if(customerId !== undefined, (b) => b.where('customer_id', '=', customerId as string))
    .orderBy('accepted_at', 'desc').orderBy('id').execute();
  return rows.map(presentAcceptance);
}

export interface CustomerDpaStanding {
  customerId: string;
  customerName: string;
  /** The version of its latest acceptance; null: never accepted. */
  acceptedVersion: number | null;
  acceptedAt: string | null;
  /** A version is published and the customer has not accepted it. */
  needsAcceptance: boolean;
  /** Unused, unexpired acceptance links for the current version. */
  openRequests: number;
}

/** Every customer with where it stands against the latest published version, by name. */
export async function listDpaStandings(db: Db, workspaceId: string, now: Date): Promise<{ current: DpaVersionView | undefined; customers: CustomerDpaStanding[] }> {
  const current = await findLatestPublished(db, workspaceId);
  const [customers, acceptances, requests] = await Promise.all([
    db.selectFrom('customers').select(['id', 'name']).where('workspace_id', '=', workspaceId).orderBy('name').execute(),
    db.selectFrom('dpa_acceptances').select(['customer_id', 'dpa_version_id', 'version', 'accepted_at']).where('workspace_id', '=', workspaceId).orderBy('accepted_at').execute(),
    current
      ? db.selectFrom('dpa_acceptance_requests').select('customer_id').where('dpa_version_id', '=', current.id).where('used_at', 'is', null)
        .where('expires_at', '>', now.toISOString()).execute()
      : Promise.resolve([]),
  ]);
  const last = new Map<string, (typeof acceptances)[number]>();
  const acceptedCurrent = new Set<string>();
  for (const a of acceptances) {
    last.set(a.customer_id, a);
    if (current && a.dpa_version_id === current.id) acceptedCurrent.add(a.customer_id);
  }
  const open = new Map<string, number>();
  for (const r of requests) open.set(r.customer_id, (open.get(r.customer_id) ?? 0) + 1);
  return {
    current,
    customers: customers.map((c) => ({
      customerId: c.id, customerName: c.name, acceptedVersion: last.has(c.id) ? Number(last.get(c.id)!.version) : null, acceptedAt: last.get(c.id)?.accepted_at ?? null,
      needsAcceptance: current !== undefined && !acceptedCurrent.has(c.id), openRequests: open.get(c.id) ?? 0,
    })),
  };
}
