/**
 * CSRF protection for cookie-authenticated changes: every unsafe request from a session must
 * carry the session's token, in the `_csrf` form field or the `x-csrf-token` header. Requests
 * authenticated by an API token carry no ambient credential and need none.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../shared/errors.ts';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

export function registerCsrf(app: FastifyInstance) {
  app.addHook('preHandler', async (req) => {
    if (SAFE.has(req.method) || req.principal?.kind !== 'session') return;
    const sent = (req.body as Record<string, unknown> | undefined)?._csrf ?? req.headers['x-csrf-token'];
    if (typeof sent !== 'string' || !same(sent, req.principal.csrfToken)) {
      throw new AppError('csrf_failed', 403, 'the form expired or did not come from this site; reload the page and try again');
    }
  });
}
