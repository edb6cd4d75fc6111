import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { apiTokenHeaders, buildTestApp } from '../../../test/app.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import { createCustomerApiToken, revokeCustomerApiToken } from '../../modules/portal/customer-api-tokens.ts';
import type { PortalSession } from '../../modules/portal/portal.ts';
import { type ForwardingFixture, forwardedRequest, forwardingFixture } from '../../modules/requests/forwarding/forwarding.test-helpers.ts';
import { sendForwarding } from '../../modules/requests/forwarding/send-forwarding.ts';

forEachDialect('customer API: requests and instructions', (ctx) => {
  let app: FastifyInstance;
  let f: ForwardingFixture;
  let base: string;
  const sessionOf = async (customerId: string): Promise<PortalSession> => {
    const contact = await ctx.db.deps.db.selectFrom('customer_contacts').select('id').where('customer_id', '=', customerId).executeTakeFirstOrThrow();
    return { workspaceId: f.workspaceId, customerId, contactId: contact.id, csrfToken: 'x', expiresAt: '2999-01-01T00:00:00Z' };
  };
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  before(async () => {
    app = await buildTestApp(ctx.db.deps);
    f = await forwardingFixture(ctx.db.deps);
    base = `/api/w/${f.slug}/customer/requests`;
  });
  after(async () => app?.close());

  async function sent(email: string) {
    const request = await forwardedRequest(ctx.db.deps, f, { email });
    const row = await ctx.db.deps.db.selectFrom('dsr_forwardings').select('id').where('request_id', '=', request.id).executeTakeFirstOrThrow();
    await sendForwarding(ctx.db.deps, row.id);
    return request;
  }

  it("gives the instruction over the API with the customer's token, and refuses every other credential", async () => {
    const request = await sent('eve@example.org');
    const { token } = await createCustomerApiToken(ctx.db.deps, await sessionOf(f.customerId), { name: 'helpdesk' });
    assert.match(token, /^trc_/);
    const stored = await ctx.db.deps.db.selectFrom('customer_api_tokens').selectAll().where('customer_id', '=', f.customerId).executeTakeFirstOrThrow();
    assert.notEqual(stored.token_hash, token, 'only the hash is kept');
    const { token: otherToken } = await createCustomerApiToken(ctx.db.deps, await sessionOf(f.otherCustomerId), { name: 'piper' });
    const url = `${base}/${request.id}/instruction`;

    assert.equal((await app.inject({ method: 'POST', url, payload: { instruction: 'fulfil' } })).statusCode, 401);
    const workspaceToken = await app.inject({ method: 'POST', url, headers: await apiTokenHeaders(ctx.db.deps, f.workspaceId, 'admin'), payload: { instruction: 'fulfil' } });
    assert.equal(workspaceToken.statusCode, 403);
    const other = await app.inject({ method: 'POST', url, headers: bearer(otherToken), payload: { instruction: 'refuse', reason: 'no' } });
    assert.deepEqual([other.statusCode, other.json().error], [404, 'not_found']);
    assert.equal((await app.inject({ url: `${base}/${request.id}`, headers: bearer(otherToken) })).statusCode, 404);
    const list = await app.inject({ url: base, headers: bearer(otherToken) });
    assert.deepEqual(list.json().data, []);
    const operatorsApi = await app.inject({ url: `/api/w/${f.slug}/customers`, headers: bearer(token) });
    assert.equal(operatorsApi.statusCode, 404, "a customer token reaches none of the workspace's routes");

    const bad = await app.inject({ method: 'POST', url, headers: bearer(token), payload: { instruction: 'refuse' } });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(bad.json().data.fields.map((x: { field: string }) => x.field), ['reason']);
    const ok = await app.inject({ method: 'POST', url, headers: bearer(token), payload: { instruction: 'refuse', reason: 'The account belongs to a company, not a person.' } });
    assert.equal(ok.statusCode, 200);
    const body = ok.json().data;
    assert.deepEqual([body.status, body.forwarding.instruction, body.forwarding.instructionReason], ['refused', 'refuse', 'The account belongs to a company, not a person.']);
    const audit = await ctx.db.deps.db.selectFrom('audit_events').select('actor_label').where('action', '=', 'request.instructed').where('subject_id', '=', request.id).executeTakeFirstOrThrow();
    assert.equal(audit.actor_label, 'customer token:helpdesk');
    const twice = await app.inject({ method: 'POST', url, headers: bearer(token), payload: { instruction: 'fulfil' } });
    assert.deepEqual([twice.statusCode, twice.json().error], [409, 'instruction_already_given']);

    await revokeCustomerApiToken(ctx.db.deps, await sessionOf(f.customerId), stored.id);
    assert.equal((await app.inject({ url: base, headers: bearer(token) })).statusCode, 401);
  });

  it("sends a request from the customer's system with the customer's own deadline and reference", async () => {
    const { token } = await createCustomerApiToken(ctx.db.deps, await sessionOf(f.customerId), { name: 'crm' });
    const bad = await app.inject({ method: 'POST', url: base, headers: bearer(token), payload: { type: 'erasure', email: 'x@example.org', dueOn: 'tomorrow' } });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json().message, /dueOn: must be a date \(YYYY-MM-DD\)/);
    const res = await app.inject({ method: 'POST', url: base, headers: bearer(token), payload: { type: 'erasure', email: 'Fay@Example.org', name: 'Fay', dueOn: '2031-01-15', externalId: 'TCK-7' } });
    assert.equal(res.statusCode, 201);
    const data = res.json().data;
    assert.deepEqual([data.channel, data.customerDueOn, data.externalId, data.subjectEmail, data.forwarding], ['customer', '2031-01-15', 'TCK-7', 'fay@example.org', null]);
    assert.match(data.dueOn, /^\d{4}-\d{2}-\d{2}$/);
    const row = await ctx.db.deps.db.selectFrom('dsr_requests').select(['customer_id', 'controller']).where('id', '=', data.id).executeTakeFirstOrThrow();
    assert.deepEqual([row.customer_id, row.controller], [f.customerId, 'customer']);
    const listed = await app.inject({ url: base, headers: bearer(token) });
    assert.ok(listed.json().data.some((r: { id: string }) => r.id === data.id));
  });
});
