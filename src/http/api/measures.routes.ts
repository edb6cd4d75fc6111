import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { decodeBase64 } from '../../modules/measures/evidence.ts';
import { addEvidenceFile, addEvidenceLink, createMeasure, deleteMeasure, recordReview, removeEvidence, updateMeasure } from '../../modules/measures/manage-measures.ts';
import { findMeasure, listMeasures, readEvidenceFile, workspaceToday } from '../../modules/measures/measures.queries.ts';
import { invalid, notFound } from '../../shared/errors.ts';
import type { AppOptions } from '../app.ts';
import { sendFileDownload } from '../download.ts';
import { requireWorkspace } from '../middleware/auth.ts';
import { Evidence, EvidenceBody, EvidenceParams, FileResponse, Measure, MeasureBody, MeasureParams, MeasureQuery, ReviewBody } from './measures.schemas.ts';
import { data, doc, ERRORS, NoContent, SlugParams } from './schemas.ts';

/** A 5 MiB file is about 6.7 MiB in base64; the rest of the body is small. */
const EVIDENCE_BODY_LIMIT = 8 * 1024 * 1024;

/** Technical and organisational measures (CU4) with review dates and evidence: viewers read, editors change. */
export function registerMeasureRoutes(app: FastifyInstance, { deps }: AppOptions) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const base = '/api/w/:slug/measures';
  const today = (workspaceId: string) => workspaceToday(deps.db, deps.clock, workspaceId);

  r.get(base, {
    schema: { ...doc('Measures', 'List measures', 'viewer', 'In catalogue order (category, then position), with evidence (files by name, size and SHA-256).'), params: SlugParams, querystring: MeasureQuery, response: { 200: data(Type.Array(Measure)), ...ERRORS } },
  }, async (req) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'viewer');
    const all = await listMeasures(deps.db, scope.workspaceId, await today(scope.workspaceId));
    const onlyOverdue = req.query.overdue === 'true' || req.query.overdue === '1';
    return { data: onlyOverdue ? all.filter((m) => m.isOverdue) : all };
  });

  r.post(base, {
    schema: { ...doc('Measures', 'Add a measure', 'editor'), params: SlugParams, body: MeasureBody, response: { 201: data(Measure), ...ERRORS } },
  }, async (req, reply) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'editor');
    return reply.code(201).send({ data: await createMeasure(deps, scope, req.body) });
  });

  r.get(`${base}/:id`, {
    schema: { ...doc('Measures', 'Get a measure', 'viewer'), params: MeasureParams, response: { 200: data(Measure), ...ERRORS } },
  }, async (req) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'viewer');
    const found = await findMeasure(deps.db, scope.workspaceId, req.params.id, await today(scope.workspaceId));
    if (!found) throw notFound('measure');
    return { data: found };
  });

  r.put(`${base}/:id`, {
    schema: { ...doc('Measures', 'Replace a measure', 'editor'), params: MeasureParams, body: MeasureBody, response: { 200: data(Measure), ...ERRORS } },
  }, async (req) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'editor');
    return { data: await updateMeasure(deps, scope, req.params.id, req.body) };
  });

  r.delete(`${base}/:id`, {
    schema: { ...doc('Measures', 'Delete a measure', 'editor', 'Also removes its evidence.'), params: MeasureParams, response: { 204: NoContent, ...ERRORS } },
  }, async (req, reply) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'editor');
    await deleteMeasure(deps, scope, req.params.id);
    return reply.code(204).send(null);
  });

  r.post(`${base}/:id/reviews`, {
    schema: { ...doc('Measures', 'Record a review', 'editor'), params: MeasureParams, body: ReviewBody, response: { 200: data(Measure), ...ERRORS } },
  }, async (req) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'editor');
    return { data: await recordReview(deps, scope, req.params.id, req.body) };
  });

  r.post(`${base}/:id/evidence`, {
    bodyLimit: EVIDENCE_BODY_LIMIT,
    schema: { ...doc('Measures', 'Add evidence (a link or a base64 file)', 'editor'), params: MeasureParams, body: EvidenceBody, response: { 201: data(Evidence), ...ERRORS } },
  }, async (req, reply) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'editor');
    const body = req.body as Record<string, unknown>;
    const isFile = body.file !== undefined && body.file !== null;
    if (isFile && body.url !== undefined && body.url !== null) throw invalid('url', 'send either url or file, not both');
    if (!isFile) return reply.code(201).send({ data: await addEvidenceLink(deps, scope, req.params.id, body) });
    const bytes = typeof body.file === 'string' ? decodeBase64(body.file) : null;
    if (bytes === null) throw invalid('file', 'must be base64 text');
    const created = await addEvidenceFile(deps, scope, req.params.id, { bytes, fileName: body.fileName, contentType: body.contentType, label: body.label });
    return reply.code(201).send({ data: created });
  });

  r.get(`${base}/:id/evidence/:evidenceId`, {
    schema: { ...doc('Measures', 'Download an evidence file', 'viewer', 'Links have no file: 404.'), params: EvidenceParams, response: { 200: FileResponse, ...ERRORS } },
  }, async (req, reply) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'viewer');
    const file = await readEvidenceFile(deps.db, scope.workspaceId, req.params.id, req.params.evidenceId);
    if (!file) throw notFound('evidence file');
    return sendFileDownload(reply, file);
  });

  r.delete(`${base}/:id/evidence/:evidenceId`, {
    schema: { ...doc('Measures', 'Remove evidence', 'editor'), params: EvidenceParams, response: { 204: NoContent, ...ERRORS } },
  }, async (req, reply) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'editor');
    await removeEvidence(deps, scope, req.params.id, req.params.evidenceId);
    return reply.code(204).send(null);
  });
}
