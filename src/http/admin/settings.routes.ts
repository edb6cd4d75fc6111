import type { FastifyInstance } from 'fastify';
import { updateWorkspace } from '../../modules/workspaces/workspaces.ts';
import type { AppOptions } from '../app.ts';
import { formFailure, formValues, openConsole, query, sendPage } from './console.ts';
import { settingsBody, settingsValues } from './settings.view.ts';

/** Workspace settings (admin). */
export function registerSettingsRoutes(app: FastifyInstance, { deps }: AppOptions) {
  app.get('/admin/w/:slug/settings', async (req, reply) => {
    const c = await openConsole(deps, req, 'admin');
    return sendPage(reply, c, { title: 'Settings', section: 'settings', body: settingsBody(c, { values: settingsValues(c.workspace), errors: {}, q: query(req) }) });
  });

  app.post('/admin/w/:slug/settings', async (req, reply) => {
    const c = await openConsole(deps, req, 'admin');
    const values = formValues(req);
    try {
      const updated = await updateWorkspace(deps, c.user.actor, c.workspace.id, values);
      return reply.redirect(`/admin/w/${updated.slug}/settings?saved=1`, 303);
    } catch (e) {
      const { status, errors } = formFailure(e, values);
      return sendPage(reply, c, { title: 'Settings', section: 'settings', body: settingsBody(c, { values, errors, q: {} }), status });
    }
  });
}
