/**
 * The text of a document in reading order, as one string per block: what the HTML rendering
 * shows and the PDF's content (its artifacts — footer, page numbers, list labels — aside) says.
 * Tests compare the renderings against it; it is the text a document's SHA-256 stands for.
 */
import type { Block, DocumentModel } from './document.ts';

const spansText = (spans: Array<{ text: string }>) => spans.map((s) => s.text).join('');

function blockText(b: Block): string[] {
  switch (b.kind) {
    case 'heading': return [b.text];
    case 'paragraph': return [spansText(b.spans)];
    case 'list': return b.items.map(spansText);
    case 'table': return [b.caption, ...b.columns, ...b.rows.flat()];
    case 'fields': return b.rows.flat();
    case 'page_break': return [];
  }
}

/**
 * Title, subtitle and every block's text, newline-separated; the footer is not part of it.
 * @example documentText(doc).replace(/\s+/g, '') === pdfText.replace(/\s+/g, '')
 */
export function documentText(doc: DocumentModel): string {
  return [doc.title, doc.subtitle ?? '', ...doc.blocks.flatMap(blockText)].filter((t) => t !== '').join('\n');
}
