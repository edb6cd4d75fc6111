/**
 * The portal's changes: the list of changes announced to the customer with its objections, and
 * one change with the forms to object or to give or refuse consent (the same use-cases as the
 * link in the notice, keyed by the session's customer).
 */
import type { ObjectionView } from '../../modules/changes/changes.queries.ts';
import { RESOLUTION_LABELS } from '../../modules/changes/render-notices.ts';
import type { ChangeResponseView } from '../../modules/changes/respond-to-change.ts';
import type { PortalChange } from '../../modules/portal/portal.queries.ts';
import { renderChangeItems } from '../views/change-items.ts';
import { csrfField, type FormErrors } from '../views/forms.ts';
import { html, type SafeHtml } from '../views/html.ts';
import type { PortalContext } from './portal.view.ts';

export interface ChangeForms {
  object?: { values: Record<string, string>; errors: FormErrors };
  consent?: { values: Record<string, string>; errors: FormErrors };
  sent?: 'objection' | 'consent';
  problem?: string;
}

const STATUS_TEXT: Record<PortalChange['status'], string> = {
  notified: 'Announced', in_effect: 'In effect for you', not_in_effect: 'Not in effect for you', withdrawn: 'Withdrawn',
};

const outstandingText = (c: Pick<PortalChange, 'outstanding'>) => (c.outstanding === 'consent' ? 'Waits for your consent' : c.outstanding === 'objection' ? 'Your objection is open' : '');

function objectionItem(o: ObjectionView, changeLink?: SafeHtml): SafeHtml {
  return html`<li>${changeLink ? html`${changeLink}: ` : null}objection by ${o.submittedName} on ${o.submittedAt.slice(0, 10)}: “${o.reason}”.
${o.status === 'open' ? html` <strong>Open</strong>: it will be answered.` : html` <strong>Resolved</strong> on ${(o.resolvedAt ?? '').slice(0, 10)}: ${o.resolution ? RESOLUTION_LABELS[o.resolution] : ''}.${o.resolutionNote ? html` ${o.resolutionNote}` : null}`}</li>`;
}

/** The changes announced to the customer and its objections with their resolutions. */
export function changesBody(c: PortalContext, changes: PortalChange[], objections: ObjectionView[]): SafeHtml {
  const titles = new Map(changes.map((ch) => [ch.id, ch.title]));
  return html`<h1>Changes</h1>
<p>The sub-processor changes ${c.workspace.name} announced to ${c.customer.name}, with your dates. Open one to object${changes.some((ch) => ch.authorisation === 'specific') ? ' or to give or refuse consent' : ''}.</p>
${changes.length === 0 ? html`<p>No change has been announced to you.</p>` : html`<table><caption>Changes announced to ${c.customer.name}</caption>
<thead><tr><th scope="col">Change</th><th scope="col">Announced</th><th scope="col">Last day to object</th><th scope="col">Effective date</th><th scope="col">Status</th></tr></thead>
<tbody>${changes.map((ch) => html`<tr><th scope="row"><a href="${c.base}/changes/${ch.id}">${ch.title}</a></th><td>${(ch.announcedAt ?? '').slice(0, 10)}</td><td>${ch.windowEndsOn}</td><td>${ch.effectiveDate}</td>
<td>${STATUS_TEXT[ch.status]}${outstandingText(ch) ? html`<br><strong>${outstandingText(ch)}</strong>` : null}</td></tr>`)}</tbody></table>`}
<h2>Your objections</h2>
${objections.length === 0 ? html`<p>You have made no objection.</p>` : html`<ul>${objections.map((o) => objectionItem(o, html`<a href="${c.base}/changes/${o.changeId}">${titles.get(o.changeId) ?? 'A change'}</a>`))}</ul>`}`;
}

/** A labelled control whose id is unique on the page (both forms have a `name` field). */
function control(o: { form: 'object' | 'consent'; name: string; label: string; value: string; error?: string; required?: boolean; multiline?: boolean; autocomplete?: string }): SafeHtml {
  const id = `f-${o.form}-${o.name}`;
  const attrs = html`id="${id}" name="${o.name}"${o.required ? html` required` : null}${o.error ? html` aria-invalid="true" aria-describedby="${id}-error"` : null}${o.autocomplete ? html` autocomplete="${o.autocomplete}"` : null}`;
  return html`<div class="field${o.error ? ' has-error' : ''}"><label for="${id}">${o.label}${o.required ? ' (required)' : ''}</label>
${o.multiline ? html`<textarea ${attrs} rows="5">${o.value}</textarea>` : html`<input type="text" ${attrs} value="${o.value}">`}
${o.error ? html`<p class="error" id="${id}-error">${o.label}: ${o.error}</p>` : null}</div>`;
}

function summary(form: 'object' | 'consent', errors: FormErrors): SafeHtml | null {
  const entries = Object.entries(errors);
  return entries.length ? html`<div class="error-summary" role="alert" tabindex="-1"><h3>Please correct ${entries.length === 1 ? 'this field' : 'these fields'}</h3><ul>${entries.map(([f, m]) => html`<li><a href="#f-${form}-${f}">${f}: ${m}</a></li>`)}</ul></div>` : null;
}

