/**
 * The items of a sub-processor change as notices describe them, one table per item with the
 * engagement before and after the change side by side. Shared by the console, the evidence page
 * and the customer's response page.
 */
import type { NoticeEngagement, NoticeFacts } from '../../modules/changes/notice-facts.ts';
import { summariseNoticeItem } from '../../modules/public-list/public-changes.ts';
import { dataCategoryNames } from '../../modules/vocab/vocab.ts';
import { html, raw, type SafeHtml } from './html.ts';

const ROWS: Array<[string, (g: NoticeEngagement) => string | null]> = [
  ['Entity', (g) => g.name],
  ['Legal name', (g) => (g.legalName && g.legalName !== g.name ? g.legalName : null)],
  ['Established in', (g) => g.entityCountry],
  ['Address', (g) => g.address ?? null],
  ['Contact', (g) => g.contact],
  ['Purpose', (g) => g.purpose],
  ['Locations', (g) => g.countries.join(', ') || 'Not stated'],
  ['Services', (g) => g.services.join(', ') || 'All services'],
  ['Hosting regions', (g) => g.regions.join('; ') || null],
  ['Transfer mechanism', (g) => g.transferMechanisms.join(', ') || 'None needed or not stated'],
  ['Data categories', (g) => dataCategoryNames(g.dataCategories).join(', ') || null],
  ['Data subjects', (g) => g.dataSubjectCategories?.join(', ') || null],
];

/** Every item of the change; `level` is the heading level of each item's title. */
export function renderChangeItems(items: NoticeFacts['items'], level: 2 | 3 | 4 = 3): SafeHtml {
  if (items.length === 0) return html`<p>This change has no operations.</p>`;
  return html`${items.map((item, i) => {
    const cols: Array<[string, NoticeEngagement]> = [];
    if (item.before) cols.push([item.after ? 'Before the change' : 'Until the change', item.before]);
    if (item.after) cols.push([item.before ? 'After the change' : 'From the change', item.after]);
    const rows = ROWS.filter(([, get]) => cols.some(([, g]) => get(g)));
    const title = summariseNoticeItem(item);
    return html`${heading(level, `item-${i + 1}`, `${i + 1}. ${title}`)}
<table aria-labelledby="item-${i + 1}"><thead><tr><td></td>${cols.map(([label]) => html`<th scope="col">${label}</th>`)}</tr></thead>
<tbody>${rows.map(([label, get]) => html`<tr><th scope="row">${label}</th>${cols.map(([, g]) => html`<td>${get(g) ?? '—'}</td>`)}</tr>`)}</tbody></table>`;
  })}`;
}

/** `level` and `id` are built here, never from input. */
const heading = (level: number, id: string, text: string): SafeHtml => html`${raw(`<h${level} id="${id}">`)}${text}${raw(`</h${level}>`)}`;
