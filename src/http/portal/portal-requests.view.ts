/**
 * The portal's data-subject requests: the customer's list (passed on to it, or sent by it) with the
 * instant each instruction is due, one request with the fulfil/refuse form, the form to send a
 * request to the processor, and the customer's API tokens. Plain HTML forms, no JavaScript.
 */
import type { CustomerApiTokenView } from '../../modules/portal/customer-api-tokens.ts';
import { instantInZone } from '../../modules/requests/forwarding/forwarding-notices.ts';
import type { CustomerRequest } from '../../modules/requests/forwarding/forwarding.queries.ts';
import { REQUEST_STATUS_LABELS, REQUEST_TYPE_LABELS, REQUEST_TYPES } from '../../modules/requests/requests.ts';
import { csrfField, errorSummary, type FormErrors, selectField, textArea, textField } from '../views/forms.ts';
import { html, type SafeHtml } from '../views/html.ts';
import type { PortalContext } from './portal.view.ts';

export interface FormState {
  values: Record<string, string>;
  errors?: FormErrors;
  problem?: string;
}

const zoneOf = (c: PortalContext) => c.customer.effectiveTimeZone;
const waitsForYou = (r: CustomerRequest) => r.forwarding !== null && r.forwarding.instructedAt === null && (r.status === 'awaiting_instruction' || r.status === 'forwarded');

/** The customer's requests, those waiting for its instruction first. */
export function requestsBody(c: PortalContext, rows: CustomerRequest[]): SafeHtml {
  const waiting = rows.filter(waitsForYou);
  const others = rows.filter((r) => !waitsForYou(r));
  const table = (caption: string, list: CustomerRequest[], due: boolean) => html`<table><caption>${caption}</caption>
<thead><tr><th scope="col">Reference</th><th scope="col">Request</th><th scope="col">Received</th><th scope="col">${due ? 'Your instruction is due' : 'Answer to the person due'}</th><th scope="col">Status</th></tr></thead>
<tbody>${list.map((r) => html`<tr><th scope="row"><a href="${c.base}/requests/${r.id}">${r.reference}</a>${r.externalId ? html`<br><span class="muted">Yours: ${r.externalId}</span>` : null}</th>
<td>${REQUEST_TYPE_LABELS[r.type]}</td><td>${r.receivedAt.slice(0, 10)}</td><td>${due && r.forwarding ? instantInZone(r.forwarding.dueAt, zoneOf(c)) : r.customerDueOn ?? r.dueOn}</td><td>${REQUEST_STATUS_LABELS[r.status]}</td></tr>`)}</tbody></table>`;
  return html`<h1>Data-subject requests</h1>
<p>Requests from ${c.customer.name}'s users that ${c.workspace.name} passed on to you as the controller, and requests you sent to ${c.workspace.name}. <a href="${c.base}/requests/new">Send a request to ${c.workspace.name}</a></p>
<h2>Waiting for your instruction</h2>
${waiting.length ? table('Requests waiting for your instruction', waiting, true) : html`<p>No request waits for your instruction.</p>`}
<h2>Other requests</h2>
${others.length ? table(`Other requests of ${c.customer.name}`, others, false) : html`<p>No other request.</p>`}
<p><a href="${c.base}/api-tokens">API tokens</a> let your systems send requests and instructions (<code>POST /api/w/${c.workspace.slug}/customer/requests/:id/instruction</code>).</p>`;
}

/** One request: what was asked, by whom, the dates, the instruction form or the outcome. */
export function requestBody(c: PortalContext, r: CustomerRequest, timeline: Array<{ at: string; kind: string }>, o: { form?: FormState; sent?: boolean } = {}): SafeHtml {
  const f = r.forwarding;
  const values = o.form?.values ?? {};
  const errors = o.form?.errors ?? {};
  const person = [r.subjectName, r.subjectEmail].filter(Boolean).join(', ') || 'Not given';
  return html`<h1>Request ${r.reference}</h1>
<p><a href="${c.base}/requests">All requests</a></p>
${o.sent ? html`<p class="notice" role="status">Your instruction was recorded.</p>` : null}
${o.form?.problem ? html`<div class="error-summary" role="alert" tabindex="-1"><p>${o.form.problem}</p></div>` : null}
<dl>
<dt>What was asked</dt><dd>${REQUEST_TYPE_LABELS[r.type]}</dd>
<dt>The person</dt><dd>${person}</dd>
${r.requester !== 'self' ? html`<dt>Made on their behalf by</dt><dd>${[r.agentName, r.agentEmail].filter(Boolean).join(', ')}</dd>` : null}
${r.details ? html`<dt>In their words</dt><dd>${r.details}</dd>` : null}
<dt>Received</dt><dd>${r.receivedAt.slice(0, 10)}</dd>
<dt>Answer to the person due by</dt><dd>${r.dueOn} (${r.regime.toUpperCase()})</dd>
${r.customerDueOn ? html`<dt>Your deadline</dt><dd>${r.customerDueOn}</dd>` : null}
${r.externalId ? html`<dt>Your reference</dt><dd>${r.externalId}</dd>` : null}
${f ? html`<dt>Your instruction is due</dt><dd>${instantInZone(f.dueAt, zoneOf(c))}</dd>` : null}
<dt>Status</dt><dd>${REQUEST_STATUS_LABELS[r.status]}</dd>
${f?.instructedAt ? html`<dt>Your instruction</dt><dd>${f.instruction === 'fulfil' ? 'Fulfil' : 'Refuse'}, on ${f.instructedAt.slice(0, 10)}${f.instructionReason ? html`. Reason: ${f.instructionReason}` : null}</dd>` : null}
${r.closedAt ? html`<dt>Outcome</dt><dd>${REQUEST_STATUS_LABELS[r.status]} on ${r.closedAt.slice(0, 10)}${r.outcomeReason ? html`: ${r.outcomeReason}` : null}</dd>` : null}
${f?.reportedAt ? html`<dt>Reported to you</dt><dd>${f.reportedAt.slice(0, 10)}</dd>` : null}
</dl>
${waitsForYou(r) ? html`<section aria-labelledby="instruct-title"><h2 id="instruct-title">Your instruction</h2>
<p>${c.customer.name} is the controller: ${c.workspace.name} acts on this request only as you instruct. If you refuse, give the reason; we pass it on to the person.</p>
${errorSummary(errors)}
<form method="post" action="${c.base}/requests/${r.id}/instruction">${csrfField(c.csrfToken)}
<fieldset id="f-instruction" tabindex="-1" class="field${errors.instruction ? ' has-error' : ''}"${errors.instruction ? html` aria-describedby="instruction-error"` : null}><legend>Instruction (required)</legend>
<div class="check"><input type="radio" id="f-instruction-fulfil" name="instruction" value="fulfil"${values.instruction === 'fulfil' ? html` checked` : null}><label for="f-instruction-fulfil">Fulfil the request for our data</label></div>
<div class="check"><input type="radio" id="f-instruction-refuse" name="instruction" value="refuse"${values.instruction === 'refuse' ? html` checked` : null}><label for="f-instruction-refuse">Refuse the request</label></div>
${errors.instruction ? html`<p class="error" id="instruction-error">Instruction: ${errors.instruction}</p>` : null}</fieldset>
${textArea({ name: 'reason', label: 'Reason (required to refuse)', value: values.reason ?? '', error: errors.reason, hint: 'Told to the person as your reason.', rows: 4 })}
<button type="submit">Send the instruction</button></form></section>` : null}
<h2>What happened</h2>
<ol>${timeline.map((e) => html`<li>${e.at.slice(0, 16).replace('T', ' ')} UTC: ${e.kind.replace(/_/g, ' ')}</li>`)}</ol>`;
}

