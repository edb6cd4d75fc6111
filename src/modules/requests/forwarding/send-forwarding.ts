/**
 * The `dsr.forward` job: passes a request from a customer's end user on to the customer (the
 * controller) by e-mail to its contacts, a signed `dsr.request_forwarded` webhook and its portal,
 * tells the requester who decides, and schedules the reminders. The `dsr.forward_remind` job
 * reminds the contacts while no instruction has come.
 */
import type { Db } from '../../../db/schema.ts';
import { type Deps, inTransaction, SYSTEM_ACTOR, type TxDeps } from '../../../shared/deps.ts';
import { findCustomer } from '../../customers/customers.queries.ts';
import { enqueueJobs } from '../../jobs/enqueue-job.ts';
import { enqueueMessages } from '../../mail/enqueue-message.ts';
import { enqueueWebhookEvent } from '../../webhooks/enqueue-webhook-event.ts';
import { recordRequestEvent } from '../request-events.ts';
import { renderRequestMessage, sendToRequester } from '../request-messages.ts';
import { isOpen } from '../requests.ts';
import { forwardingRules } from './forwarding-term.ts';
import { FORWARDED_EVENT, type ForwardingFacts, forwardedMessage, forwardedPayload, reminderMessage } from './forwarding-notices.ts';

export const FORWARD_REMIND_JOB = 'dsr.forward_remind';

/** A forwarding with its request and what the messages need; undefined when gone. */
export async function loadForwarding(tx: TxDeps, forwardingId: string) {
  const f = await tx.db.selectFrom('dsr_forwardings').selectAll().where('id', '=', forwardingId).executeTakeFirst();
  if (!f) return undefined;
  const request = await tx.db.selectFrom('dsr_requests').selectAll().where('id', '=', f.request_id).executeTakeFirstOrThrow();
  const customer = await findCustomer(tx.db, request.workspace_id, f.customer_id);
  if (!customer) return undefined;
  const ws = await tx.db.selectFrom('workspaces').select(['slug', 'name']).where('id', '=', request.workspace_id).executeTakeFirstOrThrow();
  const facts: ForwardingFacts = { workspaceName: ws.name, workspaceSlug: ws.slug, customerName: customer.name, timeZone: customer.effectiveTimeZone, publicUrl: tx.publicUrl };
  return { f, request, customer, facts };
}

/** Ids of the messages written under these idempotency keys (the timeline names them). */
async function messageIds(db: Db, keys: string[]): Promise<string[]> {
  if (keys.length === 0) return [];
  return (await db.selectFrom('messages').select('id').where('idempotency_key', 'in', keys).execute()).map((m) => m.id);
}

/**
 * When the reminders of a forwarding are due: the rule fractions of its term (rules/forwarding.yaml
 * `remindAt`), counted from when it was sent; those already past are left out.
 */
export function reminderTimes(sentAt: Date, dueAt: Date, fractions: number[] = forwardingRules().remindAt): Date[] {
  const span = dueAt.getTime() - sentAt.getTime();
  return fractions.map((x) => new Date(sentAt.getTime() + Math.round(span * x))).filter((t) => t.getTime() > sentAt.getTime() && t < dueAt);
}

/** The `dsr.forward` job (ref: the forwarding id). Once only: a forwarding already sent is left alone. */
export async function sendForwarding(deps: Deps, forwardingId: string): Promise<void> {
  await inTransaction(deps, async (tx) => {
    const loaded = await loadForwarding(tx, forwardingId);
    if (!loaded || loaded.f.sent_at || !isOpen(loaded.request.status)) return;
    const { f, request, customer, facts } = loaded;
    const now = tx.clock.now();
    const rendered = renderRequestMessage(forwardedMessage(request, f, facts));
    const keys = customer.contacts.map((k) => `request.forwarded:${f.id}:contact:${k.id}`);
    await enqueueMessages(tx, customer.contacts.map((k, i) => ({
      workspaceId: request.workspace_id, kind: 'request.forwarded', recipientType: 'contact' as const, recipientId: k.id, to: k.email, idempotencyKey: keys[i]!, ...rendered,
    })));
    await enqueueWebhookEvent(tx, {
      workspaceId: request.workspace_id, customerId: f.customer_id, changeId: null, event: FORWARDED_EVENT, eventKey: `${FORWARDED_EVENT}:${f.id}`, data: forwardedPayload(request, f, facts),
    });
    const deliveries = await tx.db.selectFrom('webhook_deliveries').select('id').where('idempotency_key', 'like', `${FORWARDED_EVENT}:${f.id}:%`).execute();
    await tx.db.updateTable('dsr_forwardings').set({ sent_at: now.toISOString() }).where('id', '=', f.id).execute();
    // Waiting for the customer now, unless an operator moved the request on meanwhile (a question to the person).
    const updated = request.status === 'forwarded'
      ? await tx.db.updateTable('dsr_requests').set({ status: 'awaiting_instruction', updated_at: now.toISOString() }).where('id', '=', request.id).returningAll().executeTakeFirstOrThrow()
      : request;
    await recordRequestEvent(tx, updated, SYSTEM_ACTOR, 'forwarded', {
      customerId: f.customer_id, dueAt: f.due_at, contacts: keys.length, messageIds: await messageIds(tx.db, keys), deliveryIds: deliveries.map((d) => d.id),
    }, request);
    await sendToRequester(tx, updated, 'controller', {
      subject: `Your privacy request ${request.reference}: ${customer.name} decides`,
      paragraphs: [
        `${customer.name} is the controller of the personal data your request ${request.reference} is about: it decides whether and how the request is fulfilled. ${facts.workspaceName} processes that data on its behalf and has passed your request on to it.`,
        `We will tell you when ${customer.name} has decided. You may also contact ${customer.name} directly.`,
      ],
    });
    await enqueueJobs(tx, reminderTimes(now, new Date(f.due_at)).map((runAt, i) => ({
      kind: FORWARD_REMIND_JOB, refId: `${f.id}:${i + 1}`, workspaceId: request.workspace_id, runAt,
    })));
  });
}

/** The `dsr.forward_remind` job (ref `forwardingId:n`): reminds the contacts only while no instruction came and the term runs. */
export async function remindForwarding(deps: Deps, ref: string): Promise<void> {
  const [forwardingId, n] = ref.split(':') as [string, string];
  await inTransaction(deps, async (tx) => {
    const loaded = await loadForwarding(tx, forwardingId);
    if (!loaded) return;
    const { f, request, customer, facts } = loaded;
    const now = tx.clock.now();
    if (f.instructed_at || !f.sent_at || request.status !== 'awaiting_instruction' || now.toISOString() >= f.due_at) return;
    const rendered = renderRequestMessage(reminderMessage(request, f, facts));
    const keys = customer.contacts.map((k) => `request.forward_reminder:${f.id}:${n}:contact:${k.id}`);
    await enqueueMessages(tx, customer.contacts.map((k, i) => ({
      workspaceId: request.workspace_id, kind: 'request.forward_reminder', recipientType: 'contact' as const, recipientId: k.id, to: k.email, idempotencyKey: keys[i]!, ...rendered,
    })));
    await tx.db.updateTable('dsr_forwardings').set({ reminded_at: now.toISOString() }).where('id', '=', f.id).execute();
    await recordRequestEvent(tx, request, SYSTEM_ACTOR, 'forwarding_reminded', { reminder: Number(n), contacts: keys.length, messageIds: await messageIds(tx.db, keys) });
  });
}
