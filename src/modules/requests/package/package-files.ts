/**
 * The data files of an access package: one CSV (RFC 4180) and one JSON file per collection, with
 * names that are safe on every file system.
 */
import type { Row } from '../fulfilment/connector.ts';

/** A cell as text: empty for null, JSON for objects and arrays. */
function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/**
 * A spreadsheet would run text starting with = + - @ (or a tab or carriage return) as a formula:
 * such text gets a leading apostrophe (OWASP "CSV injection"). Numbers are left alone: a JSON
 * number cannot be a formula, and -5 must stay a number.
 */
function neutralise(v: unknown, text: string): string {
  return typeof v === 'string' && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** Quotes a field when RFC 4180 needs it (comma, quote, CR or LF), doubling inner quotes. */
const quote = (s: string): string => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** The columns of a collection: the dataset's field order when known, then any other key in order of first appearance. */
export function columnsOf(rows: Row[], known: string[] = []): string[] {
  const seen = new Set(known);
  const out = [...known];
  for (const row of rows) for (const k of Object.keys(row)) if (!seen.has(k)) (seen.add(k), out.push(k));
  return out;
}

/**
 * Rows as CSV per RFC 4180: a header row, CRLF line ends, fields quoted when needed. Starts with
 * a UTF-8 byte order mark, so spreadsheet programs read accented names correctly.
 */
export function toCsv(rows: Row[], columns: string[]): string {
  const lines = [columns.map((c) => quote(neutralise(c, c))).join(',')];
  for (const row of rows) lines.push(columns.map((c) => quote(neutralise(row[c], cellText(row[c])))).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** The file name stem of a collection key (`shop:customers` → `shop.customers`), unique among `taken`. */
export function fileStem(key: string, taken: Set<string>): string {
  const base = key.replace(/:/g, '.').replace(/[^A-Za-z0-9_.-]/g, '_').replace(/^\.+/, '_') || 'collection';
  let stem = base;
  for (let i = 2; taken.has(stem.toLowerCase()); i++) stem = `${base}-${i}`;
  taken.add(stem.toLowerCase());
  return stem;
}
