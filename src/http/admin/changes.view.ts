/**
 * Console views of sub-processor changes: the list, and the forms that propose one (title,
 * reason, date, and one operation per submit). Choosing the operation is a GET form, so the
 * engagement fields can be filled from the engagement it changes without JavaScript.
 */
import type { ChangeOperation } from '../../modules/changes/change-operations.ts';
import type { ChangeView } from '../../modules/changes/changes.queries.ts';
import type { ChangeStatus } from '../../db/schema.ts';
import type { EngagementView, EntityView, RegionView, ServiceView } from '../../modules/registry/registry.queries.ts';
import { csrfField, errorSummary, type FormErrors, selectField, textArea, textField } from '../views/forms.ts';
import { html, type SafeHtml } from '../views/html.ts';
import { type Console, flash, type FormValues, one } from './console.ts';
import { engagementFields } from './engagements.view.ts';

export const CHANGE_STATUS_LABELS: Record<ChangeStatus, string> = { draft: 'Draft', announced: 'Announced', in_effect: 'In effect', withdrawn: 'Withdrawn' };

export const OPERATION_OPTIONS: Array<[ChangeOperation['op'], string]> = [
  ['add', 'Add a sub-processor (new engagement)'], ['modify', 'Change an engagement (purpose, places, transfers…)'],
  ['replace', 'Replace an engagement by another'], ['remove', 'Remove an engagement'],
];

export interface ChangeRow {
  change: ChangeView;
  customers: number;
  outstanding: number;
  openObjections: number;
}

/** The changes table with a status filter. */
export function changeListBody(c: Console, o: { rows: ChangeRow[]; status: string; q: Record<string, string> }): SafeHtml {
  return html`<h1>Sub-processor changes</h1>
${flash(o.q, 'Change')}
<p>A change is proposed as a draft, then announced: every customer it touches gets a notice with its own effective date and a link to object (or to consent, under specific authorisation). It takes effect in the registry on the proposed date.</p>
${c.canEdit ? html`<p><a class="button" href="${c.base}/changes/new">Propose a change</a></p>` : null}
<form method="get" action="${c.base}/changes" class="filters" role="search" aria-label="Filter changes">
${selectField({ name: 'status', label: 'Status', options: Object.entries(CHANGE_STATUS_LABELS), value: o.status, blank: 'All statuses' })}
<button type="submit">Filter</button>${o.status ? html` <a href="${c.base}/changes">Clear filter</a>` : null}
</form>
${o.rows.length === 0 ? html`<p>No changes${o.status ? ' with this status' : ' yet'}.</p>` : html`<table><caption>Changes, newest first</caption>
<thead><tr><th scope="col">Change</th><th scope="col">Status</th><th scope="col">Proposed date</th><th scope="col">Customers</th><th scope="col">Outstanding</th><th scope="col">Open objections</th></tr></thead>
<tbody>${o.rows.map((r) => html`<tr><th scope="row"><a href="${c.base}/changes/${r.change.id}">${r.change.title}</a></th><td>${CHANGE_STATUS_LABELS[r.change.status]}</td>
<td>${r.change.proposedDate}</td><td>${r.customers}</td><td>${r.outstanding}</td><td>${r.openObjections}</td></tr>`)}</tbody></table>`}`;
}

/** Lists a form needs: the engagements a change can touch and what an engagement refers to. */
export interface RegistryChoices {
  engagements: EngagementView[];
  entities: EntityView[];
  services: ServiceView[];
  regions: RegionView[];
}

const engagementOptions = (r: RegistryChoices): Array<[string, string]> => r.engagements.map((g) => [g.id, `${g.entityName}: ${g.purpose.slice(0, 80)}`]);

/** Step 1: which kind of operation, on which engagement (a GET form: the next page fills the fields). */
export function chooseOperationForm(o: { action: string; registry: RegistryChoices; values: Record<string, string>; errors: FormErrors }): SafeHtml {
  return html`<section aria-labelledby="choose-title"><h2 id="choose-title">What does the change do?</h2>
${errorSummary(o.errors)}
<form method="get" action="${o.action}">
${selectField({ name: 'op', label: 'Operation', required: true, options: OPERATION_OPTIONS, value: o.values.op ?? 'add', error: o.errors.op })}
${selectField({ name: 'engagementId', label: 'Engagement it changes', options: engagementOptions(o.registry), value: o.values.engagementId ?? '', error: o.errors.engagementId, blank: 'None: a new sub-processor', hint: 'Needed to change, replace or remove an engagement. Its current details fill the next form.' })}
<button type="submit">Continue</button>
</form></section>`;
}

