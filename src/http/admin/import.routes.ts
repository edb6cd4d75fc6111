import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { proposeChangeFromImport } from '../../modules/changes/propose-change-from-import.ts';
import { applyImportDraft, compareDraft, discardImportDraft, findImportDraft, importIntoWorkspace, listImportDrafts } from '../../modules/import/apply-import.ts';
import { notFound } from '../../shared/errors.ts';
import type { AppOptions } from '../app.ts';
import { checkCsrfToken } from '../middleware/csrf.ts';
import type { FormErrors } from '../views/forms.ts';
import { type Console, formFailure, type FormValues, formValues, many, one, openConsole, param, query, sendPage } from './console.ts';
import { MULTIPART_LIMITS, PREVIEW_BODY_LIMIT, parseRoleOverrides, previewSource, readImportForm, readImportSource } from './import.form.ts';
import { draftBody, importPageBody, previewBody } from './import.view.ts';

/**
 * Import (SP5) in the console, without JavaScript: upload, paste or name a list, preview its
 * records and change column roles, then import — at once into an empty registry, otherwise as a
 * draft to review. Multipart is accepted only in this scope, and only by the preview route.
 */
export async function registerImportRoutes(app: FastifyInstance, o: AppOptions) {
  await app.register(async (scope) => {
    await scope.register(multipart, { limits: MULTIPART_LIMITS, throwFileSizeLimit: false });
    registerRoutes(scope, o);
  });
}

function registerRoutes(app: FastifyInstance, { deps }: AppOptions) {
  const formPage = async (reply: FastifyReply, c: Console, o: { values?: FormValues; errors?: FormErrors; status?: number; q?: Record<string, string> }) => {
    const drafts = await listImportDrafts(deps.db, c.workspace.id);
    const body = importPageBody(c, { values: o.values ?? {}, errors: o.errors ?? {}, drafts, q: o.q ?? {} });
    return sendPage(reply, c, { title: 'Import', section: 'import', body, status: o.status });
  };

  /** The form's source through importList, or the form again with the problem next to its field. */
  const preview = async (req: FastifyRequest, reply: FastifyReply, c: Console) => {
    const form = await readImportForm(req);
    // The CSRF hook cannot see a multipart body: this route checks it (csrf.ts, config.csrf).
    if (req.isMultipart()) checkCsrfToken(req, form.fields._csrf ?? req.headers['x-csrf-token']);
    const roleOverrides = parseRoleOverrides(form.fields);
    const source = await readImportSource(form);
    if (!source.ok) return { ok: false as const, page: await formPage(reply, c, source) };
    const parsed = previewSource(source, roleOverrides);
    if (!parsed.ok) return { ok: false as const, page: await formPage(reply, c, parsed) };
    return { ok: true as const, source, result: parsed.result };
  };

  app.get('/admin/w/:slug/import', async (req, reply) => formPage(reply, await openConsole(deps, req, 'viewer'), { q: query(req) }));

  app.post('/admin/w/:slug/import/preview', { config: { csrf: 'multipart' }, bodyLimit: PREVIEW_BODY_LIMIT }, async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    const p = await preview(req, reply, c);
    if (!p.ok) return p.page;
    const { rows, warnings, tables, format } = p.result;
    return sendPage(reply, c, {
      title: 'Import preview', section: 'import',
      body: previewBody(c, { source: p.source.text, sourceName: p.source.label, format, rows, warnings, tables }),
    });
  });

  app.post('/admin/w/:slug/import/commit', { bodyLimit: PREVIEW_BODY_LIMIT }, async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    const p = await preview(req, reply, c);
    if (!p.ok) return p.page;
    const outcome = await importIntoWorkspace(deps, c.scope, p.result, p.source.label);
    if (outcome.mode === 'applied') return reply.redirect(`${c.base}/engagements?imported=1`, 303);
    return reply.redirect(`${c.base}/import/drafts/${outcome.draft.id}?drafted=1`, 303);
  });

  const load = async (c: Console, id: string) => {
    const draft = await findImportDraft(deps.db, c.workspace.id, id);
    if (!draft) throw notFound('import draft');
    return draft;
  };

  app.get('/admin/w/:slug/import/drafts/:id', async (req, reply) => {
    const c = await openConsole(deps, req, 'viewer');
    const draft = await load(c, param(req, 'id'));
    const compared = await compareDraft(deps.db, c.workspace.id, draft);
    return sendPage(reply, c, { title: 'Import draft', section: 'import', body: draftBody(c, { draft, compared, q: query(req) }) });
  });

  app.post('/admin/w/:slug/import/drafts/:id/apply', async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    // A draft decided meanwhile is a 409 conflict, shown as the error page.
    await applyImportDraft(deps, c.scope, (await load(c, param(req, 'id'))).id);
    return reply.redirect(`${c.base}/engagements?imported=1`, 303);
  });

  app.post('/admin/w/:slug/import/drafts/:id/propose', async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    const draft = await load(c, param(req, 'id'));
    const values = formValues(req);
    // The hidden "0" comes first and the checkbox's own value (checkbox(): "true") after it when
    // ticked: the last one is the answer, read by the use-case like any other flag.
    const fields = { title: one(values.title), reason: one(values.reason), proposedDate: one(values.proposedDate), includeRemovals: many(values.includeRemovals).at(-1) ?? '0' };
    try {
      const { change } = await proposeChangeFromImport(deps, c.scope, draft.id, fields);
      return reply.redirect(`${c.base}/changes/${change.id}?proposed=1`, 303);
    } catch (e) {
      const failure = formFailure(e, values);
      const compared = await compareDraft(deps.db, c.workspace.id, draft);
      const body = draftBody(c, { draft, compared, q: {}, proposeValues: fields, proposeErrors: failure.errors });
      return sendPage(reply, c, { title: 'Import draft', section: 'import', body, status: failure.status });
    }
  });

  app.post('/admin/w/:slug/import/drafts/:id/discard', async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    await discardImportDraft(deps, c.scope, (await load(c, param(req, 'id'))).id);
    return reply.redirect(`${c.base}/import?discarded=1`, 303);
  });
}
