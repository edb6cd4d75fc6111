/**
 * HTML pages: the content in document order, without navigation, headers, footers, scripts,
 * forms and cookie banners. Tables (header in <thead>, <th> or the first row), lists, definition
 * lists, headings and paragraphs become the flow.
 */
import * as cheerio from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { cleanLines, cleanText } from './clean-text.ts';
import { MAX_COLUMNS } from './blocks.ts';
import type { FlowItem } from './flow.ts';

const SKIP = new Set(['script', 'style', 'noscript', 'template', 'svg', 'iframe', 'nav', 'footer', 'form', 'button', 'select', 'head', 'aside', 'canvas', 'video', 'audio', 'picture', 'img', 'input', 'textarea']);
const NOISE = /(^|[\s_-])(cookie|consent|gdpr-banner|newsletter|breadcrumb|skip-link|site-header|site-footer|navbar|menu|sidebar|social|share)([\s_-]|$)/i;
const BLOCK_TEXT = new Set(['p', 'blockquote', 'dd', 'dt', 'pre', 'address', 'figcaption', 'caption', 'summary']);

type $ = cheerio.CheerioAPI;

/** Text of an element with <br> and block ends as line breaks (`lines`) or spaces. */
function textOf($: $, el: AnyNode, lines = false): string {
  const parts: string[] = [];
  const visit = (n: AnyNode, depth = 0) => {
    if (depth > 200) return; // deeply nested junk: stop rather than overflow the stack
    if (n.type === 'text') parts.push((n as unknown as { data: string }).data);
    else if (n.type === 'tag') {
      const tag = (n as Element).tagName;
      if (SKIP.has(tag) && tag !== 'img') return;
      if (tag === 'br') parts.push(lines ? '\n' : ' ');
      for (const c of (n as Element).children) visit(c, depth + 1);
      if (/^(p|div|li|td|th|h[1-6]|tr|dd|dt)$/.test(tag)) parts.push(lines ? '\n' : ' ');
    }
  };
  visit(el);
  return lines ? cleanLines(parts.join('')) : cleanText(parts.join(''));
}

function isNoise(el: Element): boolean {
  const a = el.attribs ?? {};
  const role = a.role ?? '';
  if (/^(navigation|banner|contentinfo|dialog|alertdialog|search|menu)$/.test(role)) return true;
  if (a['aria-hidden'] === 'true' || 'hidden' in a) return true;
  return NOISE.test(`${a.id ?? ''} ${a.class ?? ''}`);
}

const tags = (el: Element, names: RegExp): Element[] => el.children.filter((c): c is Element => c.type === 'tag' && names.test((c as Element).tagName));

/** The rows of a table and of its own row groups, by walking children: no selector engine. */
function tableRows(table: Element): Element[] {
  return tags(table, /^(thead|tbody|tfoot|tr)$/).flatMap((c) => (c.tagName === 'tr' ? [c] : tags(c, /^tr$/)));
}

/** True when `el` holds a table below it (depth-limited, stops at the first one). */
function holdsTable(el: Element, depth = 0): boolean {
  if (depth > 60) return false;
  return el.children.some((c) => c.type === 'tag' && ((c as Element).tagName === 'table' || holdsTable(c as Element, depth + 1)));
}

function readTable($: $, table: Element): FlowItem {
  const rows: string[][] = [];
  let markedHeader = tags(table, /^thead$/).length > 0;
  tableRows(table).forEach((tr, i) => {
    const cells = tags(tr, /^(th|td)$/).slice(0, MAX_COLUMNS);
    if (cells.length === 0) return;
    if (i === 0 && cells.every((c) => c.tagName === 'th')) markedHeader = true;
    const row: string[] = [];
    for (const c of cells) {
      const text = textOf($, c, true);
      const span = Math.min(Number(c.attribs.colspan ?? 1) || 1, 20);
      row.push(text);
      for (let k = 1; k < span; k++) row.push('');
    }
    rows.push(row);
  });
  return { kind: 'table', rows, markedHeader };
}