/** The operation's own fields: kind, engagement, and the engagement after the change (not for a removal). */
function operationFields(o: { values: FormValues; errors: FormErrors; registry: RegistryChoices; chooseUrl: string }): SafeHtml {
  const op = one(o.values.op) || 'add';
  return html`<fieldset id="f-operations"><legend>The operation</legend>
${o.errors.operations ? html`<p class="error">Operations: ${o.errors.operations}</p>` : null}
${selectField({ name: 'op', label: 'Operation', required: true, options: OPERATION_OPTIONS, value: op, error: o.errors.op })}
${selectField({ name: 'engagementId', label: 'Engagement it changes', options: engagementOptions(o.registry), value: one(o.values.engagementId), error: o.errors.engagementId, blank: 'None: a new sub-processor' })}
<p class="hint"><a href="${o.chooseUrl}">Start again from another engagement</a> to fill the fields below from it.</p>
${op === 'remove'
    ? html`<p>The engagement is removed from the registry on the change's date. No other details are needed.</p>`
    : html`<fieldset><legend>The engagement after the change</legend>${engagementFields({ values: o.values, errors: o.errors, entities: o.registry.entities, services: o.registry.services, regions: o.registry.regions })}</fieldset>`}
</fieldset>`;
}

/** Title, reason and proposed date of a change. */
function changeFields(values: FormValues, errors: FormErrors): SafeHtml {
  return html`${textField({ name: 'title', label: 'Title', required: true, value: one(values.title), error: errors.title, hint: 'Shown in every notice, e.g. "New e-mail delivery provider".' })}
${textArea({ name: 'reason', label: 'Reason', required: true, value: one(values.reason), error: errors.reason, hint: 'Why the change is made, as customers will read it.' })}
${textField({ name: 'proposedDate', label: 'Proposed date', type: 'date', required: true, value: one(values.proposedDate), error: errors.proposedDate, hint: 'YYYY-MM-DD, after today. A customer whose notice period ends later gets a later date.' })}`;
}

/** Step 2 of a new change: its details and its first operation. */
export function newChangeBody(c: Console, o: { values: FormValues; errors: FormErrors; registry: RegistryChoices }): SafeHtml {
  return html`<h1>Propose a change</h1>
${errorSummary(o.errors)}
<p>The change is saved as a draft: nothing is sent until you announce it. You can add more operations to the draft.</p>
<form method="post" action="${c.base}/changes">${csrfField(c.user.csrfToken)}
${changeFields(o.values, o.errors)}
${operationFields({ ...o, chooseUrl: `${c.base}/changes/new` })}
<button type="submit">Save draft</button> <a href="${c.base}/changes">Cancel</a>
</form>`;
}

/** Another operation for a draft. */
export function addOperationBody(c: Console, o: { change: ChangeView; values: FormValues; errors: FormErrors; registry: RegistryChoices }): SafeHtml {
  const back = `${c.base}/changes/${o.change.id}`;
  return html`<h1>Add an operation to “${o.change.title}”</h1>
${errorSummary(o.errors)}
<form method="post" action="${back}/operations">${csrfField(c.user.csrfToken)}
${operationFields({ ...o, chooseUrl: `${back}/operations/new` })}
<button type="submit">Add operation</button> <a href="${back}">Cancel</a>
</form>`;
}

/** The page that chooses an operation (step 1), for a new change or a draft. */
export function chooseOperationBody(c: Console, o: { title: string; action: string; back: string; registry: RegistryChoices; values: Record<string, string>; errors: FormErrors }): SafeHtml {
  return html`<h1>${o.title}</h1>
${o.registry.entities.length === 0 ? html`<p class="warning">There are no entities yet. <a href="${c.base}/entities/new">Create an entity</a> first: every engagement belongs to one.</p>` : null}
${chooseOperationForm(o)}
<p><a href="${o.back}">Cancel</a></p>`;
}

/** Editing a draft's title, reason and date; its operations stay. */
export function editChangeBody(c: Console, o: { change: ChangeView; values: FormValues; errors: FormErrors }): SafeHtml {
  const back = `${c.base}/changes/${o.change.id}`;
  return html`<h1>Edit “${o.change.title}”</h1>
${errorSummary(o.errors)}
<form method="post" action="${back}">${csrfField(c.user.csrfToken)}
${changeFields(o.values, o.errors)}
<button type="submit">Save draft</button> <a href="${back}">Cancel</a>
</form>`;
}
