/**
 * A DocumentModel as an A4 PDF with pdfkit's built-in Helvetica (no font files to ship, text stays
 * extractable). Tables wrap their cells and repeat the header row on every page they cross; each
 * page's footer carries `doc.footer` and "Page n of m". Deterministic: the dates are passed in and
 * pdfkit derives the file ID from them, so the same model and date give the same bytes.
 */
import PDFDocument from 'pdfkit';
import type { Block, DocumentModel, Span } from './document.ts';

export interface RenderPdfOptions {
  /**
   * CreationDate and ModDate of the file. Defaults to `doc.issuedAt`, else 1970-01-01: never the
   * clock, so output does not depend on when it is rendered.
   */
  date?: Date;
}

type Pdf = InstanceType<typeof PDFDocument>;

const MARGIN = { top: 56, bottom: 72, left: 56, right: 56 };
const FONT = { regular: 'Helvetica', bold: 'Helvetica-Bold', italic: 'Helvetica-Oblique', boldItalic: 'Helvetica-BoldOblique' };
const BODY_SIZE = 10;
const HEADING_SIZE: Record<number, number> = { 0: 18, 1: 15, 2: 12.5, 3: 11 };
const CELL_PAD = 4;
const RULE = '#999999';

// The standard fonts encode text as WinAnsi: Latin-1 plus these code points. Anything else would
// be written as garbage, so it is transliterated (é from e + ́) or replaced by "?".
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
// Letters with a stroke do not decompose under NFKD.
const STROKED: Record<string, string> = { 'Ł': 'L', 'ł': 'l', 'Đ': 'D', 'đ': 'd', 'Ħ': 'H', 'ħ': 'h', 'ı': 'i' };

/** Text the built-in fonts can show. */
export function toWinAnsi(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if ((code >= 0x20 && code < 0x7f) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(ch)) out += ch;
    else if (ch === '\n' || ch === '\t') out += ' ';
    else if (code < 0x20 || (code >= 0x7f && code < 0xa0)) continue;
    else {
      const plain = STROKED[ch] ?? ch.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
      out += /^[\x20-\x7e\xa0-\xff]+$/.test(plain) ? plain : '?';
    }
  }
  return out;
}

const fontFor = (s: Span): string => (s.bold && s.italic ? FONT.boldItalic : s.bold ? FONT.bold : s.italic ? FONT.italic : FONT.regular);
const contentWidth = (pdf: Pdf): number => pdf.page.width - MARGIN.left - MARGIN.right;
const bottomLimit = (pdf: Pdf): number => pdf.page.height - MARGIN.bottom;

/** Starts a new page when fewer than `needed` points are left, so a heading never ends a page. */
function ensureRoom(pdf: Pdf, needed: number): void {
  if (pdf.y + needed > bottomLimit(pdf)) pdf.addPage();
  pdf.x = MARGIN.left;
}

/** Writes spans as one wrapped paragraph starting at (x, current y). */
function writeSpans(pdf: Pdf, spans: Span[], x: number, width: number): void {
  const parts = spans.filter((s) => s.text !== '');
  if (parts.length === 0) return;
  pdf.x = x;
  parts.forEach((s, i) => {
    const link = s.href && /^(https?:\/\/|mailto:)/i.test(s.href) ? s.href : null;
    pdf.font(fontFor(s)).fontSize(BODY_SIZE).fillColor(link ? '#1a4fa0' : 'black');
    // Options carry over between continued calls, so the link state is always set explicitly.
    const opts = { width, continued: i < parts.length - 1, link, underline: link !== null, lineGap: 2 };
    if (i === 0) pdf.text(toWinAnsi(s.text), x, pdf.y, opts);
    else pdf.text(toWinAnsi(s.text), opts);
  });
  pdf.fillColor('black');
}

/**
 * Column widths: each column's natural width (capped) scaled to the content width, but never
 * narrower than its longest word (capped), so words are not broken mid-way when there is room.
 */
