/**
 * A DocumentModel as an HTML fragment: one <article>, escaped, accessible (table captions, column
 * headers with scope, label/value pairs as <dl>) and deterministic — the same model always gives
 * the same string, so a hash of it can stand for the document (the DPA acceptance ledger does).
 */
import { html, raw, type SafeHtml } from '../../shared/html.ts';
import type { Block, DocumentModel, Span } from './document.ts';

export interface RenderHtmlOptions {
  /**
   * Level of the title heading (default 1). Block headings sit below it (block level 1 → title + 1).
   * 2 lets the article sit under a page's own <h1> without two top-level headings.
   */
  topHeadingLevel?: 1 | 2;
}

const SAFE_HREF = /^(https?:\/\/|mailto:)/i;

/** Inline spans: <strong>/<em>, and links only for http(s) and mailto targets. */
export function renderSpans(spans: Span[]): SafeHtml {
  return html`${spans.map((s) => {
    let inner: SafeHtml = html`${s.text}`;
    if (s.italic) inner = html`<em>${inner}</em>`;
    if (s.bold) inner = html`<strong>${inner}</strong>`;
    if (s.href && SAFE_HREF.test(s.href)) inner = html`<a href="${s.href}">${inner}</a>`;
    return inner;
  })}`;
}

function renderBlock(b: Block, top: number): SafeHtml {
  switch (b.kind) {
    case 'heading': {
      const level = Math.min(6, top + b.level);
      // The level is a number we computed, never input, so building the tag name is safe.
      return html`${raw(`<h${level}`)}${b.id ? html` id="${b.id}"` : null}>${b.text}${raw(`</h${level}>`)}\n`;
    }
    case 'paragraph':
      return html`<p>${renderSpans(b.spans)}</p>\n`;
    case 'list': {
      const items = b.items.map((item) => html`<li>${renderSpans(item)}</li>`);
      return b.ordered ? html`<ol>${items}</ol>\n` : html`<ul>${items}</ul>\n`;
    }
    case 'table':
      return html`<table><caption>${b.caption}</caption><thead><tr>${b.columns.map((c) => html`<th scope="col">${c}</th>`)}</tr></thead><tbody>${b.rows.map(
        (r) => html`<tr>${r.map((cell) => html`<td>${cell}</td>`)}</tr>`,
      )}</tbody></table>\n`;
    case 'fields':
      return html`<dl>${b.rows.map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl>\n`;
    case 'page_break':
      // Meaningless on screen; kept as a hint for printing.
      return html`<hr class="page-break" aria-hidden="true">\n`;
  }
}

/**
 * Renders a document as an <article lang="…">. Text is escaped; nothing of the model is trusted.
 * @example renderDocumentHtml(doc, { topHeadingLevel: 2 }).value
 */
export function renderDocumentHtml(doc: DocumentModel, opts: RenderHtmlOptions = {}): SafeHtml {
  const top = opts.topHeadingLevel ?? 1;
  const title = html`${raw(`<h${top}`)}>${doc.title}${raw(`</h${top}>`)}`;
  return html`<article class="document" lang="${doc.language}">
<header>${title}${doc.subtitle ? html`<p class="subtitle">${doc.subtitle}</p>` : null}</header>
${doc.blocks.map((b) => renderBlock(b, top))}${doc.footer ? html`<footer><p class="document-footer">${doc.footer}</p></footer>\n` : null}</article>`;
}
