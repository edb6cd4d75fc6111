import type { WebhookDeliveryView, WebhookEndpointView } from '../../modules/webhooks/webhooks.queries.ts';
import { DELIVERY_STATUSES, type DeliveryFilter } from '../../modules/webhooks/webhooks.ts';
import { csrfField, errorSummary, type FormErrors, selectField, textField } from '../views/forms.ts';
import { html, type SafeHtml } from '../views/html.ts';
import { type Console, type FormValues, notice, one, when } from './console.ts';

export interface CustomerRef {
  id: string;
  name: string;
}

const FLASH: Record<string, string> = {
  tested: 'Test event queued: follow it in the delivery log.', activated: 'Endpoint activated.', deactivated: 'Endpoint deactivated: it receives nothing until activated again.',
  deleted: 'Endpoint deleted, with its delivery log.',
};

const STATUS_LABELS: Record<string, string> = { pending: 'Pending', delivered: 'Delivered', failed: 'Failed' };

function endpointActions(c: Console, base: string, e: WebhookEndpointView): SafeHtml {
  const form = (action: string, label: string, aria: string, cls = '') =>
    html`<form method="post" action="${base}/${e.id}/${action}" class="inline">${csrfField(c.user.csrfToken)}<button type="submit"${cls ? html` class="${cls}"` : null} aria-label="${aria}">${label}</button></form>`;
  return html`${e.active ? form('test', 'Send test event', `Send a test event to ${e.url}`) : null}
${e.active ? form('deactivate', 'Deactivate', `Deactivate ${e.url}`) : form('activate', 'Activate', `Activate ${e.url}`)}
${form('rotate-secret', 'Rotate secret', `Rotate the signing secret of ${e.url}`)}
<a href="${base}/${e.id}/delete" aria-label="Delete the endpoint ${e.url}">Delete</a>`;
}

/** A customer's webhook endpoints; editors also get the add form and the actions. Secrets are never shown here. */
export function webhooksBody(c: Console, o: { customer: CustomerRef; endpoints: WebhookEndpointView[]; q: Record<string, string>; values: FormValues; errors: FormErrors; problem?: string }): SafeHtml {
  const base = `${c.base}/customers/${o.customer.id}/webhooks`;
  const flashKey = Object.keys(FLASH).find((k) => o.q[k] === '1');
  return html`<h1>Webhooks of ${o.customer.name}</h1>
${flashKey ? notice(FLASH[flashKey]) : null}
${o.problem ? html`<div class="error-summary" role="alert"><p>${o.problem}</p></div>` : null}
<p>Trustroom POSTs a signed JSON event to these addresses when a change is announced, takes effect or is withdrawn, and when an objection or a consent is recorded. Failed deliveries are tried again for about an hour. Receivers check each delivery's signature with the endpoint's secret (see <code>docs/webhooks.md</code>).</p>
<p><a href="${c.base}/customers/${o.customer.id}">Back to ${o.customer.name}</a> · <a href="${c.base}/webhook-deliveries?customerId=${o.customer.id}">Delivery log of this customer</a></p>
${o.endpoints.length === 0 ? html`<p>No endpoints yet.</p>` : html`<table><caption>Webhook endpoints of ${o.customer.name}</caption>
<thead><tr><th scope="col">URL</th><th scope="col">Status</th><th scope="col">Secret starts with</th><th scope="col">Added</th>${c.canEdit ? html`<th scope="col">Actions</th>` : null}</tr></thead>
<tbody>${o.endpoints.map((e) => html`<tr><th scope="row"><code>${e.url}</code></th><td>${e.active ? 'Active' : 'Inactive'}</td><td><code>${e.secretHint}…</code></td><td>${when(e.createdAt)}</td>
${c.canEdit ? html`<td>${endpointActions(c, base, e)}</td>` : null}</tr>`)}</tbody></table>`}
${c.canEdit ? html`<section aria-labelledby="add-title"><h2 id="add-title">Add an endpoint</h2>
${errorSummary(o.errors)}
<form method="post" action="${base}">${csrfField(c.user.csrfToken)}
${textField({ name: 'url', label: 'URL', type: 'url', required: true, value: one(o.values.url), error: o.errors.url, hint: 'An https address of the customer, e.g. https://privacy.customer.example/hooks/trustroom. Plain http only to localhost, for development.' })}
<button type="submit">Add endpoint</button></form></section>` : null}`;
}

