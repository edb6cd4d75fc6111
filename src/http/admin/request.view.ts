import type { Row } from '../../db/schema.ts';
import type { RequestDeadlines } from '../../modules/requests/deadlines.ts';
import { effectiveDue, isOpen, REQUEST_STATUS_LABELS, REQUEST_TYPE_LABELS } from '../../modules/requests/requests.ts';
import type { TimelineEntry } from '../../modules/requests/requests.queries.ts';
import { csrfField, errorSummary, type FormErrors, selectField, textArea } from '../views/forms.ts';
import { html, type SafeHtml } from '../views/html.ts';
import { type Console, notice, orDash, when } from './console.ts';

export interface RequestPage {
  request: Row<'dsr_requests'>;
  customerName: string | null;
  timeline: TimelineEntry[];
  ledger: RequestDeadlines['ledger'];
  customers: Array<[string, string]>;
  forwarding: Row<'dsr_forwardings'> | null;
  /** The form that failed, with its errors. */
  failed?: { form: string; errors: FormErrors; values: Record<string, string> };
  q: Record<string, string>;
  /** Extra sections from other parts (fulfilment runs, withheld rows, packages). */
  extra?: SafeHtml[];
}

const CHANNELS: Record<string, string> = { web: 'Request page', api: 'API', operator: 'Recorded by an operator', customer: 'Sent by the customer' };
const REQUESTERS: Record<string, string> = { self: 'The person', agent: 'An authorised agent', parent: 'A parent or guardian' };

/** One timeline line in words an operator reads; free text people wrote is shown as written. */
function eventText(e: TimelineEntry): string {
  const d = e.detail as Record<string, string | number | null | undefined>;
  const extra = [d.question ? `Question: ${d.question}` : '', d.reason ? `Reason: ${d.reason}` : '', d.note ? `Note: ${d.note}` : '', d.identityNote ? `Identity: ${d.identityNote}` : '',
    d.dueOn ? `due ${d.dueOn}` : '', d.extendedDueOn ? `extended to ${d.extendedDueOn}` : '', d.dueAt ? `instruction due ${String(d.dueAt).slice(0, 16).replace('T', ' ')} UTC` : '',
    d.duplicateOf ? `possible duplicate of ${d.duplicateOf}` : ''].filter(Boolean).join('; ');
  return `${e.kind.replace(/_/g, ' ')}${extra ? ` — ${extra}` : ''}`;
}

const form = (c: Console, id: string, action: string, legend: string, fields: SafeHtml, button: string, p: RequestPage) => html`<form method="post" action="${c.base}/requests/${p.request.id}/${action}" aria-labelledby="${id}-h">${csrfField(c.user.csrfToken)}
<h3 id="${id}-h">${legend}</h3>${p.failed?.form === action ? errorSummary(p.failed.errors) : null}${fields}<button type="submit">${button}</button></form>`;

