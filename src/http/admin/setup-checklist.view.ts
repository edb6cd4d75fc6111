import type { SetupChecklist } from '../../modules/workspaces/setup-checklist.ts';
import { html, type SafeHtml } from '../views/html.ts';
import type { Console } from './console.ts';

/** The first-run checklist on the overview: status in words, each item linking to where it is done. */
export function setupChecklistSection(c: Console, s: SetupChecklist | undefined): SafeHtml | null {
  if (!s) return null;
  if (s.complete) return html`<p class="notice">Setup complete.</p>`;
  return html`<section aria-labelledby="setup-title"><h2 id="setup-title">Set up this workspace</h2>
<ul>${s.items.map((i) => html`<li><a href="${c.base}${i.path}">${i.label}</a>${i.optional ? ' (optional)' : ''}: <strong>${i.done ? 'done' : 'not done'}</strong></li>`)}</ul>
</section>`;
}
