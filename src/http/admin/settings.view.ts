import type { WorkspaceView } from '../../modules/workspaces/workspaces.ts';
import { csrfField, errorSummary, type FormErrors, selectField, textArea, textField } from '../views/forms.ts';
import { COUNTRY_OPTIONS } from './country-options.ts';
import { html, type SafeHtml } from '../views/html.ts';
import { type Console, flash, type FormValues, one } from './console.ts';
import { TIME_ZONE_OPTIONS } from './time-zone-options.ts';
import { brandingSection, brandingValues } from './settings-branding.view.ts';

export const settingsValues = (w: WorkspaceView): FormValues => ({ name: w.name, slug: w.slug, groupBy: w.groupBy, noticePeriod: w.noticePeriod, timeZone: w.timeZone, calendar: w.calendar ?? '' });

/** Workspace settings (admin): name, slug, how the public list is grouped, and the customers' default terms. */
export function settingsBody(c: Console, o: { values: FormValues; errors: FormErrors; q: Record<string, string>; particulars: FormValues; particularErrors?: FormErrors; branding?: FormValues; brandingErrors?: FormErrors }): SafeHtml {
  const v = (k: string) => one(o.values[k]);
  const p = (k: string) => one(o.particulars[k]);
  return html`<h1>Settings</h1>
${flash(o.q, 'Settings')}
${errorSummary(o.errors)}
<form method="post" action="${c.base}/settings">${csrfField(c.user.csrfToken)}
${textField({ name: 'name', label: 'Organisation name', required: true, value: v('name'), error: o.errors.name })}
${textField({ name: 'slug', label: 'Slug', required: true, value: v('slug'), error: o.errors.slug, hint: `Used in addresses: /w/<slug>/subprocessors. Changing it changes the public list's address; old links stop working.` })}
${selectField({ name: 'groupBy', label: 'Group the public list by', options: [['kind', 'Kind (affiliates, infrastructure, third parties)'], ['service', 'Service or platform']], value: v('groupBy'), error: o.errors.groupBy })}
${textField({ name: 'noticePeriod', label: 'Default notice period', required: true, value: v('noticePeriod'), error: o.errors.noticePeriod, hint: 'How long customers have to object to a sub-processor change when their contract sets no period: days, weeks or months, e.g. 30d, 4w or 1m (at most a year). Counted as EU law counts periods (Regulation 1182/71): a last day on a weekend or public holiday moves to the next working day.' })}
${selectField({ name: 'timeZone', label: 'Time zone', required: true, options: [...TIME_ZONE_OPTIONS], value: v('timeZone'), error: o.errors.timeZone, hint: 'Notice periods and effective dates are counted in this time zone for customers without their own.' })}
${textField({ name: 'calendar', label: 'Public holidays of', value: v('calendar'), error: o.errors.calendar, hint: "For customers with no country or subdivision set: a country (DE) or subdivision (DE-BY) code. Leave empty to use your organisation's country below, else weekends only." })}
<button type="submit">Save settings</button>
</form>
<h2 id="particulars">Your organisation as a party to DPAs</h2>
<p>These appear in Annex I (list of parties) of every customer's DPA and in your records of processing. A DPA version can be published only once the legal name, address, contact person, contact e-mail address and signatory are filled in.</p>
${errorSummary(o.particularErrors ?? {})}
<form method="post" action="${c.base}/settings/particulars">${csrfField(c.user.csrfToken)}
${textField({ name: 'legalName', label: 'Legal name', value: p('legalName'), error: o.particularErrors?.legalName, hint: `Leave empty to use “${c.workspace.name}”.` })}
${textArea({ name: 'address', label: 'Registered address', value: p('address'), error: o.particularErrors?.address, rows: 2 })}
${selectField({ name: 'country', label: 'Country of establishment', options: [...COUNTRY_OPTIONS], value: p('country').toUpperCase(), error: o.particularErrors?.country, blank: 'Not set' })}
${textField({ name: 'contactName', label: 'Contact person (name and position)', value: p('contactName'), error: o.particularErrors?.contactName })}
${textField({ name: 'contactEmail', label: 'Contact e-mail address', type: 'email', value: p('contactEmail'), error: o.particularErrors?.contactEmail })}
${textField({ name: 'dpoContact', label: 'Data protection officer', value: p('dpoContact'), error: o.particularErrors?.dpoContact, hint: 'Name and contact details, if you have designated one.' })}
${textField({ name: 'representative', label: 'Representative in the Union', value: p('representative'), error: o.particularErrors?.representative, hint: 'Name and contact details, if you are established outside the EU (Art 27 GDPR).' })}
${textField({ name: 'signatoryName', label: 'Signatory: name', value: p('signatoryName'), error: o.particularErrors?.signatoryName, hint: 'Who signs your DPAs (Annex I). Publishing a DPA version needs a signatory.' })}
${textField({ name: 'signatoryTitle', label: 'Signatory: title or position', value: p('signatoryTitle'), error: o.particularErrors?.signatoryTitle })}
<button type="submit">Save particulars</button>
</form>
${brandingSection(c, { values: o.branding ?? brandingValues(c.workspace), errors: o.brandingErrors ?? {} })}`;
}

export const particularValues = (w: WorkspaceView): FormValues => ({
  legalName: w.processor.legalName ?? '', address: w.processor.address ?? '', country: w.processor.country ?? '',
  contactName: w.processor.contactName ?? '', contactEmail: w.processor.contactEmail ?? '', dpoContact: w.processor.dpoContact ?? '',
  representative: w.processor.representative ?? '', signatoryName: w.processor.signatoryName ?? '', signatoryTitle: w.processor.signatoryTitle ?? '',
});
