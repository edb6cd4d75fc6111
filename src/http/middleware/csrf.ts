/**
 * CSRF protection for cookie-authenticated changes: every unsafe request from a session must
 * carry the session's token, in the `_csrf` form field or the `x-csrf-token` header. Requests
 * authenticated by an API token carry no ambient credential and need none.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../shared/errors.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * `'multipart'`: the route reads multipart forms itself (their body is not parsed before this
     * hook) and MUST call `checkCsrfToken` with the form's `_csrf` field before acting on it.
     */
    csrf?: 'multipart';
  }
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** Throws `csrf_failed` (403) unless `sent` is the session's token; requests without a session pass. */
export function checkCsrfToken(req: FastifyRequest, sent: unknown): void {
  if (req.principal?.kind !== 'session') return;
  if (typeof sent !== 'string' || !same(sent, req.principal.csrfToken)) {
    throw new AppError('csrf_failed', 403, 'the form expired or did not come from this site; reload the page and try again');
  }
}

/** Set by @fastify/multipart's body parser, on routes of the scope that registers it. */
const isUnreadMultipart = (req: FastifyRequest) => (req as { isMultipart?: () => boolean }).isMultipart?.() === true;

export function registerCsrf(app: FastifyInstance) {
  app.addHook('preHandler', async (req) => {
    if (SAFE.has(req.method) || req.principal?.kind !== 'session') return;
    if (req.routeOptions.config.csrf === 'multipart' && isUnreadMultipart(req)) return;
    checkCsrfToken(req, (req.body as Record<string, unknown> | undefined)?._csrf ?? req.headers['x-csrf-token']);
  });
}
