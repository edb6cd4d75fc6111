import type { EngagementView, EntityView, RegionView, ServiceView } from '../../modules/registry/registry.queries.ts';
import {
  CONTEXTS, countryName, DATA_CATEGORIES, type EngagementContext, engagementRoleLabel, KIND_LABELS, KINDS, MECHANISM_LABELS, ROLE_LABELS, ROLES, TRANSFER_MECHANISMS,
} from '../../modules/vocab/vocab.ts';
import { checkbox, checkboxGroup, csrfField, errorSummary, type FormErrors, selectField, textArea, textField } from '../views/forms.ts';
import { html, type SafeHtml } from '../views/html.ts';
import { type Console, flash, type FormValues, many, one } from './console.ts';
import { countryOptionsOf } from './country-options.ts';

export const CONTEXT_LABELS: Record<EngagementContext, string> = {
  processor: 'Processes data on our behalf (processor)', controller: 'Acts as an independent controller',
};

export interface EngagementFilters {
  service: string;
  region: string;
  country: string;
  kind: string;
  role: string;
}

const options = <T extends string>(keys: readonly T[], labels: Record<T, string>): Array<[string, string]> => keys.map((k) => [k, labels[k]]);

function filterForm(c: Console, all: EngagementView[], services: ServiceView[], regions: RegionView[], f: EngagementFilters): SafeHtml {
  const active = Object.values(f).some(Boolean);
  return html`<form method="get" action="${c.base}/engagements" class="filters" role="search" aria-label="Filter engagements">
${selectField({ name: 'service', label: 'Service', options: services.map((s) => [s.slug, s.name]), value: f.service, blank: 'All services' })}
${selectField({ name: 'region', label: 'Region', options: regions.map((r) => [r.slug, r.name]), value: f.region, blank: 'All regions' })}
${selectField({ name: 'country', label: 'Country', options: countryOptionsOf(all.flatMap((g) => g.countries)), value: f.country, blank: 'All countries' })}
${selectField({ name: 'kind', label: 'Kind', options: options(KINDS, KIND_LABELS), value: f.kind, blank: 'All kinds' })}
${selectField({ name: 'role', label: 'Role', options: options(ROLES, ROLE_LABELS), value: f.role, blank: 'All roles' })}
<button type="submit">Filter</button>${active ? html` <a href="${c.base}/engagements">Clear filters</a>` : null}
</form>`;
}

/** The engagements table with filters; editors also get the create, edit and delete links. */
export function engagementListBody(c: Console, o: { all: EngagementView[]; shown: EngagementView[]; services: ServiceView[]; regions: RegionView[]; filters: EngagementFilters; flashQuery: Record<string, string> }): SafeHtml {
  const serviceName = new Map(o.services.map((s) => [s.slug, s.name]));
  return html`<h1>Engagements</h1>
${flash(o.flashQuery, 'Engagement')}
<p>What each entity does for you: its role, purpose, services and where it processes data. Each engagement is one line of the public list.</p>
${c.canEdit ? html`<p><a class="button" href="${c.base}/engagements/new">New engagement</a> <a href="${c.base}/subprocessors/new">Add a sub-processor</a> (a new entity and its engagement in one form)</p>` : null}
${filterForm(c, o.all, o.services, o.regions, o.filters)}
<p role="status">${o.shown.length} of ${o.all.length} engagements shown.</p>
${o.shown.length === 0 ? html`<p>No engagements${o.all.length ? ' match these filters' : ' yet'}.</p>` : html`<table><caption>Engagements${o.shown.length < o.all.length ? ' (filtered)' : ''}</caption>
<thead><tr><th scope="col">Entity</th><th scope="col">Role</th><th scope="col">Kind</th><th scope="col">Purpose</th><th scope="col">Services</th><th scope="col">Countries</th>${c.canEdit ? html`<th scope="col">Actions</th>` : null}</tr></thead>
<tbody>${o.shown.map((g) => html`<tr><th scope="row">${g.entityName}</th><td>${engagementRoleLabel(g.role, g.context)}</td><td>${KIND_LABELS[g.kind]}</td>
<td>${g.purpose}</td>
<td>${g.services.map((s) => serviceName.get(s) ?? s).join(', ') || '—'}</td><td>${g.countries.map((cc) => `${countryName(cc)} (${cc})`).join(', ') || '—'}</td>
${c.canEdit ? html`<td><a href="${c.base}/engagements/${g.id}/edit" aria-label="Edit the engagement of ${g.entityName}: ${g.purpose}">Edit</a> · <a href="${c.base}/engagements/${g.id}/delete" aria-label="Delete the engagement of ${g.entityName}: ${g.purpose}">Delete</a></td>` : null}</tr>`)}</tbody></table>`}`;
}

/** Form values for an existing engagement. */
export const engagementValues = (g: EngagementView): FormValues => ({
  entityId: g.entityId, role: g.role, kind: g.kind, context: g.context, purpose: g.purpose, section: g.section ?? '',
  services: g.services, regions: g.regions, countries: g.countries.join(', '), dataCategories: g.dataCategories,
  dataSubjectCategories: g.dataSubjectCategories.join(', '), transferMechanisms: g.transferMechanisms,
  certifications: g.certifications.join(', '), dpaOnFile: g.dpaOnFile ? 'true' : '',
});

