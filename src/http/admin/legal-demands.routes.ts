import type { FastifyInstance, FastifyReply } from 'fastify';
import { listCustomers } from '../../modules/customers/customers.queries.ts';
import { findDemand, listDemands } from '../../modules/legal-demands/legal-demands.queries.ts';
import { liftProhibition, recordChallenge, recordOutcome, registerLegalDemand, updateLegalDemand } from '../../modules/legal-demands/manage-legal-demands.ts';
import { notFound } from '../../shared/errors.ts';
import type { AppOptions } from '../app.ts';
import type { FormErrors } from '../views/forms.ts';
import { type Console, formFailure, type FormValues, formValues, openConsole, param, query, sendPage } from './console.ts';
import { demandDetailBody, demandFormBody, demandListBody, demandValues } from './legal-demands.view.ts';

/**
 * Legal demands (IN2) in the console, for editors only: a demand under a non-disclosure order is
 * known to as few people as possible. The register, the form, one demand with its customers'
 * notice state and timeline, and the steps: challenge, outcome, lifting the order.
 */
export function registerLegalDemandRoutes(app: FastifyInstance, { deps }: AppOptions) {
  const base = '/admin/w/:slug/legal-demands';
  const load = async (c: Console, id: string) => {
    const d = await findDemand(deps.db, c.workspace.id, id, deps.clock.now());
    if (!d) throw notFound('legal demand');
    return d;
  };
  const formPage = async (reply: FastifyReply, c: Console, o: { id?: string; values: FormValues; errors?: FormErrors; status?: number }) =>
    sendPage(reply, c, {
      title: o.id ? 'Edit legal demand' : 'Register a legal demand', section: 'legal-demands', status: o.status,
      body: demandFormBody(c, { id: o.id, values: o.values, errors: o.errors ?? {}, customers: await listCustomers(deps.db, c.workspace.id) }),
    });
  const detailPage = async (reply: FastifyReply, c: Console, id: string, o: { q?: Record<string, string>; values?: FormValues; errors?: FormErrors; status?: number } = {}) => {
    const demand = await load(c, id);
    return sendPage(reply, c, { title: `Legal demand from ${demand.authorityName}`, section: 'legal-demands', status: o.status, body: demandDetailBody(c, { demand, q: o.q ?? {}, values: o.values, errors: o.errors }) });
  };

  app.get(base, async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    return sendPage(reply, c, { title: 'Legal demands', section: 'legal-demands', body: demandListBody(c, { demands: await listDemands(deps.db, c.workspace.id, deps.clock.now()), q: query(req) }) });
  });

  app.get(`${base}/new`, async (req, reply) => formPage(reply, await openConsole(deps, req, 'editor'), { values: {} }));

  app.post(base, async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    const values = formValues(req);
    try {
      const created = await registerLegalDemand(deps, c.scope, values);
      return reply.redirect(`${c.base}/legal-demands/${created.id}?created=1`, 303);
    } catch (e) {
      return formPage(reply, c, { values, ...formFailure(e, values) });
    }
  });

  app.get(`${base}/:id`, async (req, reply) => detailPage(reply, await openConsole(deps, req, 'editor'), param(req, 'id'), { q: query(req) }));

  app.get(`${base}/:id/edit`, async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    const d = await load(c, param(req, 'id'));
    return formPage(reply, c, { id: d.id, values: demandValues(d) });
  });

  app.post(`${base}/:id`, async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    const id = param(req, 'id');
    const values = formValues(req);
    try {
      await updateLegalDemand(deps, c.scope, id, values);
    } catch (e) {
      return formPage(reply, c, { id, values, ...formFailure(e, values) });
    }
    return reply.redirect(`${c.base}/legal-demands/${id}?saved=1`, 303);
  });

  const step = (path: string, flag: string, run: (c: Console, id: string, values: FormValues) => Promise<unknown>) =>
    app.post(`${base}/:id/${path}`, async (req, reply) => {
      const c = await openConsole(deps, req, 'editor');
      const id = param(req, 'id');
      const values = formValues(req);
      try {
        await run(c, id, values);
      } catch (e) {
        return detailPage(reply, c, id, { values, ...formFailure(e, values) });
      }
      return reply.redirect(`${c.base}/legal-demands/${id}?${flag}=1`, 303);
    });
  step('challenge', 'challenged', (c, id, values) => recordChallenge(deps, c.scope, id, values));
  step('outcome', 'closed', (c, id, values) => recordOutcome(deps, c.scope, id, values));
  step('lift', 'lifted', (c, id) => liftProhibition(deps, c.scope, id));
}
