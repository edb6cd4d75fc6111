/**
 * Telling the customers a legal demand concerns (DPA §13: "promptly … unless prohibited"): an
 * e-mail to each contact and a signed `legal_demand.received` webhook, written in the caller's
 * transaction. Under a non-disclosure order the notice is held; the `legal_demand.release_notice`
 * job, scheduled at the order's end date, sends it by itself, as lifting the order early does.
 * Each step is a timeline line and an audit event with ids and dates only.
 */
import type { Row } from '../../db/schema.ts';
import { type Actor, type Deps, inTransaction, SYSTEM_ACTOR, type TxDeps } from '../../shared/deps.ts';
import { newId } from '../../shared/ids.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { findCustomer } from '../customers/customers.queries.ts';
import { cancelJobs, enqueueJob } from '../jobs/enqueue-job.ts';
import { enqueueMessages } from '../mail/enqueue-message.ts';
import { startOfDayInZone } from '../periods/zoned-dates.ts';
import { renderRequestMessage } from '../requests/request-messages.ts';
import { countryName } from '../vocab/vocab.ts';
import { enqueueWebhookEvent } from '../webhooks/enqueue-webhook-event.ts';
import { workspaceToday, workspaceZone } from './legal-demands.queries.ts';
import { AUTHORITY_TYPE_LABELS, demandAuditView, isProhibitedOn, RECEIVED_EVENT, RELEASE_NOTICE_JOB } from './legal-demands.ts';

/**
 * One step of a demand: a timeline line (with `words`, free text people wrote, kept there only)
 * and an audit event in the same transaction.
 */
export async function recordDemandEvent(
  tx: TxDeps, d: Row<'legal_demands'>, actor: Actor, kind: string, detail: Record<string, unknown> = {}, before?: Row<'legal_demands'>, words: Record<string, string | null> = {},
): Promise<void> {
  const now = tx.clock.now().getTime();
  const last = await tx.db.selectFrom('legal_demand_events').select((eb) => eb.fn.max('at').as('at')).where('demand_id', '=', d.id).executeTakeFirst();
  // Several steps in one instant (one transaction, a fixed clock) keep their order.
  const at = new Date(Math.max(now, last?.at ? Date.parse(String(last.at)) + 1 : 0)).toISOString();
  await tx.db.insertInto('legal_demand_events').values({ id: newId(), demand_id: d.id, workspace_id: d.workspace_id, at, kind, actor: actor.label, detail: JSON.stringify({ ...detail, ...words }) }).execute();
  await recordAuditEvent(tx, {
    workspaceId: d.workspace_id, actor, action: `legal_demand.${kind}`, subjectType: 'legal_demand', subjectId: d.id,
    before: before ? demandAuditView(before) : undefined, after: { ...demandAuditView(d), ...detail },
  });
}

/** The e-mail to a customer's contacts. */
function noticeMessage(d: Row<'legal_demands'>, workspaceName: string, customerName: string, releasedAfterOrder: boolean) {
  return renderRequestMessage({
    subject: `Legal demand concerning data we process for ${customerName}`,
    paragraphs: [
      `${workspaceName} received a demand from ${d.authority_name} (${AUTHORITY_TYPE_LABELS[d.authority_type]}, ${countryName(d.country)}) on ${d.received_at.slice(0, 10)} that concerns personal data ${workspaceName} processes on behalf of ${customerName}.`,
      ...(releasedAfterOrder ? [`A non-disclosure order prevented us from telling you earlier${d.prohibition_lifted_at ? `; it was lifted on ${d.prohibition_lifted_at.slice(0, 10)}` : d.prohibition_ends_on ? `; it ended on ${d.prohibition_ends_on}` : ''}.`] : []),
      `Legal basis: ${d.legal_basis}`,
      `What is demanded: ${d.scope}`,
      ...(d.reference ? [`The authority's reference: ${d.reference}`] : []),
      ...(d.deadline ? [`The authority asks for an answer by ${d.deadline}.`] : []),
      `At your request we give you the information in our possession that may be responsive to the demand, and the assistance you reasonably need to respond to it in time. Please reply to this message.`,
    ],
  });
}

/**
 * Sends the notice to every customer of the demand whose notice is pending or held (or only
 * `onlyCustomerIds`), marks them notified and records the step. Returns the customers notified.
 */
