/**
 * Reading forwarded requests: the operators' finding of terms run out with no instruction (a
 * console to-do, never shown to customers), and a customer's own requests for its portal and API
 * (every query takes the customer: one customer never reaches another's rows).
 */
import type { Db, Row } from '../../../db/schema.ts';
import type { RequestStatus, RequestType } from '../../../db/schema-requests.ts';

export interface OverdueForwarding {
  forwardingId: string;
  requestId: string;
  reference: string;
  type: RequestType;
  customerId: string;
  customerName: string;
  dueAt: string;
  sentAt: string | null;
  remindedAt: string | null;
}

/**
 * Requests passed on to a customer whose term for its instruction ended before `now` with no
 * instruction: an operator follows up (call the customer, or decide with it on the legal deadline).
 */
export async function overdueForwardings(db: Db, workspaceId: string, now: Date): Promise<OverdueForwarding[]> {
  const rows = await db.selectFrom('dsr_forwardings as f').innerJoin('dsr_requests as r', 'r.id', 'f.request_id').innerJoin('customers as c', 'c.id', 'f.customer_id')
    .select(['f.id as forwarding_id', 'r.id as request_id', 'r.reference', 'r.type', 'c.id as customer_id', 'c.name as customer_name', 'f.due_at', 'f.sent_at', 'f.reminded_at'])
    .where('r.workspace_id', '=', workspaceId).where('f.instructed_at', 'is', null).where('f.due_at', '<', now.toISOString())
    .where('r.status', 'in', ['forwarded', 'awaiting_instruction']).orderBy('f.due_at').execute();
  return rows.map((r) => ({
    forwardingId: r.forwarding_id, requestId: r.request_id, reference: r.reference, type: r.type, customerId: r.customer_id, customerName: r.customer_name,
    dueAt: r.due_at, sentAt: r.sent_at, remindedAt: r.reminded_at,
  }));
}

/** One request as its customer sees it: passed on to it, or sent by it. */
export interface CustomerRequest {
  id: string;
  reference: string;
  externalId: string | null;
  type: RequestType;
  regime: string;
  channel: Row<'dsr_requests'>['channel'];
  status: RequestStatus;
  receivedAt: string;
  dueOn: string;
  customerDueOn: string | null;
  subjectName: string | null;
  subjectEmail: string | null;
  requester: Row<'dsr_requests'>['requester_kind'];
  agentName: string | null;
  agentEmail: string | null;
  details: string | null;
  outcome: string | null;
  outcomeReason: string | null;
  closedAt: string | null;
  /** Null for a request the customer sent itself (it decided already). */
  forwarding: {
    dueAt: string;
    sentAt: string | null;
    instruction: 'fulfil' | 'refuse' | null;
    instructionReason: string | null;
    instructedAt: string | null;
    reportedAt: string | null;
  } | null;
}

const present = (r: Row<'dsr_requests'>, f: Row<'dsr_forwardings'> | undefined): CustomerRequest => ({
  id: r.id, reference: r.reference, externalId: r.external_id, type: r.type, regime: r.regime, channel: r.channel, status: r.status, receivedAt: r.received_at,
  dueOn: r.extended_due_on ?? r.due_on, customerDueOn: r.customer_due_on, subjectName: r.subject_name, subjectEmail: r.subject_email, requester: r.requester_kind,
  agentName: r.agent_name, agentEmail: r.agent_email, details: r.details, outcome: r.outcome, outcomeReason: r.outcome_reason, closedAt: r.closed_at,
  forwarding: f ? {
    dueAt: f.due_at, sentAt: f.sent_at, instruction: f.instruction, instructionReason: f.instruction_reason, instructedAt: f.instructed_at, reportedAt: f.reported_at,
  } : null,
});

/**
 * The customer's requests, newest first: those passed on to it (once sent) and those it sent. A
 * request still waiting for the person's verification is not the customer's business yet.
 */
export async function listCustomerRequests(db: Db, workspaceId: string, customerId: string): Promise<CustomerRequest[]> {
  const requests = await db.selectFrom('dsr_requests').selectAll().where('workspace_id', '=', workspaceId).where('customer_id', '=', customerId)
    .where('controller', '=', 'customer').orderBy('received_at', 'desc').execute();
  const forwardings = requests.length
    ? await db.selectFrom('dsr_forwardings').selectAll().where('customer_id', '=', customerId).where('request_id', 'in', requests.map((r) => r.id)).execute()
    : [];
  const byRequest = new Map(forwardings.map((f) => [f.request_id, f]));
  return requests.filter((r) => r.channel === 'customer' || byRequest.get(r.id)?.sent_at).map((r) => present(r, byRequest.get(r.id)));
}

/** One of the customer's requests, or undefined (another customer's, unknown, or not passed on yet). */
export async function findCustomerRequest(db: Db, workspaceId: string, customerId: string, requestId: string): Promise<CustomerRequest | undefined> {
  const r = await db.selectFrom('dsr_requests').selectAll().where('workspace_id', '=', workspaceId).where('customer_id', '=', customerId)
    .where('controller', '=', 'customer').where('id', '=', requestId).executeTakeFirst();
  if (!r) return undefined;
  const f = await db.selectFrom('dsr_forwardings').selectAll().where('request_id', '=', r.id).where('customer_id', '=', customerId).executeTakeFirst();
  if (r.channel !== 'customer' && !f?.sent_at) return undefined;
  return present(r, f);
}

/** The request's timeline as the customer sees it: what happened and when (no operator notes). */
export async function customerRequestTimeline(db: Db, requestId: string): Promise<Array<{ at: string; kind: string }>> {
  return db.selectFrom('dsr_request_events').select(['at', 'kind']).where('request_id', '=', requestId).orderBy('at').execute();
}
