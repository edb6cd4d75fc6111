/**
 * The http connection file (`--connection http:<file>`, format in docs/http-connector.md): a base
 * URL, headers (values may be `env:NAME` or `secret:NAME`) and, per collection, the templated
 * requests that read, update (mask) or delete a person's rows. Checked whole when read; every
 * problem is named by path (exit 2).
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parse } from 'yaml';
import { resolveCredential } from '../../../shared/credentials.ts';
import { type FieldIssue, invalid } from '../../../shared/errors.ts';

export interface RequestTemplate {
  method: string;
  /** Starts with `/`, relative to the base URL's path; `{field}` and `{identity.<type>}` are filled in. */
  path: string;
  /** JSON sent as the body; strings holding placeholders are filled in. */
  body: unknown;
  /** Names its placeholders hold (`identity.email`, `id`). */
  placeholders: string[];
}

export interface ReadTemplate extends RequestTemplate {
  /** Dot path to the rows in the JSON answer; empty: the answer itself (an array, or one object). */
  rows: string;
}

export interface HttpCollection {
  read: ReadTemplate[];
  update: RequestTemplate | null;
  delete: RequestTemplate | null;
}

export interface HttpConnectionDef {
  /** Shown in messages instead of any URL (which could hold an identity). */
  label: string;
  baseUrl: URL;
  headers: Record<string, string>;
  timeoutMs: number;
  /** By `<fides_key>:<collection>` or by collection name. */
  collections: Map<string, HttpCollection>;
}

const PLACEHOLDER = /\{([^{}]*)\}/g;
const PLACEHOLDER_NAME = /^(identity\.)?[A-Za-z_][A-Za-z0-9_]*$/;
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Placeholder names in a path or anywhere in a body's strings. */
export function placeholdersOf(value: unknown): string[] {
  if (typeof value === 'string') return [...value.matchAll(PLACEHOLDER)].map((m) => m[1] as string);
  if (Array.isArray(value)) return value.flatMap(placeholdersOf);
  if (isObject(value)) return Object.values(value).flatMap(placeholdersOf);
  return [];
}

/** Reads and checks the file at `path`; header references are resolved now, so a missing secret stops before any call. */
export function readHttpConnection(path: string, env: NodeJS.ProcessEnv = process.env): HttpConnectionDef {
  const label = `http:${basename(path)}`;
  const field = (p: string) => `--connection ${label}: ${p}`;
  let doc: unknown;
  try {
    doc = parse(readFileSync(path, 'utf8'));
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw invalid(field('(file)'), code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR' ? 'cannot be read' : 'is not valid YAML or JSON');
  }
  const issues: FieldIssue[] = [];
  const problem = (p: string, message: string) => issues.push({ field: field(p), message });
  if (!isObject(doc)) throw invalid(field('(file)'), 'must be an object with base_url and collections');

  let baseUrl: URL | null = null;
  try {
    baseUrl = new URL(String(doc.base_url ?? ''));
  } catch {
    problem('base_url', 'must be an absolute http:// or https:// URL');
  }
  if (baseUrl && baseUrl.protocol !== 'http:' && baseUrl.protocol !== 'https:') problem('base_url', 'must use http or https');
  if (baseUrl && (baseUrl.username || baseUrl.password)) problem('base_url', 'must not hold a user or password: send credentials in headers, with env:NAME or secret:NAME');
  if (baseUrl && (baseUrl.search || baseUrl.hash)) problem('base_url', 'must not have a query or fragment: put them in the request paths');

  const headers: Record<string, string> = {};
  if (doc.headers !== undefined && !isObject(doc.headers)) problem('headers', 'must be an object of header names to values');
  for (const [name, value] of Object.entries(isObject(doc.headers) ? doc.headers : {})) {
    if (!HEADER_NAME.test(name)) problem(`headers.${name}`, 'is not a valid header name');
    else if (typeof value !== 'string') problem(`headers.${name}`, 'must be text (or env:NAME, secret:NAME)');
    else {
      try {
        headers[name] = resolveCredential(value, field(`headers.${name}`), env);
      } catch (e) {
        issues.push(...((e as { data?: { fields?: FieldIssue[] } }).data?.fields ?? []));
      }
    }
  }

  const timeout = doc.timeout_seconds ?? 30;
  if (typeof timeout !== 'number' || !(timeout > 0 && timeout <= 600)) problem('timeout_seconds', 'must be a number of seconds from 1 to 600');

  const collections = new Map<string, HttpCollection>();
  if (!isObject(doc.collections) || !Object.keys(doc.collections).length) problem('collections', 'must name at least one collection');
  for (const [name, c] of Object.entries(isObject(doc.collections) ? doc.collections : {})) {
    const at = `collections.${name}`;
    if (!isObject(c)) {
      problem(at, 'must be an object with read (and update or delete)');
      continue;
    }
    const reads = Array.isArray(c.read) ? c.read : c.read === undefined ? [] : [c.read];
    const read: ReadTemplate[] = [];
    reads.forEach((r, i) => {
      const p = Array.isArray(c.read) ? `${at}.read[${i}]` : `${at}.read`;
      const t = readTemplate(r, p, ['GET', 'POST'], 'GET', problem);
      if (!t) return;
      // A read without a placeholder would fetch everyone's rows.
      if (!t.placeholders.length) problem(`${p}.path`, 'must use a placeholder ({identity.email} or {<field>}): a read returns one person\'s rows');
      if (isObject(r) && r.rows !== undefined && (typeof r.rows !== 'string' || !/^([A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*)?$/.test(r.rows))) problem(`${p}.rows`, 'must be a dot path such as data.items');
      read.push({ ...t, rows: isObject(r) && typeof r.rows === 'string' ? r.rows : '' });
    });
    if (!read.length && c.read !== undefined) continue;
    const update = c.update === undefined ? null : readTemplate(c.update, `${at}.update`, ['PATCH', 'PUT', 'POST'], 'PATCH', problem);
    const del = c.delete === undefined ? null : readTemplate(c.delete, `${at}.delete`, ['DELETE', 'POST'], 'DELETE', problem);
    for (const k of Object.keys(c)) if (!['read', 'update', 'delete'].includes(k)) problem(`${at}.${k}`, 'is not known: use read, update, delete');
    collections.set(name, { read, update, delete: del });
  }
  if (issues.length || !baseUrl) throw invalid(issues);
  return { label, baseUrl, headers, timeoutMs: (timeout as number) * 1000, collections };
}

function readTemplate(v: unknown, at: string, methods: string[], fallback: string, problem: (p: string, m: string) => void): RequestTemplate | null {
  if (!isObject(v)) {
    problem(at, 'must be an object with method, path (and body)');
    return null;
  }
  const method = typeof v.method === 'string' ? v.method.toUpperCase() : fallback;
  if (!methods.includes(method)) problem(`${at}.method`, `must be one of ${methods.join(', ')}`);
  const path = v.path;
  if (typeof path !== 'string' || !path.startsWith('/') || path.startsWith('//')) {
    problem(`${at}.path`, 'must be a path starting with / (relative to base_url)');
    return null;
  }
  if (v.body !== undefined && method === 'GET') problem(`${at}.body`, 'is not sent with GET');
  const placeholders = [...placeholdersOf(path), ...placeholdersOf(v.body)];
  for (const p of placeholders) if (!PLACEHOLDER_NAME.test(p)) problem(`${at}`, `has the placeholder {${p}}: use {identity.<type>} or {<field name>}`);
  return { method, path, body: v.body, placeholders };
}
