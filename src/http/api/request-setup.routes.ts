import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { answerAccess, answerErasure } from '../../modules/requests/answer-request.ts';
import { listLegalHolds, placeLegalHold, releaseLegalHold } from '../../modules/requests/exemptions/legal-holds.ts';
import { addRetentionRule, adoptRetentionDefaults, listRetentionRules, setRetentionRuleActive, updateRetentionRule } from '../../modules/requests/exemptions/manage-retention-rules.ts';
import { ensurePackageKey } from '../../modules/requests/package/package-key.ts';
import { addSystem, listSystems, removeSystem, updateSystem } from '../../modules/requests/systems/manage-systems.ts';
import { listSystemRuns, listWithheld } from '../../modules/requests/systems/system-runs.ts';
import { AppError, conflict } from '../../shared/errors.ts';
import type { AppOptions } from '../app.ts';
import { requireWorkspace } from '../middleware/auth.ts';
import { Body, data, doc, ERRORS, IdParams, NoContent, SlugParams, Strings, Text } from './schemas.ts';

const NoFields = Body({}, 'No fields: send {} or nothing.');

// Views are described in the module types; the document shows them as objects.
const Any = Type.Unknown({ description: 'See the Trustroom module types for the fields' });
// Fields are checked by the use-cases (after the caller's access), each problem naming its field.
const SystemBody = Body({
  name: Type.Optional(Type.String()), customerId: Type.Optional(Text('A customer: only its requests reach this system; absent: the workspace’s own data')),
  dataset: Type.Optional(Type.String({ description: 'Fides dataset YAML' })), connection: Type.Optional(Type.String({ description: 'env:NAME, secret:NAME, sqlite:<path>, http:<file>, or a URL without a password' })),
});
const RuleBody = Body({
  key: Type.Optional(Type.String()), label: Type.Optional(Type.String()), legalBasis: Type.Optional(Type.String()),
  collections: Type.Optional(Strings('<fides_key>:<collection>')), dataCategories: Type.Optional(Strings('fideslang keys')),
  whereField: Type.Optional(Text()), whereEquals: Type.Optional(Type.Unknown()), ageField: Type.Optional(Text()), retainFor: Type.Optional(Text('ISO 8601 period, e.g. P12M')),
  active: Type.Optional(Type.Boolean()),
});
const HoldBody = Body({ email: Type.Optional(Type.String()), reason: Type.Optional(Type.String()) });

/**
 * Where requests are fulfilled (systems), what erasure keeps (retention exceptions), who is on
 * legal hold, and answering a request from the systems: viewers read, editors change.
 */
