import type { CustomerView } from '../../modules/customers/customers.queries.ts';
import type { DocumentModel } from '../../modules/documents/document.ts';
import { renderDocumentHtml } from '../../modules/documents/render-document-html.ts';
import type { ProcessingActivityView } from '../../modules/records/processor-record.ts';
import type { RecordWarning } from '../../modules/records/record-warnings.ts';
import { ACTIVITY_ROLES, type ActivityRole, FREQUENCIES, FREQUENCY_LABELS, legalBasisKeys, legalBasisRules, ROLE_LABELS } from '../../modules/records/records.ts';
import type { ServiceView } from '../../modules/registry/registry.queries.ts';
import { dataCategoryNames } from '../../modules/vocab/vocab.ts';
import { checkboxGroup, csrfField, errorSummary, type FormErrors, selectField, textArea, textField } from '../views/forms.ts';
import { html, type SafeHtml } from '../views/html.ts';
import { type Console, flash, type FormValues, many, one } from './console.ts';

/** The form fields typed one entry per line. */
export const LINE_FIELDS = ['purposes', 'dataSubjects', 'dataCategories', 'specialCategories', 'recipients', 'jointControllers'] as const;

const FORMATS: Array<[string, string]> = [['pdf', 'PDF'], ['csv', 'CSV'], ['json', 'JSON'], ['jsonld', 'JSON-LD (DPV)']];

const basisOptions = (): Array<[string, string]> => legalBasisKeys().map((k) => {
  const b = legalBasisRules().bases[k];
  return [k, `${b.article} — ${b.label}`];
});

function activityTable(c: Console, role: ActivityRole, list: ProcessingActivityView[], services: ServiceView[]): SafeHtml {
  if (list.length === 0) return html`<p>No activities as ${role} yet.</p>`;
  const names = new Map(services.map((s) => [s.slug, s.name]));
  const move = (a: ProcessingActivityView, direction: 'up' | 'down', disabled: boolean) => disabled ? null : html`<form method="post" action="${c.base}/records/${a.id}/move" class="inline">${csrfField(c.user.csrfToken)}<input type="hidden" name="direction" value="${direction}"><button type="submit" aria-label="Move ${a.name} ${direction}">${direction === 'up' ? 'Up' : 'Down'}</button></form>`;
  return html`<table><caption>Activities as ${role}</caption>
<thead><tr><th scope="col">Name</th><th scope="col">Purposes</th><th scope="col">Data subjects</th><th scope="col">Personal data</th>${role === 'processor' ? html`<th scope="col">Services</th>` : html`<th scope="col">Legal basis</th>`}<th scope="col">Erasure</th>${c.canEdit ? html`<th scope="col">Actions</th>` : null}</tr></thead>
<tbody>${list.map((a, i) => html`<tr><th scope="row">${a.name}</th><td>${a.purposes.join('; ')}</td><td>${a.dataSubjects.join('; ')}</td><td>${dataCategoryNames(a.dataCategories).join('; ')}</td>
${role === 'processor' ? html`<td>${a.services.length ? a.services.map((s) => names.get(s) ?? s).join(', ') : 'All services'}</td>` : html`<td>${a.legalBasis ? legalBasisRules().bases[a.legalBasis]?.article ?? a.legalBasis : '—'}</td>`}
<td>${a.retention ?? '—'}</td>
${c.canEdit ? html`<td><a href="${c.base}/records/${a.id}/edit" aria-label="Edit ${a.name}">Edit</a> · <a href="${c.base}/records/${a.id}/delete" aria-label="Delete ${a.name}">Delete</a> ${move(a, 'up', i === 0)} ${move(a, 'down', i === list.length - 1)}</td>` : null}</tr>`)}</tbody></table>`;
}

/** Both lists of activities, the customer chooser for the Art 30(2) record and the link to the Art 30(1) record. */
export function recordsListBody(c: Console, o: { activities: ProcessingActivityView[]; customers: CustomerView[]; services: ServiceView[]; flashQuery: Record<string, string> }): SafeHtml {
  const of = (role: ActivityRole) => o.activities.filter((a) => a.role === role);
  return html`<h1>Records of processing</h1>
${flash(o.flashQuery, 'Activity')}${o.flashQuery.moved === '1' ? html`<p class="notice" role="status">Activity moved.</p>` : null}
<p>What you do with personal data, kept as GDPR Article 30 requires: as a processor for each customer (Art 30(2)), and as a controller for your own purposes (Art 30(1)). The records are generated from these activities, your registry and your measures.</p>
${c.canEdit ? html`<p><a class="button" href="${c.base}/records/new?role=processor">New processor activity</a> <a class="button" href="${c.base}/records/new?role=controller">New controller activity</a></p>` : null}
<h2>Generated records</h2>
<form method="get" action="${c.base}/records/processor" class="filters" aria-label="Record for a customer">
${selectField({ name: 'customer', label: 'Customer', options: o.customers.map((x) => [x.id, x.name]), value: '', blank: 'All customers' })}
<button type="submit">Show the record (Art 30(2))</button>
</form>
<p><a href="${c.base}/records/controller">Record as controller (Art 30(1))</a></p>
<h2>Activities as processor</h2>
${activityTable(c, 'processor', of('processor'), o.services)}
<h2>Activities as controller</h2>
${activityTable(c, 'controller', of('controller'), o.services)}`;
}

