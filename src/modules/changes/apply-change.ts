import type { Row } from '../../db/schema.ts';
import { isoDate } from '../../shared/clock.ts';
import type { Actor, Deps, Scope, TxDeps } from '../../shared/deps.ts';
import { inTransaction } from '../../shared/deps.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { enqueueMessages, type OutgoingMessage } from '../mail/enqueue-message.ts';
import { findLatestVersion } from '../publishing/list-versions.queries.ts';
import { publications, publishListVersion, withOnly } from '../publishing/publish-list-version.ts';
import { createEngagement, deleteEngagement, updateEngagement } from '../registry/manage-engagements.ts';
import { subscriberWants, unsubscribeHeaders, unsubscribeUrl } from '../subscribers/subscriber-links.ts';
import { unsubscribeLinkBatch } from '../subscribers/unsubscribe-links.ts';
import { enqueueWebhookEvent } from '../webhooks/enqueue-webhook-event.ts';
import { findCustomer } from '../customers/customers.queries.ts';
import { listConfirmedSubscribers } from '../subscribers/subscribers.queries.ts';
import { listUrl } from './change-audience.ts';
import type { ChangeOperation } from './change-operations.ts';
import type { NoticeFacts } from './notice-facts.ts';
import { renderInEffect } from './render-notices.ts';
import { HOLDING_RESOLUTIONS } from '../customer-view/customer-facts.ts';

export const SCHEDULER: Actor = { type: 'system', id: null, label: 'trustroom scheduler' };

const safeMessage = (e: unknown) => (e instanceof Error ? e.message : String(e)).slice(0, 500);

/**
 * The `change.apply` job (CH4): at the proposed date, applies the operations to the registry,
 * publishes the new list version and tells subscribers, all in one transaction. Runs again
 * harmlessly: a change no longer announced is left alone.
 */
export async function applyChange(deps: Deps, changeId: string): Promise<void> {
  let workspaceId: string | null = null;
  try {
    await inTransaction(deps, async (tx) => {
      let q = tx.db.selectFrom('changes').selectAll().where('id', '=', changeId);
      if (tx.caps.rowLocks) q = q.forUpdate();
      const row = await q.executeTakeFirst();
      if (!row || row.status !== 'announced') return;
      workspaceId = row.workspace_id;
      const scope: Scope = { workspaceId: row.workspace_id, actor: SCHEDULER };
      // The engagements it creates are recorded, so a customer's view can read the change back out.
      const created: Record<string, string> = {};
      const ops = JSON.parse(row.operations) as ChangeOperation[];
      for (const [i, op] of ops.entries()) {
        const id = await applyOperation(tx, scope, op);
        if (id) created[String(i)] = id;
      }
      const previous = await findLatestVersion(tx.db, row.workspace_id);
      const currentAsOf = previous && previous.currentAsOf > row.proposed_date ? previous.currentAsOf : row.proposed_date;
      // Only what the change did is published: other registry edits wait for their own publication.
      const ids = new Set([...ops.flatMap((o) => (o.op === 'add' ? [] : [o.engagementId])), ...Object.values(created)]);
      const version = await publishListVersion(tx, scope, { currentAsOf, note: `Change in effect: ${row.title}` }, { compose: withOnly(ids) });
      const now = tx.clock.now().toISOString();
      await tx.db.updateTable('changes').set({ status: 'in_effect', applied_at: now, version_after: version.version, created_engagements: JSON.stringify(created), last_error: null, updated_at: now }).where('id', '=', row.id).execute();
      await notifySubscribersInEffect(tx, row);
      await recordAuditEvent(tx, { workspaceId: row.workspace_id, actor: SCHEDULER, action: 'change.in_effect', subjectType: 'change', subjectId: row.id, after: { status: 'in_effect', version: version.version } });
    });
  } catch (e) {
    // Kept on the change for the console; the job retries with backoff.
    await deps.db.updateTable('changes').set({ last_error: safeMessage(e) }).where('id', '=', changeId).execute();
    throw e;
  }
  if (workspaceId) publications.emit('published', workspaceId);
}

/** Applies one operation to the registry; returns the id of the engagement it creates, if any. */
async function applyOperation(tx: TxDeps, scope: Scope, op: ChangeOperation): Promise<string | null> {
  if (op.op === 'add') return (await createEngagement(tx, scope, op.engagement)).id;
  if (op.op === 'modify') await updateEngagement(tx, scope, op.engagementId, op.engagement);
  else if (op.op === 'remove') await deleteEngagement(tx, scope, op.engagementId);
  else {
    await deleteEngagement(tx, scope, op.engagementId);
    return (await createEngagement(tx, scope, op.engagement)).id;
  }
  return null;
}

