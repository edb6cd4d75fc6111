import type { RequestStatus } from '../../db/schema-requests.ts';
import type { Db, Row } from '../../db/schema.ts';
import { addDays, dateInZone } from '../periods/zoned-dates.ts';
import { allowsExtension } from './deadlines.ts';
import { deadlinesOfRequest } from './request-flow.ts';
import { effectiveDue, isOpen, OPEN_STATUSES } from './requests.ts';

/** Days before a deadline from which a request counts as at risk in the queue. */
export const AT_RISK_DAYS = 7;

export type RequestRisk = 'overdue' | 'due_soon' | 'extension_notice_due' | 'forwarding_overdue' | 'waiting_on_requester' | null;

export interface RequestQueueItem {
  id: string;
  reference: string;
  type: Row<'dsr_requests'>['type'];
  status: RequestStatus;
  controller: Row<'dsr_requests'>['controller'];
  customerId: string | null;
  customerName: string | null;
  receivedOn: string;
  dueOn: string;
  extendedDueOn: string | null;
  /** The deadline that counts now. */
  effectiveDueOn: string;
  daysLeft: number;
  forwardingDueAt: string | null;
  duplicateOf: string | null;
  risk: RequestRisk;
  /** Why it is at risk, in words for the queue. */
  riskText: string | null;
}

const dayDiff = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/** What is at risk about an open request today, most urgent first. */
export function riskOf(r: Row<'dsr_requests'>, now: Date, forwarding: { due_at: string; instructed_at: string | null } | null): { risk: RequestRisk; text: string | null } {
  if (!isOpen(r.status)) return { risk: null, text: null };
  const today = dateInZone(now, r.time_zone);
  const due = effectiveDue(r);
  if (today > due) return { risk: 'overdue', text: `Overdue since ${addDays(due, 1)}` };
  if (forwarding && !forwarding.instructed_at && forwarding.due_at < now.toISOString()) return { risk: 'forwarding_overdue', text: 'The customer’s instruction is overdue' };
  if (r.status === 'awaiting_verification' || r.status === 'awaiting_clarification') {
    return { risk: 'waiting_on_requester', text: r.status === 'awaiting_verification' ? 'Waiting for the requester’s verification' : 'Waiting for the requester’s answer' };
  }
  const left = dayDiff(today, due);
  if (!r.extended_due_on && left <= AT_RISK_DAYS) {
    if (allowsExtension(r.regime, r.type)) return { risk: 'extension_notice_due', text: `Answer or notify an extension by ${due}` };
  }
  if (left <= AT_RISK_DAYS) return { risk: 'due_soon', text: `Due in ${left} day${left === 1 ? '' : 's'}` };
  return { risk: null, text: null };
}

export interface RequestFilter {
  /** open (default), closed or all. */
  state?: 'open' | 'closed' | 'all';
  customerId?: string;
}

/** The queue: requests by the deadline that counts now, soonest first, with what is at risk. */
export async function listRequests(db: Db, workspaceId: string, now: Date, filter: RequestFilter = {}): Promise<RequestQueueItem[]> {
  let q = db.selectFrom('dsr_requests').leftJoin('customers', 'customers.id', 'dsr_requests.customer_id')
    .leftJoin('dsr_forwardings', 'dsr_forwardings.request_id', 'dsr_requests.id')
    .selectAll('dsr_requests').select(['customers.name as customer_name', 'dsr_forwardings.due_at as fwd_due_at', 'dsr_forwardings.instructed_at as fwd_instructed_at'])
    .where('dsr_requests.workspace_id', '=', workspaceId);
  const state = filter.state ?? 'open';
  if (state === 'open') q = q.where('dsr_requests.status', 'in', OPEN_STATUSES as RequestStatus[]);
  if (state === 'closed') q = q.where('dsr_requests.status', 'not in', OPEN_STATUSES as RequestStatus[]);
  if (filter.customerId) q = q.where('dsr_requests.customer_id', '=', filter.customerId);
  const rows = await q.execute();
  const refs = new Map(rows.map((r) => [r.id, r.reference]));
  const items = rows.map((r): RequestQueueItem => {
    const fwd = r.fwd_due_at ? { due_at: r.fwd_due_at, instructed_at: r.fwd_instructed_at } : null;
    const { risk, text } = riskOf(r, now, fwd);
    const due = effectiveDue(r);
    return {
      id: r.id, reference: r.reference, type: r.type, status: r.status, controller: r.controller, customerId: r.customer_id, customerName: r.customer_name,
      receivedOn: r.received_on, dueOn: r.due_on, extendedDueOn: r.extended_due_on, effectiveDueOn: due, daysLeft: dayDiff(dateInZone(now, r.time_zone), due),
      forwardingDueAt: r.fwd_due_at, duplicateOf: r.duplicate_of ? refs.get(r.duplicate_of) ?? r.duplicate_of : null, risk, riskText: text,
    };
  });
  return items.sort((a, b) => a.effectiveDueOn.localeCompare(b.effectiveDueOn) || a.reference.localeCompare(b.reference));
}

export interface TimelineEntry {
  at: string;
  kind: string;
  actor: string;
  detail: Record<string, unknown>;
}

/** A request's timeline, oldest first. */
export async function requestTimeline(db: Db, requestId: string): Promise<TimelineEntry[]> {
  const rows = await db.selectFrom('dsr_request_events').selectAll().where('request_id', '=', requestId).orderBy('at').orderBy('id').execute();
  return rows.map((e) => ({ at: e.at, kind: e.kind, actor: e.actor, detail: JSON.parse(e.detail) as Record<string, unknown> }));
}

/** One request of a workspace, or undefined. */
export async function findRequest(db: Db, workspaceId: string, id: string): Promise<Row<'dsr_requests'> | undefined> {
  return db.selectFrom('dsr_requests').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}

/** The deadline ledger of a request as it stands (pauses that ended included). */
export async function requestLedger(db: Db, r: Row<'dsr_requests'>) {
  return (await deadlinesOfRequest(db, r)).ledger;
}