/** Form values for an existing activity: lists one entry per line. */
export const activityValues = (a: ProcessingActivityView): FormValues => ({
  role: a.role, name: a.name, purposes: a.purposes.join('\n'), dataSubjects: a.dataSubjects.join('\n'), dataCategories: a.dataCategories.join('\n'),
  specialCategories: a.specialCategories.join('\n'), recipients: a.recipients.join('\n'), legalBasis: a.legalBasis ?? '', nature: a.nature ?? '',
  frequency: a.frequency, duration: a.duration ?? '', retention: a.retention ?? '', transferSafeguards: a.transferSafeguards ?? '', services: a.services,
  jointControllers: a.jointControllers.join('\n'),
});

/** The new/edit activity form; `id` is set when editing. */
export function activityFormBody(c: Console, o: { id?: string; values: FormValues; errors: FormErrors; services: ServiceView[] }): SafeHtml {
  const v = (k: string) => one(o.values[k]);
  const line = (name: string, label: string, hint: string, required = false) =>
    textArea({ name, label, value: v(name), error: o.errors[name], rows: 3, required, hint: `${hint} One per line.` });
  return html`<h1>${o.id ? html`Edit activity “${v('name')}”` : 'New processing activity'}</h1>
${errorSummary(o.errors)}
<form method="post" action="${o.id ? `${c.base}/records/${o.id}` : `${c.base}/records`}">${csrfField(c.user.csrfToken)}
${selectField({ name: 'role', label: 'Role', required: true, options: ACTIVITY_ROLES.map((r): [string, string] => [r, ROLE_LABELS[r]]), value: v('role') || 'processor', error: o.errors.role, hint: 'As processor: on behalf of customers. As controller: for your own purposes (accounts, billing, marketing).' })}
${textField({ name: 'name', label: 'Name', required: true, value: v('name'), error: o.errors.name })}
${line('purposes', 'Purposes', 'Why the data is processed.', true)}
${line('dataSubjects', 'Categories of data subjects', 'Whose data, e.g. "End users of the customer".', true)}
${line('dataCategories', 'Categories of personal data', 'Free text, or fideslang keys such as user.contact.email.', true)}
${line('specialCategories', 'Special categories (Art 9 and 10)', 'Health, biometric, criminal convictions … Leave empty if none.')}
${line('recipients', 'Categories of recipients', 'Who receives the data, e.g. "Sub-processors (hosting)".')}
${line('jointControllers', 'Joint controllers (controller activities)', 'Who decides the purposes and means with you (Art 26): name and contact details. Leave empty if none.')}
${selectField({ name: 'legalBasis', label: 'Legal basis (Art 6(1))', options: basisOptions(), value: v('legalBasis'), error: o.errors.legalBasis, blank: 'None (processor activity)', hint: 'Required for controller activities; a processor acts on its customer\'s basis.' })}
${textArea({ name: 'nature', label: 'Nature of the processing', value: v('nature'), error: o.errors.nature, rows: 3, hint: 'What is done: collection, storage, hosting, transmission …' })}
${selectField({ name: 'frequency', label: 'Frequency', options: FREQUENCIES.map((f): [string, string] => [f, FREQUENCY_LABELS[f]]), value: v('frequency') || 'continuous', error: o.errors.frequency })}
${textField({ name: 'duration', label: 'Duration', value: v('duration'), error: o.errors.duration, hint: 'E.g. "For the term of the contract".' })}
${textArea({ name: 'retention', label: 'Envisaged time limits for erasure', value: v('retention'), error: o.errors.retention, rows: 2 })}
${textArea({ name: 'transferSafeguards', label: 'Safeguards for Art 49(1) second-subparagraph transfers', value: v('transferSafeguards'), error: o.errors.transferSafeguards, rows: 2, hint: 'Only for transfers on the compelling-legitimate-interests derogation. Other transfers are listed from the registry.' })}
${checkboxGroup({ name: 'services', legend: 'Services (processor activities)', options: o.services.map((s) => [s.slug, s.name]), values: many(o.values.services), error: o.errors.services, hint: 'None checked: the activity applies to every service.' })}
<button type="submit">${o.id ? 'Save activity' : 'Create activity'}</button> <a href="${c.base}/records">Cancel</a>
</form>`;
}

/**
 * The empty mandatory particulars of a record, for the operator: outside the document and not
 * printed, since the record itself may be handed to a supervisory authority or a customer.
 */
function warningsBox(warnings: RecordWarning[]): SafeHtml | null {
  if (warnings.length === 0) return null;
  return html`<section class="warning no-print" aria-labelledby="record-warnings"><h2 id="record-warnings">${warnings.length === 1 ? 'One particular to complete' : `${warnings.length} particulars to complete`} (Art 30)</h2>
<p>Only you see this list; it is not part of the record.</p>
<ul>${warnings.map((w) => html`<li>${w.message}</li>`)}</ul></section>`;
}

/** A generated record: links back and to each download format, the warnings, then the document itself. */
export function recordPageBody(c: Console, o: { document: DocumentModel; downloadBase: string; customerId: string | null; back?: SafeHtml; warnings?: RecordWarning[] }): SafeHtml {
  const q = o.customerId ? `customer=${encodeURIComponent(o.customerId)}&` : '';
  return html`<p class="no-print"><a href="${c.base}/records">All activities</a>${o.back ? html` · ${o.back}` : null}</p>
${warningsBox(o.warnings ?? [])}
${renderDocumentHtml(o.document, { topHeadingLevel: 1 })}
<h2 class="no-print">Download</h2>
<ul class="no-print">${FORMATS.map(([f, label]) => html`<li><a href="${o.downloadBase}?${q}format=${f}" download>${label}</a></li>`)}</ul>`;
}