/** The form to send a request from one of the customer's users to the processor. */
export function newRequestBody(c: PortalContext, s: FormState): SafeHtml {
  const v = s.values;
  const e = s.errors ?? {};
  return html`<h1>Send a request to ${c.workspace.name}</h1>
<p><a href="${c.base}/requests">All requests</a></p>
<p>When one of your users asks you, as the controller, for their data or its erasure, send the request here: ${c.workspace.name} acts on it for ${c.customer.name}'s data and reports back to you. Give your own deadline and reference if you have them.</p>
${errorSummary(e)}
<form method="post" action="${c.base}/requests">${csrfField(c.csrfToken)}
${selectField({ name: 'type', label: 'What the person asks', required: true, value: v.type ?? '', blank: 'Choose…', options: REQUEST_TYPES.map((t) => [t, REQUEST_TYPE_LABELS[t]]), error: e.type })}
${textField({ name: 'name', label: 'The person’s name', value: v.name ?? '', error: e.name })}
${textField({ name: 'email', label: 'The person’s e-mail address', type: 'email', required: true, value: v.email ?? '', error: e.email, hint: 'The address their data is found by in our systems.' })}
${textArea({ name: 'details', label: 'Details', value: v.details ?? '', error: e.details })}
${textField({ name: 'dueOn', label: 'Your deadline', type: 'date', value: v.dueOn ?? '', error: e.dueOn, hint: 'The date by which you need our answer (YYYY-MM-DD).' })}
${textField({ name: 'externalId', label: 'Your reference', value: v.externalId ?? '', error: e.externalId })}
<button type="submit">Send the request</button></form>`;
}

/** The customer's API tokens, the form to issue one, and the secret once after issuing. */
export function apiTokensBody(c: PortalContext, tokens: CustomerApiTokenView[], s: FormState & { secret?: string }): SafeHtml {
  return html`<h1>API tokens</h1>
<p>A token lets ${c.customer.name}'s systems send requests to ${c.workspace.name} and give instructions on requests passed on to you, with <code>Authorization: Bearer trc_…</code>. It reaches nothing else.</p>
${s.secret ? html`<div class="notice" role="status"><p>Your new token, shown once: copy it now.</p><p><code class="wrap">${s.secret}</code></p></div>` : null}
${errorSummary(s.errors ?? {})}
<form method="post" action="${c.base}/api-tokens">${csrfField(c.csrfToken)}
${textField({ name: 'name', label: 'Name of the token', required: true, value: s.values.name ?? '', error: s.errors?.name, hint: 'Which system uses it, e.g. "helpdesk".' })}
<button type="submit">Issue a token</button></form>
${tokens.length ? html`<table><caption>API tokens of ${c.customer.name}</caption>
<thead><tr><th scope="col">Name</th><th scope="col">Starts with</th><th scope="col">Issued</th><th scope="col">Last used</th><th scope="col">Status</th></tr></thead>
<tbody>${tokens.map((t) => html`<tr><th scope="row">${t.name}</th><td><code>${t.hint}…</code></td><td>${t.createdAt.slice(0, 10)}</td><td>${t.lastUsedAt?.slice(0, 10) ?? 'Never'}</td>
<td>${t.revokedAt ? `Revoked ${t.revokedAt.slice(0, 10)}` : html`<form method="post" action="${c.base}/api-tokens/${t.id}/revoke" class="inline">${csrfField(c.csrfToken)}<button type="submit">Revoke ${t.name}</button></form>`}</td></tr>`)}</tbody></table>` : html`<p>No token issued yet.</p>`}`;
}
