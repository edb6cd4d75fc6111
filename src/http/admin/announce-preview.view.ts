/**
 * The confirmation page before announcing a change (issue 10 §2): every customer reached with its
 * dates, authorisation and conflicts, and each notice as it will be sent. Announcing posts from here.
 */
import type { ChangeView } from '../../modules/changes/changes.queries.ts';
import type { AnnouncementPreview } from '../../modules/changes/preview-announcement.ts';
import { AUTHORISATION_LABELS } from '../../modules/customers/customers.ts';
import { csrfField } from '../views/forms.ts';
import { html, type SafeHtml } from '../views/html.ts';
import type { Console } from './console.ts';

export function announcePreviewBody(c: Console, change: ChangeView, p: AnnouncementPreview): SafeHtml {
  const base = `${c.base}/changes/${change.id}`;
  return html`<h1>Announce “${change.title}”?</h1>
<p>Proposed date: <strong>${p.proposedDate}</strong>. ${p.customers.length} customers and ${p.subscribers} list subscribers will be told. Announcing fixes each customer's dates and queues every notice and webhook; it cannot be undone, only withdrawn.</p>
${p.warnings.length ? html`<section aria-labelledby="warn-title" class="warning"><h2 id="warn-title">Check before announcing</h2><ul>${p.warnings.map((w) => html`<li>${w}</li>`)}</ul></section>` : html`<p>No customer needs attention.</p>`}
<section aria-labelledby="reach-title"><h2 id="reach-title">Customers reached</h2>
${p.customers.length === 0 ? html`<p>No customer uses what this change touches.</p>` : html`<table><caption>Each customer's dates and what its contract says</caption>
<thead><tr><th scope="col">Customer</th><th scope="col">Authorisation</th><th scope="col">Takes effect for it</th><th scope="col">Last day to object</th><th scope="col">Contacts</th><th scope="col">Conflicts</th></tr></thead>
<tbody>${p.customers.map((x) => html`<tr><th scope="row">${x.customerName}</th><td>${AUTHORISATION_LABELS[x.authorisation]}</td>
<td>${x.authorisation === 'specific' ? html`Only once it consents, not before ${x.effectiveDate}` : x.effectiveDate}</td>
<td>${x.lastDayToObject ?? 'None: no objection window under specific authorisation'}</td><td>${x.contacts === 0 ? html`<strong>None</strong>` : String(x.contacts)}</td>
<td>${x.contractFlags.length ? html`<ul>${x.contractFlags.map((f) => html`<li>${f}</li>`)}</ul>` : '—'}</td></tr>`)}</tbody></table>`}
</section>
${p.customers.length ? html`<section aria-labelledby="notices-title"><h2 id="notices-title">The notices as they will be sent</h2>
${p.customers.map((x, i) => html`<details><summary>${x.customerName}: ${x.notice.subject}</summary><pre id="notice-${i}" class="notice-text">${x.notice.text}</pre></details>`)}
</section>` : null}
<form method="post" action="${base}/announce">${csrfField(c.user.csrfToken)}<input type="hidden" name="confirm" value="1">
<button type="submit">Confirm and announce</button> <a href="${base}">Back to the change</a></form>`;
}
