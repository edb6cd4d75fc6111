import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { createRegion, deleteRegion, updateRegion } from '../../modules/registry/manage-regions.ts';
import { createService, deleteService, updateService } from '../../modules/registry/manage-services.ts';
import { listRegions, listServices } from '../../modules/registry/registry.queries.ts';
import { findRegion, findService } from '../../modules/registry/search-registry.queries.ts';
import type { AppOptions } from '../app.ts';
import { requireWorkspace } from '../middleware/auth.ts';
import { registerCrudRoutes } from './crud.ts';
import { Region, RegionBody, Service, ServiceBody } from './registry.schemas.ts';
import { data, doc, ERRORS, SlugParams } from './schemas.ts';

/** Services (platforms) and hosting regions that engagements refer to by slug. */
export function registerServiceAndRegionRoutes(app: FastifyInstance, { deps }: AppOptions) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get('/api/w/:slug/services', {
    schema: { ...doc('Services', 'List services', 'viewer'), params: SlugParams, response: { 200: data(Type.Array(Service)), ...ERRORS } },
  }, async (req) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'viewer');
    return { data: await listServices(deps.db, scope.workspaceId) };
  });
  registerCrudRoutes(app, deps, {
    collection: 'services', tag: 'Services', noun: 'service', body: ServiceBody, view: Service,
    find: findService, create: createService, update: updateService, remove: deleteService,
  });

  r.get('/api/w/:slug/regions', {
    schema: { ...doc('Regions', 'List regions', 'viewer'), params: SlugParams, response: { 200: data(Type.Array(Region)), ...ERRORS } },
  }, async (req) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'viewer');
    return { data: await listRegions(deps.db, scope.workspaceId) };
  });
  registerCrudRoutes(app, deps, {
    collection: 'regions', tag: 'Regions', noun: 'region', body: RegionBody, view: Region,
    find: findRegion, create: createRegion, update: updateRegion, remove: deleteRegion,
  });
}
