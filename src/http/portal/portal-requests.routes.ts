/**
 * The portal's data-subject requests and API tokens. A request id from the URL is only ever looked
 * up together with the session's customer, so another customer's request is a 404; every POST
 * carries the session's CSRF token (openPortal checks it).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createCustomerApiToken, listCustomerApiTokens, revokeCustomerApiToken } from '../../modules/portal/customer-api-tokens.ts';
import { contactActor } from '../../modules/portal/portal.ts';
import { customerRequestTimeline, findCustomerRequest, listCustomerRequests } from '../../modules/requests/forwarding/forwarding.queries.ts';
import { instructRequest } from '../../modules/requests/forwarding/instruct-request.ts';
import { submitRequest } from '../../modules/requests/submit-request.ts';
import { type FieldIssue, isAppError, notFound } from '../../shared/errors.ts';
import type { AppOptions } from '../app.ts';
import { errorsByField } from '../views/forms.ts';
import { apiTokensBody, type FormState, newRequestBody, requestBody, requestsBody } from './portal-requests.view.ts';
import { openPortal, type Portal, sendPortalPage, valuesOf } from './portal-session.ts';

const POST_LIMIT = { rateLimit: { max: 10, timeWindow: '1 minute' } };
const REQUEST_FIELDS = ['type', 'name', 'email', 'details', 'dueOn', 'externalId'];
const fieldErrors = (e: { data?: unknown }) => errorsByField((e.data as { fields?: FieldIssue[] } | undefined)?.fields);

export function registerPortalRequestRoutes(app: FastifyInstance, { deps }: AppOptions) {
  const base = '/portal/w/:slug';
  const idOf = (req: FastifyRequest) => String((req.params as { requestId: string }).requestId);
  const who = (p: Portal) => ({ workspaceId: p.session.workspaceId, customerId: p.session.customerId, actor: contactActor(p.session.contactId) });

  const requestPage = async (reply: FastifyReply, p: Portal, requestId: string, o: { form?: FormState; sent?: boolean; status?: number } = {}) => {
    const r = await findCustomerRequest(deps.db, p.session.workspaceId, p.session.customerId, requestId);
    if (!r) throw notFound('request');
    return sendPortalPage(reply, p, { title: `Request ${r.reference}`, section: 'requests', status: o.status, body: requestBody(p, r, await customerRequestTimeline(deps.db, r.id), o) });
  };
  const tokensPage = async (reply: FastifyReply, p: Portal, s: FormState & { secret?: string } = { values: {} }, status = 200) =>
    sendPortalPage(reply, p, { title: 'API tokens', section: 'requests', status, body: apiTokensBody(p, await listCustomerApiTokens(deps.db, p.session), s) });

  app.get(`${base}/requests`, async (req, reply) => {
    const p = await openPortal(deps, req);
    return sendPortalPage(reply, p, { title: 'Requests', section: 'requests', body: requestsBody(p, await listCustomerRequests(deps.db, p.session.workspaceId, p.session.customerId)) });
  });

  app.get(`${base}/requests/new`, async (req, reply) => {
    const p = await openPortal(deps, req);
    return sendPortalPage(reply, p, { title: 'Send a request', section: 'requests', body: newRequestBody(p, { values: {} }) });
  });

  app.post(`${base}/requests`, { config: POST_LIMIT }, async (req, reply) => {
    const p = await openPortal(deps, req);
    try {
      const { request } = await submitRequest(deps, p.session.workspaceId, req.body ?? {}, { channel: 'customer', actor: contactActor(p.session.contactId), customerId: p.session.customerId });
      return reply.redirect(`${p.base}/requests/${request.id}`, 303);
    } catch (e) {
      if (!isAppError(e) || e.status !== 400) throw e;
      return sendPortalPage(reply, p, { title: 'Send a request', section: 'requests', status: 400, body: newRequestBody(p, { values: valuesOf(req.body, REQUEST_FIELDS), errors: fieldErrors(e) }) });
    }
  });

  app.get(`${base}/requests/:requestId`, async (req, reply) => {
    const p = await openPortal(deps, req);
    return requestPage(reply, p, idOf(req), { sent: (req.query as Record<string, unknown>).sent === '1' });
  });

  app.post(`${base}/requests/:requestId/instruction`, { config: POST_LIMIT }, async (req, reply) => {
    const p = await openPortal(deps, req);
    const id = idOf(req);
    try {
      await instructRequest(deps, who(p), id, req.body ?? {});
    } catch (e) {
      if (!isAppError(e) || (e.status !== 400 && e.status !== 409)) throw e;
      const values = valuesOf(req.body, ['instruction', 'reason']);
      if (e.status === 409) return requestPage(reply, p, id, { form: { values, problem: e.message }, status: 409 });
      return requestPage(reply, p, id, { form: { values, errors: fieldErrors(e) }, status: 400 });
    }
    return reply.redirect(`${p.base}/requests/${id}?sent=1`, 303);
  });

  app.get(`${base}/api-tokens`, async (req, reply) => tokensPage(reply, await openPortal(deps, req)));

  app.post(`${base}/api-tokens`, { config: POST_LIMIT }, async (req, reply) => {
    const p = await openPortal(deps, req);
    try {
      const { token } = await createCustomerApiToken(deps, p.session, req.body ?? {});
      return tokensPage(reply, p, { values: {}, secret: token }, 201);
    } catch (e) {
      if (!isAppError(e) || e.status !== 400) throw e;
      return tokensPage(reply, p, { values: valuesOf(req.body, ['name']), errors: fieldErrors(e) }, 400);
    }
  });

  app.post(`${base}/api-tokens/:tokenId/revoke`, { config: POST_LIMIT }, async (req, reply) => {
    const p = await openPortal(deps, req);
    await revokeCustomerApiToken(deps, p.session, String((req.params as { tokenId: string }).tokenId));
    return reply.redirect(`${p.base}/api-tokens`, 303);
  });
}