function stateOf(v: ChangeResponseView): string {
  const c = v.customer;
  if (v.change.status === 'withdrawn' || c.status === 'withdrawn') return 'This change was withdrawn: it will not take place.';
  if (c.status === 'in_effect') return `This change is in effect for ${c.customerName}.`;
  if (c.status === 'not_in_effect') return c.outstanding === 'consent' ? `This change is not in effect for ${c.customerName}: it waits for your consent.` : `This change is not in effect for ${c.customerName} while your objection is open.`;
  return `This change is announced. It takes effect for ${c.customerName} on ${c.effectiveDate}.`;
}

/** One change: its dates, what changes, the customer's answers and the forms still open. */
export function changeBody(c: PortalContext, v: ChangeResponseView, contactName: string, f: ChangeForms = {}): SafeHtml {
  const x = v.customer;
  const action = `${c.base}/changes/${v.change.id}`;
  const ov = f.object?.values ?? { name: contactName };
  const oe = f.object?.errors ?? {};
  const cv = f.consent?.values ?? { name: contactName };
  const ce = f.consent?.errors ?? {};
  const radio = (value: string, label: string) => html`<div class="check"><input type="radio" id="f-consent-decision-${value}" name="decision" value="${value}" required${cv.decision === value ? html` checked` : null}><label for="f-consent-decision-${value}">${label}</label></div>`;
  return html`<h1>Change: ${v.change.title}</h1>
<p><a href="${c.base}/changes">All changes</a></p>
${f.sent ? html`<p class="notice" role="status">${f.sent === 'objection' ? 'Your objection was recorded.' : 'Your decision was recorded.'} Your contacts receive a confirmation by e-mail.</p>` : null}
${f.problem ? html`<div class="error-summary" role="alert" tabindex="-1"><p>${f.problem}</p></div>` : null}
<p><strong>${stateOf(v)}</strong></p>
<table><caption>Your dates</caption><tbody>
<tr><th scope="row">Effective date for ${x.customerName}</th><td>${x.effectiveDate} <span class="muted">(${x.timeZone})</span></td></tr>
<tr><th scope="row">Last day to object</th><td>${x.windowEndsOn}</td></tr>
<tr><th scope="row">Proposed date</th><td>${v.change.proposedDate}</td></tr>
<tr><th scope="row">Authorisation in your contract</th><td>${x.authorisation === 'specific' ? 'Specific: your consent is needed' : 'General: you may object'}</td></tr>
</tbody></table>
<h2>Why</h2>
<p>${v.change.reason}</p>
<h2>What changes</h2>
${renderChangeItems(v.change.notice.items, 3)}
<h2>Your responses</h2>
${x.objections.length ? html`<ul>${x.objections.map((o) => objectionItem(o))}</ul>` : html`<p>No objection made.</p>`}
${x.authorisation === 'specific' ? html`<p>Consent: ${x.consent ? html`<strong>${x.consent}</strong> by ${x.consentName ?? ''}${x.consentTitle ? `, ${x.consentTitle}` : ''} on ${(x.consentAt ?? '').slice(0, 10)}.` : 'not given yet.'}</p>` : null}
${v.canDecide ? html`<section aria-labelledby="consent-title"><h2 id="consent-title">Your decision</h2>
<p>Your contract requires your prior specific authorisation: the change takes effect for ${x.customerName} only with your consent.</p>
${summary('consent', ce)}
<form method="post" action="${action}/consent">${csrfField(c.csrfToken)}
<fieldset id="f-consent-decision" class="field${ce.decision ? ' has-error' : ''}"${ce.decision ? html` aria-describedby="f-consent-decision-error"` : null}><legend>Decision (required)</legend>
${radio('given', 'I give consent to this change')}${radio('refused', 'I refuse consent to this change')}
${ce.decision ? html`<p class="error" id="f-consent-decision-error">Decision: ${ce.decision}</p>` : null}</fieldset>
${control({ form: 'consent', name: 'name', label: 'Your name', value: cv.name ?? '', error: ce.name, required: true, autocomplete: 'name' })}
${control({ form: 'consent', name: 'title', label: 'Your title or role', value: cv.title ?? '', error: ce.title, autocomplete: 'organization-title' })}
<button type="submit">Record the decision</button></form></section>` : null}
${v.canObject ? html`<section aria-labelledby="object-title"><h2 id="object-title">Object to this change</h2>
<p>Tell ${c.workspace.name} why. Every objection is answered; the change does not take effect for you while your objection is open.</p>
${summary('object', oe)}
<form method="post" action="${action}/object">${csrfField(c.csrfToken)}
${control({ form: 'object', name: 'name', label: 'Your name', value: ov.name ?? '', error: oe.name, required: true, autocomplete: 'name' })}
${control({ form: 'object', name: 'reason', label: 'Reasons for the objection', value: ov.reason ?? '', error: oe.reason, required: true, multiline: true })}
<button type="submit">Send the objection</button></form></section>` : v.change.status === 'announced' && x.status === 'notified' ? html`<p>The time to object ended at the end of ${x.windowEndsOn}.</p>` : null}`;
}
