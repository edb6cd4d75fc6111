/**
 * Markdown and plain text: ATX/setext headings, bold-only lines as headings, pipe tables (with or
 * without a separator line and outer pipes), bullet and numbered lists, paragraphs.
 */
import { cleanLines, cleanText } from './clean-text.ts';
import { MAX_COLUMNS } from './blocks.ts';
import type { FlowItem } from './flow.ts';
import { parseHtml } from './parse-html.ts';

const BULLET = /^\s{0,6}(?:[-*+•·]|\d{1,3}[.)])\s+(.*)$/;
const SEPARATOR = /^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/;
const ATX = /^ {0,3}(#{1,6})[ \t]+(.*)$/;
const BOLD_LINE = /^\s*(\*\*|__)([^*_]{1,100})\1\s*:?\s*$/;

function splitRow(line: string): string[] {
  let s = line.trim();
  if (s.startsWith('|')) s = s.slice(1);
  if (s.endsWith('|') && !s.endsWith('\\|')) s = s.slice(0, -1);
  // Pipes inside links or escaped stay in their cell.
  const cells: string[] = [];
  let cur = '';
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\\' && s[i + 1] === '|') {
      cur += '|';
      i++;
    } else if (c === '[') depth++, (cur += c);
    else if (c === ']') (depth = Math.max(0, depth - 1)), (cur += c);
    else if (c === '|' && depth === 0) cells.push(cur), (cur = '');
    else cur += c;
  }
  cells.push(cur);
  return cells.map((c) => c.trim());
}

const isTableLine = (line: string) => (line.match(/\|/g)?.length ?? 0) >= (line.trim().startsWith('|') ? 2 : 1) && !BULLET.test(line);

/** Text before the first of " - ", " – ", ": " etc. is the lead when marked bold or linked. */
function listItem(raw: string): { lead: string | null; text: string } {
  const m = /^\s*(?:\*\*|__)(.+?)(?:\*\*|__)\s*(.*)$/.exec(raw) ?? /^\s*\[([^\]]+)\]\([^)]*\)\s*(.*)$/.exec(raw);
  if (m) return { lead: cleanText(m[1]).replace(/[:\-–—]\s*$/, '').trim(), text: cleanText(m[2]).replace(/^[:\-–—|]\s*/, '') };
  return { lead: null, text: cleanText(raw) };
}

/** Raw HTML in markdown (Jekyll, GitBook, Docusaurus) is read by the HTML reader: tables and lists
 * up to their closing tag, headings and paragraphs up to the next blank line. */
const HTML_BLOCK_START = /^\s{0,3}<(table|ul|ol|dl)\b/i;
const HTML_LEAF_START = /^\s{0,3}<(h[1-6]|p)\b/i;
/** A line that only opens or closes a wrapper (`<div class="table-wrapper" markdown="1">`). */
const HTML_WRAPPER_LINE = /^\s{0,3}<\/?(div|section|figure|article|main|span|center|details|summary)\b[^<>]{0,500}>\s*$/i;
/** Jekyll/GitBook template tags and kramdown attribute lines: markup, never content. */
const TEMPLATE_LINE = /^\s*(\{%[^\n]{0,500}%\}|\{:[^\n]{0,500}\})\s*$/;
const MAX_HTML_BLOCK_LINES = 5000;

/**
 * The end (exclusive line index) of the raw HTML block opening at `start` with `<tag`: where the
 * tag closes, else after MAX_HTML_BLOCK_LINES lines (so that the scan stays linear on junk).
 */
function htmlBlockEnd(lines: string[], start: number, tag: string): number {
  const open = new RegExp(`<${tag}\\b`, 'gi');
  const close = new RegExp(`</${tag}\\s*>`, 'gi');
  let depth = 0;
  const limit = Math.min(lines.length, start + MAX_HTML_BLOCK_LINES);
  for (let j = start; j < limit; j++) {
    depth += (lines[j].match(open)?.length ?? 0) - (lines[j].match(close)?.length ?? 0);
    if (depth <= 0) return j + 1;
  }
  return limit;
}

/** Drops YAML front matter ("---" … "---" at the very top): page settings, not content. */
function withoutFrontMatter(text: string): string {
  if (!/^---[ \t]*\n/.test(text)) return text;
  const end = text.indexOf('\n---', 4);
  if (end === -1 || end > 20_000) return text;
  const after = text.indexOf('\n', end + 4);
  return after === -1 ? '' : text.slice(after + 1);
}

