/**
 * A DocumentModel as an A4, tagged PDF. Text is written in embedded Noto fonts, run by run (the
 * CJK fallback for what the Latin font lacks, see pdf-fonts.ts), so Urząd, Ελλάδα, Москва and
 * 東京 print and extract as written. The structure tree follows the model: Document, H1–H4, P,
 * L/LI/Lbl/LBody, Table/Caption/TR/TH/TD (label → value pairs are two-column tables with row
 * headers); footers, page numbers, rules and repeated header rows are artifacts, so the content
 * text is exactly the document's text (documentText). Tables wrap their cells and repeat the
 * header row on every page they cross. Deterministic: the dates are passed in and pdfkit derives
 * the file ID and font subset tags from the content, so the same model and date give the same bytes.
 */
import PDFDocument from 'pdfkit';
import type { Block, DocumentModel, Span } from './document.ts';
import { type Face, fontRuns, latinFont, measurableText, type PdfFont } from './pdf-fonts.ts';

export interface RenderPdfOptions {
  /**
   * CreationDate and ModDate of the file. Defaults to `doc.issuedAt`, else 1970-01-01: never the
   * clock, so output does not depend on when it is rendered.
   */
  date?: Date;
}

type Pdf = InstanceType<typeof PDFDocument>;
type Struct = ReturnType<Pdf['struct']>;

/** One document being drawn: the pdfkit document, the fonts registered in it, the structure root. */
interface Ctx {
  pdf: Pdf;
  registered: Set<string>;
  root: Struct;
}

interface TextStyle {
  size: number;
  lineGap?: number;
  color?: string;
  align?: 'left' | 'right';
}

const MARGIN = { top: 56, bottom: 72, left: 56, right: 56 };
const BODY_SIZE = 10;
const CELL_SIZE = BODY_SIZE - 1;
const HEADING_SIZE: Record<number, number> = { 0: 18, 1: 15, 2: 12.5, 3: 11 };
const CELL_PAD = 4;
const RULE = '#999999';
const LINK = '#1a4fa0';
const SAFE_HREF = /^(https?:\/\/|mailto:)/i;

const faceOf = (s: Pick<Span, 'bold' | 'italic'>): Face => (s.bold && s.italic ? 'boldItalic' : s.bold ? 'bold' : s.italic ? 'italic' : 'regular');
const contentWidth = (pdf: Pdf): number => pdf.page.width - MARGIN.left - MARGIN.right;
const bottomLimit = (pdf: Pdf): number => pdf.page.height - MARGIN.bottom;
/** Line breaks and tabs print as spaces; other control characters not at all. */
const printable = (text: string): string => text.replace(/[\n\t]/g, ' ').replace(/[\u0000-\u001f\u007f-\u009f]/g, '');

function useFont(ctx: Ctx, font: PdfFont, size: number): void {
  if (!ctx.registered.has(font.name)) {
    ctx.pdf.registerFont(font.name, font.bytes);
    ctx.registered.add(font.name);
  }
  ctx.pdf.font(font.name).fontSize(size);
}

/** Height of text wrapped to `width`, measured as pdf-fonts.ts explains. */
function heightOf(ctx: Ctx, text: string, face: Face, style: TextStyle, width: number): number {
  useFont(ctx, latinFont(face), style.size);
  return ctx.pdf.heightOfString(measurableText(printable(text), face) || ' ', { width, lineGap: style.lineGap ?? 0 });
}

function widthOf(ctx: Ctx, text: string, face: Face, size: number): number {
  useFont(ctx, latinFont(face), size);
  return ctx.pdf.widthOfString(measurableText(printable(text), face));
}

/**
 * Writes spans as one wrapped paragraph at (x, y), one pdfkit call per font run, chained with
 * `continued` so the runs wrap as one text.
 */
