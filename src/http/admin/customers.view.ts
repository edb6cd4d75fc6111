import { transferFindingsTable } from '../views/transfer-findings.ts';
import type { CustomerViewAt } from '../../modules/customer-view/customer-view.ts';
import { type ContactPortalStatus, contactsTable } from './customer-portal.view.ts';
import type { TransferFinding } from '../../modules/transfers/assess-engagements.ts';
import { AUDIT_FREQUENCY_MONTHS_MAX, AUTHORISATION_LABELS, AUTHORISATIONS, TERM_DAYS_MAX, TERMINATION_HANDLINGS, TERMINATION_LABELS } from '../../modules/customers/customers.ts';
import type { CustomerView } from '../../modules/customers/customers.queries.ts';
import type { RegionView, ServiceView } from '../../modules/registry/registry.queries.ts';
import { periodLabel } from '../../modules/periods/period.ts';
import { countryName } from '../../modules/vocab/vocab.ts';
import { checkboxGroup, csrfField, errorSummary, type FormErrors, selectField, textArea, textField } from '../views/forms.ts';
import { html, raw, type SafeHtml } from '../views/html.ts';
import { type Console, flash, type FormValues, many, notice, one, orDash, when } from './console.ts';
import { COUNTRY_OPTIONS } from './country-options.ts';
import { TIME_ZONE_OPTIONS } from './time-zone-options.ts';

export interface CustomerFilters {
  service: string;
  q: string;
}

const names = (slugs: string[], all: Array<{ slug: string; name: string }>, none: string) => {
  const byslug = new Map(all.map((x) => [x.slug, x.name]));
  return slugs.length ? slugs.map((s) => byslug.get(s) ?? s).join(', ') : none;
};

const noticeText = (c: CustomerView) => `${periodLabel(c.effectiveNoticePeriod)}${c.noticePeriod === null ? ' (workspace default)' : ''}`;
const calendarText = (c: CustomerView) => {
  if (c.calendar === null) return 'None known: only Saturdays and Sundays move a last day';
  const from = c.calendar === c.subdivision ? 'subdivision' : c.calendar === c.country ? 'country of establishment' : 'workspace default';
  return `${c.calendar} (${from})`;
};
const zoneText = (c: CustomerView) => `${c.effectiveTimeZone}${c.timeZone === null ? ' (workspace default)' : ''}`;
const countryText = (cc: string | null) => (cc ? `${countryName(cc)} (${cc})` : '—');

/** The customers table with its filter form; editors also get the create, edit and delete links. */
export function customerListBody(c: Console, o: { total: number; shown: CustomerView[]; services: ServiceView[]; regions: RegionView[]; filters: CustomerFilters; flashQuery: Record<string, string> }): SafeHtml {
  const filtered = Boolean(o.filters.service || o.filters.q);
  return html`<h1>Customers</h1>
${flash(o.flashQuery, 'Customer')}
<p>The controllers you process data for, with the contract terms that decide how they hear about sub-processor changes.</p>
${c.canEdit ? html`<p><a class="button" href="${c.base}/customers/new">New customer</a></p>` : null}
<form method="get" action="${c.base}/customers" class="filters" role="search" aria-label="Filter customers">
${selectField({ name: 'service', label: 'Service', options: o.services.map((s) => [s.slug, s.name]), value: o.filters.service, blank: 'All services' })}
${textField({ name: 'q', label: 'Name or contact contains', value: o.filters.q })}
<button type="submit">Filter</button>${filtered ? html` <a href="${c.base}/customers">Clear filters</a>` : null}
</form>
${o.filters.service ? html`<p class="hint">Customers that list no service use all of them, so they are shown for every service.</p>` : null}
<p role="status">${o.shown.length} of ${o.total} customers shown.</p>
${o.shown.length === 0 ? html`<p>No customers${filtered ? ' match these filters' : ' yet'}.</p>` : html`<table><caption>Customers${filtered ? ' (filtered)' : ''}</caption>
<thead><tr><th scope="col">Name</th><th scope="col">Country</th><th scope="col">Services</th><th scope="col">Regions</th><th scope="col">Authorisation</th><th scope="col">Notice period</th><th scope="col">Contacts</th>${c.canEdit ? html`<th scope="col">Actions</th>` : null}</tr></thead>
<tbody>${o.shown.map((x) => html`<tr><th scope="row"><a href="${c.base}/customers/${x.id}">${x.name}</a></th><td>${countryText(x.country)}</td>
<td>${names(x.services, o.services, 'All')}</td><td>${names(x.regions, o.regions, 'All')}</td><td>${x.authorisation === 'general' ? 'General' : 'Specific'}</td>
<td>${noticeText(x)}</td><td>${x.contacts.length}</td>
${c.canEdit ? html`<td><a href="${c.base}/customers/${x.id}/edit" aria-label="Edit ${x.name}">Edit</a> · <a href="${c.base}/customers/${x.id}/delete" aria-label="Delete ${x.name}">Delete</a></td>` : null}</tr>`)}</tbody></table>`}`;
}

