/**
 * The I/O end of the import pipeline: turns what the operator named — a file path or an http(s)
 * URL — into text, within size and time limits and without letting a URL reach the private network.
 */
import type { ResolveHost } from '../../../shared/public-address.ts';
import { fetchUrlSource } from './fetch-url.ts';
import { readFileSource } from './read-file.ts';
import { sourceError } from './source-error.ts';

export { isPublicAddress } from '../../../shared/public-address.ts';
export type { SourceErrorCode } from './source-error.ts';

export interface SourceText {
  text: string;
  /** The response's media type without parameters (`text/html`); null for files. */
  contentType: string | null;
  /** The file's base name, or the URL's last path segment (its host when the path is `/`). */
  name: string;
  /** final URL after redirects, or the file path */
  origin: string;
}

export interface ReadOptions {
  /** Allow URLs whose host is or resolves to a loopback, private, link-local … address. */
  allowPrivate?: boolean;
  /** For the whole URL fetch, redirects included. Default 10 000. */
  timeoutMs?: number;
  /** Default 5 MiB. */
  maxBytes?: number;
  /** Default 5. */
  maxRedirects?: number;
  /** Replaces DNS resolution (tests); the answer is checked like a real one. */
  resolve?: ResolveHost;
}

/** `http:`, `ftp:`, `file:` …; two letters at least so that `C:\list.csv` stays a path. */
const SCHEME = /^([a-z][a-z0-9+.-]+):/i;

/**
 * Reads an import source: a local file, or an http(s) URL fetched SSRF-safely (see `fetch-url.ts`).
 * Text is decoded by BOM, declared charset, else UTF-8 with a windows-1252 fallback. Every failure is
 * an AppError with status 400 and a `source_*` code whose message names the path or the URL's host.
 * @example
 * const { text, name, contentType } = await readSource('https://example.com/subprocessors', { timeoutMs: 5000 });
 */
export async function readSource(fileOrUrl: string, opts: ReadOptions = {}): Promise<SourceText> {
  const limits = {
    allowPrivate: opts.allowPrivate ?? false,
    timeoutMs: opts.timeoutMs ?? 10_000,
    maxBytes: opts.maxBytes ?? 5 * 1024 * 1024,
    maxRedirects: opts.maxRedirects ?? 5,
    resolve: opts.resolve,
  };
  const scheme = SCHEME.exec(fileOrUrl)?.[1].toLowerCase();
  if (scheme === undefined) return readFileSource(fileOrUrl, limits.maxBytes);
  if (scheme !== 'http' && scheme !== 'https') {
    throw sourceError('source_unsupported', `source: cannot import from an unsupported URL scheme '${scheme}:' (only http and https)`, { scheme: `${scheme}:` });
  }
  let url: URL;
  try {
    url = new URL(fileOrUrl);
  } catch {
    throw sourceError('source_invalid_url', `source: not a valid ${scheme} URL`);
  }
  return fetchUrlSource(url, limits);
}
