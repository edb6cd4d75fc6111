/**
 * The portal's DPA page: the current version rendered for the customer (or a clear message when
 * none is published), its PDF, the accept form and the customer's acceptance ledger.
 */
import type { AcceptanceView, DpaStanding, RenderedDpa } from '../../modules/dpa/dpa-for-customer.ts';
import type { AcceptedDocument } from '../../modules/dpa/dpa.queries.ts';
import { acceptedDocumentSection } from '../views/accepted-document.ts';
import { checkbox, csrfField, errorSummary, type FormErrors, textField } from '../views/forms.ts';
import { html, raw, type SafeHtml } from '../views/html.ts';
import type { PortalContext } from './portal.view.ts';

export interface DpaPage {
  standing: DpaStanding;
  rendered: RenderedDpa | null;
  acceptances: AcceptanceView[];
  values: Record<string, string>;
  errors?: FormErrors;
  accepted?: boolean;
  problem?: string;
}

function ledger(c: PortalContext, rows: AcceptanceView[]): SafeHtml {
  if (rows.length === 0) return html`<p>${c.customer.name} has not accepted any version yet.</p>`;
  return html`<table><caption>Acceptances by ${c.customer.name}</caption>
<thead><tr><th scope="col">Version</th><th scope="col">Accepted</th><th scope="col">Signer</th><th scope="col">How</th><th scope="col">Document SHA-256</th></tr></thead>
<tbody>${rows.map((a) => html`<tr><th scope="row">${String(a.version)}</th><td>${a.acceptedAt.slice(0, 16).replace('T', ' ')} UTC</td><td>${a.signerName}, ${a.signerTitle} (${a.signerEmail})</td>
<td>${a.method === 'portal' ? 'Customer portal' : 'Link'}</td><td><code class="wrap">${a.documentSha256}</code><br><a href="${c.base}/dpa/acceptances/${a.id}">The document accepted</a></td></tr>`)}</tbody></table>`;
}

/** One of the customer's acceptances with the exact document it accepted. */
export function acceptedDocumentBody(c: PortalContext, accepted: AcceptedDocument): SafeHtml {
  return html`<h1>Version ${String(accepted.acceptance.version)} as ${c.customer.name} accepted it</h1>
<p><a href="${c.base}/dpa">Back to the data processing agreement</a></p>
${acceptedDocumentSection(accepted)}`;
}

export function dpaBody(c: PortalContext, p: DpaPage): SafeHtml {
  const r = p.rendered;
  if (!p.standing.current || !r) {
    return html`<h1>Data processing agreement</h1>
<p>${c.workspace.name} has not published a data processing agreement in the portal yet. When it does, you can read, download and accept it here.</p>
<h2>Acceptance ledger</h2>${ledger(c, p.acceptances)}`;
  }
  const v = p.values;
  const errors = p.errors ?? {};
  return html`<h1>Data processing agreement</h1>
${p.accepted ? html`<p class="notice" role="status">Your acceptance of version ${String(r.version)} was recorded.</p>` : null}
${p.problem ? html`<div class="error-summary" role="alert" tabindex="-1"><p>${p.problem}</p></div>` : null}
<p>Version ${String(r.version)}, published ${r.publishedAt.slice(0, 10)}, prepared for ${c.customer.name}. <a href="${c.base}/dpa.pdf">Download as PDF</a></p>
<p>${p.standing.needsAcceptance ? html`<strong>This version awaits your acceptance.</strong>` : p.standing.lastAccepted ? `Version ${p.standing.lastAccepted.version} accepted on ${p.standing.lastAccepted.acceptedAt.slice(0, 10)}.` : ''}</p>
<section aria-labelledby="dpa-text" class="dpa-document"><h2 id="dpa-text">The agreement</h2>${raw(r.html)}</section>
<p class="muted">SHA-256 of this document: <code>${r.sha256}</code></p>
${p.standing.needsAcceptance ? html`<section aria-labelledby="accept-title"><h2 id="accept-title">Accept version ${String(r.version)}</h2>
${errorSummary(errors)}
<form method="post" action="${c.base}/dpa/accept">${csrfField(c.csrfToken)}
<input type="hidden" name="versionId" value="${r.versionId}"><input type="hidden" name="documentSha256" value="${r.sha256}">
${textField({ name: 'name', label: 'Your name', value: v.name ?? '', required: true, autocomplete: 'name', error: errors.name })}
${textField({ name: 'title', label: 'Your title or role', value: v.title ?? '', required: true, autocomplete: 'organization-title', error: errors.title })}
${textField({ name: 'email', label: 'Your e-mail address', type: 'email', value: v.email ?? '', required: true, autocomplete: 'email', error: errors.email })}
${checkbox({ name: 'authority', label: `I am authorised to accept this agreement on behalf of ${c.customer.name}`, checked: v.authority === 'true' || v.authority === 'on' })}
${errors.authority ? html`<p class="error" id="authority-error">Authority: ${errors.authority}</p>` : null}
<button type="submit">Accept the agreement</button></form></section>` : null}
<h2>Acceptance ledger</h2>${ledger(c, p.acceptances)}`;
}
