/**
 * What a customer (the controller) is told about a request from one of its end users: the e-mail
 * to its contacts when the request is passed on, the reminders before its instruction is due, the
 * report once the request is done, and the webhook payloads of the same moments. The customer
 * needs the person's details to decide, so they are here; never in the audit chain or a log. No I/O.
 */
import type { Row } from '../../../db/schema.ts';
import { portalUrl } from '../../portal/portal.ts';
import { REQUEST_STATUS_LABELS, REQUEST_TYPE_LABELS } from '../requests.ts';
import type { RequestMessage } from '../request-messages.ts';

export const FORWARDED_EVENT = 'dsr.request_forwarded';
export const COMPLETED_EVENT = 'dsr.request_completed';

/** The portal page of one request of the customer. */
export const portalRequestUrl = (publicUrl: string, slug: string, requestId: string): string =>
  `${portalUrl(publicUrl.replace(/\/$/, ''), slug)}/requests/${encodeURIComponent(requestId)}`;

/** An instant as people read it in a zone: `2027-03-31 23:59 (Europe/Paris)`. */
export function instantInZone(iso: string, timeZone: string): string {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-GB', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute} (${timeZone})`;
}

export interface ForwardingFacts {
  workspaceName: string;
  workspaceSlug: string;
  customerName: string;
  /** The zone the customer's dates are read in. */
  timeZone: string;
  publicUrl: string;
}

/** The person and who acts for them, as lines of text. */
function personLines(r: Row<'dsr_requests'>): string[] {
  const lines = [`The person: ${[r.subject_name, r.subject_email].filter(Boolean).join(', ') || 'not given'}`];
  if (r.requester_kind !== 'self') lines.push(`Made on their behalf by ${r.requester_kind === 'parent' ? 'a parent or guardian' : 'an agent'}: ${[r.agent_name, r.agent_email].filter(Boolean).join(', ')}${r.agent_evidence ? `. Authority given: ${r.agent_evidence}` : ''}`);
  return lines;
}

/** The e-mail to each contact when a request is passed on. */
export function forwardedMessage(r: Row<'dsr_requests'>, f: Row<'dsr_forwardings'>, x: ForwardingFacts): RequestMessage {
  return {
    subject: `Privacy request ${r.reference} from a user of ${x.customerName}: your instruction by ${instantInZone(f.due_at, x.timeZone)}`,
    paragraphs: [
      `${x.workspaceName} received a data-subject request about personal data it processes for ${x.customerName}. ${x.customerName} is the controller of that data and decides on the request; ${x.workspaceName} acts only on its instruction.`,
      `Reference: ${r.reference}. Received: ${r.received_on}. What was asked: ${REQUEST_TYPE_LABELS[r.type]}.`,
      ...personLines(r),
      ...(r.details ? [`In their words: ${r.details}`] : []),
      `The person must be answered by ${r.due_on} (${r.regime.toUpperCase()}).`,
      `Please tell us by ${instantInZone(f.due_at, x.timeZone)} whether we fulfil it for your data or you refuse it (with your reason), in the customer portal:`,
      portalRequestUrl(x.publicUrl, x.workspaceSlug, r.id),
    ],
  };
}

/** The reminder while no instruction has come. */
export function reminderMessage(r: Row<'dsr_requests'>, f: Row<'dsr_forwardings'>, x: ForwardingFacts): RequestMessage {
  return {
    subject: `Reminder: privacy request ${r.reference} waits for your instruction until ${instantInZone(f.due_at, x.timeZone)}`,
    paragraphs: [
      `${x.workspaceName} passed on the request ${r.reference} (${REQUEST_TYPE_LABELS[r.type]}) from a user of ${x.customerName} on ${(f.sent_at ?? f.created_at).slice(0, 10)} and has not received your instruction yet.`,
      `Please fulfil or refuse it by ${instantInZone(f.due_at, x.timeZone)}; the person must be answered by ${r.due_on}.`,
      portalRequestUrl(x.publicUrl, x.workspaceSlug, r.id),
    ],
  };
}

/** The report once the request is closed. */
export function reportMessage(r: Row<'dsr_requests'>, x: ForwardingFacts): RequestMessage {
  return {
    subject: `Privacy request ${r.reference}: ${REQUEST_STATUS_LABELS[r.status].toLowerCase()}`,
    paragraphs: [
      `The request ${r.reference} (${REQUEST_TYPE_LABELS[r.type]}) from a user of ${x.customerName} is closed: ${REQUEST_STATUS_LABELS[r.status].toLowerCase()} on ${(r.closed_at ?? '').slice(0, 10)}.`,
      ...(r.outcome_reason ? [`Note: ${r.outcome_reason}`] : []),
      'The details, with each step, are on the request’s page in the customer portal:',
      portalRequestUrl(x.publicUrl, x.workspaceSlug, r.id),
    ],
  };
}

/** The `dsr.request_forwarded` payload: what the customer's systems need to act. */
export function forwardedPayload(r: Row<'dsr_requests'>, f: Row<'dsr_forwardings'>, x: ForwardingFacts): Record<string, unknown> {
  return {
    requestId: r.id, reference: r.reference, type: r.type, regime: r.regime, receivedAt: r.received_at, receivedOn: r.received_on, dueOn: r.due_on,
    instructionDueAt: f.due_at, timeZone: x.timeZone, requester: r.requester_kind,
    subject: { name: r.subject_name, email: r.subject_email, identity: JSON.parse(r.subject_identity) as Record<string, string> },
    agent: r.requester_kind === 'self' ? null : { name: r.agent_name, email: r.agent_email, authority: r.agent_evidence },
    details: r.details, portalUrl: portalRequestUrl(x.publicUrl, x.workspaceSlug, r.id),
    instructionUrl: `${x.publicUrl.replace(/\/$/, '')}/api/w/${encodeURIComponent(x.workspaceSlug)}/customer/requests/${encodeURIComponent(r.id)}/instruction`,
  };
}

/** The `dsr.request_completed` payload: the outcome, no personal data beyond the reference. */
export function completedPayload(r: Row<'dsr_requests'>, f: Row<'dsr_forwardings'> | null): Record<string, unknown> {
  return {
    requestId: r.id, reference: r.reference, externalId: r.external_id, type: r.type, status: r.status, outcome: r.outcome, outcomeReason: r.outcome_reason,
    closedAt: r.closed_at, instruction: f?.instruction ?? null, instructedAt: f?.instructed_at ?? null,
  };
}