/** A request as an operator works on it: facts, deadlines with their ledger, the timeline, and the next steps. */
export function requestBody(c: Console, p: RequestPage): SafeHtml {
  const r = p.request;
  const errs = (f: string) => (p.failed?.form === f ? p.failed.errors : {});
  const val = (f: string, k: string) => (p.failed?.form === f ? p.failed.values[k] ?? '' : '');
  const open = isOpen(r.status);
  return html`<p><a href="${c.base}/requests">All requests</a></p>
<h1>Request ${r.reference}</h1>
${p.q.done ? notice(`Done: ${p.q.done.replace(/-/g, ' ')}.`) : null}
<dl class="facts">
<dt>Asks for</dt><dd>${REQUEST_TYPE_LABELS[r.type]}</dd>
<dt>Status</dt><dd>${REQUEST_STATUS_LABELS[r.status]}${r.outcome_reason ? ` — ${r.outcome_reason}` : ''}</dd>
<dt>Person</dt><dd>${orDash(r.subject_name)} &lt;${orDash(r.subject_email)}&gt;</dd>
<dt>Made by</dt><dd>${REQUESTERS[r.requester_kind]}${r.agent_name ? `: ${r.agent_name} <${r.agent_email ?? ''}>` : ''}</dd>
${r.agent_evidence ? html`<dt>Authority shown</dt><dd>${r.agent_evidence}</dd>` : null}
<dt>Controller</dt><dd>${r.controller === 'customer' ? p.customerName ?? 'A customer' : c.workspace.name}</dd>
<dt>Channel</dt><dd>${CHANNELS[r.channel]}${r.external_id ? ` (their reference ${r.external_id})` : ''}</dd>
<dt>Identity</dt><dd>${r.verified_at ? html`Verified ${when(r.verified_at)}` : 'Not verified yet'} (${r.verification_level})</dd>
${r.details ? html`<dt>What the request says</dt><dd class="prewrap">${r.details}</dd>` : null}
</dl>
<h2>Deadlines</h2>
<dl class="facts">
<dt>Received</dt><dd>${r.received_on} (${r.time_zone}${r.calendar ? `, holidays of ${r.calendar}` : ''})</dd>
<dt>Due</dt><dd>${r.due_on}</dd>
${r.extended_due_on ? html`<dt>Extended to</dt><dd>${r.extended_due_on} — ${r.extension_reason ?? ''}</dd>` : null}
${r.customer_due_on ? html`<dt>The customer’s deadline</dt><dd>${r.customer_due_on}</dd>` : null}
${p.forwarding ? html`<dt>Customer’s instruction due</dt><dd>${when(p.forwarding.due_at)} (term ${p.forwarding.within})${p.forwarding.instruction ? ` — instructed: ${p.forwarding.instruction}` : ''}</dd>` : null}
</dl>
<details><summary>How the deadlines were counted (${p.ledger.title})</summary>
${p.ledger.pauses.length ? html`<ul>${p.ledger.pauses.map((n) => html`<li>${n}</li>`)}</ul>` : null}
${p.ledger.segments.map((s) => html`<h3>${s.name}: ${s.end}</h3><p>${s.period} from ${s.start}; ${s.source}.</p><ol>${s.steps.map((x) => html`<li>${x}</li>`)}</ol>`)}
${p.ledger.extensionNotice ? html`<p>${p.ledger.extensionNotice}</p>` : null}
<p class="hint">Rules version ${p.ledger.rulesVersion}.</p></details>
${p.extra ?? null}
<h2>Timeline</h2>
<ol class="timeline">${p.timeline.map((e) => html`<li>${when(e.at)} · ${e.actor}: ${eventText(e)}</li>`)}</ol>
${open && c.canEdit ? html`<h2>Next steps</h2>
${r.status === 'awaiting_verification' && r.requester_kind !== 'self' ? form(c, 'authority', 'accept-authority', 'Accept the agent’s or parent’s authority', textArea({ name: 'note', label: 'What you checked', required: true, value: val('accept-authority', 'note'), error: errs('accept-authority').note }), 'Accept and start', p) : null}
${r.status !== 'awaiting_clarification' ? form(c, 'clarify', 'clarification', 'Ask the requester for clarification', textArea({ name: 'question', label: 'Your question', required: true, value: val('clarification', 'question'), error: errs('clarification').question, hint: 'E-mailed to the requester; under GDPR the month counts from the answer.' }), 'Send the question', p) : null}
${!r.extended_due_on ? form(c, 'extend', 'extend', `Extend the deadline (due ${effectiveDue(r)})`, textArea({ name: 'reason', label: 'Reason told to the requester', required: true, value: val('extend', 'reason'), error: errs('extend').reason }), 'Extend', p) : null}
${r.controller === 'workspace' && p.customers.length ? form(c, 'route', 'route', 'Pass on to the customer that is the controller', selectField({ name: 'customer', label: 'Customer', required: true, blank: 'Choose…', options: p.customers, value: val('route', 'customer'), error: errs('route').customer }), 'Pass on', p) : null}
${form(c, 'close', 'close', 'Close the request', html`${selectField({ name: 'outcome', label: 'Outcome', required: true, value: val('close', 'outcome'), error: errs('close').outcome, blank: 'Choose…', options: [['completed', 'Answered'], ['refused', 'Refused'], ...(r.duplicate_of ? [['duplicate', 'Duplicate'] as [string, string]] : [])] })}
${textArea({ name: 'closeReason', label: 'Message to the requester', value: val('close', 'closeReason'), error: errs('close').closeReason, hint: 'Required to refuse: the reason, sent with their right to complain.' })}`, 'Close', p)}` : null}`;
}
