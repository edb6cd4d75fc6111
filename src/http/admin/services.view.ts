import type { ServiceView } from '../../modules/registry/registry.queries.ts';
import { csrfField, errorSummary, type FormErrors, textArea, textField } from '../views/forms.ts';
import { html, type SafeHtml } from '../views/html.ts';
import { type Console, flash, type FormValues, one, orDash } from './console.ts';

/** The services table; editors also get the create, edit and delete links. */
export function serviceListBody(c: Console, o: { services: ServiceView[]; engagementCounts: Map<string, number>; flashQuery: Record<string, string> }): SafeHtml {
  return html`<h1>Services</h1>
${flash(o.flashQuery, 'Service')}
<p>Your services or platforms. An engagement can apply to some of them; the public list can be grouped by them.</p>
${c.canEdit ? html`<p><a class="button" href="${c.base}/services/new">New service</a></p>` : null}
${o.services.length === 0 ? html`<p>No services yet.</p>` : html`<table><caption>Services</caption>
<thead><tr><th scope="col">Name</th><th scope="col">Slug</th><th scope="col">Description</th><th scope="col">Engagements</th>${c.canEdit ? html`<th scope="col">Actions</th>` : null}</tr></thead>
<tbody>${o.services.map((s) => html`<tr><th scope="row">${s.name}</th><td><code>${s.slug}</code></td><td>${orDash(s.description)}</td><td>${o.engagementCounts.get(s.slug) ?? 0}</td>
${c.canEdit ? html`<td><a href="${c.base}/services/${s.id}/edit" aria-label="Edit ${s.name}">Edit</a> · <a href="${c.base}/services/${s.id}/delete" aria-label="Delete ${s.name}">Delete</a></td>` : null}</tr>`)}</tbody></table>`}`;
}

export const serviceValues = (s: ServiceView): FormValues => ({ slug: s.slug, name: s.name, description: s.description ?? '' });

/** The new/edit service form; `id` is set when editing. */
export function serviceFormBody(c: Console, o: { id?: string; values: FormValues; errors: FormErrors }): SafeHtml {
  const v = (k: string) => one(o.values[k]);
  return html`<h1>${o.id ? 'Edit service' : 'New service'}</h1>
${errorSummary(o.errors)}
<form method="post" action="${o.id ? `${c.base}/services/${o.id}` : `${c.base}/services`}">${csrfField(c.user.csrfToken)}
${textField({ name: 'name', label: 'Name', required: true, value: v('name'), error: o.errors.name })}
${textField({ name: 'slug', label: 'Slug', required: !!o.id, value: v('slug'), error: o.errors.slug, hint: o.id ? 'Lower-case letters, digits and hyphens, e.g. "cloud".' : 'Leave empty to derive it from the name. Lower-case letters, digits and hyphens, e.g. "cloud".' })}
${textArea({ name: 'description', label: 'Description', value: v('description'), error: o.errors.description })}
<button type="submit">${o.id ? 'Save service' : 'Create service'}</button> <a href="${c.base}/services">Cancel</a>
</form>`;
}
