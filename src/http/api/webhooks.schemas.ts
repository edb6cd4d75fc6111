/** Request and response schemas of webhook endpoints and the delivery log (CH2). */
import { Type } from 'typebox';
import { DELIVERIES_PAGE_DEFAULT, DELIVERIES_PAGE_MAX, DELIVERY_STATUSES } from '../../modules/webhooks/webhooks.ts';
import { Body, Choice, Digits, OneOf, Text } from './schemas.ts';

const STATUS = 'pending: being tried (see nextAttemptAt); delivered: a 2xx answer; failed: every attempt failed, or the endpoint was deactivated.';

export const WebhookEndpoint = Type.Object({
  id: Type.String(), customerId: Type.String(), url: Type.String(), active: Type.Boolean({ description: 'Inactive endpoints receive nothing.' }),
  secretHint: Type.String({ description: 'The first characters of the signing secret (whsec_…), to tell secrets apart.' }),
  createdAt: Type.String(),
});

export const CreatedWebhookEndpoint = Type.Object({
  secret: Type.String({ description: 'The signing secret (whsec_…): shown this once, to hand to the customer. Rotate it to get a new one.' }),
  ...WebhookEndpoint.properties,
});

export const WebhookEndpointBody = Body({
  url: Type.String({ description: 'Where to POST events: https (plain http only to localhost, for development), no user name, password or fragment; at most 2000 characters.' }),
});

export const WebhookActiveBody = Body({
  active: Type.Boolean({ description: 'false stops deliveries (pending ones are marked failed); true resumes them for new events.' }),
});

export const NoFields = Body({}, 'No fields needed.');

export const CustomerWebhooksParams = Type.Object({ slug: Type.String({ description: 'Workspace slug' }), customerId: Type.String({ description: 'Customer id' }) });

export const WebhookParams = Type.Object({ ...CustomerWebhooksParams.properties, webhookId: Type.String({ description: 'Webhook endpoint id' }) });

export const QueuedTest = Type.Object({ deliveryId: Type.String({ description: 'The queued delivery; follow it in the delivery log.' }) });

export const WebhookAttempt = Type.Object({
  attempt: Type.Integer(), at: Type.String(), statusCode: Type.Union([Type.Integer(), Type.Null()], { description: 'The HTTP status, or null when no answer came.' }),
  error: Text('Why the attempt failed: HTTP status, timeout, refused address, connection error; never a response body.'), durationMs: Type.Integer(),
});

export const WebhookDelivery = Type.Object({
  id: Type.String({ description: 'Also the Trustroom-Delivery header and the body\'s id.' }), event: Type.String(), status: OneOf(DELIVERY_STATUSES, STATUS),
  endpointId: Type.String(), endpointUrl: Type.String(), customerId: Type.String(), customerName: Type.String(), changeId: Text(),
  attemptCount: Type.Integer(), lastStatusCode: Type.Union([Type.Integer(), Type.Null()]), lastError: Text(),
  createdAt: Type.String(), deliveredAt: Text(), nextAttemptAt: Text('When the next attempt is due, for pending deliveries.'),
  attempts: Type.Array(WebhookAttempt),
});

export const DeliveryQuery = Type.Object({
  status: Type.Optional(Choice(DELIVERY_STATUSES, 'Only deliveries with this status.')),
  customerId: Type.Optional(Type.String({ description: 'Only deliveries to endpoints of this customer.' })),
  changeId: Type.Optional(Type.String({ description: 'Only deliveries about this change.' })),
  limit: Type.Optional(Digits(`Deliveries to return, newest first: ${DELIVERIES_PAGE_DEFAULT} by default, at most ${DELIVERIES_PAGE_MAX}.`)),
});
