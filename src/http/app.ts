/**
 * Builds the Fastify app. Order, top to bottom: logging and request ids, body parsers, security
 * headers, public routes, then — in their own scope — cookies, who is calling, CSRF, API and
 * console routes. The error handler is set first so every route inherits it.
 */
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
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

/** One declared route (the isolation test walks all of them). */
export interface RouteInfo {
  method: string;
  url: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    routeList: RouteInfo[];
  }
}

export interface AppOptions {
  deps: Deps;
  config: Pick<Config, 'publicUrl' | 'secureCookies'>;
  logger?: Logger | false;
}

const PROCESS_ID = crypto.randomUUID().slice(0, 8);
let requestCounter = 0;

export async function buildApp(o: AppOptions): Promise<FastifyInstance> {
  const app: FastifyInstance = Fastify({
    ...(o.logger ? { loggerInstance: o.logger as FastifyBaseLogger } : { logger: false }),
    // One line per request only at debug level: the public list is read far more than it changes,
    // and the request id is added to error logs explicitly (http/errors.ts).
    logController: new LogController({ disableRequestLogging: !(o.logger && o.logger.isLevelEnabled('debug')) }),
    childLoggerFactory: (logger) => logger,
    trustProxy: true,
    bodyLimit: 1024 * 1024,
    // Unique across processes and cheap: a random prefix per process and a counter.
    genReqId: () => `${PROCESS_ID}-${(requestCounter++).toString(36)}`,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: true } },
  });
  const routes: RouteInfo[] = [];
  app.decorate('routeList', routes);
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) if (method !== 'HEAD') routes.push({ method, url: r.url });
  });
  // First: routes take the error handler in force when they are declared.
  registerErrorHandling(app);
  await app.register(formbody);
  await app.register(rateLimit, { global: false });
  registerSecurityHeaders(app);
  registerStatic(app);
  app.get('/healthz', async () => {
    await o.deps.db.selectFrom('meta').select('key').limit(1).execute();
    return { ok: true };
  });
  await registerPublicRoutes(app, o);
  // Credentials and CSRF only where someone signs in: public pages stay free of both hooks.
  await app.register(async (signedIn) => {
    await signedIn.register(cookie);
    registerAuth(signedIn, o.deps);
    registerCsrf(signedIn);
    await registerApiRoutes(signedIn, o);
    await registerAdminRoutes(signedIn, o);
  });
  return app;
}