export function registerRequestSetupApiRoutes(app: FastifyInstance, { deps, config }: AppOptions) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const w = '/api/w/:slug';

  r.get(`${w}/request-systems`, { schema: { ...doc('Requests', 'List the systems requests are fulfilled in', 'viewer'), params: SlugParams, response: { 200: data(Type.Array(Any)), ...ERRORS } } }, async (req) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'viewer');
    return { data: await listSystems(deps, scope) };
  });
  r.post(`${w}/request-systems`, { schema: { ...doc('Requests', 'Add a system', 'editor', 'A connection carrying a password in clear is a 400 on `connection`.'), params: SlugParams, body: SystemBody, response: { 201: data(Any), ...ERRORS } } }, async (req, reply) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'editor');
    return reply.code(201).send({ data: await addSystem(deps, scope, req.body) });
  });
  r.patch(`${w}/request-systems/:id`, { schema: { ...doc('Requests', 'Change a system', 'editor'), params: IdParams, body: SystemBody, response: { 200: data(Any), ...ERRORS } } }, async (req) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'editor');
    return { data: await updateSystem(deps, scope, req.params.id, req.body) };
  });
  r.delete(`${w}/request-systems/:id`, { schema: { ...doc('Requests', 'Remove a system', 'editor'), params: IdParams, response: { 204: NoContent, ...ERRORS } } }, async (req, reply) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'editor');
    await removeSystem(deps, scope, req.params.id);
    return reply.code(204).send(null);
  });

  r.get(`${w}/retention-rules`, { schema: { ...doc('Requests', 'List retention exceptions to erasure', 'viewer'), params: SlugParams, response: { 200: data(Type.Array(Any)), ...ERRORS } } }, async (req) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'viewer');
    return { data: await listRetentionRules(deps, scope) };
  });
  r.post(`${w}/retention-rules`, { schema: { ...doc('Requests', 'Add a retention exception', 'editor'), params: SlugParams, body: RuleBody, response: { 201: data(Any), ...ERRORS } } }, async (req, reply) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'editor');
    return reply.code(201).send({ data: await addRetentionRule(deps, scope, req.body) });
  });
  r.post(`${w}/retention-rules/adopt-defaults`, { schema: { ...doc('Requests', 'Add the usual retention exceptions', 'editor', 'Network access logs, fraud, terms violations, legal retention (rules/retention-defaults.yaml); those the workspace has are skipped.'), params: SlugParams, body: NoFields, response: { 200: data(Type.Array(Any)), ...ERRORS } } }, async (req) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'editor');
    return { data: await adoptRetentionDefaults(deps, scope) };
  });
  r.patch(`${w}/retention-rules/:id`, { schema: { ...doc('Requests', 'Change or (de)activate a retention exception', 'editor'), params: IdParams, body: RuleBody, response: { 200: data(Any), ...ERRORS } } }, async (req) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'editor');
    const { active, ...rest } = req.body;
    let view = Object.keys(rest).length ? await updateRetentionRule(deps, scope, req.params.id, rest) : undefined;
    if (active !== undefined) view = await setRetentionRuleActive(deps, scope, req.params.id, active);
    return { data: view ?? (await listRetentionRules(deps, scope)).find((x) => x.id === req.params.id) };
  });

  r.get(`${w}/legal-holds`, { schema: { ...doc('Requests', 'List legal holds', 'viewer'), params: SlugParams, response: { 200: data(Type.Array(Any)), ...ERRORS } } }, async (req) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'viewer');
    return { data: await listLegalHolds(deps, scope) };
  });
  r.post(`${w}/legal-holds`, { schema: { ...doc('Requests', 'Place a legal hold on a person', 'editor', 'Erasure of their data waits until the hold is released, then runs by itself.'), params: SlugParams, body: HoldBody, response: { 201: data(Any), ...ERRORS } } }, async (req, reply) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'editor');
    return reply.code(201).send({ data: await placeLegalHold(deps, scope, req.body) });
  });
  r.post(`${w}/legal-holds/:id/release`, { schema: { ...doc('Requests', 'Release a legal hold', 'editor'), params: IdParams, body: NoFields, response: { 200: data(Any), ...ERRORS } } }, async (req) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'editor');
    return { data: await releaseLegalHold(deps, scope, req.params.id) };
  });

  r.post(`${w}/requests/:id/answer`, {
    schema: {
      ...doc('Requests', 'Answer a request from the systems', 'editor', 'Access or portability: every system that applies is searched, the package is stored encrypted and its one-time link e-mailed, and the request completed. Erasure: exceptions and legal holds apply; completed unless a hold or a failed system stops it.'),
      params: IdParams, body: NoFields, response: { 200: data(Any), ...ERRORS },
    },
  }, async (req) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'editor');
    const request = await deps.db.selectFrom('dsr_requests').select('type').where('workspace_id', '=', scope.workspaceId).where('id', '=', req.params.id).executeTakeFirst();
    if (request?.type === 'access' || request?.type === 'portability') {
      if (!config.packageKeyFile) throw new AppError('config_error', 500, 'TRUSTROOM_PACKAGE_KEY_FILE is not configured');
      const { request: done, packageId } = await answerAccess(deps, scope, req.params.id, ensurePackageKey(config.packageKeyFile).key);
      return { data: { status: done.status, packageId, runs: await listSystemRuns(deps, scope, req.params.id) } };
    }
    if (request?.type === 'erasure') {
      const done = await answerErasure(deps, scope, req.params.id);
      return { data: { status: done.status, runs: await listSystemRuns(deps, scope, req.params.id), withheld: await listWithheld(deps, scope, req.params.id) } };
    }
    if (!request) throw new AppError('not_found', 404, 'request not found');
    throw conflict(`a ${request.type} request is answered by an operator, not from the systems`, 'request_not_answerable');
  });
}