function writeSpans(ctx: Ctx, spans: Span[], x: number, y: number, width: number, style: TextStyle): void {
  const pdf = ctx.pdf;
  const runs = spans.flatMap((s) => {
    const link = s.href && SAFE_HREF.test(s.href) ? s.href : null;
    return fontRuns(printable(s.text), faceOf(s)).map((r) => ({ ...r, link }));
  }).filter((r) => r.text !== '');
  if (runs.length === 0) return;
  // Every run sits on the Latin font's baseline: pdfkit would otherwise place each font's run by its
  // own ascender, lifting CJK glyphs above the line.
  const latin = latinFont('regular').font;
  const baseline = -(latin.ascent / latin.unitsPerEm) * style.size;
  runs.forEach((r, i) => {
    useFont(ctx, r.font, style.size);
    pdf.fillColor(r.link ? LINK : style.color ?? 'black');
    // Options carry over between continued calls, so the link state is always set explicitly.
    const opts = { width, continued: i < runs.length - 1, link: r.link, underline: r.link !== null, lineGap: style.lineGap ?? 0, align: style.align ?? 'left', baseline };
    if (i === 0) pdf.text(r.text, x, y, opts);
    else pdf.text(r.text, opts);
  });
  pdf.fillColor('black');
}

const plain = (text: string, face: Face = 'regular'): Span[] => [{ text, bold: face === 'bold' || face === 'boldItalic', italic: face === 'italic' || face === 'boldItalic' }];

/** Draws `draw` as the content of a new structure element of `type` under `parent`. */
function tagged(ctx: Ctx, parent: Struct, type: string, draw: () => void, options: { scope?: 'Row' | 'Column' } = {}): void {
  // pdfkit takes `scope` (a TH's /A << /O /Table /Scope >>); its type declarations do not list it yet.
  parent.add(ctx.pdf.struct(type, options as Parameters<Pdf['struct']>[1], draw));
}

/** Draws `draw` as an artifact: layout, page furniture, nothing a reader needs read out. */
function artifact(ctx: Ctx, draw: () => void, type: 'Layout' | 'Pagination' = 'Layout'): void {
  ctx.pdf.markContent('Artifact', { type });
  draw();
  ctx.pdf.endMarkedContent();
}

/** Starts a new page when fewer than `needed` points are left, so a heading never ends a page. */
function ensureRoom(pdf: Pdf, needed: number): void {
  if (pdf.y + needed > bottomLimit(pdf)) pdf.addPage();
  pdf.x = MARGIN.left;
}

/**
 * Column widths: each column's natural width (capped) scaled to the content width, but never
 * narrower than its longest word (capped), so words are not broken mid-way when there is room.
 */