function columnWidths(pdf: Pdf, columns: string[], rows: string[][], total: number): number[] {
  const measure = (font: string, text: string) => pdf.font(font).fontSize(BODY_SIZE - 1).widthOfString(toWinAnsi(text));
  const longestWord = (font: string, text: string) => Math.max(0, ...text.split(/\s+/).map((w) => measure(font, w)));
  const natural: number[] = [];
  const minimum: number[] = [];
  columns.forEach((c, i) => {
    let w = measure(FONT.bold, c);
    let word = longestWord(FONT.bold, c);
    for (const r of rows) {
      w = Math.max(w, measure(FONT.regular, r[i] ?? ''));
      word = Math.max(word, longestWord(FONT.regular, r[i] ?? ''));
    }
    natural.push(Math.min(Math.max(w + 2 * CELL_PAD, 40), 220));
    minimum.push(Math.min(word + 2 * CELL_PAD + 1, 110));
  });
  const sum = natural.reduce((a, b) => a + b, 0);
  const widths = natural.map((w) => (w / sum) * total);
  // Raise narrow columns to their minimum, taking the room from the columns above theirs.
  for (let pass = 0; pass < 3; pass++) {
    const short = widths.reduce((acc, w, i) => acc + Math.max(0, minimum[i] - w), 0);
    const spare = widths.reduce((acc, w, i) => acc + Math.max(0, w - minimum[i]), 0);
    if (short <= 0.01 || spare <= 0) break;
    const take = Math.min(1, short / spare);
    for (let i = 0; i < widths.length; i++) {
      widths[i] = widths[i] < minimum[i] ? minimum[i] : widths[i] - (widths[i] - minimum[i]) * take;
    }
  }
  const scale = total / widths.reduce((a, b) => a + b, 0);
  return widths.map((w) => w * scale);
}

function rowHeight(pdf: Pdf, cells: string[], widths: number[], font: string): number {
  pdf.font(font).fontSize(BODY_SIZE - 1);
  return Math.max(...cells.map((c, i) => pdf.heightOfString(toWinAnsi(c) || ' ', { width: widths[i] - 2 * CELL_PAD, lineGap: 1 }))) + 2 * CELL_PAD;
}

function drawRow(pdf: Pdf, cells: string[], widths: number[], font: string, header: boolean): void {
  const height = rowHeight(pdf, cells, widths, font);
  const y = pdf.y;
  let x = MARGIN.left;
  if (header) pdf.rect(MARGIN.left, y, widths.reduce((a, b) => a + b, 0), height).fill('#e8e8e8');
  pdf.fillColor('black').font(font).fontSize(BODY_SIZE - 1);
  cells.forEach((c, i) => {
    pdf.text(toWinAnsi(c), x + CELL_PAD, y + CELL_PAD, { width: widths[i] - 2 * CELL_PAD, lineGap: 1 });
    pdf.lineWidth(0.5).strokeColor(RULE).rect(x, y, widths[i], height).stroke();
    x += widths[i];
  });
  pdf.x = MARGIN.left;
  pdf.y = y + height;
}

function drawTable(pdf: Pdf, b: Extract<Block, { kind: 'table' }>): void {
  const widths = columnWidths(pdf, b.columns, b.rows, contentWidth(pdf));
  const headerHeight = rowHeight(pdf, b.columns, widths, FONT.bold);
  const firstRow = b.rows[0] ? rowHeight(pdf, b.rows[0], widths, FONT.regular) : 0;
  ensureRoom(pdf, 20 + headerHeight + firstRow);
  pdf.font(FONT.bold).fontSize(BODY_SIZE).text(toWinAnsi(b.caption), MARGIN.left, pdf.y, { width: contentWidth(pdf) });
  pdf.moveDown(0.3);
  drawRow(pdf, b.columns, widths, FONT.bold, true);
  for (const r of b.rows) {
    const cells = b.columns.map((_, i) => r[i] ?? '');
    if (pdf.y + rowHeight(pdf, cells, widths, FONT.regular) > bottomLimit(pdf)) {
      pdf.addPage();
      // The header row again, so every page of the table can be read on its own.
      drawRow(pdf, b.columns, widths, FONT.bold, true);
    }
    drawRow(pdf, cells, widths, FONT.regular, false);
  }
  pdf.moveDown(0.8);
}

