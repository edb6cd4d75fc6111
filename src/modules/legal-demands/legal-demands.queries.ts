/** Reads of legal demands with their customers' notice states and timeline (both dialects). */
import type { Db, Row } from '../../db/schema.ts';
import { dateInZone } from '../periods/zoned-dates.ts';
import {
  AUTHORITY_TYPE_LABELS, type AuthorityType, type DemandOutcome, type DemandStatus, isProhibitedOn, type NoticeState, OUTCOME_LABELS,
} from './legal-demands.ts';

export interface DemandCustomerView {
  customerId: string;
  name: string;
  noticeState: NoticeState;
  notifiedAt: string | null;
}

export interface DemandEventView {
  at: string;
  kind: string;
  actor: string;
  detail: Record<string, unknown>;
}

export interface LegalDemandView {
  id: string;
  reference: string | null;
  authorityName: string;
  authorityType: AuthorityType;
  authorityTypeLabel: string;
  country: string;
  legalBasis: string;
  scope: string;
  receivedAt: string;
  deadline: string | null;
  status: DemandStatus;
  outcome: DemandOutcome | null;
  outcomeLabel: string | null;
  disclosed: string | null;
  challengeNotes: string | null;
  prohibition: { prohibited: boolean; reference: string | null; endsOn: string | null; liftedAt: string | null; inForce: boolean };
  customers: DemandCustomerView[];
  timeline: DemandEventView[];
  closedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The workspace's time zone (dates of prohibitions and the report are counted in it). */
export async function workspaceZone(db: Db, workspaceId: string): Promise<string> {
  const w = await db.selectFrom('workspaces').select('time_zone').where('id', '=', workspaceId).executeTakeFirstOrThrow();
  return w.time_zone;
}

/** Today in the workspace's time zone. */
export const workspaceToday = async (db: Db, workspaceId: string, now: Date): Promise<string> => dateInZone(now, await workspaceZone(db, workspaceId));

export function presentDemand(d: Row<'legal_demands'>, customers: DemandCustomerView[], timeline: DemandEventView[], today: string): LegalDemandView {
  return {
    id: d.id, reference: d.reference, authorityName: d.authority_name, authorityType: d.authority_type, authorityTypeLabel: AUTHORITY_TYPE_LABELS[d.authority_type],
    country: d.country, legalBasis: d.legal_basis, scope: d.scope, receivedAt: d.received_at, deadline: d.deadline, status: d.status,
    outcome: d.outcome, outcomeLabel: d.outcome ? OUTCOME_LABELS[d.outcome] : null, disclosed: d.disclosed, challengeNotes: d.challenge_notes,
    prohibition: {
      prohibited: d.prohibited === 1, reference: d.prohibition_reference, endsOn: d.prohibition_ends_on, liftedAt: d.prohibition_lifted_at,
      inForce: isProhibitedOn(d, today),
    },
    customers, timeline, closedAt: d.closed_at, createdAt: d.created_at, updatedAt: d.updated_at,
  };
}

/** The customers a demand concerns, by name, with their notice state. */
export async function demandCustomers(db: Db, demandId: string): Promise<DemandCustomerView[]> {
  const rows = await db.selectFrom('legal_demand_customers').innerJoin('customers', 'customers.id', 'legal_demand_customers.customer_id')
    .select(['legal_demand_customers.customer_id', 'customers.name', 'legal_demand_customers.notice_state', 'legal_demand_customers.notified_at'])
    .where('legal_demand_customers.demand_id', '=', demandId).orderBy('customers.name').orderBy('customers.id').execute();
  return rows.map((r) => ({ customerId: r.customer_id, name: r.name, noticeState: r.notice_state, notifiedAt: r.notified_at }));
}

/** One demand of the workspace with its customers and timeline; undefined for another workspace's id. */
export async function findDemand(db: Db, workspaceId: string, id: string, now: Date): Promise<LegalDemandView | undefined> {
  const d = await db.selectFrom('legal_demands').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  if (!d) return undefined;
  const events = await db.selectFrom('legal_demand_events').selectAll().where('demand_id', '=', id).orderBy('at').orderBy('id').execute();
  const timeline = events.map((e) => ({ at: e.at, kind: e.kind, actor: e.actor, detail: JSON.parse(e.detail) as Record<string, unknown> }));
  return presentDemand(d, await demandCustomers(db, id), timeline, await workspaceToday(db, workspaceId, now));
}

/** The workspace's demands, newest received first, each with its customers (no timeline). */
export async function listDemands(db: Db, workspaceId: string, now: Date): Promise<LegalDemandView[]> {
  const rows = await db.selectFrom('legal_demands').selectAll().where('workspace_id', '=', workspaceId).orderBy('received_at', 'desc').orderBy('id').execute();
  if (rows.length === 0) return [];
  const links = await db.selectFrom('legal_demand_customers').innerJoin('customers', 'customers.id', 'legal_demand_customers.customer_id')
    .select(['legal_demand_customers.demand_id', 'legal_demand_customers.customer_id', 'customers.name', 'legal_demand_customers.notice_state', 'legal_demand_customers.notified_at'])
    .where('legal_demand_customers.workspace_id', '=', workspaceId).orderBy('customers.name').execute();
  const today = await workspaceToday(db, workspaceId, now);
  return rows.map((d) => presentDemand(d, links.filter((l) => l.demand_id === d.id)
    .map((l) => ({ customerId: l.customer_id, name: l.name, noticeState: l.notice_state, notifiedAt: l.notified_at })), [], today));
}
