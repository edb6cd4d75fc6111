/**
 * GET /api/docs: the API reference as one server-rendered page (no JavaScript), built from the
 * OpenAPI document so it never drifts from the routes: operations grouped by tag with method,
 * path, summary, required role, parameters and body fields, plus how to authenticate.
 */
import type { FastifyInstance } from 'fastify';
import type { AppOptions } from '../app.ts';
import { html, type SafeHtml } from '../views/html.ts';
import { layout } from '../views/layout.ts';
import { tableScroll } from '../views/table-scroll.ts';
import { OPENAPI_PATH } from './openapi.ts';
import { MIN_ROLE_KEY } from './schemas.ts';

export const DOCS_PATH = '/api/docs';

interface Schema {
  type?: string | string[];
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  description?: string;
  pattern?: string;
}

interface Operation {
  tags?: string[];
  summary?: string;
  description?: string;
  [MIN_ROLE_KEY]?: string | null;
  parameters?: Array<{ name: string; in: string; required?: boolean; description?: string; schema?: Schema }>;
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, unknown>;
  /** `{}` among them: the operation may be called without credentials. */
  security?: Array<Record<string, unknown>>;
}

interface Document {
  info: { title: string; version: string; description?: string };
  tags?: Array<{ name: string; description?: string }>;
  paths: Record<string, Record<string, Operation>>;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** A readable type: "string or null", "array of string", "one of: a, b". */
function typeOf(s: Schema | undefined): string {
  if (!s) return 'any';
  if (s.enum) return `one of: ${s.enum.map(String).join(', ')}`;
  const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
  return types.map((t) => (t === 'array' ? `array of ${s.items?.properties ? 'objects' : typeOf(s.items)}` : t)).join(' or ') || 'any';
}

/** Body fields, one row each; fields of objects inside arrays follow as `parent[].field`. */
function fieldsOf(s: Schema | undefined, prefix = ''): Array<{ name: string; type: string; required: boolean; description: string }> {
  return Object.entries(s?.properties ?? {}).flatMap(([name, f]) => [
    { name: `${prefix}${name}`, type: typeOf(f), required: (s?.required ?? []).includes(name), description: f.description ?? '' },
    ...(f.items?.properties ? fieldsOf(f.items, `${prefix}${name}[].`) : []),
  ]);
}

const anchor = (method: string, path: string) => `${method}-${path}`.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/-+$/, '');

function renderOperation(method: string, path: string, op: Operation): SafeHtml {
  const label = `${method.toUpperCase()} ${path}`;
  const role = op[MIN_ROLE_KEY];
  const params = op.parameters ?? [];
  const body = fieldsOf(op.requestBody?.content?.['application/json']?.schema);
  const success = Object.keys(op.responses ?? {}).find((code) => code.startsWith('2'));
  return html`<section class="operation" aria-labelledby="${anchor(method, path)}">
<h3 id="${anchor(method, path)}"><code>${method.toUpperCase()}</code> <code>${path}</code></h3>
<p>${op.summary}</p>
${op.description ? html`<p>${op.description}</p>` : null}
<p>Required role: <strong>${op.security?.some((s) => Object.keys(s).length === 0) ? 'none (no credentials needed)' : role ?? 'any signed-in caller'}</strong>. Success: HTTP ${success ?? '200'}.</p>
${params.length
    ? tableScroll(`Parameters of ${label}`, html`<table><caption>Parameters of ${label}</caption>
<thead><tr><th scope="col">Name</th><th scope="col">In</th><th scope="col">Type</th><th scope="col">Required</th><th scope="col">Description</th></tr></thead>
<tbody>${params.map((p) => html`<tr><td><code>${p.name}</code></td><td>${p.in}</td><td>${typeOf(p.schema)}</td><td>${p.required ? 'yes' : 'no'}</td><td>${p.description ?? p.schema?.description ?? ''}</td></tr>`)}</tbody>
</table>`)
    : null}
${body.length
    ? tableScroll(`Request body fields of ${label}`, html`<table><caption>Request body fields of ${label} (JSON)</caption>
<thead><tr><th scope="col">Field</th><th scope="col">Type</th><th scope="col">Required</th><th scope="col">Description</th></tr></thead>
<tbody>${body.map((f) => html`<tr><td><code>${f.name}</code></td><td>${f.type}</td><td>${f.required ? 'yes' : 'no'}</td><td>${f.description}</td></tr>`)}</tbody>
</table>`)
    : null}
</section>`;
}

