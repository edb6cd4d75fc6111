import type { FastifyInstance } from 'fastify';
import { updateProcessorParticulars, updateWorkspace } from '../../modules/workspaces/workspaces.ts';
import type { AppOptions } from '../app.ts';
import { formFailure, formValues, openConsole, query, sendPage } from './console.ts';
import { particularValues, settingsBody, settingsValues } from './settings.view.ts';

/** Workspace settings (admin). */
export function registerSettingsRoutes(app: FastifyInstance, { deps }: AppOptions) {
  app.get('/admin/w/:slug/settings', async (req, reply) => {
    const c = await openConsole(deps, req, 'admin');
    return sendPage(reply, c, { title: 'Settings', section: 'settings', body: settingsBody(c, { values: settingsValues(c.workspace), errors: {}, q: query(req), particulars: particularValues(c.workspace) }) });
  });

  app.post('/admin/w/:slug/settings', async (req, reply) => {
    const c = await openConsole(deps, req, 'admin');
    const values = formValues(req);
    try {
      const updated = await updateWorkspace(deps, c.user.actor, c.workspace.id, values);
      return reply.redirect(`/admin/w/${updated.slug}/settings?saved=1`, 303);
    } catch (e) {
      const { status, errors } = formFailure(e, values);
      return sendPage(reply, c, { title: 'Settings', section: 'settings', body: settingsBody(c, { values, errors, q: {}, particulars: particularValues(c.workspace) }), status });
    }
  });

  app.post('/admin/w/:slug/settings/particulars', async (req, reply) => {
    const c = await openConsole(deps, req, 'admin');
    const values = formValues(req);
    try {
      await updateProcessorParticulars(deps, c.user.actor, c.workspace.id, values);
      return reply.redirect(`/admin/w/${c.workspace.slug}/settings?saved=1#particulars`, 303);
    } catch (e) {
      const { status, errors } = formFailure(e, values);
      return sendPage(reply, c, { title: 'Settings', section: 'settings', body: settingsBody(c, { values: settingsValues(c.workspace), errors: {}, q: {}, particulars: values, particularErrors: errors }), status });
    }
  });
}
