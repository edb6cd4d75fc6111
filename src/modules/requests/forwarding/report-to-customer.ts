/**
 * The report back to the customer that is a request's controller once the request is closed: an
 * e-mail to its contacts and a signed `dsr.request_completed` webhook; the portal shows the outcome.
 */
import type { Row } from '../../../db/schema.ts';
import { type Actor, SYSTEM_ACTOR, type TxDeps } from '../../../shared/deps.ts';
import { enqueueMessages } from '../../mail/enqueue-message.ts';
import { enqueueWebhookEvent } from '../../webhooks/enqueue-webhook-event.ts';
import { recordRequestEvent } from '../request-events.ts';
import { renderRequestMessage } from '../request-messages.ts';
import { isOpen } from '../requests.ts';
import { COMPLETED_EVENT, completedPayload, reportMessage } from './forwarding-notices.ts';
import { loadForwarding } from './send-forwarding.ts';

/**
 * Reports a closed request back to the customer that is its controller: an e-mail to its contacts
 * and a `dsr.request_completed` webhook; the portal shows the outcome. Once per request (reported_at).
 * Call it in the transaction that closes the request; it does nothing for the workspace's own requests.
 */
export async function reportToCustomer(tx: TxDeps, request: Row<'dsr_requests'>, actor: Actor = SYSTEM_ACTOR): Promise<boolean> {
  if (request.controller !== 'customer' || !request.customer_id || isOpen(request.status)) return false;
  const row = await tx.db.selectFrom('dsr_forwardings').select('id').where('request_id', '=', request.id).executeTakeFirst();
  if (row) {
    const loaded = await loadForwarding(tx, row.id);
    if (!loaded || loaded.f.reported_at) return false;
    const claimed = await tx.db.updateTable('dsr_forwardings').set({ reported_at: tx.clock.now().toISOString() }).where('id', '=', row.id).where('reported_at', 'is', null).executeTakeFirst();
    if (!Number(claimed.numUpdatedRows)) return false;
  }
  const customer = (await tx.db.selectFrom('customers').select(['id', 'name']).where('id', '=', request.customer_id).executeTakeFirst());
  if (!customer) return false;
  const loaded = row ? await loadForwarding(tx, row.id) : undefined;
  const contacts = await tx.db.selectFrom('customer_contacts').select(['id', 'email']).where('customer_id', '=', customer.id).execute();
  const ws = await tx.db.selectFrom('workspaces').select(['name', 'slug', 'time_zone']).where('id', '=', request.workspace_id).executeTakeFirstOrThrow();
  const rendered = renderRequestMessage(reportMessage(request, { workspaceName: ws.name, workspaceSlug: ws.slug, customerName: customer.name, timeZone: request.time_zone, publicUrl: tx.publicUrl }));
  await enqueueMessages(tx, contacts.map((k) => ({
    workspaceId: request.workspace_id, kind: 'request.reported', recipientType: 'contact' as const, recipientId: k.id, to: k.email, idempotencyKey: `request.reported:${request.id}:contact:${k.id}`, ...rendered,
  })));
  await enqueueWebhookEvent(tx, {
    workspaceId: request.workspace_id, customerId: customer.id, changeId: null, event: COMPLETED_EVENT, eventKey: `${COMPLETED_EVENT}:${request.id}`, data: completedPayload(request, loaded?.f ?? null),
  });
  await recordRequestEvent(tx, request, actor, 'reported', { customerId: customer.id, contacts: contacts.length });
  return true;
}
