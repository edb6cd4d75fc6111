import type { FastifyInstance, FastifyRequest } from 'fastify';
import { unauthorized } from '../../shared/errors.ts';
import type { AppOptions } from '../app.ts';
import { registerAccessRoutes } from './access.routes.ts';
import { registerAuditRoutes } from './audit.routes.ts';
import { registerChangeRoutes } from './changes.routes.ts';
import { registerCustomerRequestRoutes } from './customer-requests.routes.ts';
import { registerCustomerRoutes } from './customers.routes.ts';
import { registerDocsPage } from './docs.page.ts';
import { registerDpaRoutes } from './dpa.routes.ts';
import { registerEngagementRoutes } from './engagements.routes.ts';
import { registerEntityRoutes } from './entities.routes.ts';
import { registerIncidentApiRoutes } from './incidents.routes.ts';
import { registerLegalDemandRoutes } from './legal-demands.routes.ts';
import { registerMeasureRoutes } from './measures.routes.ts';
import { registerMessageRoutes } from './messages.routes.ts';
import { registerOpenApi } from './openapi.ts';
import { registerRecordRoutes } from './records.routes.ts';
import { registerRequestSetupApiRoutes } from './request-setup.routes.ts';
import { registerRequestApiRoutes } from './requests.routes.ts';
import { registerServiceAndRegionRoutes } from './services-regions.routes.ts';
import { registerTransferRoutes } from './transfers.routes.ts';
import { registerVersionRoutes } from './versions.routes.ts';
import { registerWebhookRoutes } from './webhooks.routes.ts';
import { registerWorkspaceRoutes } from './workspaces.routes.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** An API route anyone may call without credentials (the public request intake); with credentials it checks them itself. */
    publicApi?: boolean;
  }
}

/** API routes that need a caller: everything but the OpenAPI document, the docs page and public routes. */
const needsCaller = (req: FastifyRequest) => {
  const url = req.routeOptions.url ?? '';
  return url === '/api/workspaces' || url.startsWith('/api/w/');
};

/**
 * Runs before schema validation: a caller without credentials gets 401 and learns nothing about
 * the schemas; a change sent without a body is read as `{}`, so the fields it lacks are named.
 */
function registerApiGuard(app: FastifyInstance) {
  app.addHook('preValidation', async (req) => {
    if (!needsCaller(req)) return;
    if (!req.principal && !req.routeOptions.config.publicApi) throw unauthorized();
    if (req.body === undefined && (req.method === 'POST' || req.method === 'PUT' || req.method === 'PATCH')) req.body = {};
  });
}

/** JSON API routes. A new module's routes are one line here. */
export async function registerApiRoutes(app: FastifyInstance, o: AppOptions) {
  await registerOpenApi(app);
  registerApiGuard(app);
  registerWorkspaceRoutes(app, o);
  registerEntityRoutes(app, o);
  registerEngagementRoutes(app, o);
  registerServiceAndRegionRoutes(app, o);
  registerVersionRoutes(app, o);
  registerCustomerRoutes(app, o);
  registerDpaRoutes(app, o);
  registerRecordRoutes(app, o);
  registerMeasureRoutes(app, o);
  registerWebhookRoutes(app, o);
  registerChangeRoutes(app, o);
  registerMessageRoutes(app, o);
  registerTransferRoutes(app, o);
  registerAuditRoutes(app, o);
  registerAccessRoutes(app, o);
  registerRequestApiRoutes(app, o);
  registerIncidentApiRoutes(app, o);
  registerRequestSetupApiRoutes(app, o);
  registerCustomerRequestRoutes(app, o);
  registerLegalDemandRoutes(app, o);
  registerDocsPage(app, o);
}
