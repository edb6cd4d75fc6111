import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { EVIDENCE_MAX_BYTES } from '../../modules/measures/evidence.ts';
import { type CatalogueSet } from '../../modules/measures/measure-catalogue.ts';
import { addEvidenceFile, addEvidenceLink, createMeasure, deleteMeasure, recordReview, removeEvidence, updateMeasure } from '../../modules/measures/manage-measures.ts';
import { findMeasure, listMeasures, readEvidenceFile, workspaceToday } from '../../modules/measures/measures.queries.ts';
import { seedMeasureCatalogue } from '../../modules/measures/seed-measures.ts';
import { notFound } from '../../shared/errors.ts';
import type { AppOptions } from '../app.ts';
import { sendFileDownload } from '../download.ts';
import { checkCsrfToken } from '../middleware/csrf.ts';
import type { FormErrors } from '../views/forms.ts';
import { type Console, confirmDeleteBody, formFailure, type FormValues, formValues, one, openConsole, param, query, sendPage } from './console.ts';
import { measureDetailBody, measureFormBody, measureListBody, measureValues } from './measures.view.ts';

/**
 * One file (one byte over the cap, so an oversized upload reaches the module's size check rather
 * than being cut silently) and a few small fields.
 */
const UPLOAD_LIMITS = { fileSize: EVIDENCE_MAX_BYTES + 1, files: 1, fieldSize: 10_000, fields: 10, parts: 11 };

/**
 * Measures (CU4) in the console: the catalogue grouped by category (viewer); create, edit,
 * delete, review and evidence (editor). Multipart is accepted in this scope only, and acted on
 * only by the upload route, which checks the form's CSRF token itself.
 */
export async function registerMeasureRoutes(app: FastifyInstance, o: AppOptions) {
  await app.register(async (scope) => {
    await scope.register(multipart, { limits: UPLOAD_LIMITS, throwFileSizeLimit: false });
    registerRoutes(scope, o);
  });
}

/** The upload form's fields and file, read from a multipart body (or an ordinary form, which has no file). */
async function readUpload(req: FastifyRequest): Promise<{ fields: Record<string, string>; file: { name: string; type: string; bytes: Buffer } | null }> {
  const out: { fields: Record<string, string>; file: { name: string; type: string; bytes: Buffer } | null } = { fields: {}, file: null };
  if (!req.isMultipart()) {
    for (const [k, v] of Object.entries((req.body ?? {}) as Record<string, unknown>)) out.fields[k] = one(v);
    return out;
  }
  for await (const part of req.parts()) {
    if (part.type === 'file') {
      // Consume every file part, or the next part never arrives.
      const bytes = await part.toBuffer();
      // A browser sends an empty, unnamed part when no file was chosen.
      if (part.fieldname === 'file' && (bytes.length > 0 || part.filename)) out.file = { name: part.filename ?? '', type: part.mimetype, bytes };
    } else if (out.fields[part.fieldname] === undefined) {
      out.fields[part.fieldname] = typeof part.value === 'string' ? part.value : '';
    }
  }
  return out;
}