/** Everything about one customer: terms in force, services, regions and contacts. */
export function customerDetailBody(c: Console, o: { customer: CustomerView; services: ServiceView[]; regions: RegionView[]; flashQuery: Record<string, string>; transfers?: { date: string; findings: TransferFinding[]; svg: string }; portal?: ContactPortalStatus; view?: CustomerViewAt }): SafeHtml {
  const x = o.customer;
  return html`<h1>${x.name}</h1>
${flash(o.flashQuery, 'Customer')}
${o.flashQuery.invited ? notice(`Portal invitation sent to ${o.flashQuery.invited} contact(s).`) : null}
<p><a href="${c.base}/customers">All customers</a> · <a href="${c.base}/customers/${x.id}/dpa">Data processing agreement</a>${c.canEdit ? html` · <a href="${c.base}/customers/${x.id}/edit">Edit</a> · <a href="${c.base}/customers/${x.id}/delete">Delete</a>` : null}</p>
<h2>Contract terms</h2>
<dl><dt>Country</dt><dd>${countryText(x.country)}</dd>
<dt>Authorisation</dt><dd>${AUTHORISATION_LABELS[x.authorisation]}</dd>
<dt>Notice period</dt><dd>${noticeText(x)}</dd>
<dt>Time zone</dt><dd>${zoneText(x)}</dd>
<dt>Public holidays of</dt><dd>${calendarText(x)}</dd>
<dt>Supervisory authority (Annex I.C)</dt><dd>${authorityText(x)}</dd>
<dt>Transfers outside the EEA</dt><dd>${x.transfersAuthorised ? 'Authorised, with a valid basis under Chapter V' : 'Not authorised: sub-processors outside the EEA are flagged below'}</dd>
<dt>Audits</dt><dd>${auditText(x)}</dd>
<dt>At the end of the contract</dt><dd>${TERMINATION_LABELS[x.terminationHandling]}${x.terminationDays === null ? ' (within the DPA\'s period)' : `, within ${x.terminationDays} days`}</dd>
<dt>Its users' privacy requests passed on within</dt><dd>${x.dsrForwardWithin ?? '72h (default)'}</dd>
<dt>Told of a personal data breach within</dt><dd>${x.breachNoticeHours === null ? 'without undue delay (no hours in the contract)' : `${x.breachNoticeHours} hours`}</dd>
<dt>Address</dt><dd>${orDash(x.address)}</dd>
<dt>Contact person</dt><dd>${orDash(x.contactPerson)}</dd>
<dt>Data protection officer</dt><dd>${orDash(x.dpoContact)}</dd>
<dt>Representative in the Union</dt><dd>${orDash(x.representative)}</dd>
<dt>Special terms</dt><dd>${x.specialTerms ? x.specialTerms.split('\n').filter((line) => line.trim()).map((line) => html`<p>${line}</p>`) : '—'}</dd>
<dt>Services</dt><dd>${names(x.services, o.services, 'All services')}</dd>
<dt>Regions</dt><dd>${names(x.regions, o.regions, 'All regions')}</dd>
<dt>Added</dt><dd>${when(x.createdAt)}</dd><dt>Last changed</dt><dd>${when(x.updatedAt)}</dd></dl>
<h2>Contacts</h2>
${x.contacts.length === 0 ? html`<p>No contacts: notices of changes reach nobody at this customer.</p>` : contactsTable(c, x, o.portal)}
<h2>Webhooks</h2>
<p><a href="${c.base}/customers/${x.id}/webhooks">Webhook endpoints of ${x.name}</a>: change events sent to the customer's systems.</p>
<h2>Record of processing</h2>
<p><a href="${c.base}/records/processor?customer=${x.id}">Record of processing for ${x.name}</a>: what you process on its behalf (Art 30(2) GDPR), to view or download.</p>
${o.view ? customerSeesOf(x, o.view) : null}
${o.transfers ? transfersOf(c, x, o.transfers) : null}`;
}

