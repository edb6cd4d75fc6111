/**
 * The operators' to-do for requests passed on to customers whose term for an instruction ran out
 * with none (overdueForwardings): never shown to customers.
 */
import type { OverdueForwarding } from '../../modules/requests/forwarding/forwarding.queries.ts';
import { REQUEST_TYPE_LABELS } from '../../modules/requests/requests.ts';
import { html, type SafeHtml } from '../views/html.ts';
import type { Console } from './console.ts';

export function forwardingFindingsSection(c: Console, overdue: OverdueForwarding[]): SafeHtml {
  return html`<section aria-labelledby="forwarding-title"><h2 id="forwarding-title">Requests waiting for a customer</h2>
${overdue.length === 0
    ? html`<p>No customer is late with an instruction on a request passed on to it.</p>`
    : html`<p class="warning"><strong>${overdue.length === 1 ? 'One request has' : `${overdue.length} requests have`} no instruction from the customer in time.</strong> Follow up with the customer: the person's deadline keeps running.</p>
<table><caption>Requests passed on with no instruction by the end of the term</caption>
<thead><tr><th scope="col">Request</th><th scope="col">Customer</th><th scope="col">Instruction was due</th><th scope="col">Last reminder</th></tr></thead>
<tbody>${overdue.map((o) => html`<tr><th scope="row"><a href="${c.base}/requests/${o.requestId}">${o.reference}</a><br><span class="muted">${REQUEST_TYPE_LABELS[o.type]}</span></th><td>${o.customerName}</td><td>${o.dueAt.slice(0, 16).replace('T', ' ')} UTC</td><td>${o.remindedAt ? `${o.remindedAt.slice(0, 16).replace('T', ' ')} UTC` : 'None'}</td></tr>`)}</tbody></table>`}
</section>`;
}
