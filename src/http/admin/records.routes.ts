import type { FastifyInstance, FastifyReply } from 'fastify';
import { listCustomers } from '../../modules/customers/customers.queries.ts';
import { loadRecord, parseRecordRequest, type RecordKind, renderRecord } from '../../modules/records/export-records.ts';
import { createActivity, deleteActivity, moveActivity, updateActivity } from '../../modules/records/manage-activities.ts';
import { findActivity, listActivities } from '../../modules/records/records.queries.ts';
import { listServices } from '../../modules/registry/registry.queries.ts';
import { isoDate } from '../../shared/clock.ts';
import { type FieldIssue, isAppError, notFound } from '../../shared/errors.ts';
import type { AppOptions } from '../app.ts';
import type { FormErrors } from '../views/forms.ts';
import { html } from '../views/html.ts';
import { type Console, confirmDeleteBody, formFailure, type FormValues, formValues, openConsole, param, query, sendPage } from './console.ts';
import { activityFormBody, activityValues, LINE_FIELDS, recordPageBody, recordsListBody } from './records.view.ts';

/**
 * Errors next to the fields; a problem in a list typed one entry per line names its line
 * (`line 2: must be at most 500 characters`), as the module numbers entries by line.
 */
function activityFailure(e: unknown, values: FormValues): { status: number; errors: FormErrors } {
  const failure = formFailure(e, values);
  const issues = isAppError(e) && e.code === 'validation_error' ? ((e.data as { fields?: FieldIssue[] }).fields ?? []) : [];
  for (const field of LINE_FIELDS) {
    const mine = issues.flatMap((i) => {
      const m = new RegExp(`^${field}(?:\\[(\\d+)\\])?$`).exec(i.field);
      if (!m) return [];
      return [m[1] === undefined ? i.message : `line ${Number(m[1]) + 1}: ${i.message}`];
    });
    if (mine.length) failure.errors[field] = mine.join('; ');
  }
  return failure;
}

/** Records of processing: activities (viewer reads, editor changes) and the generated Art 30 records. */
export function registerRecordRoutes(app: FastifyInstance, { deps }: AppOptions) {
  const formPage = async (reply: FastifyReply, c: Console, o: { id?: string; values: FormValues; errors?: FormErrors; status?: number }) => {
    const services = await listServices(deps.db, c.workspace.id);
    const body = activityFormBody(c, { id: o.id, values: o.values, errors: o.errors ?? {}, services });
    return sendPage(reply, c, { title: o.id ? 'Edit activity' : 'New activity', section: 'records', body, status: o.status });
  };
  const load = async (c: Console, id: string) => {
    const activity = await findActivity(deps.db, c.workspace.id, id);
    if (!activity) throw notFound('processing activity');
    return activity;
  };
  const today = () => isoDate(deps.clock.now());

  app.get('/admin/w/:slug/records', async (req, reply) => {
    const c = await openConsole(deps, req, 'viewer');
    const [activities, customers, services] = await Promise.all([
      listActivities(deps.db, c.workspace.id), listCustomers(deps.db, c.workspace.id), listServices(deps.db, c.workspace.id),
    ]);
    return sendPage(reply, c, { title: 'Records of processing', section: 'records', body: recordsListBody(c, { activities, customers, services, flashQuery: query(req) }) });
  });

  app.get('/admin/w/:slug/records/new', async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    return formPage(reply, c, { values: { role: query(req).role === 'controller' ? 'controller' : 'processor' } });
  });

  app.post('/admin/w/:slug/records', async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    const values = formValues(req);
    try {
      await createActivity(deps, c.scope, values);
    } catch (e) {
      return formPage(reply, c, { values, ...activityFailure(e, values) });
    }
    return reply.redirect(`${c.base}/records?created=1`, 303);
  });

  /** A generated record as a page: `kind` and, for the processor record, an optional customer. */
  const recordPage = async (reply: FastifyReply, c: Console, kind: RecordKind, customerId: string | null) => {
    const record = await loadRecord(deps.db, c.workspace.id, { kind, customerId }, today());
    const back = customerId ? html`<a href="${c.base}/customers/${customerId}">The customer</a>` : undefined;
    const body = recordPageBody(c, { document: record.document, downloadBase: `${c.base}/records/${kind}/download`, customerId, back, warnings: record.warnings });
    return sendPage(reply, c, { title: record.document.title, section: 'records', body });
  };

  app.get('/admin/w/:slug/records/processor', async (req, reply) => {
    const c = await openConsole(deps, req, 'viewer');
    return recordPage(reply, c, 'processor', query(req).customer || null);
  });

  app.get('/admin/w/:slug/records/controller', async (req, reply) => recordPage(reply, await openConsole(deps, req, 'viewer'), 'controller', null));

  app.get('/admin/w/:slug/records/:id/download', async (req, reply) => {
    const c = await openConsole(deps, req, 'viewer');
    const kind = param(req, 'id');
    if (kind !== 'processor' && kind !== 'controller') throw notFound('record');
    const q = query(req);
    const request = parseRecordRequest({ kind, format: q.format, customer: q.customer || undefined });
    const file = await renderRecord(await loadRecord(deps.db, c.workspace.id, request, today()), request.format, c.workspace.slug);
    return reply.type(file.contentType).header('content-disposition', `attachment; filename="${file.fileName}"`).send(file.body);
  });

  app.get('/admin/w/:slug/records/:id/edit', async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    const activity = await load(c, param(req, 'id'));
    return formPage(reply, c, { id: activity.id, values: activityValues(activity) });
  });

  app.post('/admin/w/:slug/records/:id', async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    const id = param(req, 'id');
    const values = formValues(req);
    try {
      await updateActivity(deps, c.scope, id, values);
    } catch (e) {
      return formPage(reply, c, { id, values, ...activityFailure(e, values) });
    }
    return reply.redirect(`${c.base}/records?saved=1`, 303);
  });

  app.post('/admin/w/:slug/records/:id/move', async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    await moveActivity(deps, c.scope, param(req, 'id'), formValues(req));
    return reply.redirect(`${c.base}/records?moved=1`, 303);
  });

  app.get('/admin/w/:slug/records/:id/delete', async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    const activity = await load(c, param(req, 'id'));
    return sendPage(reply, c, {
      title: 'Delete activity', section: 'records',
      body: confirmDeleteBody(c, {
        what: 'activity', name: activity.name, action: `${c.base}/records/${activity.id}/delete`, back: `${c.base}/records`,
        consequence: 'It disappears from every generated record of processing.',
      }),
    });
  });

  app.post('/admin/w/:slug/records/:id/delete', async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    await deleteActivity(deps, c.scope, (await load(c, param(req, 'id'))).id);
    return reply.redirect(`${c.base}/records?deleted=1`, 303);
  });
}