async function notifySubscribersInEffect(tx: TxDeps, row: Row<'changes'>): Promise<void> {
  const facts = JSON.parse(row.notice as string) as NoticeFacts;
  const messages: OutgoingMessage[] = [];
  const unsubscribeLinks = unsubscribeLinkBatch(tx, row.workspace_id);
  for (const s of await listConfirmedSubscribers(tx.db, row.workspace_id)) {
    if (!subscriberWants(s, facts.touched)) continue;
    const unsub = unsubscribeUrl(tx.publicUrl, facts.workspaceSlug, unsubscribeLinks.tokenFor(s.id));
    const rendered = renderInEffect(facts, { effectiveDate: row.proposed_date, listUrl: listUrl(tx.publicUrl, facts.workspaceSlug), unsubscribeUrl: unsub });
    messages.push({ workspaceId: row.workspace_id, changeId: row.id, kind: 'change.in_effect', recipientType: 'subscriber', recipientId: s.id, to: s.email, idempotencyKey: `change.in_effect:${row.id}:subscriber:${s.id}`, ...rendered, headers: unsubscribeHeaders(unsub) });
  }
  await unsubscribeLinks.save();
  await enqueueMessages(tx, messages);
}

/**
 * The `change.customer_effective` job, at one customer's effective moment: the change takes
 * effect for it unless it waits on the customer's consent (specific authorisation) or on an
 * open objection; those stay outstanding in the console until answered or resolved.
 */
export async function settleCustomer(deps: Deps, ref: string): Promise<void> {
  const [changeId, customerId] = ref.split(':') as [string, string];
  await inTransaction(deps, async (tx) => {
    const change = await tx.db.selectFrom('changes').selectAll().where('id', '=', changeId).executeTakeFirst();
    if (!change || change.status === 'withdrawn') return;
    // The registry changes first; both steps can fall due at the same moment.
    if (change.status !== 'in_effect') throw new Error('the change has not been applied yet');
    let q = tx.db.selectFrom('change_customers').selectAll().where('change_id', '=', changeId).where('customer_id', '=', customerId);
    if (tx.caps.rowLocks) q = q.forUpdate();
    const cc = await q.executeTakeFirst();
    if (!cc || cc.status !== 'notified') return;
    const objections = await tx.db.selectFrom('objections').select(['status', 'resolution']).where('change_id', '=', changeId).where('customer_id', '=', customerId).execute();
    const reason = holdReason(cc, objections);
    if (reason) {
      await tx.db.updateTable('change_customers').set({ status: 'not_in_effect', settled_at: tx.clock.now().toISOString() }).where('change_id', '=', changeId).where('customer_id', '=', customerId).execute();
      await recordAuditEvent(tx, { workspaceId: change.workspace_id, actor: SCHEDULER, action: 'change.held_for_customer', subjectType: 'change', subjectId: changeId, after: { customerId, reason } });
      return;
    }
    await bringIntoEffectFor(tx, change, cc, SCHEDULER);
  });
}

/**
 * Why a change must not take effect for a customer, if it must not: under specific authorisation
 * only its consent brings it into effect (a refusal or silence keeps it out); an open objection
 * holds it; an objection resolved by offering an alternative, or by the customer terminating,
 * keeps it out for good.
 */
export function holdReason(cc: Pick<Row<'change_customers'>, 'authorisation' | 'consent'>, objections: Array<{ status: string; resolution: string | null }>): string | null {
  if (cc.authorisation === 'specific' && cc.consent !== 'given') return cc.consent === 'refused' ? 'consent refused' : 'no consent';
  if (objections.some((o) => o.status === 'open')) return 'open objection';
  const held = objections.find((o) => o.status === 'resolved' && (HOLDING_RESOLUTIONS as readonly string[]).includes(o.resolution ?? ''));
  if (held) return held.resolution === 'alternative_offered' ? 'alternative offered' : 'customer terminates';
  return null;
}

/** Marks the change in effect for one customer and tells its contacts and webhooks. */
export async function bringIntoEffectFor(tx: TxDeps, change: Row<'changes'>, cc: Row<'change_customers'>, actor: Actor): Promise<void> {
  const now = tx.clock.now();
  await tx.db.updateTable('change_customers').set({ status: 'in_effect', settled_at: now.toISOString() }).where('change_id', '=', change.id).where('customer_id', '=', cc.customer_id).execute();
  const customer = await findCustomer(tx.db, change.workspace_id, cc.customer_id);
  const facts = JSON.parse(change.notice as string) as NoticeFacts;
  const since = now.toISOString() > cc.effective_at ? isoDate(now) : cc.effective_date;
  if (customer) {
    const rendered = renderInEffect(facts, { customerName: customer.name, effectiveDate: since, listUrl: listUrl(tx.publicUrl, facts.workspaceSlug) });
    await enqueueMessages(tx, customer.contacts.map((k) => ({
      workspaceId: change.workspace_id, changeId: change.id, kind: 'change.in_effect', recipientType: 'contact' as const, recipientId: k.id, to: k.email,
      idempotencyKey: `change.in_effect:${change.id}:contact:${k.id}`, ...rendered,
    })));
  }
  await enqueueWebhookEvent(tx, { workspaceId: change.workspace_id, customerId: cc.customer_id, changeId: change.id, event: 'change.in_effect', eventKey: `change.in_effect:${change.id}:${cc.customer_id}`, data: { changeId: change.id, title: change.title, effectiveDate: since } });
  await recordAuditEvent(tx, { workspaceId: change.workspace_id, actor, action: 'change.in_effect_for_customer', subjectType: 'change', subjectId: change.id, after: { customerId: cc.customer_id, since } });
}
