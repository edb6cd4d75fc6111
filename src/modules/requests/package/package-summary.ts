/**
 * summary.html of an access package: the copy a person can read without tools. One page, its own
 * styles (it is opened from disk, not served), a table per collection with its caption, what each
 * collection holds in plain words, and the rights the person has next.
 */
import { html, raw, type SafeHtml } from '../../../shared/html.ts';
import { dataCategoryName } from '../../vocab/vocab.ts';
import type { Row } from '../fulfilment/connector.ts';

/** Rows shown per table; every row is in the CSV and JSON files whatever this limit. */
export const SUMMARY_ROW_LIMIT = 1000;

export interface SummaryCollection {
  key: string;
  title: string;
  /** Names of the data categories its fields hold (fideslang labels), in field order. */
  categories: string[];
  columns: string[];
  rows: Row[];
  csv: string;
  json: string;
}

export interface SummaryInput {
  reference: string;
  controllerName: string;
  producedAt: Date;
  collections: SummaryCollection[];
  rights: string[];
}

/** `order_items` → "Order items". */
export const humanName = (name: string): string => {
  const words = name.replace(/[_-]+/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').trim().toLowerCase();
  return words ? words[0].toUpperCase() + words.slice(1) : name;
};

/** Category names of the fields, each once, in the order the fields come. */
export function categoryNames(fields: { dataCategories: string[] }[]): string[] {
  return [...new Set(fields.flatMap((f) => f.dataCategories.map(dataCategoryName)))];
}

const STYLE = `body{font:1rem/1.5 system-ui,sans-serif;color:#1a1a1a;background:#fff;margin:0}
main{max-width:72rem;margin:0 auto;padding:1rem 1.5rem 3rem}
h1{font-size:1.6rem}h2{margin-top:2.5rem;font-size:1.3rem}h3{margin-top:2rem;font-size:1.1rem}
.scroll{overflow-x:auto;border:1px solid #767676;margin:.5rem 0}
.scroll:focus{outline:3px solid #1f5fbf;outline-offset:2px}
table{border-collapse:collapse;min-width:100%}caption{text-align:left;font-weight:600;padding:.4rem .5rem}
th,td{border-top:1px solid #c4c4c4;padding:.3rem .5rem;text-align:left;vertical-align:top;white-space:pre-wrap;word-break:break-word}
thead th{background:#f0f0f0}.muted{color:#505050}code{font-size:.95em}`;

const utc = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
const cell = (v: unknown): string => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));
const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

function collectionSection(c: SummaryCollection, i: number): SafeHtml {
  const id = `c${i + 1}`;
  const shown = c.rows.slice(0, SUMMARY_ROW_LIMIT);
  const files = html`<code>${c.csv}</code> and <code>${c.json}</code>`;
  const table = c.rows.length === 0
    ? html`<p>Nothing about you was found here: ${files} hold no rows.</p>`
    : html`<div class="scroll" role="region" tabindex="0" aria-labelledby="${id}-caption"><table>
<caption id="${id}-caption">${c.title}: ${plural(c.rows.length, 'row', 'rows')}</caption>
<thead><tr>${c.columns.map((col) => html`<th scope="col">${col}</th>`)}</tr></thead>
<tbody>
${shown.map((r) => html`<tr>${c.columns.map((col) => html`<td>${cell(r[col])}</td>`)}</tr>\n`)}</tbody></table></div>
${c.rows.length > shown.length ? html`<p>The first ${shown.length.toLocaleString('en')} rows are shown here; all ${c.rows.length.toLocaleString('en')} are in ${files}.</p>` : null}`;
  return html`<section aria-labelledby="${id}-title">
<h3 id="${id}-title">${c.title}</h3>
<p>${c.categories.length ? html`What this holds: ${c.categories.join(', ')}.` : 'What this holds: records linked to you.'}${c.rows.length ? html` The same rows are in ${files}.` : null}</p>
${table}
</section>`;
}

/** The summary page as a complete HTML document. */
export function renderSummaryHtml(s: SummaryInput): string {
  const total = s.collections.reduce((n, c) => n + c.rows.length, 0);
  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Your personal data held by ${s.controllerName} (request ${s.reference})</title>
<style>${raw(STYLE)}</style>
</head>
<body>
<main>
<h1>Your personal data held by ${s.controllerName}</h1>
<p>This is the copy of your personal data you asked for in request <strong>${s.reference}</strong>. ${s.controllerName} produced it on ${utc(s.producedAt)}.</p>
<p>It holds ${plural(total, 'row', 'rows')} in ${plural(s.collections.length, 'collection', 'collections')}. Each collection is shown below as a table, and is in the <code>data</code> folder twice: as a CSV file (opens in a spreadsheet) and as a JSON file (for programs).</p>
<h2>Your data</h2>
${s.collections.length ? s.collections.map(collectionSection) : html`<p>No personal data about you was found.</p>`}
<h2>Your rights</h2>
<p>With this copy you can check what is held about you. You can also:</p>
<ul>
${s.rights.map((r) => html`<li>${r}</li>\n`)}</ul>
<p>To use these rights, or if something seems missing, contact ${s.controllerName} quoting request ${s.reference}.</p>
<h2>Checking the files</h2>
<p class="muted"><code>manifest.json</code> lists every file of this package with its size and SHA-256 checksum, so you can check that nothing was changed.</p>
</main>
</body>
</html>
`;
  return page.value;
}