function authorityText(x: CustomerView): SafeHtml {
  const a = x.competentAuthority;
  if (!a.name) return html`Not determined. ${a.note ?? ''}`;
  const from = a.basis === 'customer' ? 'set for this customer' : `from the country of establishment (rules of ${a.rulesVersion})`;
  return html`${a.url ? html`<a href="${a.url}">${a.name}</a>` : a.name} <span class="hint">(${from})</span>${a.note ? html`<br><span class="hint">${a.note}</span>` : null}`;
}

function auditText(x: CustomerView): string {
  if (x.auditFrequencyMonths === null && x.auditNoticeDays === null) return "The DPA's terms";
  const often = x.auditFrequencyMonths === null ? "as often as the DPA allows" : x.auditFrequencyMonths === 12 ? 'at most once a year' : `at most once every ${x.auditFrequencyMonths} months`;
  const notice = x.auditNoticeDays === null ? "with the DPA's notice" : `with ${x.auditNoticeDays} days' notice`;
  return `${often[0].toUpperCase()}${often.slice(1)}, ${notice}`;
}

/** `Name <email>` per line, or the address alone: what the contacts field shows and accepts. */
export const contactLines = (contacts: CustomerView['contacts']): string => contacts.map((k) => (k.name ? `${k.name} <${k.email}>` : k.email)).join('\n');

/** Form values for an existing customer. */
export const customerValues = (x: CustomerView): FormValues => ({
  name: x.name, country: x.country ?? '', authorisation: x.authorisation, noticePeriod: x.noticePeriod ?? '', subdivision: x.subdivision ?? '',
  timeZone: x.timeZone ?? '', services: x.services, regions: x.regions, contacts: contactLines(x.contacts), specialTerms: x.specialTerms ?? '',
  address: x.address ?? '', contactPerson: x.contactPerson ?? '', supervisoryAuthority: x.supervisoryAuthority ?? '',
  dpoContact: x.dpoContact ?? '', representative: x.representative ?? '',
  transfersAuthorised: x.transfersAuthorised ? 'true' : 'false', auditFrequencyMonths: x.auditFrequencyMonths === null ? '' : String(x.auditFrequencyMonths),
  auditNoticeDays: x.auditNoticeDays === null ? '' : String(x.auditNoticeDays), terminationHandling: x.terminationHandling,
  terminationDays: x.terminationDays === null ? '' : String(x.terminationDays),
  dsrForwardWithin: x.dsrForwardWithin ?? '',
  breachNoticeHours: x.breachNoticeHours?.toString() ?? '',
});

