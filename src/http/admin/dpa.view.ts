/**
 * Console pages of the DPA (CU2): the versions with who has not accepted the current one, a
 * version's editor with its placeholder reference, a preview for a customer, and one customer's
 * DPA with its ledger.
 */
import type { CustomerView } from '../../modules/customers/customers.queries.ts';
import type { AcceptanceView, RenderedDpa } from '../../modules/dpa/dpa-for-customer.ts';
import type { DpaVersionView } from '../../modules/dpa/dpa.ts';
import type { AcceptedDocument, CustomerDpaStanding } from '../../modules/dpa/dpa.queries.ts';
import type { Placeholder } from '../../modules/dpa/placeholders.ts';
import { csrfField, errorSummary, type FormErrors, selectField, textArea, textField } from '../views/forms.ts';
import { acceptedDocumentSection } from '../views/accepted-document.ts';
import { html, raw, type SafeHtml } from '../views/html.ts';
import { type Console, type FormValues, notice, one, when } from './console.ts';

const statusText = (v: DpaVersionView) => (v.status === 'published' ? 'Published' : 'Draft');

function standingsTable(c: Console, current: DpaVersionView | undefined, rows: CustomerDpaStanding[]): SafeHtml {
  if (!current) return html`<p>No version is published yet: customers have nothing to accept.</p>`;
  const missing = rows.filter((r) => r.needsAcceptance);
  return html`<p>${missing.length === 0 ? `Every customer accepted version ${current.version}.` : `${missing.length} of ${rows.length} customers have not accepted version ${current.version}.`}</p>
${rows.length ? html`<table><caption>Customers and version ${current.version}</caption>
<thead><tr><th scope="col">Customer</th><th scope="col">Accepted version</th><th scope="col">Current version</th><th scope="col">Open links</th></tr></thead>
<tbody>${rows.map((r) => html`<tr><th scope="row"><a href="${c.base}/customers/${r.customerId}/dpa">${r.customerName}</a></th>
<td>${r.acceptedVersion === null ? 'Never' : html`Version ${String(r.acceptedVersion)} on ${(r.acceptedAt ?? '').slice(0, 10)}`}</td>
<td>${r.needsAcceptance ? html`<strong>Not accepted</strong>` : 'Accepted'}</td><td>${String(r.openRequests)}</td></tr>`)}</tbody></table>` : null}`;
}

/** The versions list, the "new version" button and who has not accepted the current version. */
export function dpaIndexBody(c: Console, o: { versions: DpaVersionView[]; current: DpaVersionView | undefined; standings: CustomerDpaStanding[]; q: Record<string, string> }): SafeHtml {
  const draft = o.versions.find((v) => v.status === 'draft');
  return html`<h1>Data processing agreement</h1>
${o.q.published ? notice(`Version ${o.q.published} published.${o.q.asked && o.q.asked !== '0' ? ` ${o.q.asked} customer(s) that accepted an earlier version were asked to accept it.` : ''}`) : null}
${o.q.deleted === '1' ? notice('Draft deleted.') : null}
<p>Your DPA template, in versions. Each customer gets it with its own particulars and annexes (parties, processing, supervisory authority, measures, sub-processors) as HTML and PDF, and accepts it through an e-mailed link or the customer portal.</p>
${c.canEdit ? (draft
    ? html`<p><a class="button" href="${c.base}/dpa/versions/${draft.id}">Edit the draft of version ${String(draft.version)}</a></p>`
    : html`<form method="post" action="${c.base}/dpa/versions">${csrfField(c.user.csrfToken)}<button type="submit">New version</button></form>`) : null}
<section aria-labelledby="versions-title"><h2 id="versions-title">Versions</h2>
${o.versions.length === 0 ? html`<p>No version yet.</p>` : html`<table><caption>DPA versions, newest first</caption>
<thead><tr><th scope="col">Version</th><th scope="col">Title</th><th scope="col">Status</th><th scope="col">Published</th></tr></thead>
<tbody>${o.versions.map((v) => html`<tr><th scope="row"><a href="${c.base}/dpa/versions/${v.id}">Version ${String(v.version)}</a></th><td>${v.title}</td><td>${statusText(v)}</td><td>${v.publishedAt ? html`${when(v.publishedAt)} by ${v.publishedBy ?? ''}` : '—'}</td></tr>`)}</tbody></table>`}
</section>
<section aria-labelledby="standing-title"><h2 id="standing-title">Acceptance by customers</h2>${standingsTable(c, o.current, o.standings)}</section>`;
}

