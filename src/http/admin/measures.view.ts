import { EVIDENCE_TYPES } from '../../modules/measures/evidence.ts';
import { type CatalogueSet, measureCatalogue } from '../../modules/measures/measure-catalogue.ts';
import { REVIEW_INTERVAL_DEFAULT, REVIEW_INTERVAL_MAX } from '../../modules/measures/measures.ts';
import type { EvidenceView, MeasureView } from '../../modules/measures/measures.queries.ts';
import { csrfField, errorSummary, type FormErrors, selectField, textArea, textField } from '../views/forms.ts';
import { html, type SafeHtml } from '../views/html.ts';
import { type Console, flash, type FormValues, notice, one, orDash, when } from './console.ts';

const SET_LABELS: Record<CatalogueSet, string> = {
  'dpa-004': 'The seven categories of a DPA’s security section (physical, system and data access control, transmission, input, availability, separation)',
  'annex-ii': 'The examples of the standard contractual clauses, Annex II (SCC 2021/914): encryption, resilience, logging, retention …',
};

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Overdue as words, never as colour alone. */
const status = (m: MeasureView): SafeHtml => (m.isOverdue
  ? html`<strong>Overdue</strong>${m.lastReviewedOn ? null : html` <span class="muted">(never reviewed)</span>`}`
  : html`Up to date`);

const reviewButton = (c: Console, m: MeasureView, label: string): SafeHtml => html`<form method="post" action="${c.base}/measures/${m.id}/review" class="inline">${csrfField(c.user.csrfToken)}<button type="submit" class="link" aria-label="${label}">Mark reviewed today</button></form>`;

/** The seed form, offered on an empty catalogue. */
function seedForm(c: Console): SafeHtml {
  return html`<form method="post" action="${c.base}/measures/seed">${csrfField(c.user.csrfToken)}
<fieldset><legend>Seed from the catalogue</legend>
<p class="hint">Creates one measure per category with a suggested text, to edit into what you actually do. Nothing is marked reviewed.</p>
${(Object.keys(SET_LABELS) as CatalogueSet[]).map((set, i) => html`<div class="check"><input type="radio" id="f-from-${i}" name="from" value="${set}"${i === 0 ? html` checked` : null}><label for="f-from-${i}">${SET_LABELS[set]}</label></div>`)}
<button type="submit">Seed from the catalogue</button></fieldset></form>`;
}

/** Measures grouped by category, with review status; the filter shows only overdue ones. */
export function measureListBody(c: Console, o: { all: MeasureView[]; onlyOverdue: boolean; today: string; flashQuery: Record<string, string> }): SafeHtml {
  const shown = o.onlyOverdue ? o.all.filter((m) => m.isOverdue) : o.all;
  const overdue = o.all.filter((m) => m.isOverdue).length;
  const groups: Array<{ key: string; label: string; items: MeasureView[] }> = [];
  for (const m of shown) {
    const last = groups.at(-1);
    if (last?.key === m.category) last.items.push(m);
    else groups.push({ key: m.category, label: m.categoryLabel, items: [m] });
  }
  return html`<h1>Measures</h1>
${flash(o.flashQuery, 'Measure')}${o.flashQuery.seeded ? notice(`${o.flashQuery.seeded} measures created from the catalogue.`) : null}
<p>Your technical and organisational measures (GDPR Art 32), each with an owner, evidence and a review date. They describe the security annex of your DPA.</p>
${c.canEdit ? html`<p><a class="button" href="${c.base}/measures/new">New measure</a></p>` : null}
${o.all.length === 0
    ? html`<p>No measures yet.</p>${c.canEdit ? seedForm(c) : null}`
    : html`<form method="get" action="${c.base}/measures" class="filters" role="search" aria-label="Filter measures">
<div class="field check"><input type="checkbox" id="f-overdue" name="overdue" value="1"${o.onlyOverdue ? html` checked` : null}><label for="f-overdue">Only overdue</label></div>
<button type="submit">Filter</button>${o.onlyOverdue ? html` <a href="${c.base}/measures">Show all</a>` : null}</form>
<p role="status">${plural(o.all.length, 'measure', 'measures')}, ${overdue} overdue as of ${o.today}.${o.onlyOverdue ? ` ${shown.length} shown.` : ''}</p>
${shown.length === 0 ? html`<p>No measure is overdue.</p>` : groups.map((g, i) => html`<section aria-labelledby="cat-${i}"><h2 id="cat-${i}">${g.label}</h2>
<table><caption class="sr-only">Measures: ${g.label}</caption>
<thead><tr><th scope="col">Measure</th><th scope="col">Owner</th><th scope="col">Last review</th><th scope="col">Next review</th><th scope="col">Status</th><th scope="col">Evidence</th>${c.canEdit ? html`<th scope="col">Actions</th>` : null}</tr></thead>
<tbody>${g.items.map((m) => html`<tr><th scope="row"><a href="${c.base}/measures/${m.id}">${m.title}</a></th><td>${orDash(m.owner)}</td><td>${m.lastReviewedOn ?? 'Never'}</td><td>${m.nextReviewOn ?? 'Now'}</td><td>${status(m)}</td><td>${m.evidence.length}</td>
${c.canEdit ? html`<td>${reviewButton(c, m, `Mark reviewed today: ${m.title}`)} · <a href="${c.base}/measures/${m.id}/edit" aria-label="Edit ${m.title}">Edit</a> · <a href="${c.base}/measures/${m.id}/delete" aria-label="Delete ${m.title}">Delete</a></td>` : null}</tr>`)}</tbody></table></section>`)}`}`;
}

