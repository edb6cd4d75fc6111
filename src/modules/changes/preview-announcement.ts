import type { Deps, Scope } from '../../shared/deps.ts';
import { notFound } from '../../shared/errors.ts';
import { subscriberWants } from '../subscribers/subscriber-links.ts';
import { listConfirmedSubscribers } from '../subscribers/subscribers.queries.ts';
import { customerNotice, planAnnouncement } from './plan-announcement.ts';

/** One customer as the announcement will reach it. */
export interface PreviewCustomer {
  customerId: string;
  customerName: string;
  authorisation: 'general' | 'specific';
  effectiveDate: string;
  /** Under specific authorisation there is none: the change waits for consent. */
  lastDayToObject: string | null;
  noticeEndsOn: string | null;
  contacts: number;
  contractFlags: string[];
  warnings: string[];
  /** The notice as it will be sent; the personal link is shown as a placeholder. */
  notice: { subject: string; text: string; html: string };
}

export interface AnnouncementPreview {
  changeId: string;
  proposedDate: string;
  customers: PreviewCustomer[];
  subscribers: number;
  /** Everything the operator should confirm before announcing. */
  warnings: string[];
}

export const PREVIEW_LINK = '[personal link sent with the notice]';

/**
 * What announcing the draft now would do (issue 10 §2): every customer reached with its dates,
 * authorisation and conflicts, and each notice as it will be sent. Writes nothing; announcing
 * requires the operator to have confirmed this.
 */
export async function previewAnnouncement(deps: Deps, scope: Scope, id: string): Promise<AnnouncementPreview> {
  const row = await deps.db.selectFrom('changes').selectAll().where('workspace_id', '=', scope.workspaceId).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('change');
  const plan = await planAnnouncement(deps, scope.workspaceId, row);
  const subscribers = (await listConfirmedSubscribers(deps.db, scope.workspaceId)).filter((s) => subscriberWants(s, plan.touched)).length;
  return {
    changeId: id, proposedDate: row.proposed_date, subscribers, warnings: plan.warnings,
    customers: plan.customers.map((p) => ({
      customerId: p.customer.id, customerName: p.customer.name, authorisation: p.authorisation, effectiveDate: p.effectiveDate,
      lastDayToObject: p.lastDayToObject, noticeEndsOn: p.noticeEndsOn, contacts: p.customer.contacts.length, contractFlags: p.contractFlags, warnings: p.warnings,
      notice: customerNotice(plan, p, deps.publicUrl, PREVIEW_LINK),
    })),
  };
}