/** The whole reference page for `doc`; `baseUrl` goes into the curl examples. */
export function renderDocsPage(doc: Document, baseUrl: string): SafeHtml {
  const byTag = new Map<string, Array<[string, string, Operation]>>((doc.tags ?? []).map((t) => [t.name, []]));
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const tag = op.tags?.[0] ?? 'Other';
      byTag.set(tag, [...(byTag.get(tag) ?? []), [method, path, op]]);
    }
  }
  const groups = [...byTag].filter(([, ops]) => ops.length > 0);
  const describe = (name: string) => doc.tags?.find((t) => t.name === name)?.description;
  const id = (tag: string) => `tag-${tag.toLowerCase()}`;
  const body = html`<h1>${doc.info.title}</h1>
<p>Version ${doc.info.version}. ${doc.info.description}</p>
<p>The machine-readable description is the <a href="${OPENAPI_PATH}">OpenAPI document</a>.</p>
<nav aria-label="API sections"><ul>
<li><a href="#authentication">Authentication</a></li>
${groups.map(([tag]) => html`<li><a href="#${id(tag)}">${tag}</a></li>`)}
</ul></nav>
<h2 id="authentication">Authentication</h2>
<p>Use a workspace API token (create one under API tokens in the console, or with <code>POST /api/w/{slug}/tokens</code>).
A token acts in its one workspace with the role it was given: viewer reads, editor also changes the registry and publishes,
admin also manages tokens, members and settings.</p>
<pre tabindex="0"><code>curl -H "Authorization: Bearer trt_…" ${baseUrl}/api/workspaces
curl -H "Authorization: Bearer trt_…" "${baseUrl}/api/w/acme/engagements?country=US"
curl -X POST -H "Authorization: Bearer trt_…" -H "Content-Type: application/json" \\
  -d '{"name": "Stripe, Inc.", "country": "US"}' ${baseUrl}/api/w/acme/entities</code></pre>
<p>Requests signed in with the console session cookie work too; every change (POST, PUT, PATCH, DELETE) must then carry
the session's CSRF token in the <code>x-csrf-token</code> header.</p>
<pre tabindex="0"><code>curl -X POST -H "Cookie: trustroom_session=…" -H "x-csrf-token: …" -H "Content-Type: application/json" \\
  -d '{"note": "Added Stripe"}' ${baseUrl}/api/w/acme/versions</code></pre>
<p>Success bodies are <code>{ "data": … }</code>. Errors are <code>{ "ok": false, "error": "validation_error", "message": "…", "status": 400, "data": { "fields": […] } }</code>;
a validation error names every bad field.</p>
${groups.map(([tag, ops]) => html`<section aria-labelledby="${id(tag)}">
<h2 id="${id(tag)}">${tag}</h2>
${describe(tag) ? html`<p>${describe(tag)}</p>` : null}
${ops.map(([method, path, op]) => renderOperation(method, path, op))}
</section>`)}`;
  return layout({ title: 'API reference', body });
}

export function registerDocsPage(app: FastifyInstance, { config }: AppOptions) {
  let page: string | null = null;
  app.get(DOCS_PATH, { schema: { hide: true } }, async (_req, reply) => {
    page ??= renderDocsPage(app.swagger() as unknown as Document, config.publicUrl.replace(/\/$/, '')).value;
    return reply.type('text/html; charset=utf-8').send(page);
  });
}