const size = (n: number | null) => (n === null ? '' : n < 1024 ? `${n} bytes` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1024 / 1024).toFixed(1)} MiB`);

function evidenceRow(c: Console, m: MeasureView, e: EvidenceView): SafeHtml {
  const what = e.kind === 'link'
    ? html`<a href="${e.url}" rel="noopener noreferrer">${e.label}</a>`
    : html`<a href="${c.base}/measures/${m.id}/evidence/${e.id}" download>${e.label}</a>`;
  const details = e.kind === 'link' ? html`Link: ${e.url}` : html`${e.fileName}, ${e.contentType}, ${size(e.byteSize)}<br><span class="muted">SHA-256 <code>${e.sha256}</code></span>`;
  return html`<tr><th scope="row">${what}</th><td>${details}</td><td>${when(e.createdAt)}</td>${c.canEdit ? html`<td><form method="post" action="${c.base}/measures/${m.id}/evidence/${e.id}/delete" class="inline">${csrfField(c.user.csrfToken)}<button type="submit" class="link" aria-label="Remove ${e.label}">Remove</button></form></td>` : null}</tr>`;
}

const ACCEPT = Object.entries(EVIDENCE_TYPES).flatMap(([type, exts]) => [type, ...exts.map((x) => `.${x}`)]).join(',');

/** One measure: its fields, review status and evidence, with the review and evidence forms for editors. */
export function measureDetailBody(c: Console, o: { measure: MeasureView; flashQuery: Record<string, string>; linkValues?: FormValues; errors?: FormErrors }): SafeHtml {
  const m = o.measure;
  const errors = o.errors ?? {};
  const lv = (k: string) => one(o.linkValues?.[k]);
  const q = o.flashQuery;
  return html`<h1>${m.title}</h1>
