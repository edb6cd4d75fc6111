import type { FastifyInstance, FastifyReply } from 'fastify';
import { createEntity, deleteEntity, updateEntity } from '../../modules/registry/manage-entities.ts';
import { findEntity, listEngagements, listEntities } from '../../modules/registry/registry.queries.ts';
import { isAppError, notFound } from '../../shared/errors.ts';
import type { AppOptions } from '../app.ts';
import type { FormErrors } from '../views/forms.ts';
import { type Console, confirmDeleteBody, formFailure, type FormValues, formValues, openConsole, param, query, sendPage } from './console.ts';
import { entityFormBody, entityListBody, entityValues } from './entities.view.ts';

/** Entities: list with filters (viewer), create, edit and delete (editor). */
export function registerEntityRoutes(app: FastifyInstance, { deps }: AppOptions) {
  const formPage = async (reply: FastifyReply, c: Console, o: { id?: string; values: FormValues; errors?: FormErrors; status?: number }) => {
    const entities = await listEntities(deps.db, c.workspace.id);
    const body = entityFormBody(c, { id: o.id, values: o.values, errors: o.errors ?? {}, entities });
    return sendPage(reply, c, { title: o.id ? 'Edit entity' : 'New entity', section: 'entities', body, status: o.status });
  };
  const load = async (c: Console, id: string) => {
    const entity = await findEntity(deps.db, c.workspace.id, id);
    if (!entity) throw notFound('entity');
    return entity;
  };

  app.get('/admin/w/:slug/entities', async (req, reply) => {
    const c = await openConsole(deps, req, 'viewer');
    const q = query(req);
    const filters = { q: q.q ?? '', country: (q.country ?? '').toUpperCase() };
    const [all, engagements] = await Promise.all([listEntities(deps.db, c.workspace.id), listEngagements(deps.db, c.workspace.id)]);
    const needle = filters.q.toLowerCase();
    const shown = all.filter((e) => (!needle || `${e.name} ${e.legalName ?? ''}`.toLowerCase().includes(needle)) && (!filters.country || e.country === filters.country));
    const engagementCounts = new Map<string, number>();
    for (const g of engagements) engagementCounts.set(g.entityId, (engagementCounts.get(g.entityId) ?? 0) + 1);
    return sendPage(reply, c, { title: 'Entities', section: 'entities', body: entityListBody(c, { all, shown, engagementCounts, filters, flashQuery: q }) });
  });

  app.get('/admin/w/:slug/entities/new', async (req, reply) => formPage(reply, await openConsole(deps, req, 'editor'), { values: {} }));

  app.post('/admin/w/:slug/entities', async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    const values = formValues(req);
    try {
      await createEntity(deps, c.scope, values);
    } catch (e) {
      return formPage(reply, c, { values, ...formFailure(e, values) });
    }
    return reply.redirect(`${c.base}/entities?created=1`, 303);
  });

  app.get('/admin/w/:slug/entities/:id/edit', async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    const entity = await load(c, param(req, 'id'));
    return formPage(reply, c, { id: entity.id, values: entityValues(entity) });
  });

  app.post('/admin/w/:slug/entities/:id', async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    const id = param(req, 'id');
    const values = formValues(req);
    try {
      await updateEntity(deps, c.scope, id, values);
    } catch (e) {
      return formPage(reply, c, { id, values, ...formFailure(e, values) });
    }
    return reply.redirect(`${c.base}/entities?saved=1`, 303);
  });

  const confirmPage = (reply: FastifyReply, c: Console, entity: { id: string; name: string }, error?: string) =>
    sendPage(reply, c, {
      title: 'Delete entity', section: 'entities', status: error ? 409 : 200,
      body: confirmDeleteBody(c, { what: 'entity', name: entity.name, action: `${c.base}/entities/${entity.id}/delete`, back: `${c.base}/entities`, error }),
    });

  app.get('/admin/w/:slug/entities/:id/delete', async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    return confirmPage(reply, c, await load(c, param(req, 'id')));
  });

  app.post('/admin/w/:slug/entities/:id/delete', async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    const entity = await load(c, param(req, 'id'));
    try {
      await deleteEntity(deps, c.scope, entity.id);
    } catch (e) {
      if (isAppError(e) && e.code === 'entity_in_use') return confirmPage(reply, c, entity, `This entity cannot be deleted: ${e.message}.`);
      throw e;
    }
    return reply.redirect(`${c.base}/entities?deleted=1`, 303);
  });
}
