import type { FastifyInstance } from 'fastify';
import { listRegions, listServices } from '../../modules/registry/registry.queries.ts';
import { removeSubscriber } from '../../modules/subscribers/remove-subscriber.ts';
import { countSubscribersByStatus, listSubscribers } from '../../modules/subscribers/subscribers.queries.ts';
import type { AppOptions } from '../app.ts';
import { openConsole, param, query, sendPage } from './console.ts';
import { subscribersBody } from './subscribers.view.ts';

/** Subscribers of the public list (CH2): the list (viewer) and removal (editor). */
export function registerSubscriberRoutes(app: FastifyInstance, { deps }: AppOptions) {
  app.get('/admin/w/:slug/subscribers', async (req, reply) => {
    const c = await openConsole(deps, req, 'viewer');
    const [subscribers, counts, services, regions] = await Promise.all([
      listSubscribers(deps.db, c.workspace.id), countSubscribersByStatus(deps.db, c.workspace.id), listServices(deps.db, c.workspace.id), listRegions(deps.db, c.workspace.id),
    ]);
    const body = subscribersBody(c, {
      subscribers, counts, q: query(req),
      serviceNames: new Map(services.map((s) => [s.slug, s.name])), regionNames: new Map(regions.map((r) => [r.slug, r.name])),
    });
    return sendPage(reply, c, { title: 'Subscribers', section: 'subscribers', body });
  });

  app.post('/admin/w/:slug/subscribers/:id/remove', async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    await removeSubscriber(deps, c.scope, param(req, 'id'));
    return reply.redirect(`${c.base}/subscribers?removed=1`, 303);
  });
}
