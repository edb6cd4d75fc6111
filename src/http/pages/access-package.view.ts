/**
 * The page of an access package's download link: what the file is, until when the link works, and
 * a download button (a form: mail scanners that open links do not spend it). A link that no longer
 * works says so and nothing more.
 */
import type { PackageLinkView } from '../../modules/requests/package/download-access-package.ts';
import { html } from '../views/html.ts';
import { layout } from '../views/layout.ts';

const utc = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

/** 1234 → "1.2 KB": the size as people read it. */
export function fileSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} bytes`;
  const [n, unit] = bytes < 1e6 ? [bytes / 1e3, 'KB'] : [bytes / 1e6, 'MB'];
  return `${n.toLocaleString('en', { maximumFractionDigits: 1 })} ${unit}`;
}

function openBody(v: Extract<PackageLinkView, { state: 'open' }>, action: string) {
  return html`<h1>Download your personal data</h1>
<p>${v.controllerName} has prepared the copy of your personal data you asked for in request <strong>${v.reference}</strong>.</p>
<table><caption>The file</caption><tbody>
<tr><th scope="row">Name</th><td>${v.fileName}</td></tr>
<tr><th scope="row">Size</th><td>${fileSize(v.size)}</td></tr>
<tr><th scope="row">Link works until</th><td>${utc(v.expiresAt)}</td></tr>
<tr><th scope="row">SHA-256</th><td><code class="wrap">${v.sha256}</code></td></tr>
</tbody></table>
<p>The file is a ZIP archive. Open <code>summary.html</code> in it to read your data in a browser; the <code>data</code> folder has the same data as CSV files (for spreadsheets) and JSON files (for programs).</p>
<p><strong>This link works once.</strong> After the download it stops working. The file holds your personal data: keep it somewhere safe.</p>
<form method="post" action="${action}">
<button type="submit">Download the file (ZIP, ${fileSize(v.size)})</button>
</form>`;
}

function goneBody(v: PackageLinkView) {
  return html`<h1>This download link no longer works</h1>
<p>A link to download personal data works once, and only for a few days. This one was used, has expired, or its file was deleted.</p>
<p>If you did not download the file yourself, or you need it again, contact ${v.workspace.name} and quote your request reference.</p>`;
}

/** The page for the link's state; `action` is the page's own URL (the download form posts to it). */
export function renderPackagePage(v: PackageLinkView, action: string): string {
  const title = v.state === 'open' ? 'Download your personal data' : 'Download link no longer works';
  return layout({ title, body: v.state === 'open' ? openBody(v, action) : goneBody(v), head: html`<meta name="robots" content="noindex">` }).value;
}
