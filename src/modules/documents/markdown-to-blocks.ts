/**
 * Markdown (CommonMark + tables, raw HTML off) → document blocks, so a template written in markdown
 * renders through the same HTML and PDF renderers as generated sections. Only what the block model
 * can say survives: headings, paragraphs with bold/italic/links, lists, tables. Nested lists are
 * flattened into their outer list (the PDF has no nesting); code is kept as plain text.
 */
import MarkdownIt from 'markdown-it';
import type { Block, Span } from './document.ts';

type Token = ReturnType<InstanceType<typeof MarkdownIt>['parse']>[number];

const md = new MarkdownIt({ html: false, linkify: false, typographer: false });

export interface MarkdownOptions {
  /** Added to every heading level (then capped at 3): 1 turns "#" into a level-2 heading. */
  headingOffset?: number;
}

/** Inline tokens → spans, merging neighbours of the same style. */
function spansOf(children: Token[] | null): Span[] {
  const spans: Span[] = [];
  let bold = 0;
  let italic = 0;
  let href: string | undefined;
  const push = (text: string) => {
    if (text === '') return;
    const s: Span = { text };
    if (bold > 0) s.bold = true;
    if (italic > 0) s.italic = true;
    if (href) s.href = href;
    const last = spans.at(-1);
    if (last && last.bold === s.bold && last.italic === s.italic && last.href === s.href) last.text += text;
    else spans.push(s);
  };
  for (const t of children ?? []) {
    switch (t.type) {
      case 'text': case 'code_inline': push(t.content); break;
      case 'softbreak': case 'hardbreak': push(' '); break;
      case 'strong_open': bold++; break;
      case 'strong_close': bold--; break;
      case 'em_open': italic++; break;
      case 'em_close': italic--; break;
      case 'link_open': {
        const target = String(t.attrGet('href') ?? '');
        // Only absolute web and mail links are kept; anything else stays as its text.
        href = /^(https?:\/\/|mailto:)/i.test(target) ? target : undefined;
        break;
      }
      case 'link_close': href = undefined; break;
      case 'image': push(t.content); break;
      default: break;
    }
  }
  return spans;
}

const textOf = (spans: Span[]): string => spans.map((s) => s.text).join('').trim();

/**
 * Parses markdown into blocks.
 * @example markdownToBlocks('# Scope\n\nThe **processor** …', { headingOffset: 1 })
 */
export function markdownToBlocks(source: string, opts: MarkdownOptions = {}): Block[] {
  const tokens = md.parse(source, {});
  const blocks: Block[] = [];
  const offset = opts.headingOffset ?? 0;
  // The outermost open list and its items; nested lists add to it.
  let list: { ordered: boolean; items: Span[][] } | null = null;
  let listDepth = 0;
  let item: Span[] | null = null;
  const openItems: Array<Span[]> = [];
  let table: { columns: string[]; rows: string[][]; row: string[] | null; inHead: boolean } | null = null;

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    switch (t.type) {
      case 'heading_open': {
        const level = Math.min(3, Math.max(1, Number(t.tag.slice(1)) + offset)) as 1 | 2 | 3;
        blocks.push({ kind: 'heading', level, text: textOf(spansOf(tokens[i + 1].children)) });
        i += 2;
        break;
      }
      case 'bullet_list_open': case 'ordered_list_open':
        if (listDepth === 0) list = { ordered: t.type === 'ordered_list_open', items: [] };
        listDepth++;
        break;
      case 'bullet_list_close': case 'ordered_list_close':
        listDepth--;
        if (listDepth === 0 && list) {
          blocks.push({ kind: 'list', ordered: list.ordered, items: list.items.filter((it) => it.length > 0) });
          list = null;
        }
        break;
      case 'list_item_open':
        item = [];
        openItems.push(item);
        list?.items.push(item);
        break;
      case 'list_item_close':
        openItems.pop();
        item = openItems.at(-1) ?? null;
        break;
      case 'table_open': table = { columns: [], rows: [], row: null, inHead: false }; break;
      case 'thead_open': if (table) table.inHead = true; break;
      case 'thead_close': if (table) table.inHead = false; break;
      case 'tr_open': if (table) table.row = []; break;
      case 'tr_close':
        if (table?.row) {
          if (table.inHead) table.columns = table.row;
          else table.rows.push(table.row);
          table.row = null;
        }
        break;
      case 'table_close':
        if (table) {
          const width = table.columns.length;
          const rows = table.rows.map((r) => Array.from({ length: width }, (_, c) => r[c] ?? ''));
          blocks.push({ kind: 'table', caption: '', columns: table.columns, rows });
          table = null;
        }
        break;
      case 'inline': {
        const spans = spansOf(t.children);
        if (table?.row) table.row.push(textOf(spans));
        else if (item) {
          // A second paragraph in the same item starts a new item (flattened).
          if (item.length > 0) {
            item = [];
            list?.items.push(item);
          }
          item.push(...spans);
        } else if (spans.length > 0) blocks.push({ kind: 'paragraph', spans });
        break;
      }
      case 'fence': case 'code_block':
        blocks.push({ kind: 'paragraph', spans: [{ text: t.content.trimEnd() }] });
        break;
      default:
        break;
    }
  }
  // A markdown table has no caption; name it after the heading above it, for screen readers.
  let lastHeading = '';
  for (const b of blocks) {
    if (b.kind === 'heading') lastHeading = b.text;
    if (b.kind === 'table' && !b.caption) b.caption = lastHeading || 'Table';
  }
  return blocks;
}
