import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { listCustomers } from '../../modules/customers/customers.queries.ts';
import { acceptAuthority, closeRequest, extendRequest, requestClarification, routeToCustomer } from '../../modules/requests/request-steps.ts';
import { findRequest, listRequests, requestLedger, requestTimeline } from '../../modules/requests/requests.queries.ts';
import { submitRequest } from '../../modules/requests/submit-request.ts';
import { AppError, isAppError, notFound } from '../../shared/errors.ts';
import { answerAccess, answerErasure } from '../../modules/requests/answer-request.ts';
import { ensurePackageKey } from '../../modules/requests/package/package-key.ts';
import type { AppOptions } from '../app.ts';
import { type Console, formFailure, formValues, one, openConsole, param, query, sendPage } from './console.ts';
import { requestExtras } from './request-extras.ts';
import { requestBody } from './request.view.ts';
import { newRequestBody, requestsQueueBody } from './requests.view.ts';

type Step = (deps: AppOptions['deps'], scope: Console['scope'], id: string, raw: unknown) => Promise<unknown>;
/** The field a step's refusal is shown next to when the refusal names none. */
const MAIN_FIELD: Record<string, string> = { 'accept-authority': 'note', clarification: 'question', extend: 'reason', route: 'customer', close: 'outcome' };
const STEPS: Record<string, Step> = {
  'accept-authority': acceptAuthority, clarification: requestClarification, extend: extendRequest, route: routeToCustomer, close: closeRequest,
};

/** Data-subject requests in the console: the queue (viewer), recording one, and each step (editor). */
export function registerRequestRoutes(app: FastifyInstance, o: AppOptions) {
  const { deps } = o;
  const customerOptions = async (c: Console): Promise<Array<[string, string]>> =>
    (await listCustomers(deps.db, c.workspace.id)).map((x) => [x.id, x.name] as [string, string]);

  app.get('/admin/w/:slug/requests', async (req, reply) => {
    const c = await openConsole(deps, req, 'viewer');
    const q = query(req);
    const state = (['open', 'closed', 'all'] as const).find((s) => s === q.state) ?? 'open';
    const items = await listRequests(deps.db, c.workspace.id, deps.clock.now(), { state });
    return sendPage(reply, c, { title: 'Requests', section: 'requests', body: requestsQueueBody(c, { items, state, q }) });
  });

  app.get('/admin/w/:slug/requests/new', async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    return sendPage(reply, c, { title: 'Record a request', section: 'requests', body: newRequestBody(c, { values: {}, errors: {}, customers: await customerOptions(c) }) });
  });

  app.post('/admin/w/:slug/requests/new', async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    const values = formValues(req);
    try {
      const { request } = await submitRequest(deps, c.workspace.id, values, { channel: 'operator', actor: c.scope.actor });
      return reply.redirect(`${c.base}/requests/${request.id}?done=recorded`, 303);
    } catch (e) {
      const { status, errors } = formFailure(e, values);
      return sendPage(reply, c, { title: 'Record a request', section: 'requests', status, body: newRequestBody(c, { values, errors, customers: await customerOptions(c) }) });
    }
  });

  async function showRequest(req: FastifyRequest, reply: FastifyReply, c: Console, failed?: { form: string; errors: Record<string, string>; values: Record<string, string>; status: number }) {
    const request = await findRequest(deps.db, c.workspace.id, param(req, 'id'));
    if (!request) throw notFound('request');
    const [timeline, ledger, customers, forwarding, customer] = await Promise.all([
      requestTimeline(deps.db, request.id), requestLedger(deps.db, request), customerOptions(c),
      deps.db.selectFrom('dsr_forwardings').selectAll().where('request_id', '=', request.id).executeTakeFirst(),
      request.customer_id ? deps.db.selectFrom('customers').select('name').where('id', '=', request.customer_id).executeTakeFirst() : undefined,
    ]);
    const extra = await requestExtras(deps, c, request);
    const body = requestBody(c, { request, timeline, ledger, customers, forwarding: forwarding ?? null, customerName: customer?.name ?? null, failed, q: query(req), extra });
    return sendPage(reply, c, { title: `Request ${request.reference}`, section: 'requests', body, status: failed?.status });
  }

  app.get('/admin/w/:slug/requests/:id', async (req, reply) => showRequest(req, reply, await openConsole(deps, req, 'viewer')));

  app.post('/admin/w/:slug/requests/:id/run-access', async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    if (!o.config.packageKeyFile) throw new AppError('config_error', 500, 'TRUSTROOM_PACKAGE_KEY_FILE is not configured');
    await answerAccess(deps, c.scope, param(req, 'id'), ensurePackageKey(o.config.packageKeyFile).key);
    return reply.redirect(`${c.base}/requests/${param(req, 'id')}?done=access-run`, 303);
  });

  app.post('/admin/w/:slug/requests/:id/run-erasure', async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    await answerErasure(deps, c.scope, param(req, 'id'));
    return reply.redirect(`${c.base}/requests/${param(req, 'id')}?done=erasure-run`, 303);
  });

  app.post('/admin/w/:slug/requests/:id/:step', async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    const step = param(req, 'step');
    const run = Object.hasOwn(STEPS, step) ? STEPS[step] : undefined;
    if (!run) throw notFound('step');
    const values = formValues(req);
    // The close form's message is `closeReason` on the page (the extend form has a `reason` too).
    const input = step === 'close' ? { ...values, reason: values.closeReason } : values;
    try {
      await run(deps, c.scope, param(req, 'id'), input);
      return reply.redirect(`${c.base}/requests/${param(req, 'id')}?done=${step}`, 303);
    } catch (e) {
      const { status, errors } = isAppError(e) && e.status === 409 && !/^\w+: /.test(e.message) ? { status: 409, errors: { [MAIN_FIELD[step]!]: e.message } } : formFailure(e, values, step === 'close' ? { reason: 'closeReason' } : {});
      const flat = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, one(v)]));
      return showRequest(req, reply, c, { form: step, errors, values: flat, status });
    }
  });
}
