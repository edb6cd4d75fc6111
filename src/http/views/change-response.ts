/**
 * One announced change as its customer sees it — its state, its dates for the customer, what
 * changes, the answers so far and the forms still open (object; give or refuse consent). Shared by
 * the page behind the link in a notice and by the customer portal, which differ only in how they
 * authenticate the post (the token in the address, or the portal session's CSRF token).
 * Plain HTML forms: everything works without JavaScript.
 */
import type { ObjectionView } from '../../modules/changes/changes.queries.ts';
import { RESOLUTION_LABELS } from '../../modules/changes/render-notices.ts';
import type { ChangeResponseView } from '../../modules/changes/respond-to-change.ts';
import { renderChangeItems } from './change-items.ts';
import { csrfField, type FormErrors } from './forms.ts';
import { html, type SafeHtml } from './html.ts';

export interface ResponseForms {
  /** Which form was sent, with what and what was wrong with it. */
  object?: { values: Record<string, string>; errors: FormErrors };
  consent?: { values: Record<string, string>; errors: FormErrors };
  /** A notice after a response was recorded. */
  sent?: 'objection' | 'consent';
  /** Why the response was refused (409). */
  problem?: string;
}

export interface ResponseOptions {
  /** Where the forms post: `<action>/object` and `<action>/consent`. */
  action: string;
  /** The portal session's CSRF token; the link page has none (the token in the address is the credential). */
  csrfToken?: string;
  /** Prefills the name fields (the signed-in contact's name). */
  defaultName?: string;
}

interface Control {
  form: 'object' | 'consent';
  name: string;
  label: string;
  value: string;
  error?: string;
  required?: boolean;
  hint?: string;
  multiline?: boolean;
  autocomplete?: string;
}

/** A labelled text control whose id is unique on the page (both forms have a `name` field). */
function control(o: Control): SafeHtml {
  const id = `f-${o.form}-${o.name}`;
  const describedBy = [o.hint ? `${id}-hint` : '', o.error ? `${id}-error` : ''].filter(Boolean).join(' ');
  const attrs = html`id="${id}" name="${o.name}"${o.required ? html` required` : null}${o.error ? html` aria-invalid="true"` : null}${describedBy ? html` aria-describedby="${describedBy}"` : null}${o.autocomplete ? html` autocomplete="${o.autocomplete}"` : null}`;
  return html`<div class="field${o.error ? ' has-error' : ''}"><label for="${id}">${o.label}${o.required ? ' (required)' : ''}</label>
${o.multiline ? html`<textarea ${attrs} rows="5">${o.value}</textarea>` : html`<input type="text" ${attrs} value="${o.value}">`}
${o.hint ? html`<p class="hint" id="${id}-hint">${o.hint}</p>` : null}${o.error ? html`<p class="error" id="${id}-error">${o.label}: ${o.error}</p>` : null}</div>`;
}

function summary(form: 'object' | 'consent', errors: FormErrors): SafeHtml | null {
  const entries = Object.entries(errors);
  if (!entries.length) return null;
  return html`<div class="error-summary" role="alert" tabindex="-1"><h3>Please correct ${entries.length === 1 ? 'this field' : 'these fields'}</h3><ul>${entries.map(
    ([f, m]) => html`<li><a href="#f-${form}-${f}">${f}: ${m}</a></li>`,
  )}</ul></div>`;
}

/** One objection and where it stands; `prefix` names the change when objections of several are listed. */
export function objectionItem(o: ObjectionView, prefix?: SafeHtml): SafeHtml {
  return html`<li>${prefix ? html`${prefix}: objection` : 'Objection'} by ${o.submittedName} on ${o.submittedAt.slice(0, 10)}: “${o.reason}”.
${o.status === 'open' ? html` <strong>Open</strong>: it will be answered.` : html` <strong>Resolved</strong> on ${(o.resolvedAt ?? '').slice(0, 10)}: ${o.resolution ? RESOLUTION_LABELS[o.resolution] : ''}.${o.resolutionNote ? html` ${o.resolutionNote}` : null}`}</li>`;
}

function stateOf(v: ChangeResponseView): string {
  const c = v.customer;
  if (v.change.status === 'withdrawn' || c.status === 'withdrawn') return 'This change was withdrawn: it will not take place.';
  if (c.status === 'in_effect') return `This change is in effect for ${c.customerName}.`;
  if (c.consent === 'refused') return `You refused consent on ${(c.consentAt ?? '').slice(0, 10)}: this change does not take effect for ${c.customerName}.`;
  const held = (c.objections ?? []).find((o) => o.status === 'resolved' && (o.resolution === 'alternative_offered' || o.resolution === 'customer_terminates'));
  if (held) return `This change does not take effect for ${c.customerName}: ${RESOLUTION_LABELS[held.resolution as 'alternative_offered'].toLowerCase()}.`;
  if (c.status === 'not_in_effect') {
    return c.outstanding === 'consent'
      ? `This change is not in effect for ${c.customerName}: it waits for your consent.`
      : `This change is not in effect for ${c.customerName} while your objection is open.`;
  }
  if (c.authorisation === 'specific') {
    return c.consent === 'given'
      ? `You consented: this change takes effect for ${c.customerName} on ${c.effectiveDate}.`
      : `This change is announced. It takes effect for ${c.customerName} only once you consent, and not before ${c.effectiveDate}.`;
  }
  return `This change is announced. It takes effect for ${c.customerName} on ${c.effectiveDate}.`;
}

