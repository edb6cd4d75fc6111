/**
 * The item routes every registry collection shares: POST (201), GET, PUT and DELETE (204) at
 * `/api/w/:slug/<collection>[/:id]`. Each handler is parse → requireWorkspace → one use-case → `{ data }`.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { TSchema } from 'typebox';
import type { Db } from '../../db/schema.ts';
import type { Deps, Scope } from '../../shared/deps.ts';
import { notFound } from '../../shared/errors.ts';
import { requireWorkspace } from '../middleware/auth.ts';
import { data, doc, ERRORS, IdParams, NoContent, SlugParams, type Tag } from './schemas.ts';

export interface CrudSpec<V> {
  /** URL segment, e.g. `services`. */
  collection: string;
  tag: Tag;
  /** Singular noun for summaries and 404s, e.g. `service`. */
  noun: string;
  body: TSchema;
  view: TSchema;
  find: (db: Db, workspaceId: string, id: string) => Promise<V | undefined>;
  create: (deps: Deps, scope: Scope, raw: unknown) => Promise<V>;
  update: (deps: Deps, scope: Scope, id: string, raw: unknown) => Promise<V>;
  remove: (deps: Deps, scope: Scope, id: string) => Promise<void>;
}

const article = (noun: string) => (/^[aeiou]/.test(noun) ? 'an' : 'a');

export function registerCrudRoutes<V>(app: FastifyInstance, deps: Deps, spec: CrudSpec<V>) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const base = `/api/w/:slug/${spec.collection}`;
  const a = `${article(spec.noun)} ${spec.noun}`;

  r.post(base, {
    schema: { ...doc(spec.tag, `Add ${a}`, 'editor'), params: SlugParams, body: spec.body, response: { 201: data(spec.view), ...ERRORS } },
  }, async (req, reply) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'editor');
    const created = await spec.create(deps, scope, req.body);
    return reply.code(201).send({ data: created });
  });

  r.get(`${base}/:id`, {
    schema: { ...doc(spec.tag, `Get ${a}`, 'viewer'), params: IdParams, response: { 200: data(spec.view), ...ERRORS } },
  }, async (req) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'viewer');
    const found = await spec.find(deps.db, scope.workspaceId, req.params.id);
    if (!found) throw notFound(spec.noun);
    return { data: found };
  });

  r.put(`${base}/:id`, {
    schema: { ...doc(spec.tag, `Replace ${a}`, 'editor'), params: IdParams, body: spec.body, response: { 200: data(spec.view), ...ERRORS } },
  }, async (req) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'editor');
    return { data: await spec.update(deps, scope, req.params.id, req.body) };
  });

  r.delete(`${base}/:id`, {
    schema: { ...doc(spec.tag, `Delete ${a}`, 'editor'), params: IdParams, response: { 204: NoContent, ...ERRORS } },
  }, async (req, reply) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'editor');
    await spec.remove(deps, scope, req.params.id);
    return reply.code(204).send(null);
  });
}
