import type { FastifyInstance, FastifyReply } from 'fastify';

// No inline scripts or styles anywhere, so the policy can be strict.
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/** Sets the security headers for a response whose content type is already set. */
export function setSecurityHeaders(reply: FastifyReply): void {
  reply.header('x-content-type-options', 'nosniff');
  if (String(reply.getHeader('content-type') ?? '').startsWith('text/html')) {
    reply.header('referrer-policy', 'same-origin');
    reply.header('content-security-policy', CSP);
    reply.header('x-frame-options', 'DENY');
  }
}

/** Security headers on every response of `scope`; signed-in areas are never cached. */
export function registerSecurityHeaders(scope: FastifyInstance) {
  scope.addHook('onSend', (req, reply, payload, done) => {
    setSecurityHeaders(reply);
    if (req.url.startsWith('/admin') || req.url.startsWith('/api/')) reply.header('cache-control', reply.getHeader('cache-control') ?? 'no-store');
    done(null, payload);
  });
}

export const HSTS = 'max-age=31536000; includeSubDomains';

/** Strict-Transport-Security on every response of `app` (registered only when the public URL is https). */
export function registerHsts(app: FastifyInstance) {
  app.addHook('onSend', (_req, reply, payload, done) => {
    reply.header('strict-transport-security', HSTS);
    done(null, payload);
  });
}
