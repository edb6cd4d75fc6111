import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { createTransferRecord, deleteTransferRecord, updateTransferRecord } from '../../modules/transfers/manage-transfer-records.ts';
import { findTransferRecord, listTransferRecords } from '../../modules/transfers/transfer-records.queries.ts';
import { notFound } from '../../shared/errors.ts';
import type { AppOptions } from '../app.ts';
import { requireWorkspace } from '../middleware/auth.ts';
import { data, doc, ERRORS, IdParams, NoContent, SlugParams } from './schemas.ts';
import { NewRecordBody, RecordBody, RecordQuery, TransferRecord } from './transfers.schemas.ts';

/** Transfer records (issue 10 §4), one per engagement and country: viewers read, editors change. */
export function registerTransferRecordRoutes(app: FastifyInstance, { deps }: AppOptions) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const base = '/api/w/:slug/transfer-records';

  r.get(base, {
    schema: { ...doc('Transfers', 'List transfer records', 'viewer', 'By engagement, then country.'), params: SlugParams, querystring: RecordQuery, response: { 200: data(Type.Array(TransferRecord)), ...ERRORS } },
  }, async (req) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'viewer');
    return { data: await listTransferRecords(deps.db, scope.workspaceId, { engagementId: req.query.engagementId }) };
  });

  r.post(base, {
    schema: { ...doc('Transfers', 'Add a transfer record', 'editor', 'One per engagement and country: a second one is a 409 conflict.'), params: SlugParams, body: NewRecordBody, response: { 201: data(TransferRecord), ...ERRORS } },
  }, async (req, reply) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'editor');
    return reply.code(201).send({ data: await createTransferRecord(deps, scope, req.body) });
  });

  r.get(`${base}/:id`, {
    schema: { ...doc('Transfers', 'Get a transfer record', 'viewer'), params: IdParams, response: { 200: data(TransferRecord), ...ERRORS } },
  }, async (req) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'viewer');
    const found = await findTransferRecord(deps.db, scope.workspaceId, req.params.id);
    if (!found) throw notFound('transfer record');
    return { data: found };
  });

  r.put(`${base}/:id`, {
    schema: { ...doc('Transfers', 'Replace a transfer record', 'editor'), params: IdParams, body: RecordBody, response: { 200: data(TransferRecord), ...ERRORS } },
  }, async (req) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'editor');
    return { data: await updateTransferRecord(deps, scope, req.params.id, req.body) };
  });

  r.delete(`${base}/:id`, {
    schema: { ...doc('Transfers', 'Delete a transfer record', 'editor'), params: IdParams, response: { 204: NoContent, ...ERRORS } },
  }, async (req, reply) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'editor');
    await deleteTransferRecord(deps, scope, req.params.id);
    return reply.code(204).send(null);
  });
}
