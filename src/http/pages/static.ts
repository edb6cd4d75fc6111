import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { sha256 } from '../../shared/ids.ts';

const CSS = readFileSync(new URL('./trustroom.css', import.meta.url), 'utf8');
const CSS_ETAG = `"${sha256(CSS).slice(0, 16)}"`;

export function registerStatic(app: FastifyInstance) {
  app.get('/static/trustroom.css', async (req, reply) => {
    reply.header('etag', CSS_ETAG).header('cache-control', 'public, max-age=3600');
    if (req.headers['if-none-match'] === CSS_ETAG) return reply.code(304).send();
    return reply.type('text/css; charset=utf-8').send(CSS);
  });
}
