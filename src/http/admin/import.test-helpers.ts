/**
 * Multipart form bodies built by hand, as a browser sends the import form: text fields, then at
 * most one file part (an empty `file` part stands for "no file chosen", as browsers send it).
 */
import type { FastifyInstance } from 'fastify';
import type { SessionAgent } from '../../../test/app.ts';

export interface MultipartFile {
  name: string;
  type?: string;
  content: string | Buffer;
}

const BOUNDARY = '----TrustroomTestBoundary7MA4YWxkTrZu0gW';

/** The body and its content type; `_csrf` is sent first when given. */
export function multipartBody(fields: Record<string, string>, file?: MultipartFile | null, csrf?: string): { payload: Buffer; contentType: string } {
  const chunks: Buffer[] = [];
  const part = (headers: string, content: string | Buffer) => {
    chunks.push(Buffer.from(`--${BOUNDARY}\r\n${headers}\r\n\r\n`), Buffer.isBuffer(content) ? content : Buffer.from(content), Buffer.from('\r\n'));
  };
  for (const [k, v] of Object.entries(csrf ? { _csrf: csrf, ...fields } : fields)) part(`Content-Disposition: form-data; name="${k}"`, v);
  const f = file === undefined ? { name: '', type: 'application/octet-stream', content: '' } : file;
  if (f) part(`Content-Disposition: form-data; name="file"; filename="${f.name}"\r\nContent-Type: ${f.type ?? 'application/octet-stream'}`, f.content);
  chunks.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${BOUNDARY}` };
}

/** A multipart POST with the session cookie and, unless `{ csrf: false }`, the `_csrf` field. */
export function postMultipart(app: FastifyInstance, agent: SessionAgent, url: string, fields: Record<string, string>, file?: MultipartFile | null, o: { csrf?: boolean | string } = {}) {
  const csrf = o.csrf === false ? undefined : typeof o.csrf === 'string' ? o.csrf : agent.csrf;
  const { payload, contentType } = multipartBody(fields, file, csrf);
  return app.inject({ method: 'POST', url, headers: { cookie: agent.cookie, 'content-type': contentType }, payload });
}

const unescape = (s: string) => s.replace(/&(lt|gt|quot|#39|amp);/g, (_m, e: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[e] ?? '');

/**
 * The fields the preview form submits, read from its HTML the way a browser does: hidden inputs
 * and the selected option of each select (line breaks sent as CRLF). `_csrf` is left to `post`.
 */
export function formFieldsOf(body: string): Record<string, string> {
  const form = /<form method="post" action="[^"]*\/import\/commit">([\s\S]*?)<\/form>/.exec(body)?.[1];
  if (!form) throw new Error('no preview form in the page');
  const fields: Record<string, string> = {};
  for (const m of form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) fields[unescape(m[1])] = unescape(m[2]).replace(/\r?\n/g, '\r\n');
  for (const m of form.matchAll(/<select name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) {
    const selected = /<option value="([^"]*)" selected>/.exec(m[2]) ?? /<option value="([^"]*)"/.exec(m[2]);
    if (selected) fields[unescape(m[1])] = unescape(selected[1]);
  }
  delete fields._csrf;
  return fields;
}
