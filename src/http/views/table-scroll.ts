import { html, type SafeHtml } from './html.ts';

/**
 * A wide table in a box that scrolls sideways on its own, so a phone's page never does. The box
 * is a named, focusable region: keyboard users can scroll it, and axe asks exactly that of a
 * scrollable element (scrollable-region-focusable).
 * @example tableScroll('Parameters of GET /api/workspaces', html`<table>…</table>`)
 */
export function tableScroll(label: string, table: SafeHtml): SafeHtml {
  return html`<div class="table-scroll" role="region" aria-label="${label}" tabindex="0">${table}</div>`;
}
