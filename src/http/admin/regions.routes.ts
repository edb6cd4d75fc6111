import type { FastifyInstance, FastifyReply } from 'fastify';
import { createRegion, deleteRegion, updateRegion } from '../../modules/registry/manage-regions.ts';
import { listRegions } from '../../modules/registry/registry.queries.ts';
import { notFound } from '../../shared/errors.ts';
import type { AppOptions } from '../app.ts';
import type { FormErrors } from '../views/forms.ts';
import { type Console, confirmDeleteBody, formFailure, type FormValues, formValues, openConsole, param, query, sendPage } from './console.ts';
import { regionFormBody, regionListBody, regionValues } from './regions.view.ts';

/** Hosting regions: list (viewer), create, edit and delete (editor). */
export function registerRegionRoutes(app: FastifyInstance, { deps }: AppOptions) {
  const formPage = (reply: FastifyReply, c: Console, o: { id?: string; values: FormValues; errors?: FormErrors; status?: number }) =>
    sendPage(reply, c, { title: o.id ? 'Edit region' : 'New region', section: 'regions', body: regionFormBody(c, { ...o, errors: o.errors ?? {} }), status: o.status });
  const load = async (c: Console, id: string) => {
    const region = (await listRegions(deps.db, c.workspace.id)).find((r) => r.id === id);
    if (!region) throw notFound('region');
    return region;
  };

  app.get('/admin/w/:slug/regions', async (req, reply) => {
    const c = await openConsole(deps, req, 'viewer');
    const regions = await listRegions(deps.db, c.workspace.id);
    return sendPage(reply, c, { title: 'Hosting regions', section: 'regions', body: regionListBody(c, { regions, flashQuery: query(req) }) });
  });

  app.get('/admin/w/:slug/regions/new', async (req, reply) => formPage(reply, await openConsole(deps, req, 'editor'), { values: {} }));

  app.post('/admin/w/:slug/regions', async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    const values = formValues(req);
    try {
      await createRegion(deps, c.scope, values);
    } catch (e) {
      return formPage(reply, c, { values, ...formFailure(e, values) });
    }
    return reply.redirect(`${c.base}/regions?created=1`, 303);
  });

  app.get('/admin/w/:slug/regions/:id/edit', async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    const region = await load(c, param(req, 'id'));
    return formPage(reply, c, { id: region.id, values: regionValues(region) });
  });

  app.post('/admin/w/:slug/regions/:id', async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    const id = param(req, 'id');
    const values = formValues(req);
    try {
      await updateRegion(deps, c.scope, id, values);
    } catch (e) {
      return formPage(reply, c, { id, values, ...formFailure(e, values) });
    }
    return reply.redirect(`${c.base}/regions?saved=1`, 303);
  });

  app.get('/admin/w/:slug/regions/:id/delete', async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    const r = await load(c, param(req, 'id'));
    const body = confirmDeleteBody(c, { what: 'region', name: r.name, action: `${c.base}/regions/${r.id}/delete`, back: `${c.base}/regions`, consequence: 'Engagements that name this region stop naming it.' });
    return sendPage(reply, c, { title: 'Delete region', section: 'regions', body });
  });

  app.post('/admin/w/:slug/regions/:id/delete', async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    await deleteRegion(deps, c.scope, param(req, 'id'));
    return reply.redirect(`${c.base}/regions?deleted=1`, 303);
  });
}