function objectForm(v: ChangeResponseView, o: ResponseOptions, f: ResponseForms['object']): SafeHtml {
  const values = f?.values ?? { name: o.defaultName ?? '' };
  const errors = f?.errors ?? {};
  return html`<section aria-labelledby="object-title"><h2 id="object-title">Object to this change</h2>
<p>Tell ${v.workspace.name} why. Every objection is answered; the change does not take effect for you while your objection is open.</p>
${summary('object', errors)}
<form method="post" action="${o.action}/object">${o.csrfToken ? csrfField(o.csrfToken) : null}
${control({ form: 'object', name: 'name', label: 'Your name', value: values.name ?? '', error: errors.name, required: true, autocomplete: 'name' })}
${control({ form: 'object', name: 'reason', label: 'Reasons for the objection', value: values.reason ?? '', error: errors.reason, required: true, multiline: true })}
<button type="submit">Send the objection</button>
</form></section>`;
}

function consentForm(v: ChangeResponseView, o: ResponseOptions, f: ResponseForms['consent']): SafeHtml {
  const values = f?.values ?? { name: o.defaultName ?? '' };
  const errors = f?.errors ?? {};
  const decision = values.decision ?? '';
  const radio = (value: string, label: string) => html`<div class="check"><input type="radio" id="f-consent-decision-${value}" name="decision" value="${value}" required${decision === value ? html` checked` : null}><label for="f-consent-decision-${value}">${label}</label></div>`;
  return html`<section aria-labelledby="consent-title"><h2 id="consent-title">Your decision</h2>
<p>Your contract requires your prior specific authorisation: the change takes effect for ${v.customer.customerName} only with your consent.${v.customer.consent ? ` You can change your decision until the change takes effect for you.` : ''}</p>
${summary('consent', errors)}
<form method="post" action="${o.action}/consent">${o.csrfToken ? csrfField(o.csrfToken) : null}
<fieldset id="f-consent-decision" class="field${errors.decision ? ' has-error' : ''}"${errors.decision ? html` aria-describedby="f-consent-decision-error"` : null}><legend>Decision (required)</legend>
${radio('given', 'I give consent to this change')}
${radio('refused', 'I refuse consent to this change')}
${errors.decision ? html`<p class="error" id="f-consent-decision-error">Decision: ${errors.decision}</p>` : null}</fieldset>
${control({ form: 'consent', name: 'name', label: 'Your name', value: values.name ?? '', error: errors.name, required: true, autocomplete: 'name' })}
${control({ form: 'consent', name: 'title', label: 'Your title or role', value: values.title ?? '', error: errors.title, hint: 'e.g. Data Protection Officer.', autocomplete: 'organization-title' })}
<button type="submit">Record the decision</button>
</form></section>`;
}

/** Everything under the page's own heading and introduction. */
export function changeResponseBody(v: ChangeResponseView, o: ResponseOptions, f: ResponseForms = {}): SafeHtml {
  const c = v.customer;
  const objections = c.objections ?? [];
  return html`${f.sent ? html`<p class="notice" role="status">${f.sent === 'objection' ? 'Your objection was recorded.' : 'Your decision was recorded.'} Your contacts receive a confirmation by e-mail.</p>` : null}
${f.problem ? html`<div class="error-summary" role="alert" tabindex="-1"><p>${f.problem}</p></div>` : null}
<p><strong>${stateOf(v)}</strong></p>
<table><caption>Your dates</caption><tbody>
${c.authorisation === 'specific'
    ? html`<tr><th scope="row">Takes effect for ${c.customerName}</th><td>Only once you consent, and not before ${c.effectiveDate} <span class="muted">(${c.timeZone})</span></td></tr>
<tr><th scope="row">Last day to object</th><td>None: under specific authorisation your consent is asked instead</td></tr>`
    : html`<tr><th scope="row">Effective date for ${c.customerName}</th><td>${c.effectiveDate} <span class="muted">(${c.timeZone})</span></td></tr>
<tr><th scope="row">Last day to object</th><td>${c.windowEndsOn}</td></tr>`}
<tr><th scope="row">Proposed date</th><td>${v.change.proposedDate}</td></tr>
<tr><th scope="row">Authorisation in your contract</th><td>${c.authorisation === 'specific' ? 'Specific: your consent is needed' : 'General: you may object'}</td></tr>
</tbody></table>
${v.contractFlags.length ? html`<div class="warning" role="note"><h2>Your contract</h2><ul>${v.contractFlags.map((f) => html`<li>${f}</li>`)}</ul></div>` : null}
<h2>Why</h2>
<p>${v.change.reason}</p>
<h2>What changes</h2>
${renderChangeItems(v.change.notice.items, 3)}
<h2>Your responses</h2>
${objections.length ? html`<ul>${objections.map((x) => objectionItem(x))}</ul>` : html`<p>No objection made.</p>`}
${c.authorisation === 'specific' ? html`<p>Consent: ${c.consent ? html`<strong>${c.consent === 'given' ? 'given' : 'refused'}</strong> by ${c.consentName ?? ''}${c.consentTitle ? `, ${c.consentTitle}` : ''} on ${(c.consentAt ?? '').slice(0, 10)}.` : 'not given yet.'}</p>` : null}
${v.canDecide ? consentForm(v, o, f.consent) : null}
${v.canObject ? objectForm(v, o, f.object) : v.change.status === 'announced' && c.status === 'notified' && c.authorisation === 'general' ? html`<p>The time to object ended at the end of ${c.windowEndsOn}.</p>` : null}`;
}
