import type { FastifyInstance } from 'fastify';

// No inline scripts or styles anywhere, so the policy can be strict.
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

export function registerSecurityHeaders(app: FastifyInstance) {
  // Callback style, not async: this runs on every response, including the hot public list.
  app.addHook('onSend', (req, reply, payload, done) => {
    reply.header('x-content-type-options', 'nosniff');
    if (String(reply.getHeader('content-type') ?? '').startsWith('text/html')) {
      reply.header('referrer-policy', 'same-origin');
      reply.header('content-security-policy', CSP);
      reply.header('x-frame-options', 'DENY');
    }
    if (req.url.startsWith('/admin') || req.url.startsWith('/api/')) reply.header('cache-control', reply.getHeader('cache-control') ?? 'no-store');
    done(null, payload);
  });
}
