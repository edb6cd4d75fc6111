import type { FastifyInstance } from 'fastify';
import type { AppOptions } from '../app.ts';

/** JSON API routes. A new module's routes are one line here. */
export async function registerApiRoutes(_app: FastifyInstance, _o: AppOptions) {}
