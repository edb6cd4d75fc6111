import { NOTICE_DAYS_MAX } from '../../modules/vocab/contract-terms.ts';
import type { WorkspaceView } from '../../modules/workspaces/workspaces.ts';
import { csrfField, errorSummary, type FormErrors, selectField, textArea, textField } from '../views/forms.ts';
import { COUNTRY_OPTIONS } from './country-options.ts';
import { html, type SafeHtml } from '../views/html.ts';
import { type Console, flash, type FormValues, one } from './console.ts';
import { TIME_ZONE_OPTIONS } from './time-zone-options.ts';

export const settingsValues = (w: WorkspaceView): FormValues => ({ name: w.name, slug: w.slug, groupBy: w.groupBy, noticeDays: String(w.noticeDays), timeZone: w.timeZone });

/** Workspace settings (admin): name, slug, how the public list is grouped, and the customers' default terms. */
export function settingsBody(c: Console, o: { values: FormValues; errors: FormErrors; q: Record<string, string>; particulars: FormValues; particularErrors?: FormErrors }): SafeHtml {
  const v = (k: string) => one(o.values[k]);
  const p = (k: string) => one(o.particulars[k]);
  return html`<h1>Settings</h1>
${flash(o.q, 'Settings')}
${errorSummary(o.errors)}
<form method="post" action="${c.base}/settings">${csrfField(c.user.csrfToken)}
${textField({ name: 'name', label: 'Organisation name', required: true, value: v('name'), error: o.errors.name })}
${textField({ name: 'slug', label: 'Slug', required: true, value: v('slug'), error: o.errors.slug, hint: `Used in addresses: /w/<slug>/subprocessors. Changing it changes the public list's address; old links stop working.` })}
${selectField({ name: 'groupBy', label: 'Group the public list by', options: [['kind', 'Kind (affiliates, infrastructure, third parties)'], ['service', 'Service or platform']], value: v('groupBy'), error: o.errors.groupBy })}
${textField({ name: 'noticeDays', label: 'Default notice period in days', required: true, value: v('noticeDays'), error: o.errors.noticeDays, hint: `How long customers have to object to a sub-processor change when their contract sets no period: 0 to ${NOTICE_DAYS_MAX} days.` })}
${selectField({ name: 'timeZone', label: 'Time zone', required: true, options: [...TIME_ZONE_OPTIONS], value: v('timeZone'), error: o.errors.timeZone, hint: 'Notice periods and effective dates are counted in this time zone for customers without their own.' })}
<button type="submit">Save settings</button>
</form>
<h2 id="particulars">Your organisation as a party to DPAs</h2>
<p>These appear in Annex I.A of every customer's DPA and in your records of processing.</p>
${errorSummary(o.particularErrors ?? {})}
<form method="post" action="${c.base}/settings/particulars">${csrfField(c.user.csrfToken)}
${textField({ name: 'legalName', label: 'Legal name', value: p('legalName'), error: o.particularErrors?.legalName, hint: `Leave empty to use “${c.workspace.name}”.` })}
${textArea({ name: 'address', label: 'Registered address', value: p('address'), error: o.particularErrors?.address, rows: 2 })}
${selectField({ name: 'country', label: 'Country of establishment', options: [...COUNTRY_OPTIONS], value: p('country').toUpperCase(), error: o.particularErrors?.country, blank: 'Not set' })}
${textField({ name: 'contactName', label: 'Contact person (name and position)', value: p('contactName'), error: o.particularErrors?.contactName })}
${textField({ name: 'contactEmail', label: 'Contact e-mail address', type: 'email', value: p('contactEmail'), error: o.particularErrors?.contactEmail })}
${textField({ name: 'dpoContact', label: 'Data protection officer', value: p('dpoContact'), error: o.particularErrors?.dpoContact, hint: 'Name and contact details, if you have designated one.' })}
<button type="submit">Save particulars</button>
</form>`;
}

export const particularValues = (w: WorkspaceView): FormValues => ({
  legalName: w.processor.legalName ?? '', address: w.processor.address ?? '', country: w.processor.country ?? '',
  contactName: w.processor.contactName ?? '', contactEmail: w.processor.contactEmail ?? '', dpoContact: w.processor.dpoContact ?? '',
});
