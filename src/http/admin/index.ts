import type { FastifyInstance } from 'fastify';
import type { AppOptions } from '../app.ts';
import { registerAuditRoutes } from './audit.routes.ts';
import { registerChangeRoutes } from './changes.routes.ts';
import { registerCustomerRoutes } from './customers.routes.ts';
import { registerDpaRoutes } from './dpa.routes.ts';
import { registerEngagementRoutes } from './engagements.routes.ts';
import { registerEntityRoutes } from './entities.routes.ts';
import { registerImportRoutes } from './import.routes.ts';
import { registerMeasureRoutes } from './measures.routes.ts';
import { registerMemberRoutes } from './members.routes.ts';
import { registerOutboxRoutes } from './outbox.routes.ts';
import { registerOverviewRoutes } from './overview.routes.ts';
import { registerRecordRoutes } from './records.routes.ts';
import { registerRegionRoutes } from './regions.routes.ts';
import { registerServiceRoutes } from './services.routes.ts';
import { registerSettingsRoutes } from './settings.routes.ts';
import { registerSigninRoutes } from './signin.routes.ts';
import { registerSubscriberRoutes } from './subscribers.routes.ts';
import { registerTokenRoutes } from './tokens.routes.ts';
import { registerTransferRoutes } from './transfers.routes.ts';
import { registerVersionRoutes } from './versions.routes.ts';
import { registerWebhookRoutes } from './webhooks.routes.ts';

/** Console routes. A new console area is one line here. */
export async function registerAdminRoutes(app: FastifyInstance, o: AppOptions) {
  registerSigninRoutes(app, o);
  registerOverviewRoutes(app, o);
  registerEntityRoutes(app, o);
  registerEngagementRoutes(app, o);
  registerServiceRoutes(app, o);
  registerRegionRoutes(app, o);
  await registerImportRoutes(app, o);
  registerVersionRoutes(app, o);
  registerSubscriberRoutes(app, o);
  registerCustomerRoutes(app, o);
  registerDpaRoutes(app, o);
  registerRecordRoutes(app, o);
  registerTransferRoutes(app, o);
  await registerMeasureRoutes(app, o);
  registerWebhookRoutes(app, o);
  registerChangeRoutes(app, o);
  registerOutboxRoutes(app, o);
  registerAuditRoutes(app, o);
  registerMemberRoutes(app, o);
  registerTokenRoutes(app, o);
  registerSettingsRoutes(app, o);
}
