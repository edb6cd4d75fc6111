import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import { MAX_LOGO_BYTES, updateWorkspaceBranding } from '../../modules/workspaces/workspace-branding.ts';
import { updateProcessorParticulars, updateWorkspace } from '../../modules/workspaces/workspaces.ts';
import type { AppOptions } from '../app.ts';
import { checkCsrfToken } from '../middleware/csrf.ts';
import { invalid } from '../../shared/errors.ts';
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

  // Branding: a multipart form (the logo is a file), read in its own scope like the import's upload.
  void app.register(async (scope) => {
    await scope.register(multipart, { limits: { fileSize: MAX_LOGO_BYTES, files: 1, fieldSize: 1000, fields: 10, parts: 11 }, throwFileSizeLimit: false });
    scope.post('/admin/w/:slug/settings/branding', { config: { csrf: 'multipart' } }, async (req, reply) => {
      const c = await openConsole(deps, req, 'admin');
      const fields: Record<string, string> = {};
      let upload: { bytes: Buffer; type: string; isTooLarge: boolean } | null = null;
      if (req.isMultipart()) {
        for await (const part of req.parts()) {
          if (part.type === 'file') {
            const bytes = await part.toBuffer();
            if (part.fieldname === 'logo' && bytes.length > 0) upload = { bytes, type: part.mimetype, isTooLarge: part.file.truncated };
          } else fields[part.fieldname] ??= typeof part.value === 'string' ? part.value : '';
        }
        // The CSRF hook cannot see a multipart body: this route checks it (csrf.ts, config.csrf).
        checkCsrfToken(req, fields._csrf ?? req.headers['x-csrf-token']);
      } else Object.assign(fields, formValues(req));
      const { _csrf: _ignored, ...values } = fields;
      try {
        if (upload?.isTooLarge) throw invalid([{ field: 'logo', message: 'must be at most 100 KB' }]);
        await updateWorkspaceBranding(deps, c.user.actor, c.workspace.id, { mailFromName: '', mailFromAddress: '', brandColour: '', ...values }, upload);
        return reply.redirect(`/admin/w/${c.workspace.slug}/settings?saved=1#branding`, 303);
      } catch (e) {
        const { status, errors } = formFailure(e, values);
        return sendPage(reply, c, { title: 'Settings', section: 'settings', body: settingsBody(c, { values: settingsValues(c.workspace), errors: {}, q: {}, particulars: particularValues(c.workspace), branding: values, brandingErrors: errors }), status });
      }
    });
  });
}
