/**
 * Reading the console's import forms. The first form is multipart (a file, pasted text or a web
 * address); the preview form is an ordinary form that carries the source text back with the
 * column roles chosen, so the operator never uploads twice. Problems become errors next to the
 * field they concern, as the other console forms show them.
 */
import type { FastifyRequest } from 'fastify';
import { COLUMN_ROLES, type ColumnRole } from '../../modules/import/import.ts';
import { importList } from '../../modules/import/import-list.ts';
import { SOURCE_FORMATS, type SourceFormat } from '../../modules/import/parse/detect-format.ts';
import { decodeText } from '../../modules/import/source/decode-text.ts';
import { readSource } from '../../modules/import/source/read-source.ts';
import { invalid, isAppError } from '../../shared/errors.ts';
import type { FormErrors } from '../views/forms.ts';
import { type FormValues, one } from './console.ts';

/** The largest source the console reads: a file, pasted text, a fetched page, or the text carried back. */
export const MAX_SOURCE_BYTES = 5 * 1024 * 1024;

/** Multipart limits: one file and a handful of fields, none over the source limit. */
export const MULTIPART_LIMITS = { fileSize: MAX_SOURCE_BYTES, files: 1, fieldSize: MAX_SOURCE_BYTES, fields: 20, parts: 21 };

/** The fields of the preview form: the source text (up to 5 MB, URL-encoded up to three times that). */
export const PREVIEW_BODY_LIMIT = 16 * 1024 * 1024;

export type SourceField = 'file' | 'text' | 'url';

export interface ImportForm {
  /** Text fields by name (the first value when sent twice). */
  fields: Record<string, string>;
  /** Text fields cut at the size limit. */
  truncated: Set<string>;
  file: { name: string; type: string; bytes: Buffer; isTooLarge: boolean } | null;
}

/** The posted form, multipart or URL-encoded, as one shape. */
export async function readImportForm(req: FastifyRequest): Promise<ImportForm> {
  const form: ImportForm = { fields: {}, truncated: new Set(), file: null };
  if (!req.isMultipart()) {
    for (const [k, v] of Object.entries((req.body ?? {}) as Record<string, unknown>)) form.fields[k] = one(v);
    return form;
  }
  for await (const part of req.parts()) {
    if (part.type === 'file') {
      // Read even a file under another name: the stream must be consumed for the next part to come.
      const bytes = await part.toBuffer();
      if (part.fieldname === 'file') form.file = { name: part.filename ?? '', type: part.mimetype, bytes, isTooLarge: part.file.truncated };
    } else if (form.fields[part.fieldname] === undefined) {
      form.fields[part.fieldname] = typeof part.value === 'string' ? part.value : '';
      if (part.valueTruncated) form.truncated.add(part.fieldname);
    }
  }
  return form;
}

/** A source ready for `importList`, or what to show next to the fields instead. */
export type ReadOutcome =
  | { ok: true; text: string; name: string; label: string; contentType: string | null; format: SourceFormat | undefined; field: SourceField; values: FormValues }
  | { ok: false; status: number; errors: FormErrors; values: FormValues };

const FORMAT_ERROR = `must be one of ${SOURCE_FORMATS.join(', ')}, or empty to detect it`;
const ONE_OF_THREE = 'choose a file, paste the list or enter its web address';
const tooLarge = (what: string) => `the ${what} is larger than the 5 MB limit`;
/** Browsers send line breaks as CRLF; the parsers and the preview want one kind. */
const lf = (text: string) => text.replace(/\r\n?/g, '\n');
/** `source: refused private address …` → the sentence after the field name, without the CLI's hint. */
const sourceMessage = (message: string) => message.replace(/^source: /, '').replace(/\s*\(use --allow-private[^)]*\)/, '');

/**
 * The source the form names: the carried-back `source` text, else exactly one of an uploaded
 * file, pasted text or a web address, fetched with private addresses refused.
 */
