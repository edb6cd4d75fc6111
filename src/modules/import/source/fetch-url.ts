/**
 * Fetches an import source over http(s) without becoming an SSRF tool: every hop's host is resolved
 * once, every address is checked, and the connection is pinned to the checked addresses so a second
 * DNS answer (rebinding) cannot swap them. Redirects are followed by hand and re-checked.
 */
import type { LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { pipeline, type Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { isAppError } from '../../../shared/errors.ts';
import { pinnedLookup, type ResolveHost, vetHost } from '../../../shared/public-address.ts';
import { decodeText } from './decode-text.ts';
import type { SourceText } from './read-source.ts';
import { formatBytes, formatMs, sourceError } from './source-error.ts';

export interface FetchOptions {
  allowPrivate: boolean;
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  resolve?: ResolveHost;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const PRIVATE_HINT = '(use --allow-private to import from your own network)';

/** `[::1]` → `::1`: URL keeps the brackets of an IPv6 literal, sockets do not want them. */
const bareHost = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, '$1');

function checkScheme(url: URL, redirectedFrom?: URL): void {
  if (url.protocol === 'http:' || url.protocol === 'https:') return;
  const how = redirectedFrom ? `host '${redirectedFrom.hostname}' redirected to` : 'cannot import from';
  throw sourceError('source_unsupported', `source: ${how} an unsupported URL scheme '${url.protocol}' (only http and https)`, { scheme: url.protocol });
}

/** The addresses to connect to for `url`, each one checked unless private networks are allowed. */
async function vettedAddresses(url: URL, opts: FetchOptions): Promise<LookupAddress[]> {
  const vetted = await vetHost(bareHost(url), opts);
  if (vetted.ok) return vetted.addresses;
  if (vetted.reason === 'not_found') throw sourceError('source_not_found', `source: host '${url.hostname}' not found`, { host: url.hostname }, vetted.cause);
  throw sourceError('source_private_address', `source: refused private address for host '${url.hostname}' ${PRIVATE_HINT}`, { host: url.hostname, address: vetted.address });
}

/** One GET, resolved with the response head; the socket goes to exactly `addresses`. */
function get(url: URL, addresses: LookupAddress[], signal: AbortSignal): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)({
      protocol: url.protocol,
      hostname: bareHost(url), // Host header and TLS SNI / certificate check use the name, not the address
      port: url.port || undefined,
      path: `${url.pathname}${url.search}`,
      method: 'GET',
      headers: {
        accept: 'text/html, text/markdown, text/csv, text/plain;q=0.9, application/json;q=0.8, */*;q=0.5',
        'accept-encoding': 'gzip, deflate, br',
        'user-agent': 'Trustroom-import',
      },
      lookup: pinnedLookup(addresses),
      agent: false, // no pooled sockets: each hop connects to its own vetted address
      signal,
    });
    req.once('response', resolve);
    req.on('error', reject); // stays attached: an abort after the response also errors the request
    req.end();
  });
}

function decompressed(res: IncomingMessage, host: string): Readable {
  const encoding = (res.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding === 'identity' || encoding === '') return res;
  const decoder =
    encoding === 'gzip' || encoding === 'x-gzip' ? createGunzip()
    : encoding === 'deflate' ? createInflate()
    : encoding === 'br' ? createBrotliDecompress()
    : null;
  if (!decoder) {
    res.destroy();
    throw sourceError('source_unreadable', `source: host '${host}' sent an unsupported content encoding '${encoding.slice(0, 40)}'`);
  }
  return pipeline(res, decoder, () => {});
}

/** Bytes of the body received so far: a failure after the first one means a cut-off body. */
interface Progress {
  bodyStarted: boolean;
  bytes: number;
}

