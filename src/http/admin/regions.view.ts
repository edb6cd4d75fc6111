import type { RegionView } from '../../modules/registry/registry.queries.ts';
import { countryName } from '../../modules/vocab/vocab.ts';
import { csrfField, errorSummary, type FormErrors, textArea, textField } from '../views/forms.ts';
import { html, type SafeHtml } from '../views/html.ts';
import { type Console, flash, type FormValues, one, orDash } from './console.ts';

const place = (label: string, cc: string) => `${label}, ${countryName(cc)} (${cc})`;

/** The regions table; editors also get the create, edit and delete links. */
export function regionListBody(c: Console, o: { regions: RegionView[]; flashQuery: Record<string, string> }): SafeHtml {
  return html`<h1>Hosting regions</h1>
${flash(o.flashQuery, 'Region')}
<p>Where customer data is hosted: provider, data centres and backups. Engagements can name the regions they serve.</p>
${c.canEdit ? html`<p><a class="button" href="${c.base}/regions/new">New region</a></p>` : null}
${o.regions.length === 0 ? html`<p>No regions yet.</p>` : html`<table><caption>Hosting regions</caption>
<thead><tr><th scope="col">Name</th><th scope="col">Slug</th><th scope="col">Provider</th><th scope="col">Data centres</th><th scope="col">Backups</th>${c.canEdit ? html`<th scope="col">Actions</th>` : null}</tr></thead>
<tbody>${o.regions.map((r) => html`<tr><th scope="row">${r.name}</th><td><code>${r.slug}</code></td><td>${orDash(r.provider)}${r.providerRegion ? ` (${r.providerRegion})` : ''}</td>
<td>${r.dataCentres.length ? html`<ul>${r.dataCentres.map((d) => html`<li>${place(d.label, d.country)}</li>`)}</ul>` : '—'}</td>
<td>${orDash(r.backupLocation)}${r.backupCountries.length ? ` (${r.backupCountries.map(countryName).join(', ')})` : ''}</td>
${c.canEdit ? html`<td><a href="${c.base}/regions/${r.id}/edit" aria-label="Edit ${r.name}">Edit</a> · <a href="${c.base}/regions/${r.id}/delete" aria-label="Delete ${r.name}">Delete</a></td>` : null}</tr>`)}</tbody></table>`}`;
}

export const regionValues = (r: RegionView): FormValues => ({
  slug: r.slug, name: r.name, provider: r.provider ?? '', providerRegion: r.providerRegion ?? '',
  dataCentres: r.dataCentres.map((d) => `${d.label} (${d.country})`).join('\n'), backupLocation: r.backupLocation ?? '', backupCountries: r.backupCountries.join(', '),
});

/** The new/edit region form; `id` is set when editing. */
export function regionFormBody(c: Console, o: { id?: string; values: FormValues; errors: FormErrors }): SafeHtml {
  const v = (k: string) => one(o.values[k]);
  const e = o.errors;
  return html`<h1>${o.id ? 'Edit region' : 'New region'}</h1>
${errorSummary(e)}
<form method="post" action="${o.id ? `${c.base}/regions/${o.id}` : `${c.base}/regions`}">${csrfField(c.user.csrfToken)}
${textField({ name: 'name', label: 'Name', required: true, value: v('name'), error: e.name, hint: 'e.g. "Europe (Paris)".' })}
${textField({ name: 'slug', label: 'Slug', required: !!o.id, value: v('slug'), error: e.slug, hint: o.id ? 'Lower-case letters, digits and hyphens, e.g. "eu-paris".' : 'Leave empty to derive it from the name. Lower-case letters, digits and hyphens, e.g. "eu-paris".' })}
${textField({ name: 'provider', label: 'Provider', value: v('provider'), error: e.provider, hint: 'e.g. "Amazon Web Services".' })}
${textField({ name: 'providerRegion', label: 'Provider region', value: v('providerRegion'), error: e.providerRegion, hint: 'The provider\'s name for it, e.g. "eu-west-3".' })}
${textArea({ name: 'dataCentres', label: 'Data centres', value: v('dataCentres'), error: e.dataCentres, rows: 4, hint: 'One per line as "Label (CC)", e.g. "Paris-Pantin (FR)".' })}
${textField({ name: 'backupLocation', label: 'Backup location', value: v('backupLocation'), error: e.backupLocation })}
${textField({ name: 'backupCountries', label: 'Backup countries', value: v('backupCountries'), error: e.backupCountries, hint: 'ISO country codes separated by commas, e.g. "FR, DE".' })}
<button type="submit">${o.id ? 'Save region' : 'Create region'}</button> <a href="${c.base}/regions">Cancel</a>
</form>`;
}
