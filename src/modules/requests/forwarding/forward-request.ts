import type { Row } from '../../../db/schema.ts';
import type { Actor, TxDeps } from '../../../shared/deps.ts';
import { newId } from '../../../shared/ids.ts';
import { resolveCalendar } from '../../periods/holidays.ts';
import { enqueueJob } from '../../jobs/enqueue-job.ts';
import { recordRequestEvent } from '../request-events.ts';
import { forwardingDueAt, forwardingRules } from './forwarding-term.ts';

export const FORWARD_JOB = 'dsr.forward';

/**
 * Starts passing a request about a customer's end user on to that customer (the controller): the
 * forwarding row with its due instant from the customer's term (else the rule default), the
 * request waiting for the customer's instruction, and the job that sends it (e-mail, webhook, the
 * portal). Counted from `start`: when the processor had a genuine request (verified or routed).
 */
export async function forwardToCustomer(tx: TxDeps, request: Row<'dsr_requests'>, actor: Actor, start: Date): Promise<Row<'dsr_requests'>> {
  if (!request.customer_id) throw new Error('forwardToCustomer needs a customer');
  const customer = await tx.db.selectFrom('customers').innerJoin('workspaces', 'workspaces.id', 'customers.workspace_id')
    .select(['customers.dsr_forward_within', 'customers.time_zone', 'customers.subdivision', 'customers.country', 'workspaces.time_zone as ws_zone', 'workspaces.calendar as ws_calendar', 'workspaces.country as ws_country'])
    .where('customers.id', '=', request.customer_id).executeTakeFirstOrThrow();
  const within = customer.dsr_forward_within ?? forwardingRules().defaultWithin;
  const zone = customer.time_zone ?? customer.ws_zone;
  const dueAt = forwardingDueAt(start, within, zone, resolveCalendar([customer.subdivision, customer.country, customer.ws_calendar, customer.ws_country]));
  const now = tx.clock.now().toISOString();
  const existing = await tx.db.selectFrom('dsr_forwardings').select('id').where('request_id', '=', request.id).executeTakeFirst();
  const id = existing?.id ?? newId();
  if (!existing) {
    await tx.db.insertInto('dsr_forwardings').values({
      id, request_id: request.id, customer_id: request.customer_id, within, due_at: dueAt.toISOString(), sent_at: null, reminded_at: null,
      instruction: null, instruction_reason: null, instructed_at: null, instructed_by: null, reported_at: null, created_at: now,
    }).execute();
  }
  const updated = await tx.db.updateTable('dsr_requests').set({ status: 'forwarded', updated_at: now }).where('id', '=', request.id).returningAll().executeTakeFirstOrThrow();
  await recordRequestEvent(tx, updated, actor, 'forwarding_started', { within, dueAt: dueAt.toISOString() }, request);
  await enqueueJob(tx, { kind: FORWARD_JOB, refId: id, workspaceId: request.workspace_id });
  return updated;
}
