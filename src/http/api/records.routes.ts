import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { loadRecord, parseRecordRequest, type RecordKind, recordJson, renderRecord } from '../../modules/records/export-records.ts';
import { createActivity, deleteActivity, moveActivity, updateActivity } from '../../modules/records/manage-activities.ts';
import { parseRoleFilter } from '../../modules/records/records.ts';
import { findActivity, listActivities } from '../../modules/records/records.queries.ts';
import { isoDate } from '../../shared/clock.ts';
import type { Scope } from '../../shared/deps.ts';
import type { AppOptions } from '../app.ts';
import { requireWorkspace } from '../middleware/auth.ts';
import { registerCrudRoutes } from './crud.ts';
import { Activity, ActivityBody, ActivityQuery, ControllerRecordQuery, MoveBody, ProcessorRecordQuery, RecordResponse } from './records.schemas.ts';
import { data, doc, ERRORS, IdParams, SlugParams } from './schemas.ts';

/** Processing activities (viewers read, editors change) and the records generated from them (viewers). */
export function registerRecordRoutes(app: FastifyInstance, { deps }: AppOptions) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const base = '/api/w/:slug/processing-activities';

  r.get(base, {
    schema: { ...doc('Records', 'List processing activities', 'viewer', 'Controller activities first, each role in record order.'), params: SlugParams, querystring: ActivityQuery, response: { 200: data(Type.Array(Activity)), ...ERRORS } },
  }, async (req) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'viewer');
    return { data: await listActivities(deps.db, scope.workspaceId, parseRoleFilter(req.query)) };
  });

  registerCrudRoutes(app, deps, {
    collection: 'processing-activities', tag: 'Records', noun: 'processing activity', body: ActivityBody, view: Activity,
    find: findActivity, create: createActivity, update: updateActivity, remove: deleteActivity,
  });

  r.post(`${base}/:id/move`, {
    schema: { ...doc('Records', 'Move a processing activity up or down', 'editor'), params: IdParams, body: MoveBody, response: { 200: data(Type.Array(Activity), 'The activities of its role in their new order'), ...ERRORS } },
  }, async (req) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'editor');
    return { data: await moveActivity(deps, scope, req.params.id, req.body) };
  });

  /** The record asked for, as `{ data }` for JSON and as a file otherwise. */
  const sendRecord = async (reply: FastifyReply, scope: Scope, slug: string, kind: RecordKind, query: unknown) => {
    const request = parseRecordRequest({ ...(query as object), kind }, { kind, format: 'json' });
    const record = await loadRecord(deps.db, scope.workspaceId, request, isoDate(deps.clock.now()));
    if (request.format === 'json') return reply.send({ data: recordJson(record) });
    const file = await renderRecord(record, request.format, slug);
    return reply.type(file.contentType).header('content-disposition', `attachment; filename="${file.fileName}"`).send(file.body);
  };

  r.get('/api/w/:slug/records/processor', {
    schema: {
      ...doc('Records', 'Get the processor record (Art 30(2))', 'viewer', 'For one customer, or for every customer when `customer` is left out; generated as of today.'),
      params: SlugParams, querystring: ProcessorRecordQuery, response: { 200: RecordResponse, ...ERRORS },
    },
  }, async (req, reply) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'viewer');
    return sendRecord(reply, scope, req.params.slug, 'processor', req.query);
  });

  r.get('/api/w/:slug/records/controller', {
    schema: {
      ...doc('Records', 'Get the controller record (Art 30(1))', 'viewer', "The workspace's own activities as controller, the engagements it uses as controller and its measures; generated as of today."),
      params: SlugParams, querystring: ControllerRecordQuery, response: { 200: RecordResponse, ...ERRORS },
    },
  }, async (req, reply) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'viewer');
    return sendRecord(reply, scope, req.params.slug, 'controller', req.query);
  });
}
