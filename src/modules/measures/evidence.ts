/**
 * Evidence of a measure: a link (http/https) or a small file. Files are kept in the database
 * (base64), so they are capped at 5 MiB and limited to document and image types an auditor
 * opens: PDF, PNG, JPEG, plain text, Markdown, CSV, Word (docx) and Excel (xlsx). HTML, SVG and
 * anything executable are refused: they could run script when opened from the console's origin.
 * Types and parsing only — no I/O.
 */
import { createHash } from 'node:crypto';
import { InputReader } from '../../shared/input.ts';

/** The largest evidence file: 5 MiB. */
export const EVIDENCE_MAX_BYTES = 5 * 1024 * 1024;

/** Allowed content types with the file name extensions that imply them. */
export const EVIDENCE_TYPES: Record<string, string[]> = {
  'application/pdf': ['pdf'],
  'image/png': ['png'],
  'image/jpeg': ['jpg', 'jpeg'],
  'text/plain': ['txt'],
  'text/markdown': ['md', 'markdown'],
  'text/csv': ['csv'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['docx'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['xlsx'],
};

export const isAllowedEvidenceType = (type: string): boolean => Object.hasOwn(EVIDENCE_TYPES, type);

/** What each binary type's first bytes must be, so a file cannot pretend to be another kind. */
const SIGNATURES: Record<string, { bytes: number[]; name: string }> = {
  'application/pdf': { bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], name: 'a PDF' },
  'image/png': { bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], name: 'a PNG image' },
  'image/jpeg': { bytes: [0xff, 0xd8, 0xff], name: 'a JPEG image' },
  // docx and xlsx are ZIP archives.
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { bytes: [0x50, 0x4b, 0x03, 0x04], name: 'a Word document' },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { bytes: [0x50, 0x4b, 0x03, 0x04], name: 'an Excel workbook' },
};

export interface EvidenceLinkInput {
  label: string;
  url: string;
}

export interface EvidenceFileInput {
  label: string;
  fileName: string;
  contentType: string;
  bytes: Buffer;
  sha256: string;
}

/** A link: an absolute http or https URL; the label defaults to the URL. */
export function parseEvidenceLink(raw: unknown): EvidenceLinkInput {
  const r = new InputReader(raw);
  const url = r.text('url', { required: true, max: 2000 });
  let valid: string | null = null;
  if (url !== null) {
    let parsed: URL | null = null;
    try {
      parsed = new URL(url);
    } catch {
      parsed = null;
    }
    if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || !parsed.hostname) r.problem('url', 'must be an http or https address');
    else valid = parsed.href;
  }
  const label = r.text('label', { name: true, max: 200 });
  return r.done({ url: valid as string, label: label ?? (valid as string) });
}

const extensionOf = (name: string) => /\.([a-z0-9]+)$/i.exec(name)?.[1].toLowerCase() ?? '';

/** `C:\scans\report.pdf` → `report.pdf`; control characters and quotes removed. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  return base.replace(/[\u0000-\u001f\u007f"]/g, '').trim().slice(0, 200);
}

/**
 * The type a file is stored under: the declared type when allowed; when the sender did not know
 * it (empty or application/octet-stream, as browsers send for .md or .csv), the type its
 * extension implies. Parameters like `; charset=utf-8` are dropped.
 */
export function resolveEvidenceType(declared: string | null, fileName: string): string | null {
  const type = (declared ?? '').split(';')[0].trim().toLowerCase();
  if (isAllowedEvidenceType(type)) return type;
  if (type && type !== 'application/octet-stream') return null;
  const ext = extensionOf(fileName);
  return Object.entries(EVIDENCE_TYPES).find(([, exts]) => exts.includes(ext))?.[0] ?? null;
}

const TYPES_MESSAGE = 'must be a PDF, PNG, JPEG, plain text, Markdown, CSV, Word (docx) or Excel (xlsx) file';

/**
 * A file: its bytes (absent or `null` when nothing was uploaded), name and declared type. Problems
 * with the content itself (too large, empty, not what its type says) name the field `file`.
 */
export function parseEvidenceFile(raw: { bytes: Buffer | null; fileName?: unknown; contentType?: unknown; label?: unknown }): EvidenceFileInput {
  const r = new InputReader({ fileName: raw.fileName, contentType: raw.contentType, label: raw.label });
  const nameText = r.text('fileName', { name: true, required: raw.bytes !== null, max: 1000 });
  const fileName = nameText === null ? '' : cleanFileName(nameText);
  if (nameText !== null && !fileName) r.problem('fileName', 'must name a file');
  const declared = r.text('contentType', { max: 200 });
  const contentType = resolveEvidenceType(declared, fileName);
  const bytes = raw.bytes;
  if (bytes === null) r.problem('file', 'is required');
  else if (bytes.length > EVIDENCE_MAX_BYTES) r.problem('file', 'is larger than the 5 MiB limit');
  else if (bytes.length === 0) r.problem('file', 'is empty');
  else if (fileName && contentType === null) r.problem(declared && declared !== 'application/octet-stream' ? 'contentType' : 'file', TYPES_MESSAGE);
  else if (contentType) checkContent(r, bytes, contentType);
  const label = r.text('label', { name: true, max: 200 });
  r.done(null);
  const ok = bytes as Buffer;
  return { label: label ?? fileName, fileName, contentType: contentType as string, bytes: ok, sha256: createHash('sha256').update(ok).digest('hex') };
}

function checkContent(r: InputReader, bytes: Buffer, type: string) {
  const sig = SIGNATURES[type];
  if (sig) {
    if (!sig.bytes.every((b, i) => bytes[i] === b)) r.problem('file', `is not ${sig.name}, as its type says`);
    return;
  }
  // Text types: UTF-8 without NUL bytes, so the file opens as the text it claims to be.
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    if (bytes.includes(0)) throw new Error('NUL');
  } catch {
    r.problem('file', 'must be UTF-8 text for this type');
  }
}

/** Strict base64 (with or without padding), so a typo is a 400 rather than silently different bytes. */
export function decodeBase64(text: string): Buffer | null {
  const s = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s) || s.length % 4 === 1) return null;
  return Buffer.from(s, 'base64');
}
