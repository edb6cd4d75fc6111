import type { FastifyInstance } from 'fastify';
import type { AppOptions } from '../app.ts';
import { registerSigninRoutes } from './signin.routes.ts';

/** Console routes. A new console area is one line here. */
export async function registerAdminRoutes(app: FastifyInstance, o: AppOptions) {
  registerSigninRoutes(app, o);
}
