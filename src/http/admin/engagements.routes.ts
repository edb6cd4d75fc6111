import type { FastifyInstance, FastifyReply } from 'fastify';
import { createEngagement, deleteEngagement, updateEngagement } from '../../modules/registry/manage-engagements.ts';
import { findEngagement, listEngagements, listEntities, listRegions, listServices } from '../../modules/registry/registry.queries.ts';
import { notFound } from '../../shared/errors.ts';
import type { AppOptions } from '../app.ts';
import type { FormErrors } from '../views/forms.ts';
import { type Console, confirmDeleteBody, formFailure, type FormValues, formValues, openConsole, param, query, sendPage } from './console.ts';
import { type EngagementFilters, engagementFormBody, engagementListBody, engagementValues } from './engagements.view.ts';

/** Engagements: list with filters (viewer), create, edit and delete (editor). */
export function registerEngagementRoutes(app: FastifyInstance, { deps }: AppOptions) {
  const formPage = async (reply: FastifyReply, c: Console, o: { id?: string; values: FormValues; errors?: FormErrors; status?: number }) => {
    const [entities, services, regions] = await Promise.all([listEntities(deps.db, c.workspace.id), listServices(deps.db, c.workspace.id), listRegions(deps.db, c.workspace.id)]);
    const body = engagementFormBody(c, { id: o.id, values: o.values, errors: o.errors ?? {}, entities, services, regions });
    return sendPage(reply, c, { title: o.id ? 'Edit engagement' : 'New engagement', section: 'engagements', body, status: o.status });
  };
  const load = async (c: Console, id: string) => {
    const engagement = await findEngagement(deps.db, c.workspace.id, id);
    if (!engagement) throw notFound('engagement');
    return engagement;
  };

  app.get('/admin/w/:slug/engagements', async (req, reply) => {
    const c = await openConsole(deps, req, 'viewer');
    const q = query(req);
    const f: EngagementFilters = { service: q.service ?? '', region: q.region ?? '', country: (q.country ?? '').toUpperCase(), kind: q.kind ?? '', role: q.role ?? '' };
    const [all, services, regions] = await Promise.all([listEngagements(deps.db, c.workspace.id), listServices(deps.db, c.workspace.id), listRegions(deps.db, c.workspace.id)]);
    const shown = all.filter((g) =>
      (!f.service || g.services.includes(f.service)) && (!f.region || g.regions.includes(f.region)) && (!f.country || g.countries.includes(f.country))
      && (!f.kind || g.kind === f.kind) && (!f.role || g.role === f.role));
    return sendPage(reply, c, { title: 'Engagements', section: 'engagements', body: engagementListBody(c, { all, shown, services, regions, filters: f, flashQuery: q }) });
  });

  app.get('/admin/w/:slug/engagements/new', async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    // `?entity=<id>` preselects the entity (links from an entity's page).
    return formPage(reply, c, { values: { entityId: query(req).entity ?? '' } });
  });

  app.post('/admin/w/:slug/engagements', async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    const values = formValues(req);
    try {
      await createEngagement(deps, c.scope, values);
    } catch (e) {
      return formPage(reply, c, { values, ...formFailure(e, values) });
    }
    return reply.redirect(`${c.base}/engagements?created=1`, 303);
  });

  app.get('/admin/w/:slug/engagements/:id/edit', async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    const g = await load(c, param(req, 'id'));
    return formPage(reply, c, { id: g.id, values: engagementValues(g) });
  });

  app.post('/admin/w/:slug/engagements/:id', async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    const id = param(req, 'id');
    const values = formValues(req);
    try {
      await updateEngagement(deps, c.scope, id, values);
    } catch (e) {
      return formPage(reply, c, { id, values, ...formFailure(e, values) });
    }
    return reply.redirect(`${c.base}/engagements?saved=1`, 303);
  });

  app.get('/admin/w/:slug/engagements/:id/delete', async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    const g = await load(c, param(req, 'id'));
    const body = confirmDeleteBody(c, { what: 'engagement', name: `${g.entityName}: ${g.purpose}`, action: `${c.base}/engagements/${g.id}/delete`, back: `${c.base}/engagements` });
    return sendPage(reply, c, { title: 'Delete engagement', section: 'engagements', body });
  });

  app.post('/admin/w/:slug/engagements/:id/delete', async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    await deleteEngagement(deps, c.scope, param(req, 'id'));
    return reply.redirect(`${c.base}/engagements?deleted=1`, 303);
  });
}
