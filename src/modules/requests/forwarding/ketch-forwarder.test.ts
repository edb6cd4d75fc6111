import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { apiTokenHeaders, buildTestApp } from '../../../../test/app.ts';
import { forEachDialect } from '../../../../test/dialects.ts';
import { createCustomerApiToken } from '../../portal/customer-api-tokens.ts';
import { type ForwardingFixture, forwardingFixture } from './forwarding.test-helpers.ts';

/**
 * A DeleteRequest in the shape of the Ketch Forwarder spec's example (api/dsr/v1/Delete.md,
 * github.com/ketch-com/ketch-forwarder), with this test's own values.
 */
const deleteRequest = (uid: string) => ({
  apiVersion: 'dsr/v1',
  kind: 'DeleteRequest',
  metadata: { uid, tenant: 'hooli' },
  request: {
    controller: 'hooli', property: 'hooli.example', environment: 'production', regulation: 'gdpr', jurisdiction: 'eugdpr',
    identities: [{ identitySpace: 'account_id', identityFormat: 'raw', identityValue: '4711' }],
    callbacks: [{ url: 'https://dsr.ketch.example/callback', headers: { Authorization: 'x' } }],
    subject: { email: 'gil@example.org', firstName: 'Gil', lastName: 'Rosa', addressLine1: '1 rue de la Paix', city: 'Paris', postalCode: '75002', countryCode: 'FR', description: 'Delete my data' },
    claims: { account_id: '4711' },
    submittedTimestamp: 1_930_000_000,
    dueTimestamp: 1_932_000_000,
  },
});

forEachDialect('Ketch Forwarder adapter', (ctx) => {
  let app: FastifyInstance;
  let f: ForwardingFixture;
  let auth: Record<string, string>;
  let url: string;
  before(async () => {
    app = await buildTestApp(ctx.db.deps);
    f = await forwardingFixture(ctx.db.deps, { zone: 'Europe/Paris' });
    const contact = await ctx.db.deps.db.selectFrom('customer_contacts').select('id').where('customer_id', '=', f.customerId).executeTakeFirstOrThrow();
    const { token } = await createCustomerApiToken(ctx.db.deps, { workspaceId: f.workspaceId, customerId: f.customerId, contactId: contact.id, csrfToken: 'x', expiresAt: '2999-01-01T00:00:00Z' }, { name: 'ketch' });
    auth = { authorization: `Bearer ${token}` };
    url = `/api/w/${f.slug}/customer/ketch/dsr/v1`;
  });
  after(async () => app?.close());

  it('turns a Ketch DeleteRequest into an erasure request sent by the customer and answers with a DeleteResponse, once per uid', async () => {
    const res = await app.inject({ method: 'POST', url, headers: auth, payload: deleteRequest('7f0c2a1e-ketch-uid-1') });
    assert.equal(res.statusCode, 200);
    const body = res.json();
    assert.deepEqual([body.apiVersion, body.kind, body.metadata], ['dsr/v1', 'DeleteResponse', { uid: '7f0c2a1e-ketch-uid-1', tenant: 'hooli' }]);
    // The customer is the controller and has verified its user: the request is in progress at once.
    assert.deepEqual([body.response.status, body.response.reason], ['in_progress', 'unknown']);
    assert.match(body.response.requestID, /^R-/);
    const row = await ctx.db.deps.db.selectFrom('dsr_requests').selectAll().where('reference', '=', body.response.requestID).executeTakeFirstOrThrow();
    // 1 932 000 000 s is 2031-03-22T…Z: the customer's deadline is that date in Paris.
    assert.deepEqual([row.type, row.channel, row.customer_id, row.external_id, row.regime, row.subject_email, row.subject_name, row.details, row.customer_due_on],
      ['erasure', 'customer', f.customerId, '7f0c2a1e-ketch-uid-1', 'gdpr', 'gil@example.org', 'Gil Rosa', 'Delete my data', new Date(1_932_000_000_000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' })]);
    assert.equal(body.response.expectedCompletionTimestamp, Date.parse(`${row.customer_due_on}T23:59:59Z`) / 1000);

    const again = await app.inject({ method: 'POST', url, headers: auth, payload: deleteRequest('7f0c2a1e-ketch-uid-1') });
    assert.equal(again.json().response.requestID, body.response.requestID, 'a retry gets the same request');
    const count = await ctx.db.deps.db.selectFrom('dsr_requests').select('id').where('external_id', '=', '7f0c2a1e-ketch-uid-1').execute();
    assert.equal(count.length, 1);
  });

  it('answers a malformed message with a Ketch Error naming the fields, and a workspace caller with a forbidden Error', async () => {
    const bad = { ...deleteRequest('uid-2'), kind: 'ExplodeRequest', request: { ...deleteRequest('uid-2').request, subject: { firstName: 'No address' } } };
    const res = await app.inject({ method: 'POST', url, headers: auth, payload: bad });
    assert.equal(res.statusCode, 400);
    const body = res.json();
    assert.deepEqual([body.apiVersion, body.kind, body.metadata.uid, body.error.code, body.error.status], ['dsr/v1', 'Error', 'uid-2', 400, 'invalid']);
    assert.match(body.error.message, /kind: must be one of AccessRequest/);
    assert.match(body.error.message, /request\.subject\.email: is required/);
    assert.ok(!body.error.message.includes('No address'));
    const workspaceToken = await app.inject({ method: 'POST', url, headers: await apiTokenHeaders(ctx.db.deps, f.workspaceId, 'admin'), payload: deleteRequest('uid-3') });
    assert.deepEqual([workspaceToken.statusCode, workspaceToken.json().kind, workspaceToken.json().error.status], [403, 'Error', 'forbidden']);
  });
});
