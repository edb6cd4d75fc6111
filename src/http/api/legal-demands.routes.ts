import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { findDemand, listDemands } from '../../modules/legal-demands/legal-demands.queries.ts';
import {
  deleteLegalDemand, liftProhibition, recordChallenge, recordOutcome, registerLegalDemand, updateLegalDemand,
} from '../../modules/legal-demands/manage-legal-demands.ts';
import { buildTransparencyReport } from '../../modules/legal-demands/transparency-report.ts';
import { notFound } from '../../shared/errors.ts';
import type { AppOptions } from '../app.ts';
import { requireWorkspace } from '../middleware/auth.ts';
import { ChallengeBody, DemandBody, EmptyBody, LegalDemand, OutcomeBody, TransparencyReport } from './legal-demands.schemas.ts';
import { data, doc, ERRORS, IdParams, NoContent, SlugParams } from './schemas.ts';

/**
 * Legal demands (IN2). Editors read and change them: a demand under a non-disclosure order is
 * known to as few people as possible, so viewers see only the transparency report.
 */
export function registerLegalDemandRoutes(app: FastifyInstance, { deps }: AppOptions) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const base = '/api/w/:slug/legal-demands';
  const one = async (workspaceId: string, id: string) => {
    const found = await findDemand(deps.db, workspaceId, id, deps.clock.now());
    if (!found) throw notFound('legal demand');
    return found;
  };

  r.get(base, {
    schema: { ...doc('Legal demands', 'List legal demands', 'editor', 'Newest received first, with the customers concerned and their notice state.'), params: SlugParams, response: { 200: data(Type.Array(LegalDemand)), ...ERRORS } },
  }, async (req) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'editor');
    return { data: await listDemands(deps.db, scope.workspaceId, deps.clock.now()) };
  });

  r.post(base, {
    schema: { ...doc('Legal demands', 'Register a legal demand', 'editor', 'Each customer concerned is notified at once (e-mail to its contacts, signed legal_demand.received webhook) unless a non-disclosure order is in force: then the notice is held until the order ends or is lifted.'), params: SlugParams, body: DemandBody, response: { 201: data(LegalDemand), ...ERRORS } },
  }, async (req, reply) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'editor');
    return reply.code(201).send({ data: await registerLegalDemand(deps, scope, req.body) });
  });

  r.get(`${base}/:id`, {
    schema: { ...doc('Legal demands', 'Get a legal demand with its timeline', 'editor'), params: IdParams, response: { 200: data(LegalDemand), ...ERRORS } },
  }, async (req) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'editor');
    return { data: await one(scope.workspaceId, req.params.id) };
  });

  r.put(`${base}/:id`, {
    schema: { ...doc('Legal demands', 'Replace a legal demand', 'editor', 'A customer added is notified (or held); removing the prohibition sends the held notices.'), params: IdParams, body: DemandBody, response: { 200: data(LegalDemand), ...ERRORS } },
  }, async (req) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'editor');
    return { data: await updateLegalDemand(deps, scope, req.params.id, req.body) };
  });

  r.delete(`${base}/:id`, {
    schema: { ...doc('Legal demands', 'Delete a legal demand entered by mistake', 'editor', '409 legal_demand_notified once a customer was told.'), params: IdParams, response: { 204: NoContent, ...ERRORS } },
  }, async (req, reply) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'editor');
    await deleteLegalDemand(deps, scope, req.params.id);
    return reply.code(204).send(null);
  });

  r.post(`${base}/:id/challenge`, {
    schema: { ...doc('Legal demands', 'Record a challenge', 'editor'), params: IdParams, body: ChallengeBody, response: { 200: data(LegalDemand), ...ERRORS } },
  }, async (req) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'editor');
    return { data: await recordChallenge(deps, scope, req.params.id, req.body) };
  });

  r.post(`${base}/:id/outcome`, {
    schema: { ...doc('Legal demands', 'Record the outcome and what was disclosed', 'editor', 'Closes the demand; 409 legal_demand_closed after.'), params: IdParams, body: OutcomeBody, response: { 200: data(LegalDemand), ...ERRORS } },
  }, async (req) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'editor');
    return { data: await recordOutcome(deps, scope, req.params.id, req.body) };
  });

  r.post(`${base}/:id/lift-prohibition`, {
    schema: { ...doc('Legal demands', 'Lift the non-disclosure order early', 'editor', 'The held notices go out now; 409 legal_demand_not_prohibited when none is in force.'), params: IdParams, body: EmptyBody, response: { 200: data(LegalDemand), ...ERRORS } },
  }, async (req) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'editor');
    return { data: await liftProhibition(deps, scope, req.params.id) };
  });

  r.get('/api/w/:slug/transparency-report', {
    schema: { ...doc('Legal demands', 'Get the transparency report', 'viewer', 'What /w/{slug}/transparency.json publishes: counts per ended half-year, small categories merged.'), params: SlugParams, response: { 200: data(TransparencyReport), ...ERRORS } },
  }, async (req) => {
    const { workspace, scope } = await requireWorkspace(deps, req, req.params.slug, 'viewer');
    const report = await buildTransparencyReport(deps.db, scope.workspaceId, deps.clock.now());
    return { data: { workspace: { slug: workspace.slug, name: workspace.name }, ...report } };
  });
}
