/**
 * Builds the Fastify app. Order, top to bottom: logging and request ids, body parsers, cookies,
 * security headers, who is calling, CSRF, then routes (public, API, console), then errors.
 */
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from '../shared/config.ts';
import type { Deps } from '../shared/deps.ts';
import { registerAdminRoutes } from './admin/index.ts';
import { registerApiRoutes } from './api/index.ts';
import { registerErrorHandling } from './errors.ts';
import { registerAuth } from './middleware/auth.ts';
import { registerCsrf } from './middleware/csrf.ts';
import { registerSecurityHeaders } from './middleware/security-headers.ts';
import { registerPublicRoutes } from './pages/index.ts';
import { registerStatic } from './pages/static.ts';

export interface AppOptions {
  deps: Deps;
  config: Pick<Config, 'publicUrl' | 'secureCookies'>;
  logger?: Logger | false;
}

export async function buildApp(o: AppOptions): Promise<FastifyInstance> {
  const app: FastifyInstance = Fastify({
    ...(o.logger ? { loggerInstance: o.logger as FastifyBaseLogger } : { logger: false }),
    trustProxy: true,
    bodyLimit: 1024 * 1024,
    genReqId: () => crypto.randomUUID(),
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: true } },
  });
  await app.register(formbody);
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  registerSecurityHeaders(app);
  registerAuth(app, o.deps);
  registerCsrf(app);
  registerStatic(app);
  app.get('/healthz', async () => {
    await o.deps.db.selectFrom('meta').select('key').limit(1).execute();
    return { ok: true };
  });
  await registerPublicRoutes(app, o);
  await registerApiRoutes(app, o);
  await registerAdminRoutes(app, o);
  registerErrorHandling(app);
  return app;
}
