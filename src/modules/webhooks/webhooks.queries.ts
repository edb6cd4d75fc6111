import type { Db, Row } from '../../db/schema.ts';
import { DELIVER_WEBHOOK_JOB } from './enqueue-webhook-event.ts';
import { DELIVERIES_PAGE_DEFAULT, DELIVERIES_PAGE_MAX, type DeliveryFilter, type DeliveryStatus } from './webhooks.ts';

/** An endpoint as it leaves the server: never the secret, only its first characters. */
export interface WebhookEndpointView {
  id: string;
  customerId: string;
  url: string;
  active: boolean;
  /** `whsec_` and the next four characters, to tell secrets apart after a rotation. */
  secretHint: string;
  createdAt: string;
}

export interface WebhookAttemptView {
  attempt: number;
  at: string;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

export interface WebhookDeliveryView {
  id: string;
  event: string;
  status: DeliveryStatus;
  endpointId: string;
  endpointUrl: string;
  customerId: string;
  customerName: string;
  changeId: string | null;
  attemptCount: number;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
  /** When the next try is due (pending deliveries with a scheduled job), else null. */
  nextAttemptAt: string | null;
  attempts: WebhookAttemptView[];
}

export const secretHint = (secret: string): string => secret.slice(0, 10);

export const toWebhookEndpointView = (e: Row<'webhook_endpoints'>): WebhookEndpointView => ({
  id: e.id, customerId: e.customer_id, url: e.url, active: e.active === 1, secretHint: secretHint(e.secret), createdAt: e.created_at,
});

/** The endpoints of one customer, oldest first. */
export async function listWebhookEndpoints(db: Db, workspaceId: string, customerId: string): Promise<WebhookEndpointView[]> {
  const rows = await db.selectFrom('webhook_endpoints').selectAll()
    .where('workspace_id', '=', workspaceId).where('customer_id', '=', customerId).orderBy('created_at').orderBy('id').execute();
  return rows.map(toWebhookEndpointView);
}

/** One endpoint of the workspace (and of `customerId`, when given). */
export async function findWebhookEndpoint(db: Db, workspaceId: string, id: string, customerId?: string): Promise<WebhookEndpointView | undefined> {
  let q = db.selectFrom('webhook_endpoints').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id);
  if (customerId !== undefined) q = q.where('customer_id', '=', customerId);
  const row = await q.executeTakeFirst();
  return row && toWebhookEndpointView(row);
}

/** A customer of the workspace: its id and name, or undefined. */
export async function findCustomerName(db: Db, workspaceId: string, customerId: string): Promise<{ id: string; name: string } | undefined> {
  return db.selectFrom('customers').select(['id', 'name']).where('workspace_id', '=', workspaceId).where('id', '=', customerId).executeTakeFirst();
}

/** Deliveries of the workspace, newest first, each with its attempts and the time of its next try. */
export async function listWebhookDeliveries(db: Db, workspaceId: string, filter: DeliveryFilter = {}): Promise<WebhookDeliveryView[]> {
  let q = db.selectFrom('webhook_deliveries as d')
    .innerJoin('webhook_endpoints as e', 'e.id', 'd.endpoint_id')
    .innerJoin('customers as c', 'c.id', 'e.customer_id')
    .selectAll('d')
    .select(['e.url as endpoint_url', 'e.customer_id', 'c.name as customer_name'])
    .where('d.workspace_id', '=', workspaceId);
  if (filter.status) q = q.where('d.status', '=', filter.status);
  if (filter.customerId) q = q.where('e.customer_id', '=', filter.customerId);
  if (filter.changeId) q = q.where('d.change_id', '=', filter.changeId);
  if (filter.endpointId) q = q.where('d.endpoint_id', '=', filter.endpointId);
  const limit = Math.min(Math.max(filter.limit ?? DELIVERIES_PAGE_DEFAULT, 1), DELIVERIES_PAGE_MAX);
  const rows = await q.orderBy('d.created_at', 'desc').orderBy('d.id', 'desc').limit(limit).execute();
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [attempts, jobs] = await Promise.all([
    db.selectFrom('webhook_attempts').selectAll().where('delivery_id', 'in', ids).orderBy('delivery_id').orderBy('attempt').execute(),
    db.selectFrom('jobs').select(['ref_id', 'run_at'])
      .where('kind', '=', DELIVER_WEBHOOK_JOB).where('status', '=', 'pending').where('ref_id', 'in', ids).execute(),
  ]);
  const byDelivery = new Map<string, WebhookAttemptView[]>();
  for (const a of attempts) {
    const list = byDelivery.get(a.delivery_id) ?? [];
    list.push({ attempt: a.attempt, at: a.at, statusCode: a.status_code, error: a.error, durationMs: a.duration_ms });
    byDelivery.set(a.delivery_id, list);
  }
  const nextRun = new Map(jobs.map((j) => [j.ref_id, j.run_at]));
  return rows.map((d) => ({
    id: d.id, event: d.event, status: d.status, endpointId: d.endpoint_id, endpointUrl: d.endpoint_url, customerId: d.customer_id,
    customerName: d.customer_name, changeId: d.change_id, attemptCount: d.attempts, lastStatusCode: d.last_status_code, lastError: d.last_error,
    createdAt: d.created_at, deliveredAt: d.delivered_at, nextAttemptAt: d.status === 'pending' ? (nextRun.get(d.id) ?? null) : null,
    attempts: byDelivery.get(d.id) ?? [],
  }));
}
