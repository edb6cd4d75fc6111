/**
 * API tokens of a customer (`Authorization: Bearer trc_…`): a contact issues them in the portal for
 * the customer's own systems, which then send requests to the processor and give their instruction
 * on requests passed on to them. A token reaches one customer of one workspace and nothing of the
 * operators' API; only its hash is kept, and the secret is shown once.
 */
import type { Db } from '../../db/schema.ts';
import { type Actor, type Deps, inTransaction } from '../../shared/deps.ts';
import { notFound } from '../../shared/errors.ts';
import { newId, newSecret, sha256 } from '../../shared/ids.ts';
import { InputReader } from '../../shared/input.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { contactActor, type PortalSession } from './portal.ts';

export const CUSTOMER_TOKEN_PREFIX = 'trc_';

export interface CustomerApiTokenView {
  id: string;
  name: string;
  hint: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** Who acts with a customer token: its id and name, never a person. */
export const customerTokenActor = (t: { id: string; name: string }): Actor => ({ type: 'token', id: t.id, label: `customer token:${t.name}` });

/** Issues a token for the session's customer; the secret is returned once. */
export async function createCustomerApiToken(deps: Deps, s: PortalSession, raw: unknown): Promise<{ token: string; view: CustomerApiTokenView }> {
  const r = new InputReader(raw);
  const name = r.text('name', { name: true, required: true, max: 100 }) as string;
  r.done(null);
  const token = newSecret(CUSTOMER_TOKEN_PREFIX);
  return inTransaction(deps, async (tx) => {
    const view: CustomerApiTokenView = { id: newId(), name, hint: token.slice(0, 10), createdAt: tx.clock.now().toISOString(), lastUsedAt: null, revokedAt: null };
    await tx.db.insertInto('customer_api_tokens').values({
      id: view.id, workspace_id: s.workspaceId, customer_id: s.customerId, name, token_hash: sha256(token), hint: view.hint,
      created_by: s.contactId, created_at: view.createdAt, last_used_at: null, revoked_at: null,
    }).execute();
    await recordAuditEvent(tx, { workspaceId: s.workspaceId, actor: contactActor(s.contactId), action: 'customer_api_token.created', subjectType: 'customer_api_token', subjectId: view.id, after: { ...view, customerId: s.customerId } });
    return { token, view };
  });
}

/** The customer's tokens, newest first (hints only). */
export async function listCustomerApiTokens(db: Db, s: PortalSession): Promise<CustomerApiTokenView[]> {
  const rows = await db.selectFrom('customer_api_tokens').selectAll().where('workspace_id', '=', s.workspaceId).where('customer_id', '=', s.customerId).orderBy('created_at', 'desc').execute();
  return rows.map((t) => ({ id: t.id, name: t.name, hint: t.hint, createdAt: t.created_at, lastUsedAt: t.last_used_at, revokedAt: t.revoked_at }));
}

/** Revokes one of the customer's tokens; another customer's id is a 404. */
export async function revokeCustomerApiToken(deps: Deps, s: PortalSession, id: string): Promise<void> {
  await inTransaction(deps, async (tx) => {
    const res = await tx.db.updateTable('customer_api_tokens').set({ revoked_at: tx.clock.now().toISOString() })
      .where('id', '=', id).where('workspace_id', '=', s.workspaceId).where('customer_id', '=', s.customerId).where('revoked_at', 'is', null).executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw notFound('active API token');
    await recordAuditEvent(tx, { workspaceId: s.workspaceId, actor: contactActor(s.contactId), action: 'customer_api_token.revoked', subjectType: 'customer_api_token', subjectId: id, after: { customerId: s.customerId } });
  });
}

/** The customer a bearer token speaks for, or undefined when unknown or revoked (use noted at most once a minute). */
export async function findCustomerApiToken(deps: Deps, token: string): Promise<{ id: string; workspaceId: string; customerId: string; name: string } | undefined> {
  if (!token.startsWith(CUSTOMER_TOKEN_PREFIX)) return undefined;
  const row = await deps.db.selectFrom('customer_api_tokens').select(['id', 'workspace_id', 'customer_id', 'name', 'last_used_at'])
    .where('token_hash', '=', sha256(token)).where('revoked_at', 'is', null).executeTakeFirst();
  if (!row) return undefined;
  const now = deps.clock.now();
  if (!row.last_used_at || now.getTime() - Date.parse(row.last_used_at) > 60_000) {
    await deps.db.updateTable('customer_api_tokens').set({ last_used_at: now.toISOString() }).where('id', '=', row.id).execute();
  }
  return { id: row.id, workspaceId: row.workspace_id, customerId: row.customer_id, name: row.name };
}
