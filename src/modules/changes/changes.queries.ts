import type { ChangeCustomerStatus, ChangeStatus, Db, ObjectionResolution, Row } from '../../db/schema.ts';
import type { ChangeOperation } from './change-operations.ts';
import type { NoticeFacts } from './notice-facts.ts';
import { periodLabel } from '../periods/period.ts';

export interface ChangeView {
  id: string;
  title: string;
  reason: string;
  proposedDate: string;
  status: ChangeStatus;
  operations: ChangeOperation[];
  notice: NoticeFacts | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  announcedAt: string | null;
  announcedBy: string | null;
  effectiveAt: string | null;
  appliedAt: string | null;
  withdrawnAt: string | null;
  withdrawnReason: string | null;
  versionBefore: number | null;
  versionAfter: number | null;
  lastError: string | null;
}

export const toChangeView = (r: Row<'changes'>): ChangeView => ({
  id: r.id, title: r.title, reason: r.reason, proposedDate: r.proposed_date, status: r.status, operations: JSON.parse(r.operations),
  notice: r.notice ? JSON.parse(r.notice) : null, createdBy: r.created_by, createdAt: r.created_at, updatedAt: r.updated_at,
  announcedAt: r.announced_at, announcedBy: r.announced_by, effectiveAt: r.effective_at, appliedAt: r.applied_at, withdrawnAt: r.withdrawn_at,
  withdrawnReason: r.withdrawn_reason, versionBefore: r.version_before, versionAfter: r.version_after, lastError: r.last_error,
});

export async function findChange(db: Db, workspaceId: string, id: string): Promise<ChangeView | undefined> {
  const row = await db.selectFrom('changes').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  return row ? toChangeView(row) : undefined;
}

export async function listChanges(db: Db, workspaceId: string, filter: { status?: ChangeStatus } = {}): Promise<ChangeView[]> {
  let q = db.selectFrom('changes').selectAll().where('workspace_id', '=', workspaceId);
  if (filter.status) q = q.where('status', '=', filter.status);
  return (await q.orderBy('created_at', 'desc').execute()).map(toChangeView);
}

export interface ObjectionView {
  id: string;
  changeId: string;
  customerId: string;
  customerName: string;
  reason: string;
  submittedName: string;
  submittedAt: string;
  status: 'open' | 'resolved';
  resolution: ObjectionResolution | null;
  resolutionNote: string | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
}

export interface ChangeCustomerView {
  customerId: string;
  customerName: string;
  authorisation: 'general' | 'specific';
  /** Fewest days the period can last (older callers); `noticePeriod` is the period as counted. */
  noticeDays: number;
  /** The notice period counted for this customer: `30d`, `4w`, `1m`. */
  noticePeriod: string;
  /** e.g. "30 days", "1 month". */
  noticeLabel: string;
  /** The holiday calendar its dates were counted with (ISO 3166-1/-2), null: weekends only. */
  calendar: string | null;
  timeZone: string;
  windowEndsOn: string;
  effectiveDate: string;
  effectiveAt: string;
  status: ChangeCustomerStatus;
  consent: 'given' | 'refused' | null;
  consentName: string | null;
  consentTitle: string | null;
  consentAt: string | null;
  settledAt: string | null;
  /** Why the change is not (yet) in effect for this customer, if it is not. */
  outstanding: 'consent' | 'objection' | null;
  objections: ObjectionView[];
}

export async function listObjections(db: Db, workspaceId: string, filter: { changeId?: string; status?: 'open' | 'resolved'; customerId?: string } = {}): Promise<ObjectionView[]> {
  let q = db.selectFrom('objections').innerJoin('customers', 'customers.id', 'objections.customer_id').selectAll('objections').select('customers.name as customer_name')
    .where('objections.workspace_id', '=', workspaceId);
  if (filter.changeId) q = q.where('objections.change_id', '=', filter.changeId);
  if (filter.customerId) q = q.where('objections.customer_id', '=', filter.customerId);
  if (filter.status) q = q.where('objections.status', '=', filter.status);
  const rows = await q.orderBy('objections.submitted_at').execute();
  return rows.map((o) => ({
    id: o.id, changeId: o.change_id, customerId: o.customer_id, customerName: o.customer_name, reason: o.reason, submittedName: o.submitted_name,
    submittedAt: o.submitted_at, status: o.status, resolution: o.resolution, resolutionNote: o.resolution_note, resolvedBy: o.resolved_by, resolvedAt: o.resolved_at,
  }));
}

/** Whether the change waits on this customer: its consent (specific) or an open objection. */
export function outstandingFor(c: { authorisation: string; consent: string | null; status: ChangeCustomerStatus }, openObjections: number): ChangeCustomerView['outstanding'] {
  if (c.status === 'withdrawn' || c.status === 'in_effect') return null;
  if (c.authorisation === 'specific' && c.consent !== 'given') return 'consent';
  if (openObjections > 0) return 'objection';
  return null;
}

/** The customers a change touches, with their dates, answers and objections. */
export async function listChangeCustomers(db: Db, workspaceId: string, changeId: string): Promise<ChangeCustomerView[]> {
  const rows = await db.selectFrom('change_customers').innerJoin('customers', 'customers.id', 'change_customers.customer_id')
    .selectAll('change_customers').select('customers.name as customer_name')
    .where('change_customers.workspace_id', '=', workspaceId).where('change_customers.change_id', '=', changeId).orderBy('customers.name').execute();
  const objections = await listObjections(db, workspaceId, { changeId });
  return rows.map((c) => {
    const own = objections.filter((o) => o.customerId === c.customer_id);
    return {
      customerId: c.customer_id, customerName: c.customer_name, authorisation: c.authorisation, noticeDays: c.notice_days, noticePeriod: c.notice_period ?? `${c.notice_days}d`, noticeLabel: periodLabel(c.notice_period ?? `${c.notice_days}d`), calendar: c.calendar, timeZone: c.time_zone,
      windowEndsOn: c.window_ends_on, effectiveDate: c.effective_date, effectiveAt: c.effective_at, status: c.status, consent: c.consent,
      consentName: c.consent_name, consentTitle: c.consent_title, consentAt: c.consent_at, settledAt: c.settled_at,
      outstanding: outstandingFor(c, own.filter((o) => o.status === 'open').length), objections: own,
    };
  });
}

/** Announced changes, newest first (the public feed and the list page's "upcoming changes"). */
export async function listAnnouncedChanges(db: Db, workspaceId: string): Promise<ChangeView[]> {
  const rows = await db.selectFrom('changes').selectAll().where('workspace_id', '=', workspaceId).where('status', 'in', ['announced', 'in_effect']).orderBy('announced_at', 'desc').limit(50).execute();
  return rows.map(toChangeView);
}
