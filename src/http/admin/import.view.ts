import type { ComparedRow, ImportDraftView } from '../../modules/import/apply-import.ts';
import { COLUMN_ROLES, type ColumnRole, type DetectedTable, type ImportedRow, type ImportWarning } from '../../modules/import/import.ts';
import type { SourceFormat } from '../../modules/import/parse/detect-format.ts';
import { countryName, KIND_LABELS } from '../../modules/vocab/vocab.ts';
import { checkbox, csrfField, errorSummary, type FormErrors, selectField, textArea, textField } from '../views/forms.ts';
import { html, type SafeHtml } from '../views/html.ts';
import { type Console, type FormValues, notice, one, orDash, when } from './console.ts';

const COLUMN_ROLE_LABELS: Record<ColumnRole, string> = {
  name: 'Name of the sub-processor', legalName: 'Legal entity', purpose: 'Purpose', location: 'Location (countries)', kind: 'Kind (affiliate, infrastructure, third party)',
  services: 'Services', dataCategories: 'Data categories', transferMechanism: 'Transfer mechanism', website: 'Website', ignore: 'Ignore this column',
};

const FORMAT_OPTIONS: Array<[string, string]> = [
  ['markdown', 'Markdown or plain text'], ['html', 'HTML'], ['csv', 'CSV (comma, semicolon or tab separated)'],
  ['json', 'JSON (Trustroom export)'], ['yaml', 'YAML (Trustroom export)'],
];
const FORMAT_NAMES: Record<SourceFormat, string> = { markdown: 'Markdown or plain text', html: 'HTML', csv: 'CSV', json: 'JSON', yaml: 'YAML' };

const STATUS_LABELS: Record<ImportDraftView['status'], string> = { draft: 'Waiting for review', applied: 'Applied', discarded: 'Discarded' };

const NOTICES: Record<string, string> = { discarded: 'Import draft discarded: the registry is unchanged.' };

/** A file input with the label, hint and error conventions of `views/forms.ts`. */
function fileField(o: { name: string; label: string; hint: string; error?: string }): SafeHtml {
  const described = [`${o.name}-hint`, o.error ? `${o.name}-error` : ''].filter(Boolean).join(' ');
  return html`<div class="field${o.error ? ' has-error' : ''}"><label for="f-${o.name}">${o.label}</label>
<input type="file" id="f-${o.name}" name="${o.name}" accept=".md,.markdown,.txt,.html,.htm,.csv,.tsv,.json,.yaml,.yml,text/*"${o.error ? html` aria-invalid="true"` : null} aria-describedby="${described}">
<p class="hint" id="${o.name}-hint">${o.hint}</p>${o.error ? html`<p class="error" id="${o.name}-error">${o.label}: ${o.error}</p>` : null}</div>`;
}

/** The import page: the form (editors) and the drafts of the workspace. */
export function importPageBody(c: Console, o: { values: FormValues; errors: FormErrors; drafts: ImportDraftView[]; q: Record<string, string> }): SafeHtml {
  const v = (k: string) => one(o.values[k]);
  const done = Object.keys(NOTICES).find((k) => o.q[k] === '1');
  return html`<h1>Import a sub-processor list</h1>
${done ? notice(NOTICES[done]) : null}
<p>Read the list you already publish — a web page, a spreadsheet saved as CSV, or a Trustroom export — and check each record before anything is saved. Into an empty registry the records are added at once; otherwise they wait as a draft for you to review.</p>
${c.canEdit
    ? html`${errorSummary(o.errors)}
<form method="post" action="${c.base}/import/preview" enctype="multipart/form-data">${csrfField(c.user.csrfToken)}
<fieldset><legend>The list, in one of three ways</legend>
${fileField({ name: 'file', label: 'File', hint: 'Markdown, HTML, CSV, JSON or YAML; at most 5 MB.', error: o.errors.file })}
${textArea({ name: 'text', label: 'Or paste the list', value: v('text'), error: o.errors.text, rows: 8, hint: 'Copied from your page or spreadsheet: a table, a list, or a heading per sub-processor.' })}
${textField({ name: 'url', label: 'Or its web address', type: 'url', value: v('url'), error: o.errors.url, hint: 'A public https:// or http:// page; Trustroom reads it once.' })}
</fieldset>
${selectField({ name: 'format', label: 'Format', options: FORMAT_OPTIONS, value: v('format'), error: o.errors.format, blank: 'Detect from the content' })}
<button type="submit">Preview the records</button>
</form>`
    : html`<p>Importing a list needs the editor role. You can look at the imports below.</p>`}
<h2>Imports waiting or done</h2>
${o.drafts.length === 0 ? html`<p>No import drafts yet.</p>` : html`<table><caption>Import drafts of this workspace, newest first</caption>
<thead><tr><th scope="col">Source</th><th scope="col">Records</th><th scope="col">Status</th><th scope="col">Created</th></tr></thead>
<tbody>${o.drafts.map((d) => html`<tr><th scope="row"><a href="${c.base}/import/drafts/${d.id}">${d.source}</a></th><td>${d.rows.length}</td><td>${STATUS_LABELS[d.status]}</td><td>${when(d.createdAt)} by ${d.createdBy}</td></tr>`)}</tbody></table>`}`;
}

