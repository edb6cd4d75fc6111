/**
 * An operator invites a customer's contacts to the portal: each gets a one-time link (stored only
 * as its SHA-256) by e-mail, written in the same transaction as the link, the contact's
 * `invited_at` and the audit event.
 */
import { type Deps, inTransaction, type Scope } from '../../shared/deps.ts';
import { conflict, notFound } from '../../shared/errors.ts';
import { newSecret, sha256 } from '../../shared/ids.ts';
import { InputReader } from '../../shared/input.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { findCustomer } from '../customers/customers.queries.ts';
import { enqueueMessages, type OutgoingMessage } from '../mail/enqueue-message.ts';
import { INVITE_TTL_MS, portalLinkUrl, portalUrl } from './portal.ts';
import { invitationMessage } from './portal-messages.ts';

export const INVITE_MESSAGE_KIND = 'portal.invite';

export interface InvitationResult {
  /** The contacts invited, with the moment of the invitation. */
  invited: Array<{ contactId: string; invitedAt: string }>;
}

/**
 * Invites `contactIds` of the customer, or all its contacts when none are named. A contact's
 * earlier unused invitation stops working: only the newest link is live.
 * @example await inviteContacts(deps, scope, customer.id, { contactIds: [contact.id] })
 */
export async function inviteContacts(deps: Deps, scope: Scope, customerId: string, raw: unknown): Promise<InvitationResult> {
  const r = new InputReader(raw ?? {});
  const wanted = r.list('contactIds', { max: 100 });
  r.done(null);
  return inTransaction(deps, async (tx) => {
    const customer = await findCustomer(tx.db, scope.workspaceId, customerId);
    if (!customer) throw notFound('customer');
    const issues = wanted.flatMap((id, i) => (customer.contacts.some((k) => k.id === id) ? [] : [{ field: `contactIds[${i}]`, message: 'must be a contact of this customer' }]));
    if (issues.length) r.issues.push(...issues);
    r.done(null);
    const contacts = wanted.length ? customer.contacts.filter((k) => wanted.includes(k.id)) : customer.contacts;
    if (contacts.length === 0) throw conflict('this customer has no contacts to invite: add one first', 'customer_has_no_contacts');
    const workspace = await tx.db.selectFrom('workspaces').select(['slug', 'name']).where('id', '=', scope.workspaceId).executeTakeFirstOrThrow();
    const now = tx.clock.now();
    const nowIso = now.toISOString();
    const ids = contacts.map((k) => k.id);
    await tx.db.deleteFrom('portal_links').where('contact_id', 'in', ids).where('purpose', '=', 'invite').where('used_at', 'is', null).execute();
    const messages: OutgoingMessage[] = [];
    for (const k of contacts) {
      const token = newSecret('trp_');
      const id = sha256(token);
      await tx.db.insertInto('portal_links').values({
        id, workspace_id: scope.workspaceId, customer_id: customer.id, contact_id: k.id, purpose: 'invite',
        created_at: nowIso, expires_at: new Date(now.getTime() + INVITE_TTL_MS).toISOString(), used_at: null,
      }).execute();
      messages.push({
        workspaceId: scope.workspaceId, kind: INVITE_MESSAGE_KIND, recipientType: 'contact', recipientId: k.id, to: k.email,
        // The key holds the link's hash: each invitation is one message, a retried write none.
        idempotencyKey: `${INVITE_MESSAGE_KIND}:${k.id}:${id}`,
        ...invitationMessage({ workspaceName: workspace.name, customerName: customer.name, link: portalLinkUrl(tx.publicUrl, workspace.slug, token), portalUrl: `${portalUrl(tx.publicUrl, workspace.slug)}/signin` }),
      });
    }
    await tx.db.updateTable('customer_contacts').set({ invited_at: nowIso }).where('customer_id', '=', customer.id).where('id', 'in', ids).execute();
    await enqueueMessages(tx, messages);
    // Contact ids only: the addresses are already in the customer's own events.
    await recordAuditEvent(tx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'portal.contacts_invited', subjectType: 'customer', subjectId: customer.id, after: { contactIds: ids } });
    return { invited: ids.map((contactId) => ({ contactId, invitedAt: nowIso })) };
  });
}