function placeholderReference(list: Placeholder[]): SafeHtml {
  return html`<section aria-labelledby="placeholders-title"><h2 id="placeholders-title">Placeholders</h2>
<p>Write <code>{{name}}</code> in the body; each customer's value is put in as plain text. Anything else in double braces is refused when you save.</p>
<table><caption>Placeholders a template may use</caption><thead><tr><th scope="col">Placeholder</th><th scope="col">Type</th><th scope="col">Meaning</th><th scope="col">From</th></tr></thead>
<tbody>${list.map((p) => html`<tr><th scope="row"><code>{{${p.name}}}</code></th><td>${p.type}${p.values ? ` (${p.values.join(', ')})` : ''}</td><td>${p.description}${p.default !== undefined ? ` Default: ${String(p.default)}.` : ''}</td><td>${p.source}</td></tr>`)}</tbody></table></section>`;
}

function previewForm(c: Console, v: DpaVersionView, customers: CustomerView[]): SafeHtml {
  if (customers.length === 0) return html`<p>Add a customer to preview the agreement as it would read for them.</p>`;
  return html`<form method="get" action="${c.base}/dpa/versions/${v.id}/preview" class="filters" aria-label="Preview for a customer">
${selectField({ name: 'customer', label: 'Preview for customer', options: customers.map((x) => [x.id, x.name]) })}<button type="submit">Preview</button></form>`;
}

/** The Art 28(3) terms the body misses: for operators, never shown to customers. */
function checklistSection(v: DpaVersionView): SafeHtml {
  if (v.warnings.length === 0) return html`<section aria-labelledby="checklist-title" class="notice"><h2 id="checklist-title">Art 28(3) checklist</h2><p>The body covers every term Art 28(3) GDPR asks for.</p></section>`;
  return html`<section aria-labelledby="checklist-title" class="warning"><h2 id="checklist-title">Art 28(3) checklist: ${String(v.warnings.length)} term(s) missing</h2>
<p>The body does not cover these terms. You may still save and publish it, but a controller's DPO will look for each.</p>
<ul>${v.warnings.map((w) => html`<li>${w.message}</li>`)}</ul></section>`;
}

/** What stops publishing: the same sentence the refusal gives. */
function missingSection(c: Console, missing: string[]): SafeHtml | null {
  if (missing.length === 0) return null;
  return html`<div class="error-summary"><p><strong>This version cannot be published yet.</strong> These are empty:</p>
<ul>${missing.map((m) => html`<li>${m}</li>`)}</ul><p>Fill in your organisation's particulars in <a href="${c.base}/settings#particulars">Settings</a>, and the <a href="${c.base}/records">processing activities</a> and <a href="${c.base}/measures">measures</a>.</p></div>`;
}

/** One version: the editor for a draft (editors), else the body as text; checklist, preview and publish. */
export function dpaVersionBody(c: Console, o: { version: DpaVersionView; customers: CustomerView[]; placeholders: Placeholder[]; missing?: string[]; values?: FormValues; errors?: FormErrors; saved?: boolean; problem?: string }): SafeHtml {
  const v = o.version;
  const editable = v.status === 'draft' && c.canEdit;
  const values = o.values ?? { title: v.title, body: v.body, note: v.note ?? '' };
  const errors = o.errors ?? {};
  return html`<h1>DPA version ${String(v.version)} (${statusText(v).toLowerCase()})</h1>
${o.saved ? notice('Draft saved.') : null}
${o.problem ? html`<div class="error-summary" role="alert" tabindex="-1"><p>${o.problem}</p></div>` : null}
<p><a href="${c.base}/dpa">All versions</a></p>
<dl><dt>Created</dt><dd>${when(v.createdAt)} by ${v.createdBy}</dd>
${v.publishedAt ? html`<dt>Published</dt><dd>${when(v.publishedAt)} by ${v.publishedBy ?? ''}</dd><dt>SHA-256 of the template</dt><dd><code>${v.bodySha256 ?? ''}</code></dd>` : null}
${v.note ? html`<dt>Note</dt><dd>${v.note}</dd>` : null}</dl>
${checklistSection(v)}
<section aria-labelledby="preview-title"><h2 id="preview-title">Preview</h2>${previewForm(c, v, o.customers)}</section>
${editable ? html`<section aria-labelledby="edit-title"><h2 id="edit-title">Edit the draft</h2>
${errorSummary(errors)}
<form method="post" action="${c.base}/dpa/versions/${v.id}">${csrfField(c.user.csrfToken)}
${textField({ name: 'title', label: 'Title', value: one(values.title), required: true, error: errors.title })}
${textArea({ name: 'body', label: 'Body (markdown)', value: one(values.body), required: true, rows: 24, error: errors.body, hint: 'Markdown: ## headings, **bold**, *italic*, lists, tables, links. The annexes are added after the body.' })}
${textArea({ name: 'note', label: 'What changed', value: one(values.note), error: errors.note, hint: 'Optional; quoted in the e-mail asking customers to accept this version.' })}
<button type="submit">Save the draft</button></form>
<p><a href="${c.base}/dpa/versions/${v.id}/delete">Delete this draft</a></p></section>`
    : html`<section aria-labelledby="body-title"><h2 id="body-title">Body</h2><pre class="wrap">${v.body}</pre></section>`}
${v.status === 'draft' && c.isAdmin ? html`<section aria-labelledby="publish-title"><h2 id="publish-title">Publish</h2>
${missingSection(c, o.missing ?? [])}
<p>Publishing makes version ${String(v.version)} final: it can no longer be edited. Customers that accepted an earlier version are e-mailed a link to accept it.</p>
<form method="post" action="${c.base}/dpa/versions/${v.id}/publish">${csrfField(c.user.csrfToken)}<button type="submit">Publish version ${String(v.version)}</button></form></section>` : null}
${placeholderReference(o.placeholders)}`;
}

