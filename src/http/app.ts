/**
 * Builds the Fastify app. Order, top to bottom: logging and request ids, the error handler, input
 * guards (NUL) and HSTS, body parsers; the public list in a scope of its own; then pages with
 * security headers, and within them a scope with cookies, who is calling, CSRF, the API and the
 * console.
 */
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import type { Logger } from 'pino';
import type { Background } from '../background.ts';
import type { AuditPublicKey } from '../modules/audit/audit-key.ts';
import type { Config } from '../shared/config.ts';
import type { Deps } from '../shared/deps.ts';
import { registerAdminRoutes } from './admin/index.ts';
import { registerApiRoutes } from './api/index.ts';
import { registerErrorHandling } from './errors.ts';
import { registerAuth } from './middleware/auth.ts';
import { fastifyTrustProxy } from './middleware/client-address.ts';
import { registerCsrf } from './middleware/csrf.ts';
import { registerInputGuards } from './middleware/input-guards.ts';
import { registerHsts, registerSecurityHeaders } from './middleware/security-headers.ts';
import { registerAccessPackageRoutes } from './pages/access-package.routes.ts';
import { registerDpaAcceptRoutes } from './pages/dpa-accept.routes.ts';
import { registerHomeRoutes } from './pages/home.routes.ts';
import { registerPrivacyRequestRoutes } from './pages/privacy-request.routes.ts';
import { registerPublicListRoutes } from './pages/public-list.routes.ts';
import { registerRespondRoutes } from './pages/respond.routes.ts';
import { registerStatic } from './pages/static.ts';
import { registerPortalRoutes } from './portal/portal.routes.ts';
import { registerSubscribeRoutes } from './pages/subscribe.routes.ts';
import { registerTransparencyRoutes } from './pages/transparency.routes.ts';

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
  /** trustProxy: off unless given (TRUSTROOM_TRUST_PROXY). */
  config: Pick<Config, 'publicUrl' | 'secureCookies'> & Partial<Pick<Config, 'trustProxy' | 'packageKeyFile'>>;
  logger?: Logger | false;
  /** The process's job worker, when it runs one (admin pages show its mode: SMTP or outbox). */
  background?: Background;
  /** The audit signing key's public half, published with each checkpoint (GET /api/w/:slug/audit/head). */
  auditKey?: AuditPublicKey;
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
    // Off unless configured: a believed X-Forwarded-For would let anyone pick their address (rate limits).
    trustProxy: fastifyTrustProxy(o.config.trustProxy ?? false),
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
  // Before every scope (the public list too): these hooks apply only to routes declared after them.
  registerInputGuards(app);
  if (o.config.publicUrl.startsWith('https:')) registerHsts(app);
  await app.register(formbody);
  await app.register(rateLimit, { global: false });
  // The public list is the most-read address: no hooks of its own (only the guards above); it sets its own headers.
  await app.register(async (lists) => registerPublicListRoutes(lists, o));
  await app.register(async (pages) => {
    registerSecurityHeaders(pages);
    registerStatic(pages);
    pages.get('/healthz', async () => {
      await o.deps.db.selectFrom('meta').select('key').limit(1).execute();
      return { ok: true };
    });
    registerHomeRoutes(pages, o);
    registerTransparencyRoutes(pages, o);
    // Subscribing to a list: its own scope (a multipart parser for RFC 8058 one-click unsubscribe).
    await pages.register(async (subscribing) => registerSubscribeRoutes(subscribing, o));
    // Customers answering a change through the link in its notice: its own headers (the URL is a credential).
    await pages.register(async (responding) => registerRespondRoutes(responding, o));
    // Customers accepting a DPA through the link e-mailed to them: same reasons as above.
    await pages.register(async (accepting) => registerDpaAcceptRoutes(accepting, o));
    // A data-subject access package through the link e-mailed to the requester: same reasons as above.
    await pages.register(async (downloading) => registerAccessPackageRoutes(downloading, o));
    // Data-subject requests: the form, and the status and verification pages behind links e-mailed to the requester (same reasons as above).
    await pages.register(async (requesting) => registerPrivacyRequestRoutes(requesting, o));
    // The customer portal: its own cookie, session and CSRF check (customers' contacts, not operators).
    await pages.register(async (portal) => registerPortalRoutes(portal, o));
    // Cookies, credentials and CSRF only where someone signs in.
    await pages.register(async (signedIn) => {
      await signedIn.register(cookie);
      registerAuth(signedIn, o.deps);
      registerCsrf(signedIn);
      await registerApiRoutes(signedIn, o);
      await registerAdminRoutes(signedIn, o);
    });
  });
  return app;
}
