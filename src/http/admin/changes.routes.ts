/**
 * Sub-processor changes in the console: list (viewer), propose a draft one operation at a time,
 * edit, delete and announce it, withdraw it, resolve objections (editor), and the change and
 * evidence pages (viewer).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ChangeStatus } from '../../db/schema.ts';
import { announceChange } from '../../modules/changes/announce-change.ts';
import { previewAnnouncement } from '../../modules/changes/preview-announcement.ts';
import { announcePreviewBody } from './announce-preview.view.ts';
import { buildChangeEvidence } from '../../modules/changes/build-change-evidence.ts';
import { OPERATION_KINDS } from '../../modules/changes/change-operations.ts';
import { type ChangeView, findChange, listChangeCustomers, listChanges, listObjections } from '../../modules/changes/changes.queries.ts';
import { createChange, deleteChange, updateChange, withdrawChange } from '../../modules/changes/manage-changes.ts';
import { buildNoticeFacts, type NoticeFacts } from '../../modules/changes/notice-facts.ts';
import { resolveObjection } from '../../modules/changes/resolve-objection.ts';
import { countMessagesByStatus } from '../../modules/mail/messages.queries.ts';
import { listEngagements, listEntities, listRegions, listServices } from '../../modules/registry/registry.queries.ts';
import { type FieldIssue, isAppError, notFound } from '../../shared/errors.ts';
import type { AppOptions } from '../app.ts';
import type { FormErrors } from '../views/forms.ts';
import { type ChangePageData, changePageBody, evidenceBody } from './change.view.ts';
import {
  addOperationBody, CHANGE_STATUS_LABELS, type ChangeRow, changeListBody, chooseOperationBody, editChangeBody, newChangeBody, type RegistryChoices,
} from './changes.view.ts';
import { type Console, confirmDeleteBody, fieldErrors, type FormValues, formValues, one, openConsole, param, query, sendPage } from './console.ts';
import { engagementValues } from './engagements.view.ts';

const issuesOf = (e: { data?: unknown }): FieldIssue[] => (e.data as { fields?: FieldIssue[] } | undefined)?.fields ?? [];

/**
 * Validation issues of a change as form fields: the fields of operation `opIndex` (the one the
 * form edits) lose their `operations[i].engagement.` prefix; problems of other operations are
 * reported on `operations`.
 */
function formIssues(issues: FieldIssue[], opIndex: number | null): FieldIssue[] {
  return issues.map((i) => {
    const m = /^operations\[(\d+)\]\.(.+)$/.exec(i.field);
    if (!m) return i;
    if (opIndex !== null && Number(m[1]) === opIndex) return { field: m[2].replace(/^engagement\./, ''), message: i.message };
    return { field: 'operations', message: `operation ${Number(m[1]) + 1}: ${m[2]} ${i.message}` };
  });
}

/** A use-case's validation error as errors next to the fields; anything else goes to the error page. */
function failure(e: unknown, values: FormValues, opIndex: number | null): { status: number; errors: FormErrors } {
  if (!isAppError(e) || e.code !== 'validation_error') throw e;
  return { status: 400, errors: fieldErrors(formIssues(issuesOf(e), opIndex), values) };
}

/** Why an action on the change page was refused, in sentences (validation issues or a conflict). */
function problemsOf(e: unknown): { status: number; problems: string[] } {
  if (!isAppError(e) || (e.status !== 400 && e.status !== 409)) throw e;
  const issues = issuesOf(e);
  return { status: e.status, problems: issues.length ? issues.map((i) => `${i.field}: ${i.message}`) : [e.message] };
}

/** The operation a form describes, as the use-cases read it. */
const operationFrom = (v: FormValues) => {
  const op = one(v.op);
  return { op, ...(op === 'add' ? {} : { engagementId: one(v.engagementId) }), ...(op === 'remove' ? {} : { engagement: v }) };
};

