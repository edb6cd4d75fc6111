/**
 * Webhook endpoints of a customer: add, activate or deactivate, delete, rotate the secret, send a
 * test event. Each change writes its audit event in the same transaction; secrets never reach the
 * audit log (the events carry the endpoint without its secret).
 */
import { type Deps, inTransaction, type Scope, type TxDeps } from '../../shared/deps.ts';
import { conflict, notFound } from '../../shared/errors.ts';
import { newId, newSecret } from '../../shared/ids.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { cancelJobs } from '../jobs/enqueue-job.ts';
import { DELIVER_WEBHOOK_JOB, enqueueWebhookEvent } from './enqueue-webhook-event.ts';
import { findCustomerName, findWebhookEndpoint, type WebhookEndpointView } from './webhooks.queries.ts';
import { parseWebhookEndpointInput } from './webhooks.ts';

export const WEBHOOK_SECRET_PREFIX = 'whsec_';

/** What the audit log keeps of an endpoint: no secret, not even its hint. */
const audited = (e: WebhookEndpointView) => ({ id: e.id, customerId: e.customerId, url: e.url, active: e.active });

async function loadEndpoint(tx: TxDeps, scope: Scope, endpointId: string): Promise<WebhookEndpointView> {
  const endpoint = await findWebhookEndpoint(tx.db, scope.workspaceId, endpointId);
  if (!endpoint) throw notFound('webhook endpoint');
  return endpoint;
}

/**
 * Adds an endpoint for a customer, active at once, with a new signing secret. The secret is
 * returned this one time for the operator to hand to the customer; lists show only its hint.
 * @example const { endpoint, secret } = await addWebhookEndpoint(deps, scope, customerId, { url: 'https://example.com/hooks' })
 */
export async function addWebhookEndpoint(deps: Deps, scope: Scope, customerId: string, raw: unknown): Promise<{ endpoint: WebhookEndpointView; secret: string }> {
  const input = parseWebhookEndpointInput(raw);
  return inTransaction(deps, async (tx) => {
    if (!(await findCustomerName(tx.db, scope.workspaceId, customerId))) throw notFound('customer');
    const same = await tx.db.selectFrom('webhook_endpoints').select('id')
      .where('workspace_id', '=', scope.workspaceId).where('customer_id', '=', customerId).where('url', '=', input.url).executeTakeFirst();
    if (same) throw conflict('url: this customer already has an endpoint with this URL', 'webhook_exists');
    const id = newId();
    const secret = newSecret(WEBHOOK_SECRET_PREFIX);
    await tx.db.insertInto('webhook_endpoints').values({
      id, workspace_id: scope.workspaceId, customer_id: customerId, url: input.url, secret, active: 1, created_at: tx.clock.now().toISOString(),
    }).execute();
    const endpoint = await loadEndpoint(tx, scope, id);
    await recordAuditEvent(tx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'webhook_endpoint.created', subjectType: 'webhook_endpoint', subjectId: id, after: audited(endpoint) });
    return { endpoint, secret };
  });
}

/**
 * Turns deliveries to an endpoint on or off. A delivery still pending when its endpoint is
 * deactivated is marked failed at its next try instead of being sent.
 */
export async function setWebhookEndpointActive(deps: Deps, scope: Scope, endpointId: string, active: boolean): Promise<WebhookEndpointView> {
  return inTransaction(deps, async (tx) => {
    const before = await loadEndpoint(tx, scope, endpointId);
    if (before.active === active) return before;
    await tx.db.updateTable('webhook_endpoints').set({ active: active ? 1 : 0 }).where('id', '=', endpointId).execute();
    const after = await loadEndpoint(tx, scope, endpointId);
    await recordAuditEvent(tx, {
      workspaceId: scope.workspaceId, actor: scope.actor, action: active ? 'webhook_endpoint.activated' : 'webhook_endpoint.deactivated',
      subjectType: 'webhook_endpoint', subjectId: endpointId, before: audited(before), after: audited(after),
    });
    return after;
  });
}

/** Deletes an endpoint with its delivery log; its pending tries are cancelled. */
export async function deleteWebhookEndpoint(deps: Deps, scope: Scope, endpointId: string): Promise<void> {
  await inTransaction(deps, async (tx) => {
    const before = await loadEndpoint(tx, scope, endpointId);
    const pending = await tx.db.selectFrom('webhook_deliveries').select('id').where('endpoint_id', '=', endpointId).where('status', '=', 'pending').execute();
    for (const d of pending) await cancelJobs(tx, DELIVER_WEBHOOK_JOB, d.id);
    // webhook_deliveries and webhook_attempts go with it (on delete cascade).
    await tx.db.deleteFrom('webhook_endpoints').where('id', '=', endpointId).execute();
    await recordAuditEvent(tx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'webhook_endpoint.deleted', subjectType: 'webhook_endpoint', subjectId: endpointId, before: audited(before) });
  });
}

/**
 * Replaces an endpoint's secret; the old one stops working at once (pending deliveries are signed
 * with the new one at their next try). Returns the new secret this one time.
 */
export async function rotateWebhookSecret(deps: Deps, scope: Scope, endpointId: string): Promise<{ endpoint: WebhookEndpointView; secret: string }> {
  return inTransaction(deps, async (tx) => {
    await loadEndpoint(tx, scope, endpointId);
    const secret = newSecret(WEBHOOK_SECRET_PREFIX);
    await tx.db.updateTable('webhook_endpoints').set({ secret }).where('id', '=', endpointId).execute();
    const endpoint = await loadEndpoint(tx, scope, endpointId);
    await recordAuditEvent(tx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'webhook_endpoint.secret_rotated', subjectType: 'webhook_endpoint', subjectId: endpointId, after: audited(endpoint) });
    return { endpoint, secret };
  });
}

/** Queues a `test` event to one active endpoint, delivered (signed, retried) like any other. */
export async function sendTestEvent(deps: Deps, scope: Scope, endpointId: string): Promise<{ deliveryId: string }> {
  return inTransaction(deps, async (tx) => {
    const endpoint = await loadEndpoint(tx, scope, endpointId);
    if (!endpoint.active) throw conflict('the endpoint is inactive: activate it to send a test event', 'webhook_inactive');
    const eventKey = `test:${newId()}`;
    await enqueueWebhookEvent(tx, {
      workspaceId: scope.workspaceId, customerId: endpoint.customerId, changeId: null, event: 'test', eventKey, endpointId,
      data: { endpointId, customerId: endpoint.customerId, message: 'A test event from Trustroom: the endpoint is reachable and can check signatures.' },
    });
    const delivery = await tx.db.selectFrom('webhook_deliveries').select('id').where('idempotency_key', '=', `${eventKey}:${endpointId}`).executeTakeFirstOrThrow();
    await recordAuditEvent(tx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'webhook_endpoint.test_sent', subjectType: 'webhook_endpoint', subjectId: endpointId, after: { deliveryId: delivery.id } });
    return { deliveryId: delivery.id };
  });
}