/** The new/edit customer form; `id` is set when editing. */
export function customerFormBody(c: Console, o: { id?: string; values: FormValues; errors: FormErrors; services: ServiceView[]; regions: RegionView[] }): SafeHtml {
  const v = (k: string) => one(o.values[k]);
  const ws = c.workspace;
  return html`<h1>${o.id ? html`Edit customer “${v('name')}”` : 'New customer'}</h1>
${errorSummary(o.errors)}
<form method="post" action="${o.id ? `${c.base}/customers/${o.id}` : `${c.base}/customers`}">${csrfField(c.user.csrfToken)}
${textField({ name: 'name', label: 'Name', required: true, value: v('name'), error: o.errors.name })}
${selectField({ name: 'country', label: 'Country of establishment', options: [...COUNTRY_OPTIONS], value: v('country').toUpperCase(), error: o.errors.country, blank: 'Not set' })}
${textField({ name: 'subdivision', label: 'Subdivision', value: v('subdivision'), error: o.errors.subdivision, hint: 'ISO 3166-2 code such as DE-BY, within the country above: its public holidays count the notice period. Leave empty to use the country\'s.' })}
${selectField({ name: 'authorisation', label: 'Authorisation', options: AUTHORISATIONS.map((a): [string, string] => [a, AUTHORISATION_LABELS[a]]), value: v('authorisation') || 'general', error: o.errors.authorisation, hint: 'What the contract says about new sub-processors: the customer may object, or must consent first.' })}
${textField({ name: 'noticePeriod', label: 'Notice period', value: v('noticePeriod'), error: o.errors.noticePeriod, hint: `Days, weeks or months as the contract says, e.g. 30d, 4w or 1m (at most a year). Leave empty for the workspace default (${periodLabel(ws.noticePeriod)}).` })}
${selectField({ name: 'timeZone', label: 'Time zone', options: [...TIME_ZONE_OPTIONS], value: v('timeZone'), error: o.errors.timeZone, blank: `Workspace default (${ws.timeZone})`, hint: 'Notice periods and effective dates are counted in this time zone.' })}
${checkboxGroup({ name: 'services', legend: 'Services used', options: o.services.map((s) => [s.slug, s.name]), values: many(o.values.services), error: o.errors.services, hint: 'None checked: the customer uses all services.' })}
${checkboxGroup({ name: 'regions', legend: 'Hosting regions', options: o.regions.map((r) => [r.slug, r.name]), values: many(o.values.regions), error: o.errors.regions, hint: 'None checked: the customer is in all regions.' })}
${textArea({ name: 'contacts', label: 'Contacts', value: v('contacts'), error: o.errors.contacts, rows: 4, hint: 'One per line: Name <address@example.com>, or the address alone. Notices of changes go to them.' })}
${textArea({ name: 'specialTerms', label: 'Special terms', value: v('specialTerms'), error: o.errors.specialTerms, rows: 4, hint: 'Anything in the contract about sub-processor changes worth knowing, e.g. how objections must be sent.' })}
<fieldset><legend>Data processing agreement terms</legend>
${selectField({ name: 'transfersAuthorised', label: 'Transfers outside the EEA', options: [['true', 'Authorised, with a valid basis under Chapter V'], ['false', 'Not authorised: the data stays in the EEA']], value: v('transfersAuthorised') || 'true', error: o.errors.transfersAuthorised })}
${textField({ name: 'auditFrequencyMonths', label: 'Audits: at most one every … months', value: v('auditFrequencyMonths'), error: o.errors.auditFrequencyMonths, hint: `1 to ${AUDIT_FREQUENCY_MONTHS_MAX}, e.g. 12 for once a year. Leave empty for the DPA's terms.` })}
${textField({ name: 'auditNoticeDays', label: 'Audits: days of notice', value: v('auditNoticeDays'), error: o.errors.auditNoticeDays, hint: `0 to ${TERM_DAYS_MAX}. Leave empty for the DPA's terms.` })}
${selectField({ name: 'terminationHandling', label: 'At the end of the contract', options: TERMINATION_HANDLINGS.map((t): [string, string] => [t, TERMINATION_LABELS[t]]), value: v('terminationHandling') || 'return_then_delete', error: o.errors.terminationHandling })}
${textField({ name: 'breachNoticeHours', label: 'Hours to tell it of a personal data breach', value: v('breachNoticeHours'), error: o.errors.breachNoticeHours, hint: 'As its contract says (GDPR Art 33(2)); real hours from the moment you become aware. Leave empty for without undue delay.' })}
${textField({ name: 'dsrForwardWithin', label: 'Time to pass on its users\' privacy requests', value: v('dsrForwardWithin'), error: o.errors.dsrForwardWithin, hint: 'E.g. 48h (real hours) or 5d (days, with public holidays). Leave empty for 72 hours.' })}
${textField({ name: 'terminationDays', label: 'Days to return or delete the data', value: v('terminationDays'), error: o.errors.terminationDays, hint: `0 to ${TERM_DAYS_MAX}. Leave empty for the DPA's terms.` })}
${textArea({ name: 'address', label: 'Postal address', value: v('address'), error: o.errors.address, rows: 2, hint: 'Annex I.A of the DPA.' })}
${textField({ name: 'contactPerson', label: 'Contact person', value: v('contactPerson'), error: o.errors.contactPerson, hint: 'Name, position and contact details, for Annex I.A of the DPA.' })}
${textField({ name: 'dpoContact', label: 'Data protection officer', value: v('dpoContact'), error: o.errors.dpoContact, hint: "The customer's DPO, if it has designated one: name and contact details, for its record of processing (Art 30(2)(a))." })}
${textField({ name: 'representative', label: 'Representative in the Union', value: v('representative'), error: o.errors.representative, hint: 'Only for a customer established outside the EU (Art 27): name and contact details.' })}
${textField({ name: 'supervisoryAuthority', label: 'Competent supervisory authority', value: v('supervisoryAuthority'), error: o.errors.supervisoryAuthority, hint: 'Leave empty to use the authority of the country of establishment. Set it for a German Land, a lead authority, or a customer outside the EEA.' })}
</fieldset>
<button type="submit">${o.id ? 'Save customer' : 'Create customer'}</button> <a href="${o.id ? `${c.base}/customers/${o.id}` : `${c.base}/customers`}">Cancel</a>
</form>`;
}

/** What the customer is told now (customer-view): its sub-processors in effect and the changes pending for it. */
function customerSeesOf(x: CustomerView, v: CustomerViewAt): SafeHtml {
  return html`<section aria-labelledby="sees-heading"><h2 id="sees-heading">What ${x.name} sees</h2>
<p>In its portal, DPA Annex IV, record and notices, from list version ${v.listVersion === null ? '(none published yet)' : String(v.listVersion)} and each change's state for it, on ${v.date}.</p>
<p>Sub-processors in effect for it: ${v.inEffect.length ? v.inEffect.map((g) => g.name).join(', ') : 'none'}.</p>
${v.proposed.length ? html`<p>Proposed, not yet in effect for it:</p><ul>${v.proposed.map((p) => html`<li>${p.title}: ${p.stateLabel}</li>`)}</ul>` : html`<p>No change is pending for it.</p>`}
</section>`;
}

/** Where the customer's data goes and on what basis (CU5, CU6): the data map and the checks. */
function transfersOf(c: Console, x: CustomerView, t: { date: string; findings: TransferFinding[]; svg: string }): SafeHtml {
  return html`<section aria-labelledby="map-heading"><h2 id="map-heading">Where ${x.name}'s data goes</h2>
<p>Every sub-processor that touches this customer's services or regions, by country, checked on ${t.date}. <a href="${c.base}/customers/${x.id}/data-map.svg">Download the data map (SVG)</a></p>
<figure class="data-map">${raw(t.svg)}</figure>
${t.findings.length === 0 ? html`<p>No sub-processor touches this customer's data.</p>` : transferFindingsTable(`Transfer checks for ${x.name}`, t.findings)}
</section>`;
}