/** Reads the body, stopping as soon as it (decompressed) passes `maxBytes`. */
async function readBody(res: IncomingMessage, host: string, maxBytes: number, progress: Progress): Promise<Buffer> {
  const tooLarge = () =>
    sourceError('source_too_large', `source: the response from host '${host}' is larger than the ${formatBytes(maxBytes)} limit`, { host, maxBytes });
  const declared = Number(res.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    res.destroy();
    throw tooLarge();
  }
  const body = decompressed(res, host);
  const chunks: Buffer[] = [];
  let size = 0;
  progress.bodyStarted = true;
  try {
    for await (const chunk of body) {
      size += (chunk as Buffer).length;
      progress.bytes = size;
      if (size > maxBytes) throw tooLarge();
      chunks.push(chunk as Buffer);
    }
  } finally {
    res.destroy();
  }
  // A stream that ends short of its declared length was cut off (Node usually errors first).
  if (res.headers['content-encoding'] === undefined && Number.isFinite(declared) && size < declared) throw Object.assign(new Error('short body'), { code: 'ECONNRESET' });
  return Buffer.concat(chunks, size);
}

/** The last path segment (`subprocessors.html`), or the host when the path is `/`. */
function nameOf(url: URL): string {
  const last = url.pathname.split('/').filter(Boolean).pop();
  if (!last) return url.hostname;
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

/** Fetches `start` (an http(s) URL) under the limits in `opts`; every failure is a `source_*` AppError. */
export async function fetchUrlSource(start: URL, opts: FetchOptions): Promise<SourceText> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), opts.timeoutMs);
  const deadline = new Promise<never>((_, reject) =>
    controller.signal.addEventListener('abort', () => reject(new Error('deadline')), { once: true }));
  deadline.catch(() => {});
  let url = start;
  const progress: Progress = { bodyStarted: false, bytes: 0 };
  try {
    checkScheme(url);
    for (let redirects = 0; ; redirects++) {
      // dns.lookup cannot be cancelled, so the deadline races it.
      const addresses = await Promise.race([vettedAddresses(url, opts), deadline]);
      const res = await get(url, addresses, controller.signal);
      const status = res.statusCode ?? 0;
      const location = res.headers.location;
      if (REDIRECTS.has(status) && location) {
        res.destroy();
        if (redirects >= opts.maxRedirects) {
          throw sourceError('source_too_many_redirects', `source: more than ${opts.maxRedirects} redirects, the last from host '${url.hostname}'`, { host: url.hostname });
        }
        let next: URL;
        try {
          next = new URL(location, url);
        } catch {
          throw sourceError('source_http_error', `source: host '${url.hostname}' redirected to an invalid URL`, { host: url.hostname, status });
        }
        checkScheme(next, url);
        url = next;
        continue;
      }
      if (status < 200 || status > 299) {
        res.destroy();
        throw sourceError('source_http_error', `source: host '${url.hostname}' answered HTTP ${status}`, { host: url.hostname, status });
      }
      const bytes = await readBody(res, url.hostname, opts.maxBytes, progress);
      const contentType = res.headers['content-type'] ?? null;
      const mediaType = contentType?.split(';')[0].trim().toLowerCase() || null;
      const origin = new URL(url);
      origin.username = '';
      origin.password = '';
      return { text: decodeText(bytes, { contentType, isHtml: mediaType?.includes('html') }), contentType: mediaType, name: nameOf(url), origin: origin.href };
    }
  } catch (e) {
    // A body cut off part-way is never imported as if it were the whole list.
    if (controller.signal.aborted && progress.bodyStarted) {
      throw sourceError('source_timeout', `source: the response from host '${url.hostname}' was cut off by the ${formatMs(opts.timeoutMs)} time limit after ${formatBytes(progress.bytes)}; nothing was imported`, { host: url.hostname, timeoutMs: opts.timeoutMs, bytes: progress.bytes }, e);
    }
    if (controller.signal.aborted) {
      throw sourceError('source_timeout', `source: host '${url.hostname}' did not answer within ${formatMs(opts.timeoutMs)}`, { host: url.hostname }, e);
    }
    if (isAppError(e)) throw e;
    const code = (e as NodeJS.ErrnoException | null)?.code ?? 'unknown error';
    if (progress.bodyStarted) {
      throw sourceError('source_truncated', `source: the response from host '${url.hostname}' ended early (connection closed after ${formatBytes(progress.bytes)}); nothing was imported`, { host: url.hostname, bytes: progress.bytes }, e);
    }
    throw sourceError('source_unreachable', `source: could not fetch from host '${url.hostname}' (${code})`, { host: url.hostname }, e);
  } finally {
    clearTimeout(timer);
  }
}
