import type { Row } from '../../db/schema.ts';
import type { TxDeps } from '../../shared/deps.ts';
import { html } from '../../shared/html.ts';
import { enqueueMessage } from '../mail/enqueue-message.ts';
import { REQUEST_TYPE_LABELS } from './requests.ts';

/** The link to a request's private status page (the token is the only key to it). */
export const requestStatusUrl = (publicUrl: string, slug: string, token: string): string =>
  `${publicUrl.replace(/\/$/, '')}/w/${encodeURIComponent(slug)}/privacy-request/status/${encodeURIComponent(token)}`;

export interface RequestMessage {
  subject: string;
  /** Paragraphs; a line starting with "http" is shown as a link. */
  paragraphs: string[];
}

/** Plain text and HTML of a message to a requester, from its paragraphs. */
export function renderRequestMessage(m: RequestMessage): { subject: string; text: string; html: string } {
  const text = `${m.paragraphs.join('\n\n')}\n`;
  const body = html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${m.subject}</title></head><body>
${m.paragraphs.map((p) => (/^https?:\/\//.test(p) ? html`<p><a href="${p}">${p}</a></p>` : html`<p>${p}</p>`))}
</body></html>`;
  return { subject: m.subject, text, html: body.value };
}

/** Where a requester's messages go: the agent or parent when one acts, else the person. */
export const requesterAddress = (r: Row<'dsr_requests'>): string => (r.requester_kind !== 'self' && r.agent_email ? r.agent_email : r.subject_email ?? '');

/**
 * Queues one message to the requester in the caller's transaction. `purpose` makes the
 * idempotency key, so a retried step never sends twice.
 */
export async function sendToRequester(tx: TxDeps, r: Row<'dsr_requests'>, purpose: string, m: RequestMessage): Promise<void> {
  const to = requesterAddress(r);
  if (!to) return;
  await enqueueMessage(tx, {
    workspaceId: r.workspace_id, kind: `request.${purpose.split(':')[0]}`, recipientType: 'requester', recipientId: r.id, to,
    idempotencyKey: `request.${purpose}:${r.id}`, ...renderRequestMessage(m),
  });
}

export interface ReceiptFacts {
  workspaceName: string;
  controllerName: string;
  statusUrl: string;
  code: string | null;
  verifyUrl: string | null;
  validHours: number;
  dueOn: string;
  duplicateOf: string | null;
}

/** The receipt: what was asked, by when it is answered, how to follow it, and the code when one is needed. */
export function receiptMessage(r: Row<'dsr_requests'>, f: ReceiptFacts): RequestMessage {
  const p = [
    `We received your request ${r.reference} on ${r.received_on}: ${REQUEST_TYPE_LABELS[r.type]}.`,
  ];
  if (f.duplicateOf) p.push(`You already have an open request of this kind (${f.duplicateOf}); we will answer both together under ${f.duplicateOf}.`);
  if (r.controller === 'customer') p.push(`${f.controllerName} decides on requests about its users' data; ${f.workspaceName} processes that data on its behalf and passes your request on to it.`);
  if (f.code) {
    p.push(`To confirm that this address is yours, enter this code on your request's page within ${f.validHours} hours: ${f.code}`);
    if (f.verifyUrl) p.push('Or open this link and press "Confirm":', f.verifyUrl);
    p.push('Until then we cannot act on the request. If you did not make it, ignore this message.');
  }
  p.push(`We will answer by ${f.dueOn} at the latest. You can follow your request and withdraw it here:`, f.statusUrl);
  return { subject: `Your privacy request ${r.reference} to ${f.workspaceName}`, paragraphs: p };
}