const kindLabel = (kind: string | null): string => (kind ? (KIND_LABELS[kind as keyof typeof KIND_LABELS] ?? kind) : '—');

function warningsByRow(warnings: ImportWarning[]): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const w of warnings) out.set(w.row, [...(out.get(w.row) ?? []), w.message]);
  return out;
}

/** The warnings as a list linking to their rows. */
function warningSummary(warnings: ImportWarning[]): SafeHtml {
  if (!warnings.length) return html`<h2>Warnings</h2><p>None: every row has a purpose, known locations and its own entity.</p>`;
  return html`<h2>Warnings (${warnings.length})</h2>
<ul class="warnings">${warnings.map((w) => html`<li><a href="#row-${w.row}">Row ${w.row}</a>: ${w.message}</li>`)}</ul>`;
}

/** "Already in the registry", "Changed: countries", "New". */
const registryStatus = (c: ComparedRow | undefined): string =>
  !c || c.status === 'new' ? 'New' : c.status === 'changed' ? `Changed: ${c.changes.join(', ')}` : 'Already in the registry';

/** The records as a table; `compared` adds a column saying how each stands against the registry. */
function recordTable(o: { caption: string; rows: ImportedRow[]; warnings: ImportWarning[]; compared?: Map<number, ComparedRow> }): SafeHtml {
  const byRow = warningsByRow(o.warnings);
  return html`<table><caption>${o.caption}</caption>
<thead><tr><th scope="col">Row</th>${o.compared ? html`<th scope="col">In the registry</th>` : null}<th scope="col">Name</th><th scope="col">Purpose</th><th scope="col">Countries</th><th scope="col">Regions</th><th scope="col">Section</th><th scope="col">Kind</th><th scope="col">Services</th><th scope="col">Legal entity</th><th scope="col">Website</th><th scope="col">Data categories</th><th scope="col">Transfer mechanism</th><th scope="col">Warnings</th></tr></thead>
<tbody>${o.rows.map((r) => {
    const ws = byRow.get(r.row) ?? [];
    return html`<tr id="row-${r.row}"><td>${r.row}</td>${o.compared ? html`<td>${registryStatus(o.compared.get(r.row))}</td>` : null}<th scope="row">${r.name}</th><td>${orDash(r.purpose)}</td>
<td>${orDash(r.countries.map(countryName))}</td><td>${orDash(r.regions)}</td><td>${orDash(r.section)}</td><td>${kindLabel(r.kind)}</td><td>${orDash(r.services)}</td>
<td>${orDash(r.legalName)}</td><td>${orDash(r.website)}</td><td>${orDash(r.dataCategories)}</td><td>${orDash(r.transferMechanism)}</td>
<td>${ws.length ? html`<ul class="warnings">${ws.map((m) => html`<li>${m}</li>`)}</ul>` : '—'}</td></tr>`;
  })}</tbody></table>`;
}

/** Accessible names for a table's role selects, unique even when headers repeat or are empty. */
function columnNames(headers: string[]): string[] {
  const names = headers.map((h, i) => h.replace(/\s+/g, ' ').trim() || `${i + 1}`);
  return names.map((n, i) => (names.indexOf(n) !== names.lastIndexOf(n) ? `${n} (column ${i + 1})` : n));
}

function columnRoles(t: DetectedTable, n: number): SafeHtml {
  const names = columnNames(t.headers);
  return html`<table><caption>Columns of table ${n}${t.section ? ` (under “${t.section}”)` : ''}</caption>
<thead><tr><th scope="col">Column</th><th scope="col">Role</th></tr></thead>
<tbody>${t.headers.map((_, i) => html`<tr><th scope="row">${names[i]}</th><td><select name="roles[${t.block}][${i}]" aria-label="Role of column ${names[i]}">${COLUMN_ROLES.map(
    (r) => html`<option value="${r}"${r === (t.roles[i] ?? 'ignore') ? html` selected` : null}>${COLUMN_ROLE_LABELS[r]}</option>`,
  )}</select></td></tr>`)}</tbody></table>`;
}

/**
 * The preview of an import: column roles to change (previewed again without uploading twice:
 * the source text travels in a hidden field), the records with their warnings, and the import button.
 */
