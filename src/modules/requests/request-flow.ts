import type { Db, Row } from '../../db/schema.ts';
import type { Actor, TxDeps } from '../../shared/deps.ts';
import { type RequestDeadlines, requestDeadlines } from './deadlines.ts';
import { forwardToCustomer } from './forwarding/forward-request.ts';
import { recordRequestEvent } from './request-events.ts';

/**
 * A verified request goes to work: about a customer's end user, it is passed on to that customer
 * (the controller decides); otherwise it is in progress with the workspace's operators.
 */
export async function startWork(tx: TxDeps, request: Row<'dsr_requests'>, actor: Actor, at: Date): Promise<Row<'dsr_requests'>> {
  if (request.controller === 'customer' && request.customer_id && request.channel !== 'customer') return forwardToCustomer(tx, request, actor, at);
  if (request.status === 'in_progress') return request;
  const updated = await tx.db.updateTable('dsr_requests').set({ status: 'in_progress', updated_at: tx.clock.now().toISOString() })
    .where('id', '=', request.id).returningAll().executeTakeFirstOrThrow();
  await recordRequestEvent(tx, updated, actor, 'started', {}, request);
  return updated;
}

/**
 * Counts a request's deadlines again from its receipt and its ended pauses (waiting for identity
 * or clarification), per its regime: under GDPR the month runs from when the information arrived;
 * under CCPA pauses change nothing. An extension already granted is counted again the same way.
 */
export async function recountDeadlines(tx: TxDeps, request: Row<'dsr_requests'>): Promise<Row<'dsr_requests'>> {
  const d = await deadlinesOfRequest(tx.db, request);
  const changes = { due_on: d.due, extended_due_on: request.extended_due_on ? d.extendedDue ?? request.extended_due_on : null };
  if (changes.due_on === request.due_on && changes.extended_due_on === request.extended_due_on) return request;
  return tx.db.updateTable('dsr_requests').set({ ...changes, updated_at: tx.clock.now().toISOString() }).where('id', '=', request.id).returningAll().executeTakeFirstOrThrow();
}

/** A stored request's deadlines as they stand: its regime, zone, calendar, type and the pauses that ended. */
export async function deadlinesOfRequest(db: Db, r: Row<'dsr_requests'>): Promise<RequestDeadlines> {
  const pauses = await db.selectFrom('dsr_pauses').select(['started_at', 'ended_at']).where('request_id', '=', r.id).where('ended_at', 'is not', null).execute();
  return requestDeadlines({
    regime: r.regime, receivedAt: new Date(r.received_at), timeZone: r.time_zone, calendar: r.calendar, type: r.type,
    pauses: pauses.map((p) => ({ from: new Date(p.started_at), to: new Date(p.ended_at!) })).filter((p) => p.from < p.to),
  });
}

/** Ends the open pause of a kind (identity, clarification) at `at`. */
export async function endPause(tx: TxDeps, requestId: string, reason: string, at: Date): Promise<void> {
  await tx.db.updateTable('dsr_pauses').set({ ended_at: at.toISOString() }).where('request_id', '=', requestId).where('reason', '=', reason).where('ended_at', 'is', null).execute();
}
