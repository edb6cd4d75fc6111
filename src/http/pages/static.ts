import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { sha256 } from '../../shared/ids.ts';

const CSS = readFileSync(new URL('./trustroom.css', import.meta.url), 'utf8');
const CSS_ETAG = `"${sha256(CSS).slice(0, 16)}"`;
const CATEGORY_FILTER = readFileSync(new URL('./category-filter.js', import.meta.url), 'utf8');
const CATEGORY_FILTER_ETAG = `"${sha256(CATEGORY_FILTER).slice(0, 16)}"`;
/** A 32×32 icon (a white T on the accent blue), for browser tabs and bookmarks. */
const FAVICON = readFileSync(new URL('./favicon.ico', import.meta.url));
const FAVICON_ETAG = `"${createHash('sha256').update(FAVICON).digest('hex').slice(0, 16)}"`;

export function registerStatic(app: FastifyInstance) {
  app.get('/static/trustroom.css', async (req, reply) => {
    reply.header('etag', CSS_ETAG).header('cache-control', 'public, max-age=3600');
    if (req.headers['if-none-match'] === CSS_ETAG) return reply.code(304).send();
    return reply.type('text/css; charset=utf-8').send(CSS);
  });
  // The page's CSP allows scripts from this origin only, so the data-category filter is a file, not inline.
  app.get('/static/category-filter.js', async (req, reply) => {
    reply.header('etag', CATEGORY_FILTER_ETAG).header('cache-control', 'public, max-age=3600');
    if (req.headers['if-none-match'] === CATEGORY_FILTER_ETAG) return reply.code(304).send();
    return reply.type('text/javascript; charset=utf-8').send(CATEGORY_FILTER);
  });
  // Browsers ask for /favicon.ico whatever the page says; the layout links to it too.
  app.get('/favicon.ico', async (req, reply) => {
    reply.header('etag', FAVICON_ETAG).header('cache-control', 'public, max-age=86400');
    if (req.headers['if-none-match'] === FAVICON_ETAG) return reply.code(304).send();
    return reply.type('image/x-icon').send(FAVICON);
  });
}