export function previewBody(c: Console, o: { source: string; sourceName: string; format: SourceFormat; rows: ImportedRow[]; warnings: ImportWarning[]; tables: DetectedTable[] }): SafeHtml {
  const n = o.rows.length;
  return html`<h1>Preview: ${n} ${n === 1 ? 'record' : 'records'} from “${o.sourceName}”</h1>
<p>Read as ${FORMAT_NAMES[o.format]}. Nothing is saved until you import. <a href="${c.base}/import">Start again with another list</a></p>
${warningSummary(o.warnings)}
<form method="post" action="${c.base}/import/commit">${csrfField(c.user.csrfToken)}
<input type="hidden" name="source" value="${o.source}"><input type="hidden" name="sourceName" value="${o.sourceName}"><input type="hidden" name="format" value="${o.format}">
<h2>Columns</h2>
${o.tables.length
    ? html`<p>What each column of the list means. Change a role and preview again to see the records it gives.</p>
${o.tables.map((t, i) => columnRoles(t, i + 1))}
<p><button type="submit" class="secondary" formaction="${c.base}/import/preview">Preview again with these roles</button></p>`
    : html`<p>This list has no table: its records come from list items or headings, so there are no columns to change.</p>`}
<h2>Records</h2>
${recordTable({ caption: `${n} ${n === 1 ? 'record' : 'records'} to import`, rows: o.rows, warnings: o.warnings })}
<p><button type="submit">${n === 1 ? 'Import this 1 record' : `Import these ${n} records`}</button> <a href="${c.base}/import">Cancel</a></p>
</form>`;
}

/** A draft for review: each row new or already in the registry, and the apply and discard buttons while undecided. */
export function draftBody(c: Console, o: { draft: ImportDraftView; compared: ComparedRow[]; q: Record<string, string>; proposeValues?: Record<string, string>; proposeErrors?: FormErrors }): SafeHtml {
  const { draft } = o;
  const fresh = o.compared.filter((x) => x.status === 'new').length;
  const changed = o.compared.filter((x) => x.status === 'changed').length;
  const compared = new Map(o.compared.map((x) => [x.row.row, x]));
  const records = (k: number) => `${k} ${k === 1 ? 'record' : 'records'}`;
  return html`<h1>Import from “${draft.source}”</h1>
${o.q.drafted === '1' ? notice('The registry already has content, so this import waits here as a draft: check it, then add the new records.') : null}
<p>Created ${when(draft.createdAt)} by ${draft.createdBy}. Status: <strong>${STATUS_LABELS[draft.status]}</strong>${draft.decidedAt ? html` (${when(draft.decidedAt)})` : null}.</p>
<p>${records(draft.rows.length)}: ${o.compared.length - fresh - changed} already in the registry, ${changed} changed, ${fresh} new.${changed ? ' Adding the new records leaves changed ones as they are; propose the import as a change to carry the changes.' : ''}</p>
${warningSummary(draft.warnings)}
<h2>Records</h2>
${recordTable({ caption: `${records(draft.rows.length)} of this import`, rows: draft.rows, warnings: draft.warnings, compared })}
${draft.status !== 'draft'
    ? html`<p>This import was ${draft.status}; it cannot be changed any more. <a href="${c.base}/import">Back to imports</a></p>`
    : c.canEdit
      ? html`<form method="post" action="${c.base}/import/drafts/${draft.id}/apply" class="inline">${csrfField(c.user.csrfToken)}<button type="submit">Add the ${fresh} new ${fresh === 1 ? 'record' : 'records'}</button></form>
<form method="post" action="${c.base}/import/drafts/${draft.id}/discard" class="inline">${csrfField(c.user.csrfToken)}<button type="submit" class="danger">Discard</button></form>
${proposeForm(c, draft, o.proposeValues ?? {}, o.proposeErrors ?? {})}
<p><a href="${c.base}/import">Back to imports</a></p>`
      : html`<p>Applying or discarding an import needs the editor role. <a href="${c.base}/import">Back to imports</a></p>`}`;
}

/**
 * The other way to use a draft: as a change proposal (issue 4), so customers get notice before the
 * imported list takes effect instead of the registry changing at once.
 */
function proposeForm(c: Console, draft: ImportDraftView, values: Record<string, string>, errors: FormErrors): SafeHtml {
  return html`<h2 id="propose">Or propose it as a change</h2>
<p>The imported list becomes a draft change: new rows are additions, changed locations or transfer mechanisms are modifications, and engagements missing from the list are removals. Customers are told when you announce it.</p>
${errorSummary(errors)}
<form method="post" action="${c.base}/import/drafts/${draft.id}/propose">${csrfField(c.user.csrfToken)}
${textField({ name: 'title', label: 'Title', value: values.title ?? `Update from ${draft.source}`, error: errors.title })}
${textField({ name: 'proposedDate', label: 'Proposed effective date', type: 'date', required: true, value: values.proposedDate, error: errors.proposedDate })}
${textArea({ name: 'reason', label: 'Reason', value: values.reason, error: errors.reason })}
<input type="hidden" name="includeRemovals" value="0">${checkbox({ name: 'includeRemovals', label: 'Remove engagements that are not in the imported list', checked: values.includeRemovals !== '0' })}
<button type="submit">Create the change proposal</button>
</form>`;
}
