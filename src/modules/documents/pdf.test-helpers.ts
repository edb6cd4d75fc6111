/**
 * Reading a generated PDF back in tests: its content text (what is tagged as content, without
 * artifacts and list labels) and whether its structure tree is there.
 */
import { getDocumentProxy } from 'unpdf';

interface TextItem { str?: string; hasEOL?: boolean; type?: string; tag?: string }

/**
 * The text of every page as pdf.js reads it, skipping marked content tagged Artifact (footers,
 * page numbers, rules, repeated header rows) or Lbl (list bullets and numbers).
 */
export async function pdfContentText(bytes: Uint8Array): Promise<string> {
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  let out = '';
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    const content = await page.getTextContent({ includeMarkedContent: true });
    const stack: string[] = [];
    for (const item of content.items as TextItem[]) {
      if (item.type === 'beginMarkedContent' || item.type === 'beginMarkedContentProps') stack.push(item.tag ?? '');
      else if (item.type === 'endMarkedContent') stack.pop();
      else if (!stack.some((t) => t === 'Artifact' || t === 'Lbl')) out += (item.str ?? '') + (item.hasEOL ? '\n' : '');
    }
    out += '\n';
  }
  return out;
}

/** Text without any whitespace: pdf.js spaces runs by position, so only the characters are compared. */
export const withoutSpaces = (s: string): string => s.replace(/\s+/g, '');