function columnWidths(ctx: Ctx, columns: string[], rows: string[][], total: number): number[] {
  const longestWord = (face: Face, text: string) => Math.max(0, ...text.split(/\s+/).map((w) => widthOf(ctx, w, face, CELL_SIZE)));
  const natural: number[] = [];
  const minimum: number[] = [];
  columns.forEach((c, i) => {
    let w = widthOf(ctx, c, 'bold', CELL_SIZE);
    let word = longestWord('bold', c);
    for (const r of rows) {
      w = Math.max(w, widthOf(ctx, r[i] ?? '', 'regular', CELL_SIZE));
      word = Math.max(word, longestWord('regular', r[i] ?? ''));
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

const CELL_STYLE: TextStyle = { size: CELL_SIZE, lineGap: 1 };

function rowHeight(ctx: Ctx, cells: string[], widths: number[], faces: Face[]): number {
  return Math.max(...cells.map((c, i) => heightOf(ctx, c, faces[i], CELL_STYLE, widths[i] - 2 * CELL_PAD))) + 2 * CELL_PAD;
}

interface RowSpec {
  cells: string[];
  /** Per cell: TH (with its scope) or TD. */
  kinds: Array<{ type: 'TH'; scope: 'Row' | 'Column' } | { type: 'TD' }>;
  shaded: boolean;
}

const facesOf = (row: RowSpec): Face[] => row.kinds.map((k) => (k.type === 'TH' ? 'bold' : 'regular'));

/** One table row; `table` null draws it as an artifact (a header row repeated on a new page). */
function drawRow(ctx: Ctx, table: Struct | null, row: RowSpec, widths: number[]): void {
  const pdf = ctx.pdf;
  const faces = facesOf(row);
  const height = rowHeight(ctx, row.cells, widths, faces);
  const y = pdf.y;
  const total = widths.reduce((a, b) => a + b, 0);
  if (row.shaded) artifact(ctx, () => pdf.rect(MARGIN.left, y, total, height).fill('#e8e8e8'));
  const tr = table ? pdf.struct('TR') : null;
  if (table && tr) table.add(tr);
  let x = MARGIN.left;
  row.cells.forEach((c, i) => {
    const cx = x;
    const draw = () => writeSpans(ctx, plain(c, faces[i]), cx + CELL_PAD, y + CELL_PAD, widths[i] - 2 * CELL_PAD, CELL_STYLE);
    const kind = row.kinds[i];
    if (tr) tagged(ctx, tr, kind.type, draw, kind.type === 'TH' ? { scope: kind.scope } : {});
    else artifact(ctx, draw, 'Pagination');
    x += widths[i];
  });
  tr?.end();
  artifact(ctx, () => {
    let bx = MARGIN.left;
    for (const w of widths) {
      pdf.lineWidth(0.5).strokeColor(RULE).rect(bx, y, w, height).stroke();
      bx += w;
    }
  });
  pdf.x = MARGIN.left;
  pdf.y = y + height;
}

/** A table with its caption; a header row (if any) is repeated as an artifact on every new page. */
function drawTable(ctx: Ctx, parent: Struct, caption: string | null, header: RowSpec | null, rows: RowSpec[], widths: number[]): void {
  const pdf = ctx.pdf;
  const table = pdf.struct('Table');
  parent.add(table);
  const first = rows[0] ? rowHeight(ctx, rows[0].cells, widths, facesOf(rows[0])) : 0;
  ensureRoom(pdf, (caption ? 20 : 0) + (header ? rowHeight(ctx, header.cells, widths, facesOf(header)) : 0) + first);
  if (caption) {
    const y = pdf.y;
    tagged(ctx, table, 'Caption', () => writeSpans(ctx, plain(caption, 'bold'), MARGIN.left, y, contentWidth(pdf), { size: BODY_SIZE }));
    pdf.moveDown(0.3);
  }
  if (header) drawRow(ctx, table, header, widths);
  for (const r of rows) {
    if (pdf.y + rowHeight(ctx, r.cells, widths, facesOf(r)) > bottomLimit(pdf)) {
      pdf.addPage();
      // The header row again, so every page of the table can be read on its own.
      if (header) drawRow(ctx, null, header, widths);
    }
    drawRow(ctx, table, r, widths);
  }
  table.end();
}

function drawBlock(ctx: Ctx, b: Block): void {
  const pdf = ctx.pdf;
  const width = contentWidth(pdf);
  switch (b.kind) {
    case 'heading': {
      pdf.moveDown(0.4);
      ensureRoom(pdf, 60);
      const y = pdf.y;
      tagged(ctx, ctx.root, `H${b.level + 1}`, () => writeSpans(ctx, plain(b.text, 'bold'), MARGIN.left, y, width, { size: HEADING_SIZE[b.level] }));
      pdf.moveDown(0.4);
      return;
    }
    case 'paragraph': {
      ensureRoom(pdf, 24);
      const y = pdf.y;
      tagged(ctx, ctx.root, 'P', () => writeSpans(ctx, b.spans, MARGIN.left, y, width, { size: BODY_SIZE, lineGap: 2 }));
      pdf.moveDown(0.6);
      return;
    }
    case 'list': {
      const list = pdf.struct('L');
      ctx.root.add(list);
      b.items.forEach((item, i) => {
        ensureRoom(pdf, 16);
        const y = pdf.y;
        const li = pdf.struct('LI');
        list.add(li);
        tagged(ctx, li, 'Lbl', () => writeSpans(ctx, plain(b.ordered ? `${i + 1}.` : '•'), MARGIN.left + 6, y, 18, { size: BODY_SIZE }));
        pdf.y = y;
        tagged(ctx, li, 'LBody', () => writeSpans(ctx, item, MARGIN.left + 24, y, width - 24, { size: BODY_SIZE, lineGap: 2 }));
        li.end();
        pdf.moveDown(0.25);
      });
      list.end();
      pdf.x = MARGIN.left;
      pdf.moveDown(0.4);
      return;
    }
    case 'table': {
      const widths = columnWidths(ctx, b.columns, b.rows, width);
      const header: RowSpec = { cells: b.columns, kinds: b.columns.map(() => ({ type: 'TH', scope: 'Column' })), shaded: true };
      const rows = b.rows.map((r): RowSpec => ({ cells: b.columns.map((_, i) => r[i] ?? ''), kinds: b.columns.map(() => ({ type: 'TD' })), shaded: false }));
      drawTable(ctx, ctx.root, b.caption, header, rows, widths);
      pdf.moveDown(0.8);
      return;
    }
    case 'fields': {
      const label = Math.round(width * 0.32);
      const rows = b.rows.map(([k, v]): RowSpec => ({ cells: [k, v], kinds: [{ type: 'TH', scope: 'Row' }, { type: 'TD' }], shaded: false }));
      drawTable(ctx, ctx.root, null, null, rows, [label, width - label]);
      pdf.moveDown(0.6);
      return;
    }
    case 'page_break':
      pdf.addPage();
      return;
  }
}

/** Footer of every page: the document's footer line and "Page n of m", as artifacts. Written once all pages exist. */
function drawFooters(ctx: Ctx, footer: string | null): void {
  const pdf = ctx.pdf;
  const range = pdf.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    pdf.switchToPage(i);
    // Writing below the bottom margin would otherwise start a new page.
    const bottom = pdf.page.margins.bottom;
    pdf.page.margins.bottom = 0;
    const y = pdf.page.height - MARGIN.bottom + 24;
    const width = contentWidth(pdf);
    const style: TextStyle = { size: 7.5, color: '#333333' };
    artifact(ctx, () => {
      pdf.lineWidth(0.5).strokeColor(RULE).moveTo(MARGIN.left, y - 6).lineTo(MARGIN.left + width, y - 6).stroke();
      if (footer) writeSpans(ctx, plain(footer), MARGIN.left, y, width - 90, style);
      writeSpans(ctx, plain(`Page ${i + 1} of ${range.count}`), MARGIN.left + width - 85, y, 85, { ...style, align: 'right' });
    }, 'Pagination');
    pdf.page.margins.bottom = bottom;
  }
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const escapeXml = (s: string) => s.replace(/[&<>"']/g, (c) => XML_ESCAPES[c]);

/**
 * pdfkit writes the Info dictionary first (as PDF strings) and then copies the same values
 * unescaped into the XMP metadata stream, where "&" or "<" in a customer's name would break the
 * XML. The XMP copy gets escaped values; the Info dictionary keeps the real ones.
 */
function escapeXmpMetadata(pdf: Pdf): void {
  const internal = pdf as unknown as { info: Record<string, unknown>; endMetadata: () => void };
  const endMetadata = internal.endMetadata.bind(pdf);
  internal.endMetadata = () => {
    internal.info = Object.fromEntries(Object.entries(internal.info).map(([k, v]) => [k, typeof v === 'string' ? escapeXml(v) : v]));
    endMetadata();
  };
}

/**
 * Renders the document to PDF bytes.
 * @example const bytes = await renderDocumentPdf(doc, { date: new Date(version.publishedAt) });
 */
export function renderDocumentPdf(doc: DocumentModel, opts: RenderPdfOptions = {}): Promise<Buffer> {
  const date = opts.date ?? (doc.issuedAt ? new Date(doc.issuedAt) : new Date(0));
  const info: Record<string, string | Date> = { Title: printable(doc.title), Producer: 'Trustroom', Creator: 'Trustroom', CreationDate: date, ModDate: date };
  if (doc.author) info.Author = printable(doc.author);
  if (doc.subject) info.Subject = printable(doc.subject);
  const pdf = new PDFDocument({
    size: 'A4', margins: MARGIN, bufferPages: true, pdfVersion: '1.7', tagged: true, lang: doc.language, displayTitle: true, info,
  });
  escapeXmpMetadata(pdf);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (c: Buffer) => chunks.push(c));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  const root = pdf.struct('Document');
  pdf.addStructure(root);
  const ctx: Ctx = { pdf, registered: new Set(), root };
  const width = contentWidth(pdf);
  tagged(ctx, root, 'H1', () => writeSpans(ctx, plain(doc.title, 'bold'), MARGIN.left, MARGIN.top, width, { size: HEADING_SIZE[0] }));
  if (doc.subtitle) {
    pdf.moveDown(0.2);
    const y = pdf.y;
    tagged(ctx, root, 'P', () => writeSpans(ctx, plain(doc.subtitle as string), MARGIN.left, y, width, { size: BODY_SIZE + 1, color: '#333333' }));
  }
  pdf.moveDown(1);
  for (const b of doc.blocks) drawBlock(ctx, b);
  root.end();
  drawFooters(ctx, doc.footer);
  pdf.end();
  return done;
}