function drawFields(pdf: Pdf, rows: Array<[string, string]>): void {
  const labelWidth = Math.round(contentWidth(pdf) * 0.32);
  const valueWidth = contentWidth(pdf) - labelWidth - 8;
  for (const [label, value] of rows) {
    pdf.font(FONT.bold).fontSize(BODY_SIZE);
    const hl = pdf.heightOfString(toWinAnsi(label), { width: labelWidth });
    pdf.font(FONT.regular);
    const hv = pdf.heightOfString(toWinAnsi(value) || ' ', { width: valueWidth });
    ensureRoom(pdf, Math.max(hl, hv) + 4);
    const y = pdf.y;
    pdf.font(FONT.bold).text(toWinAnsi(label), MARGIN.left, y, { width: labelWidth });
    pdf.font(FONT.regular).text(toWinAnsi(value), MARGIN.left + labelWidth + 8, y, { width: valueWidth });
    pdf.x = MARGIN.left;
    pdf.y = y + Math.max(hl, hv) + 4;
  }
  pdf.moveDown(0.6);
}

function drawBlock(pdf: Pdf, b: Block): void {
  const width = contentWidth(pdf);
  switch (b.kind) {
    case 'heading':
      pdf.moveDown(0.4);
      ensureRoom(pdf, 60);
      pdf.font(FONT.bold).fontSize(HEADING_SIZE[b.level]).text(toWinAnsi(b.text), MARGIN.left, pdf.y, { width });
      pdf.moveDown(0.4);
      return;
    case 'paragraph':
      ensureRoom(pdf, 24);
      writeSpans(pdf, b.spans, MARGIN.left, width);
      pdf.moveDown(0.6);
      return;
    case 'list':
      b.items.forEach((item, i) => {
        ensureRoom(pdf, 16);
        const y = pdf.y;
        pdf.font(FONT.regular).fontSize(BODY_SIZE).text(b.ordered ? `${i + 1}.` : '•', MARGIN.left + 6, y, { width: 18, lineBreak: false });
        pdf.y = y;
        writeSpans(pdf, item, MARGIN.left + 24, width - 24);
        pdf.moveDown(0.25);
      });
      pdf.x = MARGIN.left;
      pdf.moveDown(0.4);
      return;
    case 'table':
      drawTable(pdf, b);
      return;
    case 'fields':
      drawFields(pdf, b.rows);
      return;
    case 'page_break':
      pdf.addPage();
      return;
  }
}

/** Footer of every page: the document's footer line and "Page n of m". Written once all pages exist. */
function drawFooters(pdf: Pdf, footer: string | null): void {
  const range = pdf.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    pdf.switchToPage(i);
    // Writing below the bottom margin would otherwise start a new page.
    const bottom = pdf.page.margins.bottom;
    pdf.page.margins.bottom = 0;
    const y = pdf.page.height - MARGIN.bottom + 24;
    const width = contentWidth(pdf);
    pdf.lineWidth(0.5).strokeColor(RULE).moveTo(MARGIN.left, y - 6).lineTo(MARGIN.left + width, y - 6).stroke();
    pdf.font(FONT.regular).fontSize(7.5).fillColor('#333333');
    if (footer) pdf.text(toWinAnsi(footer), MARGIN.left, y, { width: width - 90, lineBreak: true, height: 30 });
    pdf.text(`Page ${i + 1} of ${range.count}`, MARGIN.left + width - 85, y, { width: 85, align: 'right', lineBreak: false });
    pdf.page.margins.bottom = bottom;
  }
}

/**
 * Renders the document to PDF bytes.
 * @example const bytes = await renderDocumentPdf(doc, { date: new Date(version.publishedAt) });
 */
export function renderDocumentPdf(doc: DocumentModel, opts: RenderPdfOptions = {}): Promise<Buffer> {
  const date = opts.date ?? (doc.issuedAt ? new Date(doc.issuedAt) : new Date(0));
  const pdf = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    bufferPages: true,
    lang: doc.language,
    displayTitle: true,
    info: { Title: toWinAnsi(doc.title), Producer: 'Trustroom', Creator: 'Trustroom', CreationDate: date, ModDate: date },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (c: Buffer) => chunks.push(c));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  pdf.font(FONT.bold).fontSize(HEADING_SIZE[0]).text(toWinAnsi(doc.title), MARGIN.left, MARGIN.top, { width: contentWidth(pdf) });
  if (doc.subtitle) pdf.moveDown(0.2).font(FONT.regular).fontSize(BODY_SIZE + 1).fillColor('#333333').text(toWinAnsi(doc.subtitle)).fillColor('black');
  pdf.moveDown(1);
  for (const b of doc.blocks) drawBlock(pdf, b);
  drawFooters(pdf, doc.footer);
  pdf.end();
  return done;
}