${flash(q, 'Measure')}${q.reviewed ? notice('Review recorded.') : null}${q.added ? notice('Evidence added.') : null}${q.removed ? notice('Evidence removed.') : null}
<p><a href="${c.base}/measures">All measures</a>${c.canEdit ? html` · <a href="${c.base}/measures/${m.id}/edit">Edit</a> · <a href="${c.base}/measures/${m.id}/delete">Delete</a>` : null}</p>
<dl><dt>Category</dt><dd>${m.categoryLabel}${m.annexIILabel && m.annexIIKey !== m.category ? html` <span class="muted">(SCC Annex II: ${m.annexIILabel})</span>` : null}</dd>
<dt>Description</dt><dd>${m.description ? m.description.split('\n').filter((l) => l.trim()).map((l) => html`<p>${l}</p>`) : '—'}</dd>
<dt>Owner</dt><dd>${orDash(m.owner)}</dd>
<dt>Review interval</dt><dd>${m.reviewIntervalDays} days</dd>
<dt>Last review</dt><dd>${m.lastReviewedOn ?? 'Never'}</dd>
<dt>Next review</dt><dd>${m.nextReviewOn ?? 'Now'}</dd>
<dt>Status</dt><dd>${status(m)}</dd></dl>
${c.canEdit ? html`<form method="post" action="${c.base}/measures/${m.id}/review">${csrfField(c.user.csrfToken)}<button type="submit">Mark reviewed today</button></form>` : null}
<section aria-labelledby="evidence-title"><h2 id="evidence-title">Evidence</h2>
${m.evidence.length === 0 ? html`<p>No evidence yet.</p>` : html`<table><caption>Evidence of ${m.title}</caption>
<thead><tr><th scope="col">Evidence</th><th scope="col">Details</th><th scope="col">Added</th>${c.canEdit ? html`<th scope="col">Actions</th>` : null}</tr></thead>
<tbody>${m.evidence.map((e) => evidenceRow(c, m, e))}</tbody></table>`}
${c.canEdit ? html`${errorSummary(errors)}
<form method="post" action="${c.base}/measures/${m.id}/evidence/link">${csrfField(c.user.csrfToken)}
<fieldset><legend>Add a link</legend>
${textField({ name: 'url', label: 'Web address', type: 'url', required: true, value: lv('url'), error: errors.url, hint: 'An http or https address: a policy page, a ticket, an audit report.' })}
${textField({ name: 'label', label: 'Label', value: lv('label'), error: errors.label, hint: 'Optional; the address is shown otherwise.' })}
<button type="submit">Add link</button></fieldset></form>
<form method="post" action="${c.base}/measures/${m.id}/evidence/file" enctype="multipart/form-data">${csrfField(c.user.csrfToken)}
<fieldset><legend>Upload a file</legend>
${textField({ name: 'fileLabel', label: 'File label', value: lv('fileLabel'), error: errors.fileLabel, hint: 'Optional; the file name is shown otherwise.' })}
<div class="field${errors.file ? ' has-error' : ''}"><label for="f-file">File (required)</label>
<input type="file" id="f-file" name="file" required accept="${ACCEPT}"${errors.file ? html` aria-invalid="true"` : null} aria-describedby="file-hint${errors.file ? ' file-error' : ''}">
<p class="hint" id="file-hint">PDF, PNG, JPEG, text, Markdown, CSV, Word (docx) or Excel (xlsx); at most 5 MiB. Its SHA-256 is kept.</p>${errors.file ? html`<p class="error" id="file-error">File: ${errors.file}</p>` : null}</div>
<button type="submit">Upload file</button></fieldset></form>` : null}
</section>
<p class="muted">Added ${when(m.createdAt)}; last changed ${when(m.updatedAt)}.</p>`;
}

/** Form values for an existing measure. */
export const measureValues = (m: MeasureView): FormValues => ({
  category: m.category, title: m.title, description: m.description, owner: m.owner ?? '',
  reviewIntervalDays: String(m.reviewIntervalDays), lastReviewedOn: m.lastReviewedOn ?? '',
});

/** The new/edit measure form; `id` is set when editing. */
export function measureFormBody(c: Console, o: { id?: string; values: FormValues; errors: FormErrors; today: string }): SafeHtml {
  const v = (k: string) => one(o.values[k]);
  const cat = measureCatalogue();
  const options = cat.categories.map((k): [string, string] => [k.key, `${k.label} — ${k.source}`]);
  const back = o.id ? `${c.base}/measures/${o.id}` : `${c.base}/measures`;
  return html`<h1>${o.id ? html`Edit measure “${v('title')}”` : 'New measure'}</h1>
${errorSummary(o.errors)}
<form method="post" action="${o.id ? `${c.base}/measures/${o.id}` : `${c.base}/measures`}">${csrfField(c.user.csrfToken)}
${selectField({ name: 'category', label: 'Category', required: true, options, value: v('category'), error: o.errors.category, blank: 'Choose a category', hint: `Catalogue version ${cat.version}: a DPA's security categories, then the examples of SCC Annex II.` })}
${textField({ name: 'title', label: 'Title', required: true, value: v('title'), error: o.errors.title })}
${textArea({ name: 'description', label: 'Description', value: v('description'), error: o.errors.description, rows: 5, hint: 'What you do, as it should read in the security annex of your DPA.' })}
${textField({ name: 'owner', label: 'Owner', value: v('owner'), error: o.errors.owner, hint: 'The person or team responsible.' })}
${textField({ name: 'reviewIntervalDays', label: 'Review interval in days', value: v('reviewIntervalDays'), error: o.errors.reviewIntervalDays, hint: `1 to ${REVIEW_INTERVAL_MAX}; empty: ${REVIEW_INTERVAL_DEFAULT}.` })}
${textField({ name: 'lastReviewedOn', label: 'Last reviewed on', type: 'date', value: v('lastReviewedOn'), error: o.errors.lastReviewedOn, hint: `YYYY-MM-DD, not after today (${o.today}). Empty: never reviewed.` })}
<button type="submit">${o.id ? 'Save measure' : 'Create measure'}</button> <a href="${back}">Cancel</a>
</form>`;
}
