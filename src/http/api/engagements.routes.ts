import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { createEngagement, deleteEngagement, updateEngagement } from '../../modules/registry/manage-engagements.ts';
import { findEngagement } from '../../modules/registry/registry.queries.ts';
import { searchEngagements } from '../../modules/registry/search-registry.queries.ts';
import type { AppOptions } from '../app.ts';
import { requireWorkspace } from '../middleware/auth.ts';
import { registerCrudRoutes } from './crud.ts';
import { Engagement, EngagementBody, EngagementQuery } from './registry.schemas.ts';
import { data, doc, ERRORS, SlugParams } from './schemas.ts';

/** Engagements: what each entity does for the processor, where, under which safeguards. */
export function registerEngagementRoutes(app: FastifyInstance, { deps }: AppOptions) {
  app.withTypeProvider<TypeBoxTypeProvider>().get('/api/w/:slug/engagements', {
    schema: {
      ...doc('Engagements', 'List engagements', 'viewer', 'In list order. Every filter given must match.'),
      params: SlugParams, querystring: EngagementQuery, response: { 200: data(Type.Array(Engagement)), ...ERRORS },
    },
  }, async (req) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'viewer');
    return { data: await searchEngagements(deps.db, scope.workspaceId, req.query) };
  });
  registerCrudRoutes(app, deps, {
    collection: 'engagements', tag: 'Engagements', noun: 'engagement', body: EngagementBody, view: Engagement,
    find: findEngagement, create: createEngagement, update: updateEngagement, remove: deleteEngagement,
  });
}
