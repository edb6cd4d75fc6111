import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { createEntity, deleteEntity, updateEntity } from '../../modules/registry/manage-entities.ts';
import { findEntity } from '../../modules/registry/registry.queries.ts';
import { searchEntities } from '../../modules/registry/search-registry.queries.ts';
import type { AppOptions } from '../app.ts';
import { requireWorkspace } from '../middleware/auth.ts';
import { registerCrudRoutes } from './crud.ts';
import { Entity, EntityBody, EntityQuery } from './registry.schemas.ts';
import { data, doc, ERRORS, SlugParams } from './schemas.ts';

/** Entities (companies) of the registry. */
export function registerEntityRoutes(app: FastifyInstance, { deps }: AppOptions) {
  app.withTypeProvider<TypeBoxTypeProvider>().get('/api/w/:slug/entities', {
    schema: { ...doc('Entities', 'List entities', 'viewer'), params: SlugParams, querystring: EntityQuery, response: { 200: data(Type.Array(Entity)), ...ERRORS } },
  }, async (req) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'viewer');
    return { data: await searchEntities(deps.db, scope.workspaceId, req.query) };
  });
  registerCrudRoutes(app, deps, {
    collection: 'entities', tag: 'Entities', noun: 'entity', body: EntityBody, view: Entity,
    find: findEntity, create: createEntity, update: updateEntity, remove: deleteEntity,
  });
}
