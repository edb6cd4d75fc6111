import { REQUEST_STATUS_LABELS, REQUEST_TYPE_LABELS, REQUEST_TYPES } from '../../modules/requests/requests.ts';
import type { RequestQueueItem } from '../../modules/requests/requests.queries.ts';
import { csrfField, errorSummary, type FormErrors, selectField, textArea, textField } from '../views/forms.ts';
import { html, type SafeHtml } from '../views/html.ts';
import { type Console, type FormValues, notice, one } from './console.ts';

const STATES: Array<[string, string]> = [['open', 'Open'], ['closed', 'Closed'], ['all', 'All']];

/** The queue: open requests by the deadline that counts, what is at risk first in words. */
export function requestsQueueBody(c: Console, o: { items: RequestQueueItem[]; state: string; q: Record<string, string> }): SafeHtml {
  const atRisk = o.items.filter((i) => i.risk && i.risk !== 'waiting_on_requester').length;
  return html`<h1>Data-subject requests</h1>
${o.q.created === '1' ? notice('Request recorded; the requester was sent a receipt.') : null}
<p>Requests from people about their personal data: from the public <a href="/w/${c.workspace.slug}/privacy-request">request page</a>, the API, your operators, and customers. Each has its deadline under its regime, counted with public holidays.</p>
<p>${c.canEdit ? html`<a class="button" href="${c.base}/requests/new">Record a request (letter, phone)</a> ` : null}<a href="${c.base}/requests/setup">Systems, retention exceptions and legal holds</a></p>
<nav aria-label="Which requests"><ul class="inline-list">${STATES.map(([v, l]) => html`<li><a href="${c.base}/requests?state=${v}"${v === o.state ? html` aria-current="page"` : null}>${l}</a></li>`)}</ul></nav>
${o.state === 'open' ? html`<p role="status">${o.items.length} open, ${atRisk} at risk.</p>` : null}
${o.items.length === 0 ? html`<p>No requests here.</p>` : html`<div class="table-scroll" tabindex="0" role="region" aria-label="Requests"><table><caption>Requests (${STATES.find(([v]) => v === o.state)?.[1] ?? ''}), soonest deadline first</caption>
<thead><tr><th scope="col">Reference</th><th scope="col">Type</th><th scope="col">Controller</th><th scope="col">Status</th><th scope="col">Received</th><th scope="col">Due</th><th scope="col">At risk</th></tr></thead>
<tbody>${o.items.map((i) => html`<tr${i.risk === 'overdue' || i.risk === 'forwarding_overdue' ? html` class="overdue"` : null}>
<th scope="row"><a href="${c.base}/requests/${i.id}">${i.reference}</a>${i.duplicateOf ? html`<br><small>Possible duplicate of ${i.duplicateOf}</small>` : null}</th>
<td>${REQUEST_TYPE_LABELS[i.type].split(':')[0]}</td><td>${i.controller === 'customer' ? i.customerName ?? 'A customer' : c.workspace.name}</td>
<td>${REQUEST_STATUS_LABELS[i.status]}</td><td>${i.receivedOn}</td>
<td>${i.effectiveDueOn}${i.extendedDueOn ? ' (extended)' : ''}</td><td>${i.riskText ?? '—'}</td></tr>`)}</tbody></table></div>`}`;
}

/** An operator records a request received by letter, phone or in person. */
export function newRequestBody(c: Console, o: { values: FormValues; errors: FormErrors; customers: Array<[string, string]> }): SafeHtml {
  const v = (k: string) => one(o.values[k]);
  return html`<h1>Record a request</h1>
<p>For a request that reached you outside the request page: a letter, a call, a visit. The deadline counts from the day it was received.</p>
${errorSummary(o.errors)}
<form method="post" action="${c.base}/requests/new" novalidate>${csrfField(c.user.csrfToken)}
${selectField({ name: 'type', label: 'What the person asks for', required: true, value: v('type'), error: o.errors.type, blank: 'Choose…', options: REQUEST_TYPES.map((t) => [t, REQUEST_TYPE_LABELS[t]]) })}
${textField({ name: 'name', label: 'Name of the person', value: v('name'), error: o.errors.name, autocomplete: 'off' })}
${textField({ name: 'email', label: 'E-mail address of the person', type: 'email', required: true, value: v('email'), error: o.errors.email, autocomplete: 'off', hint: 'Receipts and the answer go here; the systems are searched by it.' })}
${selectField({ name: 'requester', label: 'Who made the request', value: v('requester') || 'self', error: o.errors.requester, options: [['self', 'The person', ], ['agent', 'An authorised agent'], ['parent', 'A parent or guardian of a child']] })}
${textField({ name: 'agentName', label: 'Agent’s or parent’s name', value: v('agentName'), error: o.errors.agentName })}
${textField({ name: 'agentEmail', label: 'Agent’s or parent’s e-mail', type: 'email', value: v('agentEmail'), error: o.errors.agentEmail })}
${textArea({ name: 'authority', label: 'What shows their authority', value: v('authority'), error: o.errors.authority, hint: 'For an agent or a parent: the mandate, power of attorney or proof of parental responsibility you received.' })}
${selectField({ name: 'customer', label: 'Controller', value: v('customer'), error: o.errors.customer, blank: `${c.workspace.name} (our own users and visitors)`, options: o.customers, hint: 'Choose a customer when the person is one of its end users: the request is then passed on to it.' })}
${textField({ name: 'receivedAt', label: 'Received on', type: 'date', value: v('receivedAt'), error: o.errors.receivedAt, hint: 'Leave empty for today.' })}
${textArea({ name: 'details', label: 'What the request says', value: v('details'), error: o.errors.details, rows: 4 })}
<div class="field"><input type="checkbox" id="f-identityChecked" name="identityChecked" value="1"${v('identityChecked') ? html` checked` : null}> <label for="f-identityChecked">I checked the person’s identity (and any agent’s authority)</label></div>
${textField({ name: 'identityNote', label: 'How the identity was checked', value: v('identityNote'), error: o.errors.identityNote, hint: 'Required when checked. Otherwise a one-time code is e-mailed to the person.' })}
<button type="submit">Record the request</button> <a href="${c.base}/requests">Cancel</a>
</form>`;
}
