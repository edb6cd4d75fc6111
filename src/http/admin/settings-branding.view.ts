import type { WorkspaceView } from '../../modules/workspaces/workspaces.ts';
import { checkbox, csrfField, errorSummary, type FormErrors, textField } from '../views/forms.ts';
import { html, type SafeHtml } from '../views/html.ts';
import { type Console, type FormValues, one } from './console.ts';

export const brandingValues = (w: WorkspaceView): FormValues => ({
  brandColour: w.branding.brandColour ?? '', mailFromName: w.branding.mailFromName ?? '', mailFromAddress: w.branding.mailFromAddress ?? '',
});

/**
 * The branding form (admin): accent colour, logo upload (multipart, so it works without
 * JavaScript) and the sender of notices. The current logo is shown as an <img>, never inline.
 */
export function brandingSection(c: Console, o: { values: FormValues; errors: FormErrors; mailFrom?: string }): SafeHtml {
  const v = (k: string) => one(o.values[k]);
  const logo = c.workspace.branding.logoDataUri;
  const described = ['logo-hint', o.errors.logo ? 'logo-error' : ''].filter(Boolean).join(' ');
  return html`<h2 id="branding">Branding and sender of notices</h2>
<p>Your public list, your notices and your customers' portal show your logo and “${c.workspace.name}”, with your colour for links and accents.</p>
${errorSummary(o.errors)}
<form method="post" action="${c.base}/settings/branding" enctype="multipart/form-data">${csrfField(c.user.csrfToken)}
${textField({ name: 'brandColour', label: 'Accent colour', value: v('brandColour'), error: o.errors.brandColour, hint: 'As #rrggbb, e.g. #0b6bcb. It must have a contrast of at least 4.5:1 against white (WCAG AA for text). Leave empty for the default.' })}
${logo ? html`<p>Current logo: <img class="brand-logo" src="${logo}" alt="Logo of ${c.workspace.name}" height="40"></p>${checkbox({ name: 'removeLogo', label: 'Remove the logo', checked: false })}` : html`<p>No logo yet.</p>`}
<div class="field${o.errors.logo ? ' has-error' : ''}"><label for="f-logo">Logo</label>
<input type="file" id="f-logo" name="logo" accept="image/png,image/svg+xml,.png,.svg"${o.errors.logo ? html` aria-invalid="true"` : null} aria-describedby="${described}">
<p class="hint" id="logo-hint">PNG or SVG, at most 100 KB. An SVG may not contain scripts, event handlers or links to other files.</p>${o.errors.logo ? html`<p class="error" id="logo-error">Logo: ${o.errors.logo}</p>` : null}</div>
${textField({ name: 'mailFromName', label: 'Sender name of notices', value: v('mailFromName'), error: o.errors.mailFromName, hint: `Leave empty to use “${c.workspace.name}”.` })}
${textField({ name: 'mailFromAddress', label: 'Sender address of notices', type: 'email', value: v('mailFromAddress'), error: o.errors.mailFromAddress, hint: `Leave empty to use this instance's address${o.mailFrom ? ` (${o.mailFrom})` : ''}. Your mail server must be allowed to send for the address you choose (SPF, DKIM).` })}
<button type="submit">Save branding</button>
</form>`;
}
