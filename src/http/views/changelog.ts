import type { Changelog } from '../../modules/publishing/diff-snapshots.ts';
import { html, type SafeHtml } from './html.ts';

const show = (v: unknown): string => (v === null || v === undefined || v === '' ? '—' : Array.isArray(v) ? (v.length ? v.join(', ') : '—') : String(v));

/** A structural diff as HTML: added, removed, and changed engagements with before → after per field. */
export function renderChangelog(c: Changelog, headingLevel: 'h3' | 'h4' = 'h3'): SafeHtml {
  const h = (text: string) => (headingLevel === 'h3' ? html`<h3>${text}</h3>` : html`<h4>${text}</h4>`);
  if (!c.added.length && !c.removed.length && !c.changed.length) return html`<p class="muted">No changes to the list.</p>`;
  return html`${c.added.length ? html`${h('Added')}<ul>${c.added.map((i) => html`<li><ins><strong>${i.name}</strong></ins> — ${i.purpose}</li>`)}</ul>` : null}
${c.removed.length ? html`${h('Removed')}<ul>${c.removed.map((i) => html`<li><del><strong>${i.name}</strong></del> — ${i.purpose}</li>`)}</ul>` : null}
${c.changed.length ? html`${h('Changed')}<ul>${c.changed.map((i) => html`<li><strong>${i.name}</strong><ul>${i.fields.map(
    (f) => html`<li>${f.label}: <del>${show(f.before)}</del> → <ins>${show(f.after)}</ins></li>`,
  )}</ul></li>`)}</ul>` : null}`;
}
