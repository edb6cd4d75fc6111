/**
 * The customer API: a customer's own systems, with a customer token (`Bearer trc_…`, issued in the
 * portal), list the requests passed on to it, give their instruction, and send requests to the
 * processor. Workspace tokens and sessions are refused here; a customer token reaches nothing else.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { findCustomerRequest, listCustomerRequests } from '../../modules/requests/forwarding/forwarding.queries.ts';
import { instructRequest } from '../../modules/requests/forwarding/instruct-request.ts';
import { ketchError, receiveKetchRequest } from '../../modules/requests/forwarding/ketch-forwarder.ts';
import { submitRequest } from '../../modules/requests/submit-request.ts';
import { findWorkspaceBySlug } from '../../modules/workspaces/workspaces.ts';
import type { Deps } from '../../shared/deps.ts';
import { forbidden, notFound, unauthorized } from '../../shared/errors.ts';
import type { AppOptions } from '../app.ts';
import { CustomerRequest, CustomerRequestParams, InstructionBody, NewCustomerRequestBody } from './customer-requests.schemas.ts';
import { Body, data, doc, ERRORS, SlugParams } from './schemas.ts';

const TOKEN_ONLY = 'Needs a customer API token (Bearer trc_…); workspace tokens and console sessions get 403.';

/** The customer a `trc_` token speaks for, under the URL's workspace (another workspace: 404). */
async function requireCustomerToken(deps: Deps, req: FastifyRequest, slug: string) {
  const p = req.principal;
  if (!p) throw unauthorized();
  if (p.kind !== 'customer') throw forbidden('this needs a customer API token');
  const workspace = await findWorkspaceBySlug(deps.db, slug);
  if (!workspace || workspace.id !== p.workspaceId) throw notFound('workspace');
  return { workspaceId: workspace.id, customerId: p.customerId, actor: p.actor };
}

export function registerCustomerRequestRoutes(app: FastifyInstance, { deps }: AppOptions) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const base = '/api/w/:slug/customer/requests';
  const security = [{ bearer: [] }];

  r.get(base, {
    schema: { ...doc('Customer requests', "List the customer's requests", null, `Passed on to the customer (once sent) and sent by it, newest first. ${TOKEN_ONLY}`), security, params: SlugParams, response: { 200: data(Type.Array(CustomerRequest)), ...ERRORS } },
  }, async (req) => {
    const who = await requireCustomerToken(deps, req, req.params.slug);
    return { data: await listCustomerRequests(deps.db, who.workspaceId, who.customerId) };
  });

  r.post(base, {
    schema: { ...doc('Customer requests', 'Send a request to the processor', null, `From one of the customer's users; the customer is the controller. dueOn is the customer's own deadline, externalId its reference. ${TOKEN_ONLY}`), security, params: SlugParams, body: NewCustomerRequestBody, response: { 201: data(CustomerRequest), ...ERRORS } },
  }, async (req, reply) => {
    const who = await requireCustomerToken(deps, req, req.params.slug);
    const { request } = await submitRequest(deps, who.workspaceId, req.body, { channel: 'customer', actor: who.actor, customerId: who.customerId });
    return reply.code(201).send({ data: (await findCustomerRequest(deps.db, who.workspaceId, who.customerId, request.id))! });
  });

  r.get(`${base}/:id`, {
    schema: { ...doc('Customer requests', 'Get one of the customer\'s requests', null, `Another customer's request is a 404. ${TOKEN_ONLY}`), security, params: CustomerRequestParams, response: { 200: data(CustomerRequest), ...ERRORS } },
  }, async (req) => {
    const who = await requireCustomerToken(deps, req, req.params.slug);
    const found = await findCustomerRequest(deps.db, who.workspaceId, who.customerId, req.params.id);
    if (!found) throw notFound('request');
    return { data: found };
  });

  r.post(`${base}/:id/instruction`, {
    schema: {
      ...doc('Customer requests', 'Give the instruction on a request passed on to the customer', null, `fulfil: the processor carries it out for the customer's data; refuse: it is closed with the reason (required), told to the person. Once only (409 after). ${TOKEN_ONLY}`),
      security, params: CustomerRequestParams, body: InstructionBody, response: { 200: data(CustomerRequest), ...ERRORS },
    },
  }, async (req) => {
    const who = await requireCustomerToken(deps, req, req.params.slug);
    await instructRequest(deps, who, req.params.id, req.body);
    return { data: (await findCustomerRequest(deps.db, who.workspaceId, who.customerId, req.params.id))! };
  });

  r.post('/api/w/:slug/customer/ketch/dsr/v1', {
    schema: {
      ...doc('Customer requests', 'Receive a request forwarded by Ketch', null, `The Ketch Forwarder protocol (dsr/v1): AccessRequest, DeleteRequest, CorrectionRequest or RestrictProcessingRequest in; the matching <Kind>Response (status, reason, expectedCompletionTimestamp, requestID) or a Ketch Error out. metadata.uid is kept as the customer's reference: the same uid again answers with the same request. Configure the customer token as the Authorization header in Ketch. ${TOKEN_ONLY}`),
      security, params: SlugParams, body: Body({}, 'A Ketch dsr/v1 request message'), response: {
        200: Type.Object({}, { additionalProperties: true, description: 'A Ketch dsr/v1 response message' }),
        '4XX': Type.Object({}, { additionalProperties: true, description: 'A Ketch Error message: { apiVersion, kind: "Error", metadata, error: { code, status, message } }' }),
      },
    },
  }, async (req, reply) => {
    try {
      const who = await requireCustomerToken(deps, req, req.params.slug);
      return reply.send(await receiveKetchRequest(deps, who, req.body));
    } catch (e) {
      const out = ketchError(e, req.body);
      if (out.code >= 500) req.log.error({ err: e, requestId: req.id }, 'ketch request failed');
      return reply.code(out.code).send(out.body);
    }
  });
}