export function parseMarkdown(text: string): FlowItem[] {
  const lines = withoutFrontMatter(text.replace(/\r\n?/g, '\n')).split('\n');
  const flow: FlowItem[] = [];
  let para: string[] = [];
  const flushPara = () => {
    if (para.length) {
      // "**Name** details" or "**Name**" with details on the next line: a vendor as a paragraph.
      const lead = /^\s*(?:\*\*|__)([^*_]{1,100})(?:\*\*|__)\s*(.*)$/s.exec(para.join('\n'));
      if (lead && lead[2].trim() && !/:\s*$/.test(lead[1]) && !lead[2].trimStart().startsWith(':')) flow.push({ kind: 'paragraph', lead: cleanText(lead[1]).replace(/[:\-–—]\s*$/, ''), text: cleanText(lead[2]).replace(/^[:\-–—|]\s*/, '') });
      else {
        const t = cleanText(para.join(' '));
        if (t) flow.push({ kind: 'paragraph', text: t });
      }
      para = [];
    }
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!line.trim() || TEMPLATE_LINE.test(line) || (line.length < 600 && HTML_WRAPPER_LINE.test(line))) {
      flushPara();
      continue;
    }
    const html = HTML_BLOCK_START.exec(line) ?? (para.length === 0 ? HTML_LEAF_START.exec(line) : null);
    if (html) {
      flushPara();
      let end = i + 1;
      if (/^(table|ul|ol|dl)$/i.test(html[1])) end = htmlBlockEnd(lines, i, html[1]);
      else while (end < lines.length && lines[end].trim()) end++;
      flow.push(...parseHtml(lines.slice(i, end).join('\n')));
      i = end - 1;
      continue;
    }
    // Long lines are never headings; skipping them keeps the heading pattern linear.
    const atx = line.length < 500 ? ATX.exec(line) : null;
    if (atx) {
      flushPara();
      // Closing hashes ("## Title ##") are trimmed by hand: a regex doing it backtracks.
      let title = atx[2].trimEnd();
      while (title.endsWith('#')) title = title.slice(0, -1);
      flow.push({ kind: 'heading', level: atx[1].length, text: cleanText(title) });
      continue;
    }
    const next = lines[i + 1] ?? '';
    if (para.length === 0 && /^\s{0,3}(=+|-+)\s*$/.test(next) && !isTableLine(line) && !BULLET.test(line)) {
      flow.push({ kind: 'heading', level: next.trim().startsWith('=') ? 1 : 2, text: cleanText(line) });
      i++;
      continue;
    }
    const bold = BOLD_LINE.exec(line);
    // A bold-only line above a table or list, or standing alone, acts as a heading.
    if (bold && para.length === 0 && (isTableLine(next) || BULLET.test(next) || !next.trim())) {
      flow.push({ kind: 'heading', level: 4, text: cleanText(bold[2]) });
      continue;
    }
    if (isTableLine(line) && !SEPARATOR.test(line)) {
      flushPara();
      const rows: string[][] = [];
      let markedHeader = false;
      let j = i;
      for (; j < lines.length && lines[j].trim() && (isTableLine(lines[j]) || SEPARATOR.test(lines[j])); j++) {
        if (SEPARATOR.test(lines[j])) {
          if (rows.length === 1) markedHeader = true;
          continue;
        }
        rows.push(splitRow(lines[j]).slice(0, MAX_COLUMNS).map(cleanLines));
      }
      // A lone line with one pipe is prose, not a table.
      if (rows.length >= 2 || markedHeader) {
        flow.push({ kind: 'table', rows, markedHeader });
        i = j - 1;
        continue;
      }
      para.push(line);
      continue;
    }
    const bullet = BULLET.exec(line);
    if (bullet) {
      flushPara();
      const items: Array<{ lead: string | null; text: string }> = [];
      let j = i;
      while (j < lines.length) {
        const b = BULLET.exec(lines[j]);
        if (!b) break;
        let body = b[1];
        j++;
        // Continuation lines (indented, or plain text right below) belong to the item.
        while (j < lines.length && lines[j].trim() && !BULLET.test(lines[j]) && !ATX.test(lines[j]) && !isTableLine(lines[j])) body += `\n${lines[j].trim()}`, j++;
        const [first, ...rest] = body.split('\n');
        const item = listItem(first);
        const more = cleanText(rest.join(' '));
        items.push({ lead: item.lead, text: [item.text, more].filter(Boolean).join(' ') });
        while (j < lines.length && !lines[j].trim() && BULLET.test(lines[j + 1] ?? '')) j++;
      }
      flow.push({ kind: 'list', items });
      i = j - 1;
      continue;
    }
    para.push(line);
  }
  flushPara();
  return flow;
}
