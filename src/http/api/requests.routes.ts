/**
 * Data-subject requests over the API (issue 12 §1). POST /requests takes a request from anyone
 * (the public web channel, rate limited) or, with credentials of an editor or above, from an
 * operator's system (the api channel: it may name the customer that is the controller and its
 * own id). The queue, a request with its timeline and ledger (viewer), and the operator's steps
 * (editor) need credentials like every other route.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type TSchema, Type } from 'typebox';
import { acceptAuthority, closeRequest, extendRequest, requestClarification, routeToCustomer } from '../../modules/requests/request-steps.ts';
import { REQUESTS_ACTOR } from '../../modules/requests/requests.ts';
import { presentRequest } from '../../modules/requests/requests.present.ts';
import { findRequest, listRequests, requestLedger, requestTimeline } from '../../modules/requests/requests.queries.ts';
import { submitRequest } from '../../modules/requests/submit-request.ts';
import { findWorkspaceBySlug } from '../../modules/workspaces/workspaces.ts';
import type { Deps, Scope } from '../../shared/deps.ts';
import { invalid, notFound } from '../../shared/errors.ts';
import type { AppOptions } from '../app.ts';
import { requireWorkspace } from '../middleware/auth.ts';
import {
  AcceptAuthorityBody, ClarificationBody, CloseBody, ExtendBody, RequestDetail, RequestIntakeBody, RequestParams, RequestQueueItem, RequestQueueQuery,
  RequestReceipt, RequestView, RouteBody,
} from './requests.schemas.ts';
import { data, doc, ERRORS, SlugParams } from './schemas.ts';

type Step = (deps: Deps, scope: Scope, id: string, raw: unknown) => Promise<Parameters<typeof presentRequest>[0]>;
const STEPS: Array<[string, Step, TSchema, string, string]> = [
  ['accept-authority', acceptAuthority, AcceptAuthorityBody, "Accept an agent's or parent's authority", 'After the e-mail is confirmed; the request goes to work. 409 request_not_awaiting_verification otherwise.'],
  ['clarification', requestClarification, ClarificationBody, 'Ask the requester a question', 'E-mailed to the requester; the clock waits where the regime says so. 409 clarification_open while one waits.'],
  ['extend', extendRequest, ExtendBody, 'Extend the deadline', 'Once, before the first deadline, where the regime allows it; the reason is e-mailed. 409 request_already_extended, extension_too_late, extension_not_allowed.'],
  ['route', routeToCustomer, RouteBody, 'Route to the customer that is the controller', 'The request is passed on to that customer once verified. 409 request_already_routed.'],
  ['close', closeRequest, CloseBody, 'Close the request', 'completed, refused (with the reason told) or duplicate (only a request flagged as one). 409 request_closed when already closed.'],
];

/** The public intake's limit per address; calls with an API token are not counted. */
const INTAKE_LIMIT = { max: 10, timeWindow: '1 minute', allowList: (req: FastifyRequest) => req.principal?.kind === 'token' };

export function registerRequestApiRoutes(app: FastifyInstance, { deps }: AppOptions) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const base = '/api/w/:slug/requests';

  r.post(base, {
    config: { publicApi: true, rateLimit: INTAKE_LIMIT },
    schema: {
      ...doc('Requests', 'Submit a data-subject request', null, 'Needs no credentials: anyone may send a request (the web channel: a code goes to the e-mail address, nothing happens until it is confirmed; at most 10 a minute per address). '
        + 'With a token or session of the editor role or above, the request comes from your system (the api channel): `customer` and `externalId` are read, and the answer carries the request\'s id.'),
      security: [{}, { bearer: [] }, { session: [] }],
      params: SlugParams, body: RequestIntakeBody, response: { 201: data(RequestReceipt), ...ERRORS },
    },
  }, async (req, reply) => {
    let workspaceId: string;
    let opts: Parameters<typeof submitRequest>[3];
    if (req.principal) {
      const { scope } = await requireWorkspace(deps, req, req.params.slug, 'editor');
      workspaceId = scope.workspaceId;
      opts = { channel: 'api', actor: scope.actor };
    } else {
      const w = await findWorkspaceBySlug(deps.db, req.params.slug);
      if (!w) throw notFound('workspace');
      workspaceId = w.id;
      opts = { channel: 'web', actor: REQUESTS_ACTOR };
    }
    const { request, statusUrl } = await submitRequest(deps, workspaceId, req.body, opts);
    reply.header('cache-control', 'no-store');
    return reply.code(201).send({
      data: { ...(req.principal ? { id: request.id } : {}), reference: request.reference, status: request.status, receivedOn: request.received_on, dueOn: request.due_on, statusUrl },
    });
  });

  r.get(base, {
    schema: { ...doc('Requests', 'List data-subject requests', 'viewer', 'By the deadline that counts now, soonest first, each with what is at risk.'), params: SlugParams, querystring: RequestQueueQuery, response: { 200: data(Type.Array(RequestQueueItem)), ...ERRORS } },
  }, async (req) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'viewer');
    const state = req.query.state ?? 'open';
    if (state !== 'open' && state !== 'closed' && state !== 'all') throw invalid('state', 'must be one of open, closed, all');
    return { data: await listRequests(deps.db, scope.workspaceId, deps.clock.now(), { state, customerId: req.query.customer }) };
  });

  r.get(`${base}/:id`, {
    schema: { ...doc('Requests', 'Get a data-subject request', 'viewer', 'The request, every step of its timeline and how its deadlines were counted.'), params: RequestParams, response: { 200: data(RequestDetail), ...ERRORS } },
  }, async (req) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'viewer');
    const request = await findRequest(deps.db, scope.workspaceId, req.params.id);
    if (!request) throw notFound('request');
    const [timeline, ledger] = await Promise.all([requestTimeline(deps.db, request.id), requestLedger(deps.db, request)]);
    return { data: { request: presentRequest(request), timeline, ledger } };
  });

  for (const [path, step, body, summary, description] of STEPS) {
    r.post(`${base}/:id/${path}`, {
      schema: { ...doc('Requests', summary, 'editor', description), params: RequestParams, body, response: { 200: data(RequestView), ...ERRORS } },
    }, async (req) => {
      const { scope } = await requireWorkspace(deps, req, req.params.slug, 'editor');
      return { data: presentRequest(await step(deps, scope, req.params.id, req.body)) };
    });
  }
}