export async function sendDemandNotices(tx: TxDeps, d: Row<'legal_demands'>, actor: Actor, kind = 'customers_notified', onlyCustomerIds?: string[]): Promise<string[]> {
  let q = tx.db.selectFrom('legal_demand_customers').select(['customer_id', 'notice_state']).where('demand_id', '=', d.id).where('notice_state', 'in', ['pending', 'held']);
  if (onlyCustomerIds) {
    if (onlyCustomerIds.length === 0) return [];
    q = q.where('customer_id', 'in', onlyCustomerIds);
  }
  const links = await q.orderBy('customer_id').execute();
  if (links.length === 0) return [];
  const ws = await tx.db.selectFrom('workspaces').select('name').where('id', '=', d.workspace_id).executeTakeFirstOrThrow();
  const now = tx.clock.now().toISOString();
  const notified: string[] = [];
  const unreachable: string[] = [];
  for (const link of links) {
    const customer = await findCustomer(tx.db, d.workspace_id, link.customer_id);
    if (!customer) continue;
    const endpoint = await tx.db.selectFrom('webhook_endpoints').select('id').where('customer_id', '=', customer.id).where('active', '=', 1).executeTakeFirst();
    if (customer.contacts.length === 0 && !endpoint) {
      // Nobody to tell: not marked as told. Saving the demand once a contact exists sends it.
      unreachable.push(customer.id);
      continue;
    }
    const rendered = noticeMessage(d, ws.name, customer.name, link.notice_state === 'held');
    await enqueueMessages(tx, customer.contacts.map((k) => ({
      workspaceId: d.workspace_id, kind: 'legal_demand.notice', recipientType: 'contact' as const, recipientId: k.id, to: k.email,
      idempotencyKey: `legal_demand.notice:${d.id}:contact:${k.id}`, ...rendered,
    })));
    await enqueueWebhookEvent(tx, {
      workspaceId: d.workspace_id, customerId: customer.id, changeId: null, event: RECEIVED_EVENT, eventKey: `${RECEIVED_EVENT}:${d.id}:${customer.id}`,
      data: {
        demandId: d.id, customerId: customer.id, authority: { name: d.authority_name, type: d.authority_type, country: d.country },
        legalBasis: d.legal_basis, scope: d.scope, reference: d.reference, receivedAt: d.received_at, deadline: d.deadline,
        heldUnderNonDisclosureOrder: link.notice_state === 'held',
      },
    });
    await tx.db.updateTable('legal_demand_customers').set({ notice_state: 'sent', notified_at: now }).where('demand_id', '=', d.id).where('customer_id', '=', customer.id).execute();
    notified.push(customer.id);
  }
  if (unreachable.length) {
    await tx.db.updateTable('legal_demand_customers').set({ notice_state: 'pending' }).where('demand_id', '=', d.id).where('customer_id', 'in', unreachable).execute();
    await recordDemandEvent(tx, d, actor, 'notice_unreachable', { customerIds: unreachable });
  }
  if (notified.length) await recordDemandEvent(tx, d, actor, kind, { customerIds: notified });
  return notified;
}

/**
 * Brings the notices in line with the demand's prohibition: held while it is in force (with the
 * release job at its end date, when it has one), sent otherwise.
 */
export async function applyNoticeRule(tx: TxDeps, d: Row<'legal_demands'>, actor: Actor): Promise<void> {
  const zone = await workspaceZone(tx.db, d.workspace_id);
  await cancelJobs(tx, RELEASE_NOTICE_JOB, d.id);
  if (!isProhibitedOn(d, await workspaceToday(tx.db, d.workspace_id, tx.clock.now()))) {
    await sendDemandNotices(tx, d, actor);
    return;
  }
  const pending = await tx.db.updateTable('legal_demand_customers').set({ notice_state: 'held' }).where('demand_id', '=', d.id).where('notice_state', '=', 'pending').returning('customer_id').execute();
  if (pending.length) await recordDemandEvent(tx, d, actor, 'notice_held', { customerIds: pending.map((p) => p.customer_id).sort(), until: d.prohibition_ends_on });
  if (d.prohibition_ends_on) {
    // The key carries the instant of scheduling: a date changed and changed back schedules again.
    await enqueueJob(tx, {
      kind: RELEASE_NOTICE_JOB, refId: d.id, workspaceId: d.workspace_id, runAt: startOfDayInZone(d.prohibition_ends_on, zone),
      idempotencyKey: `${RELEASE_NOTICE_JOB}:${d.id}:${d.prohibition_ends_on}:${tx.clock.now().toISOString()}`,
    });
  }
}

/**
 * The `legal_demand.release_notice` job (ref: the demand id): once the prohibition is no longer in
 * force on the workspace's today, the held notices go out. Early, or after a later end date was
 * set, it does nothing (that change scheduled its own job). Returns the customers notified.
 */
export async function releaseHeldNotices(deps: Deps, demandId: string): Promise<string[]> {
  return inTransaction(deps, async (tx) => {
    const d = await tx.db.selectFrom('legal_demands').selectAll().where('id', '=', demandId).executeTakeFirst();
    if (!d || isProhibitedOn(d, await workspaceToday(tx.db, d.workspace_id, tx.clock.now()))) return [];
    return sendDemandNotices(tx, d, SYSTEM_ACTOR, 'notice_released');
  });
}
