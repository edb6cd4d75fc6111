import type { EntityView } from '../../modules/registry/registry.queries.ts';
import { countryName } from '../../modules/vocab/vocab.ts';
import { csrfField, errorSummary, type FormErrors, selectField, textArea, textField } from '../views/forms.ts';
import { html, type SafeHtml } from '../views/html.ts';
import { type Console, flash, type FormValues, one, orDash } from './console.ts';
import { COUNTRY_OPTIONS, countryOptionsOf } from './country-options.ts';

export interface EntityFilters {
  q: string;
  country: string;
}

/** The entities table with its filter form; editors also get the create, edit and delete links. */
export function entityListBody(c: Console, o: { all: EntityView[]; shown: EntityView[]; engagementCounts: Map<string, number>; filters: EntityFilters; flashQuery: Record<string, string> }): SafeHtml {
  const names = new Map(o.all.map((e) => [e.id, e.name]));
  const filtered = o.filters.q || o.filters.country;
  return html`<h1>Entities</h1>
${flash(o.flashQuery, 'Entity')}
<p>Companies (legal entities) that work for you. Each can have several engagements.</p>
${c.canEdit ? html`<p><a class="button" href="${c.base}/entities/new">New entity</a> <a href="${c.base}/subprocessors/new">Add a sub-processor</a> (a new entity and its engagement in one form)</p>` : null}
<form method="get" action="${c.base}/entities" class="filters" role="search" aria-label="Filter entities">
${textField({ name: 'q', label: 'Name or legal name contains', value: o.filters.q })}
${selectField({ name: 'country', label: 'Country', options: countryOptionsOf(o.all.flatMap((e) => (e.country ? [e.country] : []))), value: o.filters.country, blank: 'All countries' })}
<button type="submit">Filter</button>${filtered ? html` <a href="${c.base}/entities">Clear filters</a>` : null}
</form>
<p role="status">${o.shown.length} of ${o.all.length} entities shown.</p>
${o.shown.length === 0 ? html`<p>No entities${filtered ? ' match these filters' : ' yet'}.</p>` : html`<table><caption>Entities${filtered ? ' (filtered)' : ''}</caption>
<thead><tr><th scope="col">Name</th><th scope="col">Legal name</th><th scope="col">Country</th><th scope="col">Parent</th><th scope="col">Engagements</th>${c.canEdit ? html`<th scope="col">Actions</th>` : null}</tr></thead>
<tbody>${o.shown.map((e) => html`<tr><th scope="row">${e.name}</th><td>${orDash(e.legalName)}</td><td>${e.country ? `${countryName(e.country)} (${e.country})` : '—'}</td>
<td>${e.parentEntityId ? (names.get(e.parentEntityId) ?? '—') : '—'}</td><td>${o.engagementCounts.get(e.id) ?? 0}</td>
${c.canEdit ? html`<td><a href="${c.base}/entities/${e.id}/edit" aria-label="Edit ${e.name}">Edit</a> · <a href="${c.base}/entities/${e.id}/delete" aria-label="Delete ${e.name}">Delete</a></td>` : null}</tr>`)}</tbody></table>`}`;
}

/** Form values for an existing entity. */
export const entityValues = (e: EntityView): FormValues => ({
  name: e.name, legalName: e.legalName ?? '', country: e.country ?? '', address: e.address ?? '', website: e.website ?? '',
  contactEmail: e.contactEmail ?? '', dpoContact: e.dpoContact ?? '', parentEntityId: e.parentEntityId ?? '', notes: e.notes ?? '',
});

/** The fields of an entity (name, legal name, country, contacts, parent…), for any form that edits one. */
export function entityFields(o: { id?: string; values: FormValues; errors: FormErrors; entities: EntityView[]; nameOptional?: boolean }): SafeHtml {
  const v = (k: string) => one(o.values[k]);
  const parents = o.entities.filter((e) => e.id !== o.id).map((e): [string, string] => [e.id, e.name]);
  return html`${textField({ name: 'name', label: 'Name', required: !o.nameOptional, value: v('name'), error: o.errors.name, hint: `As shown on the public list, e.g. "Amazon Web Services".${o.nameOptional ? ' Required for a new entity.' : ''}` })}
${textField({ name: 'legalName', label: 'Legal name', value: v('legalName'), error: o.errors.legalName, hint: 'e.g. "Amazon Web Services EMEA SARL".' })}
${selectField({ name: 'country', label: 'Country of incorporation', options: [...COUNTRY_OPTIONS], value: v('country').toUpperCase(), error: o.errors.country, blank: 'Not set' })}
${textArea({ name: 'address', label: 'Address', value: v('address'), error: o.errors.address })}
${textField({ name: 'website', label: 'Website', type: 'url', value: v('website'), error: o.errors.website, hint: 'Starting with https://' })}
${textField({ name: 'contactEmail', label: 'Contact e-mail', type: 'email', value: v('contactEmail'), error: o.errors.contactEmail })}
${textArea({ name: 'dpoContact', label: 'Data protection officer contact', value: v('dpoContact'), error: o.errors.dpoContact, rows: 2 })}
${selectField({ name: 'parentEntityId', label: 'Parent entity', options: parents, value: v('parentEntityId'), error: o.errors.parentEntityId, blank: 'None' })}
${textArea({ name: 'notes', label: 'Internal notes', value: v('notes'), error: o.errors.notes, hint: 'Not published.' })}`;
}

/** The new/edit entity form; `id` is set when editing. */
export function entityFormBody(c: Console, o: { id?: string; values: FormValues; errors: FormErrors; entities: EntityView[] }): SafeHtml {
  const title = o.id ? `Edit entity “${one(o.values.name)}”` : 'New entity';
  return html`<h1>${title}</h1>
${errorSummary(o.errors)}
<form method="post" action="${o.id ? `${c.base}/entities/${o.id}` : `${c.base}/entities`}">${csrfField(c.user.csrfToken)}
${entityFields(o)}
<button type="submit">${o.id ? 'Save entity' : 'Create entity'}</button> <a href="${c.base}/entities">Cancel</a>
</form>`;
}
