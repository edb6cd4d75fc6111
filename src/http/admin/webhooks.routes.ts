import type { FastifyInstance, FastifyReply } from 'fastify';
import {
  addWebhookEndpoint, deleteWebhookEndpoint, rotateWebhookSecret, sendTestEvent, setWebhookEndpointActive,
} from '../../modules/webhooks/manage-webhook-endpoints.ts';
import { findCustomerName, findWebhookEndpoint, listWebhookDeliveries, listWebhookEndpoints } from '../../modules/webhooks/webhooks.queries.ts';
import { parseDeliveryFilter } from '../../modules/webhooks/webhooks.ts';
import { isAppError, notFound } from '../../shared/errors.ts';
import type { AppOptions } from '../app.ts';
import type { FormErrors } from '../views/forms.ts';
import { type Console, confirmDeleteBody, formFailure, type FormValues, formValues, openConsole, param, query, sendPage } from './console.ts';
import { type CustomerRef, deliveriesBody, webhookSecretBody, webhooksBody } from './webhooks.view.ts';

/** A customer's webhook endpoints (viewer reads; editor adds, tests, (de)activates, rotates, deletes) and the delivery log. */
export function registerWebhookRoutes(app: FastifyInstance, { deps }: AppOptions) {
  const base = '/admin/w/:slug/customers/:customerId/webhooks';
  const customerOf = async (c: Console, id: string): Promise<CustomerRef> => {
    const customer = await findCustomerName(deps.db, c.workspace.id, id);
    if (!customer) throw notFound('customer');
    return customer;
  };
  /** The customer of the URL and the endpoint of the URL, which must be that customer's. */
  const endpointOf = async (c: Console, customerId: string, id: string) => {
    const customer = await customerOf(c, customerId);
    const endpoint = await findWebhookEndpoint(deps.db, c.workspace.id, id, customer.id);
    if (!endpoint) throw notFound('webhook endpoint');
    return { customer, endpoint };
  };
  const listPage = async (reply: FastifyReply, c: Console, customer: CustomerRef, o: { q?: Record<string, string>; values?: FormValues; errors?: FormErrors; problem?: string; status?: number } = {}) => {
    const endpoints = await listWebhookEndpoints(deps.db, c.workspace.id, customer.id);
    const body = webhooksBody(c, { customer, endpoints, q: o.q ?? {}, values: o.values ?? {}, errors: o.errors ?? {}, problem: o.problem });
    return sendPage(reply, c, { title: `Webhooks of ${customer.name}`, section: 'customers', body, status: o.status });
  };
  const secretPage = (reply: FastifyReply, c: Console, o: Parameters<typeof webhookSecretBody>[1], status: number) => {
    // The page carries the secret: no caching anywhere (the console sends no-store already).
    reply.header('cache-control', 'no-store');
    return sendPage(reply, c, { title: o.rotated ? 'Signing secret rotated' : 'Webhook endpoint added', section: 'customers', body: webhookSecretBody(c, o), status });
  };

  app.get(base, async (req, reply) => {
    const c = await openConsole(deps, req, 'viewer');
    return listPage(reply, c, await customerOf(c, param(req, 'customerId')), { q: query(req) });
  });

  app.post(base, async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    const customer = await customerOf(c, param(req, 'customerId'));
    const values = formValues(req);
    try {
      const { endpoint, secret } = await addWebhookEndpoint(deps, c.scope, customer.id, values);
      return secretPage(reply, c, { customer, endpoint, secret, rotated: false }, 201);
    } catch (e) {
      return listPage(reply, c, customer, { values, ...formFailure(e, values) });
    }
  });

  app.post(`${base}/:webhookId/test`, async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    const { customer, endpoint } = await endpointOf(c, param(req, 'customerId'), param(req, 'webhookId'));
    try {
      await sendTestEvent(deps, c.scope, endpoint.id);
    } catch (e) {
      if (isAppError(e) && e.status === 409) return listPage(reply, c, customer, { problem: e.message, status: 409 });
      throw e;
    }
    return reply.redirect(`${c.base}/customers/${customer.id}/webhooks?tested=1`, 303);
  });

  for (const action of ['activate', 'deactivate'] as const) {
    app.post(`${base}/:webhookId/${action}`, async (req, reply) => {
      const c = await openConsole(deps, req, 'editor');
      const { customer, endpoint } = await endpointOf(c, param(req, 'customerId'), param(req, 'webhookId'));
      await setWebhookEndpointActive(deps, c.scope, endpoint.id, action === 'activate');
      return reply.redirect(`${c.base}/customers/${customer.id}/webhooks?${action}d=1`, 303);
    });
  }

  app.post(`${base}/:webhookId/rotate-secret`, async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    const { customer, endpoint } = await endpointOf(c, param(req, 'customerId'), param(req, 'webhookId'));
    const rotated = await rotateWebhookSecret(deps, c.scope, endpoint.id);
    return secretPage(reply, c, { customer, endpoint: rotated.endpoint, secret: rotated.secret, rotated: true }, 200);
  });

  app.get(`${base}/:webhookId/delete`, async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    const { customer, endpoint } = await endpointOf(c, param(req, 'customerId'), param(req, 'webhookId'));
    const back = `${c.base}/customers/${customer.id}/webhooks`;
    const body = confirmDeleteBody(c, { what: 'webhook endpoint', name: endpoint.url, action: `${back}/${endpoint.id}/delete`, back, consequence: 'Its delivery log is deleted too, and pending deliveries are not sent.' });
    return sendPage(reply, c, { title: 'Delete webhook endpoint', section: 'customers', body });
  });

  app.post(`${base}/:webhookId/delete`, async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    const { customer, endpoint } = await endpointOf(c, param(req, 'customerId'), param(req, 'webhookId'));
    await deleteWebhookEndpoint(deps, c.scope, endpoint.id);
    return reply.redirect(`${c.base}/customers/${customer.id}/webhooks?deleted=1`, 303);
  });

  app.get('/admin/w/:slug/webhook-deliveries', async (req, reply) => {
    const c = await openConsole(deps, req, 'viewer');
    const filter = parseDeliveryFilter(query(req));
    const customer = filter.customerId ? await findCustomerName(deps.db, c.workspace.id, filter.customerId) : undefined;
    const deliveries = await listWebhookDeliveries(deps.db, c.workspace.id, filter);
    return sendPage(reply, c, { title: 'Webhook deliveries', section: 'webhook-deliveries', body: deliveriesBody(c, { deliveries, filter, customer }) });
  });
}
