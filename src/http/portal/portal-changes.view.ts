/**
 * The portal's changes: the list of changes announced to the customer with its objections, and
 * one change with the forms to object or to give or refuse consent (the same use-cases as the
 * link in the notice, keyed by the session's customer).
 */
import type { ObjectionView } from '../../modules/changes/changes.queries.ts';
import type { ChangeResponseView } from '../../modules/changes/respond-to-change.ts';
import type { PortalChange } from '../../modules/portal/portal.queries.ts';
import { changeResponseBody, objectionItem, type ResponseForms } from '../views/change-response.ts';
import { html, type SafeHtml } from '../views/html.ts';
import type { PortalContext } from './portal.view.ts';

export type ChangeForms = ResponseForms;

const STATUS_TEXT: Record<PortalChange['status'], string> = {
  notified: 'Announced', in_effect: 'In effect for you', not_in_effect: 'Not in effect for you', withdrawn: 'Withdrawn',
};

/** What the change waits for, in the customer's words: a refusal is a refusal, never "waits for your consent". */
const outstandingText = (c: Pick<PortalChange, 'outstanding' | 'consent' | 'status'>) => {
  if (c.consent === 'refused' && c.status !== 'in_effect' && c.status !== 'withdrawn') return 'You refused consent';
  return c.outstanding === 'consent' ? 'Waits for your consent' : c.outstanding === 'objection' ? 'Your objection is open' : '';
};

/** The changes announced to the customer and its objections with their resolutions. */
export function changesBody(c: PortalContext, changes: PortalChange[], objections: ObjectionView[]): SafeHtml {
  const titles = new Map(changes.map((ch) => [ch.id, ch.title]));
  return html`<h1>Changes</h1>
<p>The sub-processor changes ${c.workspace.name} announced to ${c.customer.name}, with your dates. Open one to object${changes.some((ch) => ch.authorisation === 'specific') ? ' or to give or refuse consent' : ''}.</p>
${changes.length === 0 ? html`<p>No change has been announced to you.</p>` : html`<table><caption>Changes announced to ${c.customer.name}</caption>
<thead><tr><th scope="col">Change</th><th scope="col">Announced</th><th scope="col">Last day to object</th><th scope="col">Effective date</th><th scope="col">Status</th></tr></thead>
<tbody>${changes.map((ch) => html`<tr><th scope="row"><a href="${c.base}/changes/${ch.id}">${ch.title}</a></th><td>${(ch.announcedAt ?? '').slice(0, 10)}</td><td>${ch.authorisation === 'specific' ? 'None: your consent is asked' : ch.windowEndsOn}</td><td>${ch.authorisation === 'specific' && ch.status !== 'in_effect' ? `Once you consent, not before ${ch.effectiveDate}` : ch.effectiveDate}</td>
<td>${STATUS_TEXT[ch.status]}${outstandingText(ch) ? html`<br><strong>${outstandingText(ch)}</strong>` : null}</td></tr>`)}</tbody></table>`}
<h2>Your objections</h2>
${objections.length === 0 ? html`<p>You have made no objection.</p>` : html`<ul>${objections.map((o) => objectionItem(o, html`<a href="${c.base}/changes/${o.changeId}">${titles.get(o.changeId) ?? 'A change'}</a>`))}</ul>`}`;
}

/** One change: its dates, what changes, the customer's answers and the forms still open. */
export function changeBody(c: PortalContext, v: ChangeResponseView, contactName: string, f: ChangeForms = {}): SafeHtml {
  return html`<h1>Change: ${v.change.title}</h1>
<p><a href="${c.base}/changes">All changes</a></p>
${changeResponseBody(v, { action: `${c.base}/changes/${v.change.id}`, csrfToken: c.csrfToken, defaultName: contactName }, f)}`;
}
