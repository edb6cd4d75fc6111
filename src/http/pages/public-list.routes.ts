/**
 * The public sub-processor list of each workspace: page, JSON, CSV, Atom, JSON-LD and history.
 * No sign-in, no JavaScript; ETags with 304 on If-None-Match. Registered in a scope without hooks,
 * so these handlers set their security headers themselves. When the instance has exactly one
 * workspace, the same outputs are also served at /subprocessors….
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { diffSnapshots } from '../../modules/publishing/diff-snapshots.ts';
import { findVersion, listVersions } from '../../modules/publishing/list-versions.queries.ts';
import { findPublicChange } from '../../modules/public-list/public-changes.ts';
import { presentPublicList } from '../../modules/public-list/public-list.ts';
import { renderAtom } from '../../modules/public-list/render-atom.ts';
import { renderCsv } from '../../modules/public-list/render-csv.ts';
import { renderJson } from '../../modules/public-list/render-json.ts';
import { renderJsonLd } from '../../modules/public-list/render-jsonld.ts';
import { AppError, invalid, notFound } from '../../shared/errors.ts';
import { setSecurityHeaders } from '../middleware/security-headers.ts';
import type { AppOptions } from '../app.ts';
import { PublicListCache, type PublishedEntry, type Rendered } from './public-list-cache.ts';
import { type ListFilters, renderChangePage, renderHistoryPage, renderListPage } from './public-list.view.ts';

const CACHE_CONTROL = 'public, max-age=60, must-revalidate';

type Format = 'json' | 'csv' | 'atom' | 'jsonld';
const TYPES: Record<Format | 'html', string> = {
  html: 'text/html; charset=utf-8', json: 'application/json; charset=utf-8', csv: 'text/csv; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8', jsonld: 'application/ld+json; charset=utf-8',
};

function matches(req: FastifyRequest, etag: string): boolean {
  const header = req.headers['if-none-match'];
  if (!header) return false;
  return header === '*' || header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}

function sendRendered(req: FastifyRequest, reply: FastifyReply, r: Rendered, type: string) {
  reply.header('etag', r.etag).header('cache-control', CACHE_CONTROL).type(type);
  setSecurityHeaders(reply);
  if (matches(req, r.etag)) return reply.code(304).send();
  return reply.send(r.body);
}

const one = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim().slice(0, 100) : undefined);

export function registerPublicListRoutes(app: FastifyInstance, { deps, config }: AppOptions) {
  const cache = new PublicListCache(deps.db);

  const requirePublished = (entry: PublishedEntry) => {
    if (!entry.latest) throw new AppError('not_published', 404, 'this workspace has not published a list yet');
    return entry.latest;
  };

  const handlers = {
    html: (entry: PublishedEntry, base: string, req: FastifyRequest, reply: FastifyReply) => {
      const q = req.query as Record<string, unknown>;
      const f: ListFilters = { service: one(q.service), region: one(q.region), country: one(q.country) };
      const key = `html:${base}:${f.service ?? ''}:${f.region ?? ''}:${f.country ?? ''}`;
      return sendRendered(req, reply, PublicListCache.render(entry, key, () => renderListPage(entry.workspace, base, entry.latest, f, entry.changes)), TYPES.html);
    },
    json: (entry: PublishedEntry, _base: string, req: FastifyRequest, reply: FastifyReply) => {
      const v = requirePublished(entry);
      return sendRendered(req, reply, PublicListCache.render(entry, 'json', () => renderJson(presentPublicList(entry.workspace, v))), TYPES.json);
    },
    csv: (entry: PublishedEntry, _base: string, req: FastifyRequest, reply: FastifyReply) => {
      const v = requirePublished(entry);
      reply.header('content-disposition', `attachment; filename="${entry.workspace.slug}-subprocessors-v${v.version}.csv"`);
      return sendRendered(req, reply, PublicListCache.render(entry, 'csv', () => renderCsv(presentPublicList(entry.workspace, v))), TYPES.csv);
    },
    jsonld: (entry: PublishedEntry, _base: string, req: FastifyRequest, reply: FastifyReply) => {
      const v = requirePublished(entry);
      return sendRendered(req, reply, PublicListCache.render(entry, 'jsonld', () => renderJsonLd(presentPublicList(entry.workspace, v), entry.workspace, config.publicUrl)), TYPES.jsonld);
    },
    atom: async (entry: PublishedEntry, _base: string, req: FastifyRequest, reply: FastifyReply) => {
      const versions = await listVersions(deps.db, entry.workspace.id);
      return sendRendered(req, reply, PublicListCache.render(entry, `atom:${versions[0]?.version ?? 0}`, () => renderAtom(entry.workspace, versions, config.publicUrl, entry.changes)), TYPES.atom);
    },
    history: async (entry: PublishedEntry, base: string, req: FastifyRequest, reply: FastifyReply) => {
      const versions = await listVersions(deps.db, entry.workspace.id);
      const q = req.query as Record<string, unknown>;
      let compare = null;
      if (q.from !== undefined || q.to !== undefined) {
        const from = Number(q.from);
        const to = Number(q.to);
        const issues = [];
        if (!Number.isInteger(from) || from < 1) issues.push({ field: 'from', message: 'must be a version number' });
        if (!Number.isInteger(to) || to < 1) issues.push({ field: 'to', message: 'must be a version number' });
        if (issues.length) throw invalid(issues);
        const [a, b] = await Promise.all([findVersion(deps.db, entry.workspace.id, from), findVersion(deps.db, entry.workspace.id, to)]);
        if (!a || !b) throw notFound('version');
        compare = { from, to, changelog: diffSnapshots(a.snapshot, b.snapshot) };
      }
      reply.header('cache-control', CACHE_CONTROL).type(TYPES.html);
      setSecurityHeaders(reply);
      return reply.send(renderHistoryPage(entry.workspace, base, versions, compare));
    },
  };

  const routes: Array<[string, keyof typeof handlers]> = [
    ['/subprocessors', 'html'], ['/subprocessors.json', 'json'], ['/subprocessors.csv', 'csv'],
    ['/subprocessors.atom', 'atom'], ['/subprocessors.jsonld', 'jsonld'], ['/subprocessors/history', 'history'],
  ];
  /** Runs a handler with the workspace's entry: synchronously when cached, the common case. */
  const serve = (name: keyof typeof handlers, slug: string, base: string, req: FastifyRequest, reply: FastifyReply) => {
    const fresh = cache.peek(slug);
    if (fresh) return handlers[name](fresh, base, req, reply);
    return cache.get(slug).then((entry) => {
      if (!entry) throw notFound('workspace');
      return handlers[name](entry, base, req, reply);
    });
  };
  for (const [path, name] of routes) {
    app.get(`/w/:slug${path}`, (req, reply) => {
      const { slug } = req.params as { slug: string };
      return serve(name, slug, `/w/${slug}/subprocessors`, req, reply);
    });
    app.get(path, async (req, reply) => {
      const slug = await cache.soleWorkspaceSlug();
      if (!slug) throw new AppError('not_found', 404, 'this instance hosts several workspaces: use /w/<workspace>/subprocessors');
      return serve(name, slug, '/subprocessors', req, reply);
    });
  }
  // One announced change as the public sees it: where the Atom feed's change entries link to.
  app.get('/w/:slug/changes/:id', async (req, reply) => {
    const { slug, id } = req.params as { slug: string; id: string };
    const entry = cache.peek(slug) ?? await cache.get(slug);
    if (!entry) throw notFound('workspace');
    const change = entry.changes.find((c) => c.id === id) ?? (/^[\w-]{1,100}$/.test(id) ? await findPublicChange(deps.db, entry.workspace.id, id) : undefined);
    if (!change) throw notFound('change');
    reply.header('cache-control', CACHE_CONTROL).type(TYPES.html);
    setSecurityHeaders(reply);
    return reply.send(renderChangePage(entry.workspace, change));
  });

  // The workspace's logo and accent colour (views/layout.ts brandOf): the pages, the portal and the notices' HTML point here.
  app.get('/w/:slug/logo', async (req, reply) => {
    const { slug } = req.params as { slug: string };
    const logo = (cache.peek(slug) ?? await cache.get(slug))?.workspace.branding.logoDataUri;
    if (!logo) throw notFound('logo');
    const [, type, data] = /^data:([^;,]+);base64,(.*)$/s.exec(logo) ?? [];
    if (!type || data === undefined) throw notFound('logo');
    setSecurityHeaders(reply);
    // Opened on its own, an SVG is a document: it gets nothing to run, load or embed.
    reply.header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox").header('cache-control', 'public, max-age=300');
    return reply.type(type).send(Buffer.from(data, 'base64'));
  });
  app.get('/w/:slug/brand.css', async (req, reply) => {
    const { slug } = req.params as { slug: string };
    const colour = (cache.peek(slug) ?? await cache.get(slug))?.workspace.branding.brandColour;
    setSecurityHeaders(reply);
    reply.header('cache-control', 'public, max-age=300').type('text/css; charset=utf-8');
    // The colour was checked for 4.5:1 against white when it was set: links, buttons (white on it) and the header rule.
    return reply.send(colour && /^#[0-9a-f]{6}$/.test(colour) ? `:root { --accent: ${colour}; }\n.top { border-bottom: 3px solid var(--accent); }\n.org { color: var(--accent); }\n` : '');
  });
}
