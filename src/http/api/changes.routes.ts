/**
 * Sub-processor changes (CH1–CH4): proposals as drafts, announcement, withdrawal, the customers a
 * change reaches, the evidence packet, and objections with their resolution. Viewers read,
 * editors change.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { announceChange } from '../../modules/changes/announce-change.ts';
import { previewAnnouncement } from '../../modules/changes/preview-announcement.ts';
import { buildChangeEvidence } from '../../modules/changes/build-change-evidence.ts';
import { findChange, listChangeCustomers, listChanges, listObjections } from '../../modules/changes/changes.queries.ts';
import { createChange, deleteChange, updateChange, withdrawChange } from '../../modules/changes/manage-changes.ts';
import { resolveObjection } from '../../modules/changes/resolve-objection.ts';
import type { Deps } from '../../shared/deps.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import { InputReader } from '../../shared/input.ts';
import type { AppOptions } from '../app.ts';
import { requireWorkspace } from '../middleware/auth.ts';
import {
  AnnounceBody, AnnouncePreview, AnnounceResult, Change, ChangeBody, ChangeCustomer, ChangeParams, ChangeQuery, CHANGE_STATUSES, Evidence, EvidenceQuery, Objection,
  ObjectionParams, ObjectionQuery, ResolveBody, WithdrawBody,
} from './changes.schemas.ts';
import { data, doc, ERRORS, NoContent, SlugParams } from './schemas.ts';

const existing = async (deps: Deps, workspaceId: string, id: string) => {
  const change = await findChange(deps.db, workspaceId, id);
  if (!change) throw notFound('change');
  return change;
};

export function registerChangeRoutes(app: FastifyInstance, { deps }: AppOptions) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const base = '/api/w/:slug/changes';
  const item = `${base}/:changeId`;

  r.get(base, {
    schema: { ...doc('Changes', 'List changes', 'viewer', 'Newest first.'), params: SlugParams, querystring: ChangeQuery, response: { 200: data(Type.Array(Change)), ...ERRORS } },
  }, async (req) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'viewer');
    const q = new InputReader(req.query);
    const status = q.choice('status', CHANGE_STATUSES);
    q.done(null);
    return { data: await listChanges(deps.db, scope.workspaceId, status ? { status } : {}) };
  });

  r.post(base, {
    schema: { ...doc('Changes', 'Propose a change (draft)', 'editor', 'Nothing is sent until the change is announced.'), params: SlugParams, body: ChangeBody, response: { 201: data(Change), ...ERRORS } },
  }, async (req, reply) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'editor');
    return reply.code(201).send({ data: await createChange(deps, scope, req.body) });
  });

  r.get(item, {
    schema: { ...doc('Changes', 'Get a change', 'viewer'), params: ChangeParams, response: { 200: data(Change), ...ERRORS } },
  }, async (req) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'viewer');
    return { data: await existing(deps, scope.workspaceId, req.params.changeId) };
  });

  r.put(item, {
    schema: { ...doc('Changes', 'Replace a draft', 'editor', 'Only drafts can be edited (409 change_not_draft otherwise).'), params: ChangeParams, body: ChangeBody, response: { 200: data(Change), ...ERRORS } },
  }, async (req) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'editor');
    return { data: await updateChange(deps, scope, req.params.changeId, req.body) };
  });

  r.delete(item, {
    schema: { ...doc('Changes', 'Delete a draft', 'editor', 'An announced change is withdrawn instead.'), params: ChangeParams, response: { 204: NoContent, ...ERRORS } },
  }, async (req, reply) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'editor');
    await deleteChange(deps, scope, req.params.changeId);
    return reply.code(204).send(null);
  });

  r.post(`${item}/announce`, {
    schema: {
      ...doc('Changes', 'Announce a draft', 'editor', 'Fixes each touched customer\'s dates, queues every notice and webhook, and schedules the change. The proposed date must be after today.'),
      params: ChangeParams, body: AnnounceBody, response: { 200: AnnounceResult, ...ERRORS },
    },
  }, async (req) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'editor');
    if ((req.body as { confirm?: boolean } | undefined)?.confirm !== true) {
      // The same checks as the preview (a bad date is still a 400), then a refusal carrying it.
      const preview = await previewAnnouncement(deps, scope, req.params.changeId);
      throw new AppError('announce_unconfirmed', 409, 'announcing needs confirm: true after reading the preview (GET …/announce-preview)', { data: { preview } });
    }
    const { change, warnings } = await announceChange(deps, scope, req.params.changeId);
    return { data: change, warnings };
  });

  r.get(`${item}/announce-preview`, {
    schema: {
      ...doc('Changes', 'Preview an announcement', 'editor', 'Every customer the draft would reach, with its dates, authorisation, contract conflicts and missing contacts, and each notice as it will be sent. Writes nothing.'),
      params: ChangeParams, response: { 200: data(AnnouncePreview), ...ERRORS },
    },
  }, async (req) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'editor');
    return { data: await previewAnnouncement(deps, scope, req.params.changeId) };
  });

  r.post(`${item}/withdraw`, {
    schema: { ...doc('Changes', 'Withdraw a change', 'editor', 'A draft or an announced change; everyone who had the announcement is told.'), params: ChangeParams, body: WithdrawBody, response: { 200: data(Change), ...ERRORS } },
  }, async (req) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'editor');
    return { data: await withdrawChange(deps, scope, req.params.changeId, req.body) };
  });

  r.get(`${item}/customers`, {
    schema: { ...doc('Changes', 'List the customers a change reaches', 'viewer', 'With their dates, consent, objections and what is outstanding. Empty for a draft.'), params: ChangeParams, response: { 200: data(Type.Array(ChangeCustomer)), ...ERRORS } },
  }, async (req) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'viewer');
    await existing(deps, scope.workspaceId, req.params.changeId);
    return { data: await listChangeCustomers(deps.db, scope.workspaceId, req.params.changeId) };
  });

  r.get(`${item}/evidence`, {
    schema: { ...doc('Changes', 'Get the evidence packet of a change', 'viewer', 'Timeline, list versions, every customer with its notifications, subscriber counts. ?download=1 sends it as a file.'), params: ChangeParams, querystring: EvidenceQuery, response: { 200: data(Evidence), ...ERRORS } },
  }, async (req, reply) => {
    const { scope, workspace } = await requireWorkspace(deps, req, req.params.slug, 'viewer');
    const evidence = await buildChangeEvidence(deps.db, scope.workspaceId, req.params.changeId, deps.clock.now());
    if (req.query.download === '1') reply.header('content-disposition', `attachment; filename="${workspace.slug}-change-${evidence.change.id}-evidence.json"`);
    return { data: evidence };
  });

  r.get('/api/w/:slug/objections', {
    schema: { ...doc('Changes', 'List objections', 'viewer', 'Oldest first.'), params: SlugParams, querystring: ObjectionQuery, response: { 200: data(Type.Array(Objection)), ...ERRORS } },
  }, async (req) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'viewer');
    const q = new InputReader(req.query);
    const status = q.choice('status', ['open', 'resolved'] as const);
    const changeId = q.text('changeId', { max: 64 });
    q.done(null);
    return { data: await listObjections(deps.db, scope.workspaceId, { ...(status ? { status } : {}), ...(changeId ? { changeId } : {}) }) };
  });

  r.post('/api/w/:slug/objections/:objectionId/resolve', {
    schema: { ...doc('Changes', 'Resolve an objection', 'editor', 'The customer is told by e-mail and webhook.'), params: ObjectionParams, body: ResolveBody, response: { 200: data(Objection), ...ERRORS } },
  }, async (req) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'editor');
    return { data: await resolveObjection(deps, scope, req.params.objectionId, req.body) };
  });
}