const EMPTY_TOUCH = { all: false, services: [], regions: [] };

export function registerChangeRoutes(app: FastifyInstance, { deps }: AppOptions) {
  const registry = async (c: Console): Promise<RegistryChoices> => {
    const [engagements, entities, services, regions] = await Promise.all([
      listEngagements(deps.db, c.workspace.id), listEntities(deps.db, c.workspace.id), listServices(deps.db, c.workspace.id), listRegions(deps.db, c.workspace.id),
    ]);
    return { engagements, entities, services, regions };
  };
  const load = async (c: Console, id: string): Promise<ChangeView> => {
    const change = await findChange(deps.db, c.workspace.id, id);
    if (!change) throw notFound('change');
    return change;
  };
  /** The notice items: frozen at announcement, or as the registry would make them now (draft). */
  const itemsOf = async (c: Console, change: ChangeView): Promise<NoticeFacts['items']> =>
    change.notice?.items ?? (await buildNoticeFacts(deps.db, c.workspace, change, change.operations, EMPTY_TOUCH)).items;

  const changePage = async (reply: FastifyReply, c: Console, id: string, extra: Partial<ChangePageData> & { status?: number } = {}) => {
    const evidence = await buildChangeEvidence(deps.db, c.workspace.id, id, deps.clock.now());
    const [items, messages] = await Promise.all([itemsOf(c, evidence.change), countMessagesByStatus(deps.db, c.workspace.id, id)]);
    const body = changePageBody(c, { evidence, items, messages, q: {}, ...extra });
    return sendPage(reply, c, { title: evidence.change.title, section: 'changes', body, status: extra.status });
  };

  /** Step 1 (choose the operation) or, once chosen, the values that fill step 2. */
  const chooseOrPrefill = (q: Record<string, string>, reg: RegistryChoices): { errors: FormErrors } | { values: FormValues } | null => {
    if (!q.op) return null;
    if (!(OPERATION_KINDS as readonly string[]).includes(q.op)) return { errors: { op: `must be one of ${OPERATION_KINDS.join(', ')}` } };
    if (q.op === 'add') return { values: { op: 'add' } };
    const g = reg.engagements.find((x) => x.id === q.engagementId);
    if (!g) return { errors: { engagementId: 'choose the engagement to change, replace or remove' } };
    const current = engagementValues(g);
    if (q.op === 'remove') return { values: { op: q.op, engagementId: g.id } };
    return { values: { ...current, ...(q.op === 'replace' ? { entityId: '' } : {}), op: q.op, engagementId: g.id } };
  };

  app.get('/admin/w/:slug/changes', async (req, reply) => {
    const c = await openConsole(deps, req, 'viewer');
    const q = query(req);
    const status = (Object.keys(CHANGE_STATUS_LABELS) as ChangeStatus[]).find((s) => s === q.status);
    const changes = await listChanges(deps.db, c.workspace.id, status ? { status } : {});
    const rows: ChangeRow[] = await Promise.all(changes.map(async (change) => {
      const customers = change.status === 'draft' ? [] : await listChangeCustomers(deps.db, c.workspace.id, change.id);
      return {
        change, customers: customers.length, outstanding: customers.filter((x) => x.outstanding).length,
        openObjections: customers.flatMap((x) => x.objections).filter((o) => o.status === 'open').length,
      };
    }));
    return sendPage(reply, c, { title: 'Changes', section: 'changes', body: changeListBody(c, { rows, status: status ?? '', q }) });
  });

  app.get('/admin/w/:slug/changes/new', async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    const q = query(req);
    const reg = await registry(c);
    const step = chooseOrPrefill(q, reg);
    if (!step || 'errors' in step) {
      const body = chooseOperationBody(c, { title: 'Propose a change', action: `${c.base}/changes/new`, back: `${c.base}/changes`, registry: reg, values: q, errors: step?.errors ?? {} });
      return sendPage(reply, c, { title: 'Propose a change', section: 'changes', body, status: step ? 400 : 200 });
    }
    return sendPage(reply, c, { title: 'Propose a change', section: 'changes', body: newChangeBody(c, { values: step.values, errors: {}, registry: reg }) });
  });

  app.post('/admin/w/:slug/changes', async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    const values = formValues(req);
    try {
      const change = await createChange(deps, c.scope, { title: values.title, reason: values.reason, proposedDate: values.proposedDate, operations: [operationFrom(values)] });
      return reply.redirect(`${c.base}/changes/${change.id}?created=1`, 303);
    } catch (e) {
      const f = failure(e, values, 0);
      return sendPage(reply, c, { title: 'Propose a change', section: 'changes', body: newChangeBody(c, { values, errors: f.errors, registry: await registry(c) }), status: f.status });
    }
  });

  app.get('/admin/w/:slug/changes/:changeId', async (req, reply) => {
    const c = await openConsole(deps, req, 'viewer');
    return changePage(reply, c, param(req, 'changeId'), { q: query(req) });
  });

  app.get('/admin/w/:slug/changes/:changeId/evidence', async (req, reply) => {
    const c = await openConsole(deps, req, 'viewer');
    const evidence = await buildChangeEvidence(deps.db, c.workspace.id, param(req, 'changeId'), deps.clock.now());
    const body = evidenceBody(c, evidence, await itemsOf(c, evidence.change));
    return sendPage(reply, c, { title: `Evidence: ${evidence.change.title}`, section: 'changes', body });
  });

  app.get('/admin/w/:slug/changes/:changeId/edit', async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    const change = await load(c, param(req, 'changeId'));
    const values = { title: change.title, reason: change.reason, proposedDate: change.proposedDate };
    return sendPage(reply, c, { title: 'Edit change', section: 'changes', body: editChangeBody(c, { change, values, errors: {} }) });
  });

  app.post('/admin/w/:slug/changes/:changeId', async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    const change = await load(c, param(req, 'changeId'));
    const values = formValues(req);
    try {
      await updateChange(deps, c.scope, change.id, { title: values.title, reason: values.reason, proposedDate: values.proposedDate, operations: change.operations });
    } catch (e) {
      const f = failure(e, values, null);
      return sendPage(reply, c, { title: 'Edit change', section: 'changes', body: editChangeBody(c, { change, values, errors: f.errors }), status: f.status });
    }
    return reply.redirect(`${c.base}/changes/${change.id}?saved=1`, 303);
  });

  app.get('/admin/w/:slug/changes/:changeId/operations/new', async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    const change = await load(c, param(req, 'changeId'));
    const q = query(req);
    const reg = await registry(c);
    const step = chooseOrPrefill(q, reg);
    const title = `Add an operation to “${change.title}”`;
    if (!step || 'errors' in step) {
      const back = `${c.base}/changes/${change.id}`;
      const body = chooseOperationBody(c, { title, action: `${back}/operations/new`, back, registry: reg, values: q, errors: step?.errors ?? {} });
      return sendPage(reply, c, { title: 'Add an operation', section: 'changes', body, status: step ? 400 : 200 });
    }
    return sendPage(reply, c, { title: 'Add an operation', section: 'changes', body: addOperationBody(c, { change, values: step.values, errors: {}, registry: reg }) });
  });

  app.post('/admin/w/:slug/changes/:changeId/operations', async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    const change = await load(c, param(req, 'changeId'));
    const values = formValues(req);
    try {
      await updateChange(deps, c.scope, change.id, { ...change, operations: [...change.operations, operationFrom(values)] });
    } catch (e) {
      const f = failure(e, values, change.operations.length);
      const body = addOperationBody(c, { change, values, errors: f.errors, registry: await registry(c) });
      return sendPage(reply, c, { title: 'Add an operation', section: 'changes', body, status: f.status });
    }
    return reply.redirect(`${c.base}/changes/${change.id}?added=1`, 303);
  });

  app.post('/admin/w/:slug/changes/:changeId/operations/:index/delete', async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    const change = await load(c, param(req, 'changeId'));
    const index = Number(param(req, 'index'));
    if (!Number.isInteger(index) || !change.operations[index]) throw notFound('operation');
    try {
      await updateChange(deps, c.scope, change.id, { ...change, operations: change.operations.filter((_op, i) => i !== index) });
    } catch (e) {
      return changePage(reply, c, change.id, problemsOf(e));
    }
    return reply.redirect(`${c.base}/changes/${change.id}?removed=1`, 303);
  });

  /** The confirmation page: what announcing would do, customer by customer. */
  const previewPage = async (reply: FastifyReply, c: Console, id: string) => {
    const change = await load(c, id);
    let preview;
    try {
      preview = await previewAnnouncement(deps, c.scope, id);
    } catch (e) {
      return changePage(reply, c, id, problemsOf(e));
    }
    return sendPage(reply, c, { title: `Announce ${change.title}`, section: 'changes', body: announcePreviewBody(c, change, preview) });
  };

  app.get('/admin/w/:slug/changes/:changeId/announce', async (req, reply) => previewPage(reply, await openConsole(deps, req, 'editor'), param(req, 'changeId')));

  app.post('/admin/w/:slug/changes/:changeId/announce', async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    const id = param(req, 'changeId');
    // Announcing needs the confirmation page first: a post without it shows that page.
    if (one(formValues(req).confirm) !== '1') return previewPage(reply, c, id);
    try {
      await announceChange(deps, c.scope, id);
    } catch (e) {
      return changePage(reply, c, id, problemsOf(e));
    }
    return reply.redirect(`${c.base}/changes/${id}?announced=1`, 303);
  });

  app.post('/admin/w/:slug/changes/:changeId/withdraw', async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    const id = param(req, 'changeId');
    const values = formValues(req);
    try {
      await withdrawChange(deps, c.scope, id, values);
    } catch (e) {
      if (isAppError(e) && e.code === 'validation_error') return changePage(reply, c, id, { status: 400, withdraw: { values, errors: fieldErrors(issuesOf(e), values) } });
      return changePage(reply, c, id, problemsOf(e));
    }
    return reply.redirect(`${c.base}/changes/${id}?withdrawn=1`, 303);
  });

  app.get('/admin/w/:slug/changes/:changeId/delete', async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    const change = await load(c, param(req, 'changeId'));
    const body = confirmDeleteBody(c, {
      what: 'draft', name: change.title, action: `${c.base}/changes/${change.id}/delete`, back: `${c.base}/changes/${change.id}`,
      ...(change.status === 'draft' ? {} : { error: 'Only a draft can be deleted; an announced change is withdrawn instead.' }),
    });
    return sendPage(reply, c, { title: 'Delete draft', section: 'changes', body });
  });

  app.post('/admin/w/:slug/changes/:changeId/delete', async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    await deleteChange(deps, c.scope, param(req, 'changeId'));
    return reply.redirect(`${c.base}/changes?deleted=1`, 303);
  });

  app.post('/admin/w/:slug/objections/:objectionId/resolve', async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    const objectionId = param(req, 'objectionId');
    const objection = (await listObjections(deps.db, c.workspace.id)).find((o) => o.id === objectionId);
    if (!objection) throw notFound('objection');
    const values = formValues(req);
    try {
      await resolveObjection(deps, c.scope, objectionId, values);
    } catch (e) {
      if (isAppError(e) && e.code === 'validation_error') return changePage(reply, c, objection.changeId, { status: 400, resolve: { objectionId, values, errors: fieldErrors(issuesOf(e), values) } });
      return changePage(reply, c, objection.changeId, problemsOf(e));
    }
    return reply.redirect(`${c.base}/changes/${objection.changeId}?resolved=1#objections`, 303);
  });
}
