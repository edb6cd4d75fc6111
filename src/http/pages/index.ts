import type { FastifyInstance } from 'fastify';
import type { AppOptions } from '../app.ts';
import { registerHomeRoutes } from './home.routes.ts';
import { registerPublicListRoutes } from './public-list.routes.ts';

/** Public pages: no sign-in, no JavaScript. */
export async function registerPublicRoutes(app: FastifyInstance, o: AppOptions) {
  registerHomeRoutes(app, o);
  registerPublicListRoutes(app, o);
}
