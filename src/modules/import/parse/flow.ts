/**
 * A document read in order as a flow of headings, paragraphs, tables and lists; the markdown and
 * HTML readers produce it, and `assembleBlocks` turns it into blocks with their sections, finding
 * "one heading per vendor followed by a paragraph" runs on the way.
 */
import type { Block, EntryBlock, ListBlock, TableBlock } from './blocks.ts';

export type FlowItem =
  | { kind: 'heading'; level: number; text: string }
  | { kind: 'paragraph'; text: string; lead?: string | null }
  | { kind: 'table'; rows: string[][]; markedHeader: boolean }
  | { kind: 'list'; items: ListBlock['items'] }
  | { kind: 'definitions'; entries: Array<{ name: string; text: string }> };

const MAX_VENDOR_HEADING = 80;

/** Headings that introduce a document part rather than name a vendor. */
const STRUCTURAL = /\b(data|rights?|retention|transfers?|legal|basis|cookies?|security|questions?|policy|terms|children|your|we|us)\b|entities|sub-?processors?|sub-?contractors?|vendors?|third[- ]part|infrastructure|affiliates?|list|overview|introduction|changes|updates|contact|definitions?|purpose|scope|table of contents|services|providers?|processors?|category|categories|our |how |what |why |who |where /i;

export function assembleBlocks(flow: FlowItem[]): Block[] {
  const blocks: Block[] = [];
  let section: string | null = null;
  let stack: Array<{ level: number; text: string }> = [];
  const context = () => stack.map((h) => h.text);
  for (let i = 0; i < flow.length; i++) {
    const item = flow[i];
    if (item.kind === 'heading') {
      // A run of sibling headings, each followed only by paragraphs, is a list of vendors.
      const run = vendorRun(flow, i);
      if (run) {
        blocks.push({ type: 'entries', section, context: context(), entries: run.entries });
        i = run.end - 1;
        continue;
      }
      if (!item.text) continue;
      stack = [...stack.filter((h) => h.level < item.level), { level: item.level, text: item.text }];
      section = item.text;
      continue;
    }
    // Consecutive paragraphs that each start with a bold name are a list written as paragraphs.
    if (item.kind === 'paragraph' && item.lead) {
      const items: ListBlock['items'] = [];
      let j = i;
      for (; j < flow.length; j++) {
        const p = flow[j];
        if (p.kind !== 'paragraph' || !p.lead) break;
        items.push({ lead: p.lead, text: p.text });
      }
      if (items.length >= 2) {
        blocks.push({ type: 'list', section, context: context(), items, intro: introBefore(flow, i) });
        i = j - 1;
        continue;
      }
    }
    if (item.kind === 'table') blocks.push({ type: 'table', section, context: context(), rows: item.rows, markedHeader: item.markedHeader } satisfies TableBlock);
    else if (item.kind === 'list') blocks.push({ type: 'list', section, context: context(), items: item.items, intro: introBefore(flow, i) });
    else if (item.kind === 'definitions') blocks.push({ type: 'entries', section, context: context(), entries: item.entries });
  }
  return blocks;
}

/** The paragraph right above a list, which often says where the listed vendors are. */
function introBefore(flow: FlowItem[], at: number): string | null {
  const prev = flow[at - 1];
  return prev?.kind === 'paragraph' && !prev.lead ? prev.text : null;
}

/** A detail line that states a vendor's purpose or location. */
const FACT_LINE = /^(purpose|description|service|processing|function|location|locations|country|countries|region|hosting location|data location)\s*:/i;

/** A list of links or labelled facts (every item short, none a described vendor), as detail lines. */
function detailsOf(item: FlowItem | undefined): string[] | null {
  if (item?.kind !== 'list' || item.items.length === 0 || item.items.length > 12) return null;
  const lines = item.items.map((it) => [it.lead, it.text].filter(Boolean).join(': '));
  if (lines.some((l) => !l || l.length > 120)) return null;
  // "Name – what it does" items are vendors of their own, not details of the heading above.
  if (item.items.some((it) => it.lead && it.text && !/^[A-Za-z][A-Za-z ]{1,30}$/.test(it.lead))) return null;
  return lines;
}

function vendorRun(flow: FlowItem[], start: number): { entries: EntryBlock['entries']; end: number } | null {
  const first = flow[start];
  if (first.kind !== 'heading') return null;
  const level = first.level;
  const entries: EntryBlock['entries'] = [];
  let i = start;
  while (i < flow.length) {
    const h = flow[i];
    if (h.kind !== 'heading' || h.level !== level || h.text.length > MAX_VENDOR_HEADING) break;
    const paras: string[] = [];
    let j = i + 1;
    // Paragraphs with a bold lead are vendors themselves, not this heading's description.
    while (j < flow.length && flow[j].kind === 'paragraph' && !(flow[j] as { lead?: string | null }).lead) paras.push((flow[j] as { text: string }).text), j++;
    // A short list below the description (website, privacy policy, "Country: Germany") is the
    // vendor's details; any other table or list below means the heading is a section. With no
    // paragraph, the list must say what the vendor does or where ("Purpose: …", "Location: …").
    const details = detailsOf(flow[j]);
    if (paras.length === 0 && !details?.some((d) => FACT_LINE.test(d))) break;
    if (details) j++;
    else if (j < flow.length && (flow[j].kind === 'table' || flow[j].kind === 'list')) break;
    // "Questions", "Changes" after vendors with details: the run of vendors is over.
    if (!details && entries.some((e) => e.details) && STRUCTURAL.test(h.text)) break;
    entries.push(details ? { name: h.text, text: paras.join(' '), details } : { name: h.text, text: paras.join(' ') });
    i = j;
  }
  // One heading with a paragraph is ordinary prose; structural headings are sections, not vendors.
  if (entries.length < 2) return null;
  const structural = entries.filter((e) => STRUCTURAL.test(e.name)).length;
  if (structural >= entries.length / 2) return null;
  return { entries, end: i };
}
