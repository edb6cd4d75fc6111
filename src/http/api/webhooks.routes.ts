import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Db } from '../../db/schema.ts';
import {
  addWebhookEndpoint, deleteWebhookEndpoint, rotateWebhookSecret, sendTestEvent, setWebhookEndpointActive,
} from '../../modules/webhooks/manage-webhook-endpoints.ts';
import { findCustomerName, findWebhookEndpoint, listWebhookDeliveries, listWebhookEndpoints } from '../../modules/webhooks/webhooks.queries.ts';
import { parseDeliveryFilter } from '../../modules/webhooks/webhooks.ts';
import { notFound } from '../../shared/errors.ts';
import type { AppOptions } from '../app.ts';
import { requireWorkspace } from '../middleware/auth.ts';
import { data, doc, ERRORS, NoContent, SlugParams } from './schemas.ts';
import {
  CreatedWebhookEndpoint, CustomerWebhooksParams, DeliveryQuery, NoFields, QueuedTest, WebhookActiveBody, WebhookDelivery, WebhookEndpoint,
  WebhookEndpointBody, WebhookParams,
} from './webhooks.schemas.ts';

/** 404 unless the customer is the workspace's. */
async function requireCustomer(db: Db, workspaceId: string, customerId: string): Promise<void> {
  if (!(await findCustomerName(db, workspaceId, customerId))) throw notFound('customer');
}

/** 404 unless the endpoint is the customer's, in the workspace. */
async function requireEndpoint(db: Db, workspaceId: string, p: { customerId: string; webhookId: string }): Promise<void> {
  if (!(await findWebhookEndpoint(db, workspaceId, p.webhookId, p.customerId))) throw notFound('webhook endpoint');
}

/** Webhook endpoints per customer and the delivery log: viewers read, editors change. */
export function registerWebhookRoutes(app: FastifyInstance, { deps }: AppOptions) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const base = '/api/w/:slug/customers/:customerId/webhooks';

  r.get(base, {
    schema: { ...doc('Webhooks', "List a customer's webhook endpoints", 'viewer', 'Never the secrets, only their first characters.'), params: CustomerWebhooksParams, response: { 200: data(Type.Array(WebhookEndpoint)), ...ERRORS } },
  }, async (req) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'viewer');
    await requireCustomer(deps.db, scope.workspaceId, req.params.customerId);
    return { data: await listWebhookEndpoints(deps.db, scope.workspaceId, req.params.customerId) };
  });

  r.post(base, {
    schema: { ...doc('Webhooks', 'Add a webhook endpoint', 'editor', 'The response carries the signing secret once: hand it to the customer now.'), params: CustomerWebhooksParams, body: WebhookEndpointBody, response: { 201: data(CreatedWebhookEndpoint), ...ERRORS } },
  }, async (req, reply) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'editor');
    const { endpoint, secret } = await addWebhookEndpoint(deps, scope, req.params.customerId, req.body);
    reply.header('cache-control', 'no-store');
    return reply.code(201).send({ data: { secret, ...endpoint } });
  });

  r.patch(`${base}/:webhookId`, {
    schema: { ...doc('Webhooks', 'Activate or deactivate a webhook endpoint', 'editor'), params: WebhookParams, body: WebhookActiveBody, response: { 200: data(WebhookEndpoint), ...ERRORS } },
  }, async (req) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'editor');
    await requireEndpoint(deps.db, scope.workspaceId, req.params);
    return { data: await setWebhookEndpointActive(deps, scope, req.params.webhookId, req.body.active) };
  });

  r.delete(`${base}/:webhookId`, {
    schema: { ...doc('Webhooks', 'Delete a webhook endpoint', 'editor', 'Also deletes its delivery log and cancels pending attempts.'), params: WebhookParams, response: { 204: NoContent, ...ERRORS } },
  }, async (req, reply) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'editor');
    await requireEndpoint(deps.db, scope.workspaceId, req.params);
    await deleteWebhookEndpoint(deps, scope, req.params.webhookId);
    return reply.code(204).send(null);
  });

  r.post(`${base}/:webhookId/test`, {
    schema: { ...doc('Webhooks', 'Send a test event', 'editor', 'Queues a signed `test` event to this endpoint, delivered and retried like any other.'), params: WebhookParams, body: NoFields, response: { 202: data(QueuedTest), ...ERRORS } },
  }, async (req, reply) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'editor');
    await requireEndpoint(deps.db, scope.workspaceId, req.params);
    return reply.code(202).send({ data: await sendTestEvent(deps, scope, req.params.webhookId) });
  });

  r.post(`${base}/:webhookId/rotate-secret`, {
    schema: { ...doc('Webhooks', 'Rotate the signing secret', 'editor', 'The old secret stops working at once; the response carries the new one once.'), params: WebhookParams, body: NoFields, response: { 200: data(CreatedWebhookEndpoint), ...ERRORS } },
  }, async (req, reply) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'editor');
    await requireEndpoint(deps.db, scope.workspaceId, req.params);
    const { endpoint, secret } = await rotateWebhookSecret(deps, scope, req.params.webhookId);
    reply.header('cache-control', 'no-store');
    return { data: { secret, ...endpoint } };
  });

  r.get('/api/w/:slug/webhook-deliveries', {
    schema: { ...doc('Webhooks', 'List webhook deliveries', 'viewer', 'Newest first, each with its attempts and the time of its next one.'), params: SlugParams, querystring: DeliveryQuery, response: { 200: data(Type.Array(WebhookDelivery)), ...ERRORS } },
  }, async (req) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'viewer');
    return { data: await listWebhookDeliveries(deps.db, scope.workspaceId, parseDeliveryFilter(req.query)) };
  });
}