/** Data categories grouped by their second level (user.contact, user.health, …), each group a disclosure. */
function dataCategoryGroups(): Array<{ key: string; items: Array<{ key: string; name: string; index: number }> }> {
  const groups = new Map<string, Array<{ key: string; name: string; index: number }>>();
  DATA_CATEGORIES.forEach((d, index) => {
    const parts = d.key.split('.');
    const group = parts[0] === 'system' ? 'system' : parts.length === 1 ? 'user' : parts.slice(0, 2).join('.');
    groups.set(group, [...(groups.get(group) ?? []), { ...d, index }]);
  });
  return [...groups].map(([key, items]) => ({ key, items }));
}

function dataCategoriesField(values: string[], error?: string): SafeHtml {
  const name = (key: string) => DATA_CATEGORIES.find((d) => d.key === key)?.name ?? key;
  return html`<fieldset id="f-dataCategories" class="field${error ? ' has-error' : ''}" aria-describedby="dataCategories-hint${error ? ' dataCategories-error' : ''}"><legend>Data categories</legend>
<p class="hint" id="dataCategories-hint">fideslang categories (CC BY 4.0, Ethyca). Open a group to choose; groups with a chosen category are open.</p>
${error ? html`<p class="error" id="dataCategories-error">Data categories: ${error}</p>` : null}
${dataCategoryGroups().map((g) => html`<details${g.items.some((i) => values.includes(i.key)) ? html` open` : null}><summary>${name(g.key)} <code>${g.key}</code></summary>
${g.items.map((i) => html`<div class="check"><input type="checkbox" id="f-dataCategories-${i.index}" name="dataCategories" value="${i.key}"${values.includes(i.key) ? html` checked` : null}><label for="f-dataCategories-${i.index}">${i.name} <code>${i.key}</code></label></div>`)}
</details>`)}
</fieldset>`;
}

/** The fields of an engagement (entity, role, purpose, services, places, transfers…), for any form that edits one. */
export function engagementFields(o: { values: FormValues; errors: FormErrors; entities: EntityView[]; services: ServiceView[]; regions: RegionView[]; entitySelect?: boolean }): SafeHtml {
  const v = (k: string) => one(o.values[k]);
  const e = o.errors;
  const entity = o.entitySelect === false ? null : html`${selectField({ name: 'entityId', label: 'Entity', required: true, options: o.entities.map((x) => [x.id, x.name]), value: v('entityId'), error: e.entityId, blank: 'Choose an entity' })}
`;
  return html`${entity}${selectField({ name: 'role', label: 'Role', options: options(ROLES, ROLE_LABELS), value: v('role') || 'subprocessor', error: e.role, hint: 'A sub-processor may access customer personal data; a sub-contractor helps without access to it. An independent controller (context below) is never a sub-processor: choose sub-contractor.' })}
${selectField({ name: 'kind', label: 'Kind', options: options(KINDS, KIND_LABELS), value: v('kind') || 'third_party', error: e.kind })}
${selectField({ name: 'context', label: 'Context', options: options(CONTEXTS, CONTEXT_LABELS), value: v('context') || 'processor', error: e.context })}
${textArea({ name: 'purpose', label: 'Purpose', required: true, value: v('purpose'), error: e.purpose, hint: 'What the entity does with the data, as shown on the public list.' })}
${textField({ name: 'section', label: 'Section', value: v('section'), error: e.section, hint: 'Optional heading this engagement is listed under.' })}
${checkboxGroup({ name: 'services', legend: 'Services', options: o.services.map((s) => [s.slug, s.name]), values: many(o.values.services), error: e.services, hint: 'None chosen means all services.' })}
${checkboxGroup({ name: 'regions', legend: 'Hosting regions', options: o.regions.map((r) => [r.slug, r.name]), values: many(o.values.regions), error: e.regions })}
${textField({ name: 'countries', label: 'Countries', value: v('countries'), error: e.countries, hint: 'Where the data is processed: ISO country codes separated by commas, e.g. "DE, FR".' })}
${dataCategoriesField(many(o.values.dataCategories), e.dataCategories)}
${textField({ name: 'dataSubjectCategories', label: 'Data subject categories', value: v('dataSubjectCategories'), error: e.dataSubjectCategories, hint: 'Separated by commas, e.g. "customers, employees".' })}
${checkboxGroup({ name: 'transferMechanisms', legend: 'Transfer mechanisms', options: options(TRANSFER_MECHANISMS, MECHANISM_LABELS), values: many(o.values.transferMechanisms), error: e.transferMechanisms })}
${textField({ name: 'certifications', label: 'Certifications', value: v('certifications'), error: e.certifications, hint: 'Separated by commas, e.g. "ISO 27001, SOC 2".' })}
${checkbox({ name: 'dpaOnFile', label: 'A data processing agreement is on file', checked: ['true', 'on', '1'].includes(v('dpaOnFile')) })}`;
}

/** The new/edit engagement form; `id` is set when editing. */
export function engagementFormBody(c: Console, o: { id?: string; values: FormValues; errors: FormErrors; entities: EntityView[]; services: ServiceView[]; regions: RegionView[] }): SafeHtml {
  const e = o.errors;
  return html`<h1>${o.id ? 'Edit engagement' : 'New engagement'}</h1>
${errorSummary(e)}
${o.entities.length === 0 ? html`<p class="warning">There are no entities yet. <a href="${c.base}/entities/new">Create an entity</a> first.</p>` : null}
<form method="post" action="${o.id ? `${c.base}/engagements/${o.id}` : `${c.base}/engagements`}">${csrfField(c.user.csrfToken)}
${engagementFields(o)}
<button type="submit">${o.id ? 'Save engagement' : 'Create engagement'}</button> <a href="${c.base}/engagements">Cancel</a>
</form>`;
}