/** The agreement as rendered for a customer (a preview, or its DPA page). */
export function documentSection(r: { html: string; sha256: string }, label: string): SafeHtml {
  return html`<section aria-label="${label}" class="dpa-document">${raw(r.html)}</section>
<p class="muted">SHA-256 of this document: <code>${r.sha256}</code></p>`;
}

export function dpaPreviewBody(c: Console, o: { version: DpaVersionView; customer: CustomerView; built: { html: string; sha256: string } }): SafeHtml {
  return html`<h1>Preview of version ${String(o.version.version)} for ${o.customer.name}</h1>
<p><a href="${c.base}/dpa/versions/${o.version.id}">Back to version ${String(o.version.version)}</a></p>
${documentSection(o.built, `Version ${o.version.version} for ${o.customer.name}`)}`;
}

function ledgerTable(c: Console, customer: CustomerView, rows: AcceptanceView[]): SafeHtml {
  if (rows.length === 0) return html`<p>${customer.name} has not accepted any version yet.</p>`;
  return html`<table><caption>Acceptances by ${customer.name}, newest first</caption>
<thead><tr><th scope="col">Version</th><th scope="col">Accepted</th><th scope="col">Signer</th><th scope="col">How</th><th scope="col">Document SHA-256</th></tr></thead>
<tbody>${rows.map((a) => html`<tr><th scope="row">${String(a.version)}</th><td>${when(a.acceptedAt)}</td><td>${a.signerName}, ${a.signerTitle} (${a.signerEmail})</td>
<td>${a.method === 'portal' ? 'Customer portal' : 'E-mailed link'}</td><td><code>${a.documentSha256}</code><br><a href="${c.base}/customers/${customer.id}/dpa/acceptances/${a.id}">The document accepted</a></td></tr>`)}</tbody></table>`;
}

/** One acceptance: who accepted what, when and how, and the exact document, checked against its hash. */
export function acceptedDocumentBody(c: Console, o: { customer: CustomerView; accepted: AcceptedDocument }): SafeHtml {
  return html`<h1>Version ${String(o.accepted.acceptance.version)} accepted by ${o.customer.name}</h1>
<p><a href="${c.base}/customers/${o.customer.id}/dpa">Back to the DPA of ${o.customer.name}</a></p>
${acceptedDocumentSection(o.accepted)}`;
}

/** One customer's DPA: standing, send-link button, ledger, and the rendered agreement. */
export function customerDpaBody(c: Console, o: { customer: CustomerView; rendered: RenderedDpa | null; needsAcceptance: boolean; acceptances: AcceptanceView[]; q: Record<string, string>; problem?: string }): SafeHtml {
  const x = o.customer;
  const r = o.rendered;
  return html`<h1>DPA of ${x.name}</h1>
${o.q.sent ? notice(`Acceptance link sent to ${o.q.sent} contact(s).`) : null}
${o.problem ? html`<div class="error-summary" role="alert" tabindex="-1"><p>${o.problem}</p></div>` : null}
<p><a href="${c.base}/customers/${x.id}">Back to ${x.name}</a> · <a href="${c.base}/dpa">All DPA versions</a></p>
${r ? html`<p>Version ${String(r.version)}, published ${r.publishedAt.slice(0, 10)}. ${o.needsAcceptance ? html`<strong>${x.name} has not accepted this version.</strong>` : 'Accepted.'}
<a href="${c.base}/customers/${x.id}/dpa.pdf">Download as PDF</a></p>
${c.canEdit ? html`<form method="post" action="${c.base}/customers/${x.id}/dpa/requests">${csrfField(c.user.csrfToken)}
<button type="submit">Send acceptance request</button> <span class="hint">E-mails each of its ${String(x.contacts.length)} contact(s) a personal link, valid 30 days.</span></form>` : null}` : html`<p>No DPA version is published yet. <a href="${c.base}/dpa">Prepare one</a>.</p>`}
<section aria-labelledby="ledger-title"><h2 id="ledger-title">Acceptance ledger</h2>${ledgerTable(c, x, o.acceptances)}</section>
${r ? html`<section aria-labelledby="doc-title"><h2 id="doc-title">The agreement as ${x.name} reads it</h2>${documentSection(r, `The DPA of ${x.name}`)}</section>` : null}`;
}