/** Shown once after adding an endpoint or rotating its secret: the secret is not shown again. */
export function webhookSecretBody(c: Console, o: { customer: CustomerRef; endpoint: WebhookEndpointView; secret: string; rotated: boolean }): SafeHtml {
  return html`<h1>${o.rotated ? 'Signing secret rotated' : 'Webhook endpoint added'}</h1>
<p role="status">${o.rotated ? html`The endpoint <code>${o.endpoint.url}</code> has a new signing secret; the old one no longer verifies.` : html`Events for ${o.customer.name} now go to <code>${o.endpoint.url}</code>.`}</p>
<p class="warning"><strong>Copy the signing secret now: it is shown only once.</strong> Hand it to the customer over a safe channel; their receiver checks each delivery's Trustroom-Signature header with it. If it is lost, rotate it.</p>
<div class="field"><label for="webhook-secret">Signing secret</label><input type="text" id="webhook-secret" readonly value="${o.secret}"></div>
<p><a href="${c.base}/customers/${o.customer.id}/webhooks">Back to the webhooks of ${o.customer.name}</a></p>`;
}

function attemptList(d: WebhookDeliveryView): SafeHtml | string {
  if (d.attempts.length === 0) return '—';
  return html`<details><summary>${d.attemptCount} ${d.attemptCount === 1 ? 'attempt' : 'attempts'}</summary><ol>${d.attempts.map(
    (a) => html`<li>${when(a.at)}: ${a.statusCode === null ? 'no answer' : `HTTP ${a.statusCode}`}${a.error && a.statusCode === null ? ` (${a.error})` : ''}, ${a.durationMs} ms</li>`,
  )}</ol></details>`;
}

/** The delivery log: status filter, one row per delivery with its attempts and next try. */
export function deliveriesBody(c: Console, o: { deliveries: WebhookDeliveryView[]; filter: DeliveryFilter; customer?: CustomerRef }): SafeHtml {
  const f = o.filter;
  const filtered = Boolean(f.status || f.customerId || f.changeId);
  return html`<h1>Webhook deliveries</h1>
<p>Every event sent to customers' webhook endpoints, newest first. A failed attempt is tried again after 30 s, 1 min, 2 min and so on, 8 attempts in all.</p>
${o.customer ? html`<p>Customer: ${o.customer.name} · <a href="${c.base}/customers/${o.customer.id}/webhooks">its endpoints</a></p>` : null}
<form method="get" action="${c.base}/webhook-deliveries" class="filters" role="search" aria-label="Filter deliveries">
${f.customerId ? html`<input type="hidden" name="customerId" value="${f.customerId}">` : null}${f.changeId ? html`<input type="hidden" name="changeId" value="${f.changeId}">` : null}
${selectField({ name: 'status', label: 'Status', options: DELIVERY_STATUSES.map((s) => [s, STATUS_LABELS[s]]), value: f.status ?? '', blank: 'All statuses' })}
<button type="submit">Filter</button>${filtered ? html` <a href="${c.base}/webhook-deliveries">Clear filters</a>` : null}
</form>
${o.deliveries.length === 0 ? html`<p>No deliveries${filtered ? ' match these filters' : ' yet'}.</p>` : html`<table><caption>Webhook deliveries${filtered ? ' (filtered)' : ''}</caption>
<thead><tr><th scope="col">Created</th><th scope="col">Event</th><th scope="col">Customer</th><th scope="col">Endpoint</th><th scope="col">Status</th><th scope="col">Attempts</th><th scope="col">Last status code</th><th scope="col">Next try</th><th scope="col">Last error</th></tr></thead>
<tbody>${o.deliveries.map((d) => html`<tr><th scope="row">${when(d.createdAt)}</th><td><code>${d.event}</code></td>
<td><a href="${c.base}/customers/${d.customerId}/webhooks">${d.customerName}</a></td><td><code>${d.endpointUrl}</code></td>
<td>${STATUS_LABELS[d.status]}${d.deliveredAt ? html` ${when(d.deliveredAt)}` : null}</td><td>${attemptList(d)}</td>
<td>${d.lastStatusCode === null ? '—' : String(d.lastStatusCode)}</td><td>${when(d.nextAttemptAt)}</td><td>${d.lastError ?? '—'}</td></tr>`)}</tbody></table>`}`;
}
