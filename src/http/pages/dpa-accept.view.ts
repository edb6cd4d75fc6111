/**
 * The page of a DPA acceptance link: the agreement as rendered for the customer, its PDF, and the
 * form to accept it; or, once the link is used, expired or superseded, a page saying so plainly.
 * Plain HTML forms: everything works without JavaScript.
 */
import type { AcceptanceLinkView } from '../../modules/dpa/accept-dpa-by-link.ts';
import { errorSummary, type FormErrors, textField } from '../views/forms.ts';
import { html, raw, type SafeHtml } from '../views/html.ts';
import { layout } from '../views/layout.ts';

export interface AcceptForm {
  values: Record<string, string>;
  errors: FormErrors;
  /** Why the acceptance was refused (409: the document changed). */
  problem?: string;
}

const utc = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

function authorityBox(customerName: string, checked: boolean, error?: string): SafeHtml {
  return html`<div class="field check${error ? ' has-error' : ''}"><input type="checkbox" id="f-authority" name="authority" value="true" required${checked ? html` checked` : null}${error ? html` aria-invalid="true" aria-describedby="authority-error"` : null}>
<label for="f-authority">I have authority to accept on behalf of ${customerName} (required)</label>${error ? html`<p class="error" id="authority-error">Authority: ${error}</p>` : null}</div>`;
}

function openBody(v: Extract<AcceptanceLinkView, { state: 'open' }>, action: string, f: AcceptForm): SafeHtml {
  const r = v.rendered;
  const values = f.values;
  return html`<h1>Data processing agreement for ${v.customer.name}</h1>
${f.problem ? html`<div class="error-summary" role="alert" tabindex="-1"><p>${f.problem}</p></div>` : null}
<p>${v.workspace.name} asks ${v.customer.name} to accept version ${String(r.version)} of its data processing agreement, published on ${r.publishedAt.slice(0, 10)}. This link works until ${utc(v.expiresAt)}.</p>
<p><a href="${action}/pdf" download>Download the agreement as PDF</a></p>
<section aria-label="The agreement" class="dpa-document">${raw(r.html)}</section>
<p class="muted">SHA-256 of this document: <code class="wrap">${r.sha256}</code></p>
<section aria-labelledby="accept-title"><h2 id="accept-title">Accept version ${String(r.version)}</h2>
<p>Your name, title and e-mail address are recorded with the date and the SHA-256 above, and you receive a receipt by e-mail.</p>
${errorSummary(f.errors)}
<form method="post" action="${action}">
<input type="hidden" name="documentSha256" value="${r.sha256}">
${textField({ name: 'name', label: 'Your name', value: values.name ?? '', required: true, autocomplete: 'name', error: f.errors.name })}
${textField({ name: 'title', label: 'Your title or role', value: values.title ?? '', required: true, autocomplete: 'organization-title', error: f.errors.title, hint: 'e.g. Data Protection Officer, CEO.' })}
${textField({ name: 'email', label: 'Your e-mail address', type: 'email', value: values.email ?? v.contact?.email ?? '', required: true, autocomplete: 'email', error: f.errors.email })}
${authorityBox(v.customer.name, values.authority === 'true' || values.authority === 'on', f.errors.authority)}
<button type="submit">Accept the agreement</button>
</form></section>`;
}

function closedBody(v: Exclude<AcceptanceLinkView, { state: 'open' }>, accepted: boolean): SafeHtml {
  if (v.state === 'used') {
    const a = v.acceptance;
    return html`<h1>${accepted ? 'Thank you: the agreement is accepted' : 'This link was already used'}</h1>
${accepted ? html`<p class="notice" role="status">Your acceptance was recorded. A receipt is on its way by e-mail.</p>` : null}
<p>Version ${String(v.version)} of the data processing agreement of ${v.workspace.name} was accepted on behalf of ${v.customer.name} on ${utc(v.usedAt)}.</p>
${a ? html`<table><caption>Receipt</caption><tbody>
<tr><th scope="row">Accepted by</th><td>${a.signerName}, ${a.signerTitle}</td></tr>
<tr><th scope="row">When</th><td>${utc(a.acceptedAt)}</td></tr>
<tr><th scope="row">Version</th><td>${String(a.version)}</td></tr>
<tr><th scope="row">SHA-256 of the accepted document</th><td><code class="wrap">${a.documentSha256}</code></td></tr>
</tbody></table>` : null}
<p>Each link can be used once. Keep the e-mailed receipt as your record.</p>`;
  }
  if (v.state === 'expired') {
    return html`<h1>This link has expired</h1>
<p>The link to accept version ${String(v.version)} of the data processing agreement of ${v.workspace.name} stopped working on ${utc(v.expiresAt)}.</p>
<p>Ask ${v.workspace.name} to send ${v.customer.name} a new link.</p>`;
  }
  return html`<h1>A newer version was published</h1>
<p>This link asked ${v.customer.name} to accept version ${String(v.version)}, but ${v.workspace.name} has since published version ${String(v.currentVersion)}.</p>
<p>Use the link in the most recent e-mail, or ask ${v.workspace.name} for a new one.</p>`;
}

/** The page for the link's state; `action` is the page's own URL. */
export function renderAcceptPage(v: AcceptanceLinkView, action: string, o: { form?: AcceptForm; accepted?: boolean } = {}): string {
  const title = v.state === 'open' ? 'Accept the data processing agreement' : 'Data processing agreement';
  const body = v.state === 'open' ? openBody(v, action, o.form ?? { values: {}, errors: {} }) : closedBody(v, o.accepted ?? false);
  return layout({ title, body, head: html`<meta name="robots" content="noindex">` }).value;
}
