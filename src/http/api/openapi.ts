/**
 * The OpenAPI 3.1 document of the JSON API, collected by @fastify/swagger from the route schemas.
 * Registered before the API routes so it sees them; routes without a tag (console, docs, the
 * document itself) stay out of it.
 */
import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import pkg from '../../../package.json' with { type: 'json' };
import { SESSION_COOKIE } from '../middleware/auth.ts';
import { TAGS } from './schemas.ts';

export const OPENAPI_PATH = '/api/openapi.json';

export async function registerOpenApi(app: FastifyInstance) {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Trustroom API',
        version: pkg.version,
        description: 'The sub-processor registry, publishing and administration of a Trustroom workspace. '
          + 'Success bodies are { "data": … }; errors are { "ok": false, "error", "message", "status", "data"? }. '
          + 'Each operation names the least workspace role it needs in x-min-role.',
      },
      tags: TAGS.map((t) => ({ ...t })),
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'A workspace API token: `Authorization: Bearer trt_…`. Needs no CSRF token.' },
          session: {
            type: 'apiKey', in: 'cookie', name: SESSION_COOKIE,
            description: 'The console session cookie. Changes (POST, PUT, PATCH, DELETE) also need the header `x-csrf-token` with the session\'s CSRF token.',
          },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    hideUntagged: true,
  });
  app.get(OPENAPI_PATH, { schema: { hide: true } }, async () => app.swagger());
}