export async function readImportSource(form: ImportForm): Promise<ReadOutcome> {
  const f = form.fields;
  const values: FormValues = { text: f.text ?? '', url: f.url ?? '', format: f.format ?? '' };
  const fail = (status: number, errors: FormErrors): ReadOutcome => ({ ok: false, status, errors, values });
  const format = f.format ?? '';
  if (format && !SOURCE_FORMATS.includes(format as SourceFormat)) return fail(400, { format: FORMAT_ERROR });
  const chosen = (format || undefined) as SourceFormat | undefined;
  const ok = (o: { text: string; name: string; label: string; contentType: string | null; field: SourceField }): ReadOutcome => ({ ok: true, ...o, format: chosen, values });

  if (f.source !== undefined) {
    values.text = f.source;
    if (Buffer.byteLength(f.source) > MAX_SOURCE_BYTES || form.truncated.has('source')) return fail(413, { text: tooLarge('text') });
    const name = (f.sourceName ?? '').slice(0, 300) || 'pasted text';
    return ok({ text: lf(f.source), name, label: name, contentType: null, field: 'text' });
  }

  const given: SourceField[] = [];
  if (form.file && form.file.name) given.push('file');
  if ((f.text ?? '').trim()) given.push('text');
  if ((f.url ?? '').trim()) given.push('url');
  if (given.length === 0) return fail(400, { file: ONE_OF_THREE, text: ONE_OF_THREE, url: ONE_OF_THREE });
  if (given.length > 1) return fail(400, Object.fromEntries(given.map((g) => [g, 'use only one of the three ways: a file, pasted text or a web address'])));

  if (given[0] === 'file' && form.file) {
    const { name, type, bytes, isTooLarge } = form.file;
    if (isTooLarge) return fail(413, { file: tooLarge('file') });
    if (bytes.length === 0) return fail(400, { file: 'the file is empty' });
    const text = decodeText(bytes, { isHtml: /\.html?$/i.test(name) || /html/i.test(type) });
    return ok({ text: lf(text), name, label: name, contentType: type || null, field: 'file' });
  }
  if (given[0] === 'text') {
    if (form.truncated.has('text')) return fail(413, { text: tooLarge('text') });
    return ok({ text: lf(f.text), name: 'pasted text', label: 'pasted text', contentType: null, field: 'text' });
  }
  const address = f.url.trim();
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return fail(400, { url: 'must be a web address starting with https:// or http://' });
  }
  // Checked here, not only in readSource: a string without a scheme would be read as a local file.
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return fail(400, { url: 'must be a web address starting with https:// or http://' });
  try {
    const read = await readSource(url.href, { allowPrivate: false });
    // The address without its query: a token in it must not end up in the drafts list.
    const final = new URL(read.origin);
    return ok({ text: lf(read.text), name: read.name, label: `${final.origin}${final.pathname}`, contentType: read.contentType, field: 'url' });
  } catch (e) {
    if (isAppError(e) && e.code.startsWith('source_')) {
      const hint = e.code === 'source_private_address' ? '; the console reads only public addresses: save the page and upload the file instead' : '';
      return fail(e.code === 'source_too_large' ? 413 : 400, { url: `${sourceMessage(e.message)}${hint}` });
    }
    throw e;
  }
}

/** `importList` on a read source; a document it cannot read becomes an error on the source's field. */
export function previewSource(source: Extract<ReadOutcome, { ok: true }>, roleOverrides: Record<number, ColumnRole[]>) {
  try {
    return { ok: true as const, result: importList(source.text, { format: source.format, name: source.name, contentType: source.contentType, roleOverrides }) };
  } catch (e) {
    if (isAppError(e) && e.code.startsWith('source_')) {
      return { ok: false as const, status: e.status, errors: { [source.field]: sourceMessage(e.message) } as FormErrors, values: source.values };
    }
    throw e;
  }
}

const ROLE_FIELD = /^roles\[(\d{1,4})\]\[(\d{1,3})\]$/;

/**
 * `roles[<block>][<column>]` fields → `importList`'s roleOverrides; columns not sent are ignored.
 * @example parseRoleOverrides({ 'roles[1][0]': 'name', 'roles[1][2]': 'location' }) // { 1: ['name', 'ignore', 'location'] }
 */
export function parseRoleOverrides(fields: Record<string, string>): Record<number, ColumnRole[]> {
  const byBlock = new Map<number, Map<number, ColumnRole>>();
  for (const [key, value] of Object.entries(fields)) {
    const m = ROLE_FIELD.exec(key);
    if (!m) continue;
    if (!(COLUMN_ROLES as readonly string[]).includes(value)) throw invalid(key, `must be one of ${COLUMN_ROLES.join(', ')}`);
    const block = byBlock.get(Number(m[1])) ?? new Map<number, ColumnRole>();
    block.set(Number(m[2]), value as ColumnRole);
    byBlock.set(Number(m[1]), block);
  }
  const out: Record<number, ColumnRole[]> = {};
  for (const [block, columns] of byBlock) out[block] = Array.from({ length: Math.max(...columns.keys()) + 1 }, (_, i) => columns.get(i) ?? 'ignore');
  return out;
}
