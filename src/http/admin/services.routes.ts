import type { FastifyInstance, FastifyReply } from 'fastify';
import { createService, deleteService, updateService } from '../../modules/registry/manage-services.ts';
import { listEngagements, listServices } from '../../modules/registry/registry.queries.ts';
import { notFound } from '../../shared/errors.ts';
import type { AppOptions } from '../app.ts';
import type { FormErrors } from '../views/forms.ts';
import { type Console, confirmDeleteBody, formFailure, type FormValues, formValues, openConsole, param, query, sendPage } from './console.ts';
import { serviceFormBody, serviceListBody, serviceValues } from './services.view.ts';

/** Services: list (viewer), create, edit and delete (editor). */
export function registerServiceRoutes(app: FastifyInstance, { deps }: AppOptions) {
  const formPage = (reply: FastifyReply, c: Console, o: { id?: string; values: FormValues; errors?: FormErrors; status?: number }) =>
    sendPage(reply, c, { title: o.id ? 'Edit service' : 'New service', section: 'services', body: serviceFormBody(c, { ...o, errors: o.errors ?? {} }), status: o.status });
  const load = async (c: Console, id: string) => {
    const service = (await listServices(deps.db, c.workspace.id)).find((s) => s.id === id);
    if (!service) throw notFound('service');
    return service;
  };

  app.get('/admin/w/:slug/services', async (req, reply) => {
    const c = await openConsole(deps, req, 'viewer');
    const [services, engagements] = await Promise.all([listServices(deps.db, c.workspace.id), listEngagements(deps.db, c.workspace.id)]);
    const engagementCounts = new Map<string, number>();
    for (const slug of engagements.flatMap((g) => g.services)) engagementCounts.set(slug, (engagementCounts.get(slug) ?? 0) + 1);
    return sendPage(reply, c, { title: 'Services', section: 'services', body: serviceListBody(c, { services, engagementCounts, flashQuery: query(req) }) });
  });

  app.get('/admin/w/:slug/services/new', async (req, reply) => formPage(reply, await openConsole(deps, req, 'editor'), { values: {} }));

  app.post('/admin/w/:slug/services', async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    const values = formValues(req);
    try {
      await createService(deps, c.scope, values);
    } catch (e) {
      return formPage(reply, c, { values, ...formFailure(e, values) });
    }
    return reply.redirect(`${c.base}/services?created=1`, 303);
  });

  app.get('/admin/w/:slug/services/:id/edit', async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    const service = await load(c, param(req, 'id'));
    return formPage(reply, c, { id: service.id, values: serviceValues(service) });
  });

  app.post('/admin/w/:slug/services/:id', async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    const id = param(req, 'id');
    const values = formValues(req);
    try {
      await updateService(deps, c.scope, id, values);
    } catch (e) {
      return formPage(reply, c, { id, values, ...formFailure(e, values) });
    }
    return reply.redirect(`${c.base}/services?saved=1`, 303);
  });

  app.get('/admin/w/:slug/services/:id/delete', async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    const s = await load(c, param(req, 'id'));
    const body = confirmDeleteBody(c, { what: 'service', name: s.name, action: `${c.base}/services/${s.id}/delete`, back: `${c.base}/services`, consequence: 'Engagements that list this service stop listing it.' });
    return sendPage(reply, c, { title: 'Delete service', section: 'services', body });
  });

  app.post('/admin/w/:slug/services/:id/delete', async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    await deleteService(deps, c.scope, param(req, 'id'));
    return reply.redirect(`${c.base}/services?deleted=1`, 303);
  });
}
