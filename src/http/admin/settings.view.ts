import { NOTICE_DAYS_MAX } from '../../modules/vocab/contract-terms.ts';
import type { WorkspaceView } from '../../modules/workspaces/workspaces.ts';
import { csrfField, errorSummary, type FormErrors, selectField, textField } from '../views/forms.ts';
import { html, type SafeHtml } from '../views/html.ts';
import { type Console, flash, type FormValues, one } from './console.ts';
import { TIME_ZONE_OPTIONS } from './time-zone-options.ts';

export const settingsValues = (w: WorkspaceView): FormValues => ({ name: w.name, slug: w.slug, groupBy: w.groupBy, noticeDays: String(w.noticeDays), timeZone: w.timeZone });

/** Workspace settings (admin): name, slug, how the public list is grouped, and the customers' default terms. */
export function settingsBody(c: Console, o: { values: FormValues; errors: FormErrors; q: Record<string, string> }): SafeHtml {
  const v = (k: string) => one(o.values[k]);
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
</form>`;
}
