import type { SubscriberStatus, SubscriberView } from '../../modules/subscribers/subscribers.ts';
import { csrfField } from '../views/forms.ts';
import { html, type SafeHtml } from '../views/html.ts';
import { type Console, notice, when } from './console.ts';

const STATUS_LABELS: Record<SubscriberStatus, string> = { pending: 'Pending confirmation', confirmed: 'Confirmed', unsubscribed: 'Unsubscribed' };

/** Slugs shown by name where the registry still has them; none means everything. */
const filterText = (slugs: string[], names: Map<string, string>) => (slugs.length ? slugs.map((s) => names.get(s) ?? s).join(', ') : 'All');

/** Subscribers of the public list: counts, and a table with a remove button for editors. */
export function subscribersBody(c: Console, o: {
  subscribers: SubscriberView[]; counts: Record<SubscriberStatus, number>; serviceNames: Map<string, string>; regionNames: Map<string, string>; q: Record<string, string>;
}): SafeHtml {
  const total = o.counts.pending + o.counts.confirmed + o.counts.unsubscribed;
  return html`<h1>Subscribers</h1>
${o.q.removed === '1' ? notice('Subscriber removed.') : null}
<p>People who asked, on the <a href="/w/${c.workspace.slug}/subprocessors#subscribe">public list</a>, to get an e-mail about changes. Only confirmed subscribers get notices; every notice has a one-click unsubscribe link.</p>
<ul>
<li><strong>${o.counts.confirmed}</strong> confirmed</li>
<li><strong>${o.counts.pending}</strong> pending confirmation</li>
<li><strong>${o.counts.unsubscribed}</strong> unsubscribed</li>
</ul>
${o.subscribers.length === 0 ? html`<p>No subscribers yet.</p>` : html`<table><caption>Subscribers of ${c.workspace.name}${o.subscribers.length < total ? `, newest ${o.subscribers.length} of ${total}` : ''}</caption>
<thead><tr><th scope="col">E-mail</th><th scope="col">Status</th><th scope="col">Services</th><th scope="col">Regions</th><th scope="col">Subscribed</th><th scope="col">Confirmed</th><th scope="col">Unsubscribed</th>${c.canEdit ? html`<th scope="col">Actions</th>` : null}</tr></thead>
<tbody>${o.subscribers.map((s) => html`<tr><th scope="row">${s.email}</th><td>${STATUS_LABELS[s.status]}</td><td>${filterText(s.services, o.serviceNames)}</td><td>${filterText(s.regions, o.regionNames)}</td>
<td>${when(s.createdAt)}</td><td>${when(s.confirmedAt)}</td><td>${when(s.unsubscribedAt)}</td>
${c.canEdit ? html`<td><form method="post" action="${c.base}/subscribers/${s.id}/remove" class="inline">${csrfField(c.user.csrfToken)}<button type="submit" class="danger" aria-label="Remove the subscriber ${s.email}">Remove</button></form></td>` : null}</tr>`)}</tbody></table>`}
${c.canEdit ? html`<p class="hint">Removing deletes the address for good (for example on an erasure request); the audit log keeps no address.</p>` : null}`;
}
