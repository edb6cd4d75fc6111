/**
 * Turns the text of an existing sub-processor list into records: detect the format, read its
 * structure, detect column roles, extract and normalise. Pure: no I/O.
 */
import { AppError } from '../../shared/errors.ts';
import type { ImportResult } from './import.ts';
import { assembleBlocks, type FlowItem } from './parse/flow.ts';
import { detectFormat, type SourceFormat } from './parse/detect-format.ts';
import { type ExtractOptions, extractRecords } from './parse/extract-records.ts';
import { parseCsv } from './parse/parse-csv.ts';
import { parseExport } from './parse/parse-export.ts';
import { parseHtml } from './parse/parse-html.ts';
import { parseMarkdown } from './parse/parse-markdown.ts';
import type { Block } from './parse/blocks.ts';

export interface ImportListOptions extends ExtractOptions {
  format?: SourceFormat;
  name?: string | null;
  contentType?: string | null;
}

/** The blocks of a document (exposed for the console's preview). */
export function readBlocks(text: string, format: SourceFormat): Block[] {
  let flow: FlowItem[];
  if (format === 'html') flow = parseHtml(text);
  else if (format === 'csv') flow = parseCsv(text);
  else flow = parseMarkdown(text);
  return assembleBlocks(flow);
}

export function importList(text: string, opts: ImportListOptions = {}): ImportResult & { format: SourceFormat } {
  // Lone surrogates (broken UTF-16) would make the HTML parser throw: replace them with U+FFFD.
  const source = text.replace(/^\ufeff/, '').toWellFormed();
  if (!source.trim()) throw new AppError('source_empty', 400, 'source: the document is empty');
  const format = opts.format ?? detectFormat(source, opts);
  if (format === 'json' || format === 'yaml') {
    const exported = parseExport(source, format);
    if (!exported) throw new AppError('source_unsupported', 400, `source: this ${format.toUpperCase()} is not a Trustroom export (format: trustroom.registry/1)`);
    return { ...exported, format };
  }
  const result = extractRecords(readBlocks(source, format), opts);
  if (result.rows.length === 0) {
    throw new AppError('source_no_records', 400, `source: no table, list or vendor headings with sub-processors found in this ${format} document`);
  }
  return { ...result, format };
}