function readList($: $, list: Element): FlowItem {
  const items = tags(list, /^li$/).map((li) => {
    const first = $(li).children().first()[0] as Element | undefined;
    const startsWithLead = first && /^(strong|b|a|h[1-6]|em)$/.test(first.tagName) && $(li).text().trim().startsWith($(first).text().trim());
    const lead = startsWithLead ? cleanText($(first).text()).replace(/[:\-–—]\s*$/, '') : null;
    const all = textOf($, li);
    const text = lead && all.startsWith(lead) ? all.slice(lead.length).replace(/^\s*[:\-–—|]\s*/, '').trim() : all;
    return { lead: lead || null, text };
  });
  return { kind: 'list', items };
}

function readDefinitions($: $, dl: Element): FlowItem {
  const entries: Array<{ name: string; text: string }> = [];
  for (const child of tags(dl, /^(dt|dd)$/)) {
    if (child.tagName === 'dt') entries.push({ name: textOf($, child), text: '' });
    else if (entries.length) entries[entries.length - 1].text = `${entries[entries.length - 1].text} ${textOf($, child)}`.trim();
  }
  return { kind: 'definitions', entries };
}

export function parseHtml(text: string): FlowItem[] {
  // htmlparser2 rather than parse5: linear on deeply nested junk, where parse5 is quadratic.
  const $ = cheerio.load(text, { xml: { xmlMode: false, decodeEntities: true } });
  const flow: FlowItem[] = [];
  const walk = (node: AnyNode, depth: number) => {
    if (depth > 200) return; // deeply nested junk: stop descending rather than overflow
    if (node.type === 'text') {
      const t = cleanText((node as unknown as { data: string }).data);
      if (t.length > 1 && node.parent && (node.parent as Element).tagName !== 'body') flow.push({ kind: 'paragraph', text: t });
      return;
    }
    if (node.type !== 'tag' && node.type !== 'root') return;
    const el = node as Element;
    const tag = el.tagName;
    if (tag && (SKIP.has(tag) || (tag === 'header' && depth < 6) || isNoise(el))) return;
    if (tag && /^h[1-6]$/.test(tag)) {
      const t = textOf($, el);
      if (t) flow.push({ kind: 'heading', level: Number(tag[1]), text: t });
      return;
    }
    if (tag === 'table') {
      // A layout table holding a data table: read the inner one.
      if (holdsTable(el)) return el.children.forEach((c) => walk(c, depth + 1));
      flow.push(readTable($, el));
      return;
    }
    if (tag === 'ul' || tag === 'ol') {
      flow.push(readList($, el));
      return;
    }
    if (tag === 'dl') {
      flow.push(readDefinitions($, el));
      return;
    }
    if (tag && BLOCK_TEXT.has(tag)) {
      const t = textOf($, el);
      if (!t) return;
      // "<p><strong>Name</strong><br>details</p>": a vendor written as a paragraph with a bold lead.
      const first = $(el).children().first()[0] as Element | undefined;
      const lead = first && /^(strong|b)$/.test(first.tagName) && t.startsWith(cleanText($(first).text())) ? cleanText($(first).text()) : null;
      // A bold label ("Nature of processing:") starts a field, not a vendor.
      const isLabel = !!lead && (/:\s*$/.test(lead) || t.slice(lead.length).trimStart().startsWith(':'));
      if (lead && !isLabel && lead.length <= 100 && lead !== t) flow.push({ kind: 'paragraph', text: t.slice(lead.length).replace(/^\s*[:\-–—|]\s*/, '').trim(), lead });
      else flow.push({ kind: 'paragraph', text: t });
      return;
    }
    for (const c of el.children ?? []) walk(c, depth + 1);
  };
  walk($.root()[0], 0);
  return flow;
}
