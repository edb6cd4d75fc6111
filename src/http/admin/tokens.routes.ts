import type { FastifyInstance } from 'fastify';
import { createApiToken, listApiTokens, revokeApiToken } from '../../modules/access/api-tokens.ts';
import type { AppOptions } from '../app.ts';
import { formFailure, formValues, openConsole, param, query, sendPage } from './console.ts';
import { newTokenBody, tokensBody } from './tokens.view.ts';

/** API tokens (admin): list, create (the secret is shown once), revoke. */
export function registerTokenRoutes(app: FastifyInstance, { deps }: AppOptions) {
  app.get('/admin/w/:slug/tokens', async (req, reply) => {
    const c = await openConsole(deps, req, 'admin');
    const tokens = await listApiTokens(deps.db, c.workspace.id);
    return sendPage(reply, c, { title: 'API tokens', section: 'tokens', body: tokensBody(c, { tokens, q: query(req), values: {}, errors: {} }) });
  });

  app.post('/admin/w/:slug/tokens', async (req, reply) => {
    const c = await openConsole(deps, req, 'admin');
    const values = formValues(req);
    try {
      const { token, view } = await createApiToken(deps, c.scope, values);
      // The page carries the secret: no caching anywhere (the console sends no-store already).
      reply.header('cache-control', 'no-store');
      return sendPage(reply, c, { title: 'API token created', section: 'tokens', body: newTokenBody(c, { name: view.name, role: view.role, token }), status: 201 });
    } catch (e) {
      const { status, errors } = formFailure(e, values);
      const tokens = await listApiTokens(deps.db, c.workspace.id);
      return sendPage(reply, c, { title: 'API tokens', section: 'tokens', body: tokensBody(c, { tokens, q: {}, values, errors }), status });
    }
  });

  app.post('/admin/w/:slug/tokens/:id/revoke', async (req, reply) => {
    const c = await openConsole(deps, req, 'admin');
    await revokeApiToken(deps, c.scope, param(req, 'id'));
    return reply.redirect(`${c.base}/tokens?revoked=1`, 303);
  });
}
