import type { Db } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { newId } from '../../shared/ids.ts';
import { enqueueJobs } from '../jobs/enqueue-job.ts';

export const DELIVER_WEBHOOK_JOB = 'webhook.deliver';

export interface WebhookEvent {
  workspaceId: string;
  customerId: string;
  changeId: string | null;
  /** change.announced, change.in_effect, change.withdrawn, objection.resolved… */
  event: string;
  /** Unique per event and customer: the same event is delivered once per endpoint. */
  eventKey: string;
  data: Record<string, unknown>;
  /** Only this endpoint of the customer (the `test` event); every active one when omitted. */
  endpointId?: string;
}

/**
 * Writes one delivery per active endpoint of the customer, with its job, in the caller's
 * transaction. The body is fixed here, so every retry sends (and signs) the same bytes.
 */
export async function enqueueWebhookEvent(tx: { db: Db; clock: Clock }, e: WebhookEvent): Promise<void> {
  let q = tx.db.selectFrom('webhook_endpoints').select('id').where('customer_id', '=', e.customerId).where('workspace_id', '=', e.workspaceId).where('active', '=', 1);
  if (e.endpointId) q = q.where('id', '=', e.endpointId);
  const endpoints = await q.execute();
  if (endpoints.length === 0) return;
  const now = tx.clock.now().toISOString();
  const rows = endpoints.map((ep) => {
    const id = newId();
    const body = JSON.stringify({ id, type: e.event, createdAt: now, data: e.data });
    return { id, workspace_id: e.workspaceId, endpoint_id: ep.id, change_id: e.changeId, event: e.event, idempotency_key: `${e.eventKey}:${ep.id}`, body, status: 'pending' as const, last_status_code: null, last_error: null, created_at: now, delivered_at: null };
  });
  const inserted = await tx.db.insertInto('webhook_deliveries').values(rows).onConflict((oc) => oc.column('idempotency_key').doNothing()).returning('id').execute();
  await enqueueJobs(tx, inserted.map((r) => ({ kind: DELIVER_WEBHOOK_JOB, refId: r.id, workspaceId: e.workspaceId, maxAttempts: 8 })));
}