function registerRoutes(app: FastifyInstance, { deps }: AppOptions) {
  const today = (c: Console) => workspaceToday(deps.db, deps.clock, c.workspace.id);
  const load = async (c: Console, id: string) => {
    const measure = await findMeasure(deps.db, c.workspace.id, id, await today(c));
    if (!measure) throw notFound('measure');
    return measure;
  };
  const formPage = async (reply: FastifyReply, c: Console, o: { id?: string; values: FormValues; errors?: FormErrors; status?: number }) =>
    sendPage(reply, c, {
      title: o.id ? 'Edit measure' : 'New measure', section: 'measures', status: o.status,
      body: measureFormBody(c, { id: o.id, values: o.values, errors: o.errors ?? {}, today: await today(c) }),
    });
  const detailPage = async (reply: FastifyReply, c: Console, id: string, o: { q?: Record<string, string>; linkValues?: FormValues; errors?: FormErrors; status?: number } = {}) => {
    const measure = await load(c, id);
    return sendPage(reply, c, {
      title: measure.title, section: 'measures', status: o.status,
      body: measureDetailBody(c, { measure, flashQuery: o.q ?? {}, linkValues: o.linkValues, errors: o.errors }),
    });
  };
  const base = '/admin/w/:slug/measures';

  app.get(base, async (req, reply) => {
    const c = await openConsole(deps, req, 'viewer');
    const q = query(req);
    const day = await today(c);
    const all = await listMeasures(deps.db, c.workspace.id, day);
    return sendPage(reply, c, { title: 'Measures', section: 'measures', body: measureListBody(c, { all, onlyOverdue: q.overdue === '1', today: day, flashQuery: q }) });
  });

  app.post(`${base}/seed`, async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    const created = await seedMeasureCatalogue(deps, c.scope, { from: one(formValues(req).from) as CatalogueSet });
    return reply.redirect(`${c.base}/measures?seeded=${created.length}`, 303);
  });

  app.get(`${base}/new`, async (req, reply) => formPage(reply, await openConsole(deps, req, 'editor'), { values: {} }));

  app.post(base, async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    const values = formValues(req);
    try {
      const created = await createMeasure(deps, c.scope, values);
      return reply.redirect(`${c.base}/measures/${created.id}?created=1`, 303);
    } catch (e) {
      return formPage(reply, c, { values, ...formFailure(e, values) });
    }
  });

  app.get(`${base}/:measureId`, async (req, reply) => detailPage(reply, await openConsole(deps, req, 'viewer'), param(req, 'measureId'), { q: query(req) }));

  app.get(`${base}/:measureId/edit`, async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    const measure = await load(c, param(req, 'measureId'));
    return formPage(reply, c, { id: measure.id, values: measureValues(measure) });
  });

  app.post(`${base}/:measureId`, async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    const id = param(req, 'measureId');
    const values = formValues(req);
    try {
      await updateMeasure(deps, c.scope, id, values);
    } catch (e) {
      return formPage(reply, c, { id, values, ...formFailure(e, values) });
    }
    return reply.redirect(`${c.base}/measures/${id}?saved=1`, 303);
  });

  app.get(`${base}/:measureId/delete`, async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    const m = await load(c, param(req, 'measureId'));
    return sendPage(reply, c, {
      title: 'Delete measure', section: 'measures',
      body: confirmDeleteBody(c, {
        what: 'measure', name: m.title, action: `${c.base}/measures/${m.id}/delete`, back: `${c.base}/measures/${m.id}`,
        consequence: `Its ${m.evidence.length} evidence item(s) are deleted with it.`,
      }),
    });
  });

  app.post(`${base}/:measureId/delete`, async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    await deleteMeasure(deps, c.scope, param(req, 'measureId'));
    return reply.redirect(`${c.base}/measures?deleted=1`, 303);
  });

  app.post(`${base}/:measureId/review`, async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    const id = param(req, 'measureId');
    await recordReview(deps, c.scope, id);
    return reply.redirect(`${c.base}/measures/${id}?reviewed=1`, 303);
  });

  app.post(`${base}/:measureId/evidence/link`, async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    const id = param(req, 'measureId');
    const values = formValues(req);
    try {
      await addEvidenceLink(deps, c.scope, id, values);
    } catch (e) {
      return detailPage(reply, c, id, { linkValues: values, ...formFailure(e, values) });
    }
    return reply.redirect(`${c.base}/measures/${id}?added=1`, 303);
  });

  app.post(`${base}/:measureId/evidence/file`, { config: { csrf: 'multipart' } }, async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    const id = param(req, 'measureId');
    const form = await readUpload(req);
    // The CSRF hook cannot see a multipart body (csrf.ts): checked here, before anything is stored.
    if (req.isMultipart()) checkCsrfToken(req, form.fields._csrf ?? req.headers['x-csrf-token']);
    const values: FormValues = { fileLabel: form.fields.fileLabel ?? '' };
    try {
      await addEvidenceFile(deps, c.scope, id, { bytes: form.file?.bytes ?? null, fileName: form.file?.name, contentType: form.file?.type, label: form.fields.fileLabel });
    } catch (e) {
      return detailPage(reply, c, id, { linkValues: values, ...formFailure(e, values, { label: 'fileLabel', fileName: 'file', contentType: 'file' }) });
    }
    return reply.redirect(`${c.base}/measures/${id}?added=1`, 303);
  });

  app.get(`${base}/:measureId/evidence/:evidenceId`, async (req, reply) => {
    const c = await openConsole(deps, req, 'viewer');
    const file = await readEvidenceFile(deps.db, c.workspace.id, param(req, 'measureId'), param(req, 'evidenceId'));
    if (!file) throw notFound('evidence file');
    return sendFileDownload(reply, file);
  });

  app.post(`${base}/:measureId/evidence/:evidenceId/delete`, async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    const id = param(req, 'measureId');
    await removeEvidence(deps, c.scope, id, param(req, 'evidenceId'));
    return reply.redirect(`${c.base}/measures/${id}?removed=1`, 303);
  });
}
