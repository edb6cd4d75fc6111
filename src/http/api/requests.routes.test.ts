import assert from 'node:assert/strict';
import { verifyRequestCode } from '../../modules/requests/verify-request.ts';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { apiTokenHeaders, buildTestApp } from '../../../test/app.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import { buildCustomer } from '../../../test/factories.ts';
import { call, workspaceWithToken } from './api.test-helpers.ts';

let ipCounter = 0;
/** A fresh client address, so the public intake's limit only bites where a test wants it. */
const newIp = () => `10.8.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`;

forEachDialect('data-subject requests API', (ctx) => {
  let app: FastifyInstance;
  before(async () => {
    app = await buildTestApp(ctx.db.deps);
  });
  after(async () => app?.close());

  const publicPost = async (slug: string, payload: unknown, ip = newIp()) => {
    const res = await app.inject({ method: 'POST', url: `/api/w/${slug}/requests`, payload: payload as object, remoteAddress: ip });
    return { status: res.statusCode, body: res.json() };
  };

  it('takes a request without credentials on the web channel, ignoring the fields for operators', async () => {
    const w = await workspaceWithToken(ctx.db.deps);
    const customer = await buildCustomer(ctx.db.deps, w.scope);
    const res = await publicPost(w.slug, { type: 'access', email: 'ana@example.org', customer: customer.id, externalId: 'x-1' });
    assert.equal(res.status, 201);
    assert.deepEqual(Object.keys(res.body.data).sort(), ['dueOn', 'receivedOn', 'reference', 'status', 'statusUrl']);
    assert.equal(res.body.data.status, 'awaiting_verification');
    assert.match(res.body.data.statusUrl, new RegExp(`^http://trustroom\\.test/w/${w.slug}/privacy-request/status/[A-Za-z0-9_-]+$`));
    const row = await ctx.db.deps.db.selectFrom('dsr_requests').select(['channel', 'customer_id', 'external_id', 'reference']).where('subject_email', '=', 'ana@example.org').executeTakeFirstOrThrow();
    assert.deepEqual(row, { channel: 'web', customer_id: null, external_id: null, reference: res.body.data.reference });
    assert.equal((await publicPost('no-such-workspace', { type: 'access', email: 'x@example.org' })).status, 404);
  });

  it('takes a request with an editor token on the api channel, with the customer and an external id', async () => {
    const w = await workspaceWithToken(ctx.db.deps, 'editor');
    const customer = await buildCustomer(ctx.db.deps, w.scope);
    const res = await call(app, 'POST', `/api/w/${w.slug}/requests`, w.headers, { type: 'erasure', email: 'ben@example.org', customer: customer.id, externalId: 'ticket-42' });
    assert.equal(res.status, 201);
    assert.ok(res.body.data.id);
    const row = await ctx.db.deps.db.selectFrom('dsr_requests').selectAll().where('id', '=', res.body.data.id).executeTakeFirstOrThrow();
    assert.deepEqual([row.channel, row.controller, row.customer_id, row.external_id], ['api', 'customer', customer.id, 'ticket-42']);
    const viewer = await apiTokenHeaders(ctx.db.deps, w.workspace.id, 'viewer');
    assert.equal((await call(app, 'POST', `/api/w/${w.slug}/requests`, viewer, { type: 'access', email: 'c@example.org' })).status, 403);
  });

  it('names every bad field with 400 validation_error and records nothing', async () => {
    const w = await workspaceWithToken(ctx.db.deps);
    const res = await publicPost(w.slug, { type: 'everything', email: 'nope', requester: 'agent' });
    assert.equal(res.status, 400);
    assert.equal(res.body.error, 'validation_error');
    assert.deepEqual(res.body.data.fields.map((f: { field: string }) => f.field).sort(), ['agentEmail', 'agentName', 'authority', 'email', 'type']);
    assert.ok(!res.body.message.includes('nope'), 'the message does not repeat the input');
    const typed = await publicPost(w.slug, { type: 'access', email: 'a@example.org', name: 5 });
    assert.deepEqual([typed.status, typed.body.data.fields[0].field], [400, 'name'], 'JSON types are checked by the schema');
    const n = await ctx.db.deps.db.selectFrom('dsr_requests').select('id').where('workspace_id', '=', w.workspace.id).execute();
    assert.equal(n.length, 0);
  });

  it('limits the public intake per address but not calls with a token', async () => {
    const w = await workspaceWithToken(ctx.db.deps);
    const ip = newIp();
    const codes: number[] = [];
    for (let i = 0; i < 11; i++) codes.push((await publicPost(w.slug, { type: 'access', email: 'bad' }, ip)).status);
    assert.deepEqual([codes[0], codes[10]], [400, 429]);
    for (let i = 0; i < 11; i++) {
      const res = await app.inject({ method: 'POST', url: `/api/w/${w.slug}/requests`, headers: w.headers, payload: { type: 'access', email: 'bad' }, remoteAddress: ip });
      assert.equal(res.statusCode, 400);
    }
  });

  it('runs the operator steps and shows the queue, the request with its timeline and ledger', async () => {
    const w = await workspaceWithToken(ctx.db.deps, 'editor');
    const customer = await buildCustomer(ctx.db.deps, w.scope);
    const agent = await call(app, 'POST', `/api/w/${w.slug}/requests`, w.headers, {
      type: 'access', email: 'dee@example.org', requester: 'agent', agentName: 'Lawyer', agentEmail: 'law@example.org', authority: 'Signed mandate',
    });
    const id = agent.body.data.id as string;
    const base = `/api/w/${w.slug}/requests/${id}`;
    assert.equal((await call(app, 'POST', `${base}/accept-authority`, w.headers, {})).body.data.fields[0].field, 'note');
    assert.equal((await call(app, 'POST', `${base}/accept-authority`, w.headers, { note: 'Too early' })).body.error, 'email_not_confirmed');
    // The agent confirms its address with the code e-mailed to it.
    const sent = await ctx.db.deps.db.selectFrom('messages').select('text_body').where('to_address', '=', 'law@example.org').executeTakeFirstOrThrow();
    const token = /\/status\/([A-Za-z0-9_-]+)/.exec(agent.body.data.statusUrl as string)![1]!;
    await verifyRequestCode(ctx.db.deps, w.scope.workspaceId, token, /: (\d{6})/.exec(sent.text_body)![1]);
    const accepted = await call(app, 'POST', `${base}/accept-authority`, w.headers, { note: 'Mandate checked' });
    assert.deepEqual([accepted.status, accepted.body.data.status], [200, 'in_progress']);
    assert.equal((await call(app, 'POST', `${base}/accept-authority`, w.headers, { note: 'Again' })).body.error, 'request_not_awaiting_verification');

    const missing = await call(app, 'POST', `${base}/clarification`, w.headers, {});
    assert.deepEqual([missing.status, missing.body.data.fields[0].field], [400, 'question']);
    const asked = await call(app, 'POST', `${base}/clarification`, w.headers, { question: 'Which account?' });
    assert.deepEqual([asked.status, asked.body.data.status], [200, 'awaiting_clarification']);
    assert.equal((await call(app, 'POST', `${base}/clarification`, w.headers, { question: 'Again?' })).body.error, 'clarification_open');
    const extended = await call(app, 'POST', `${base}/extend`, w.headers, { reason: 'Many systems' });
    assert.equal(extended.status, 200);
    assert.ok(extended.body.data.extendedDueOn > extended.body.data.dueOn);
    const routed = await call(app, 'POST', `${base}/route`, w.headers, { customer: customer.id });
    assert.deepEqual([routed.status, routed.body.data.controller, routed.body.data.customerId], [200, 'customer', customer.id]);

    const queue = await call(app, 'GET', `/api/w/${w.slug}/requests`, w.headers);
    assert.equal(queue.status, 200);
    assert.deepEqual(queue.body.data.map((q: { id: string }) => q.id), [id]);
    assert.deepEqual([queue.body.data[0].status, queue.body.data[0].customerName, queue.body.data[0].risk], ['forwarded', customer.name, null]);
    assert.equal((await call(app, 'GET', `/api/w/${w.slug}/requests?state=soon`, w.headers)).status, 400);

    const detail = await call(app, 'GET', base, w.headers);
    assert.equal(detail.status, 200);
    assert.equal(detail.body.data.request.agentEmail, 'law@example.org');
    assert.ok(!('statusTokenHash' in detail.body.data.request) && !JSON.stringify(detail.body).includes('status_token'), 'never the status token');
    assert.deepEqual(detail.body.data.timeline.map((e: { kind: string }) => e.kind), ['received', 'email_confirmed', 'authority_accepted', 'started', 'clarification_requested', 'extended', 'routed', 'forwarding_started']);
    assert.equal(detail.body.data.ledger.regime, detail.body.data.request.regime);

    const closed = await call(app, 'POST', `${base}/close`, w.headers, { outcome: 'refused' });
    assert.deepEqual([closed.status, closed.body.data.fields[0].field], [400, 'reason']);
    const done = await call(app, 'POST', `${base}/close`, w.headers, { outcome: 'refused', reason: 'Manifestly unfounded' });
    assert.deepEqual([done.status, done.body.data.status], [200, 'refused']);
    assert.equal((await call(app, 'GET', `/api/w/${w.slug}/requests`, w.headers)).body.data.length, 0);
    assert.equal((await call(app, 'GET', `/api/w/${w.slug}/requests?state=closed`, w.headers)).body.data.length, 1);
  });

  it('documents the intake as callable without credentials and the steps as needing an editor', async () => {
    const doc = (await app.inject('/api/openapi.json')).json();
    const intake = doc.paths['/api/w/{slug}/requests'].post;
    assert.deepEqual(intake.security, [{}, { bearer: [] }, { session: [] }]);
    assert.equal(doc.paths['/api/w/{slug}/requests/{id}/close'].post['x-min-role'], 'editor');
    assert.equal(doc.paths['/api/w/{slug}/requests/{id}'].get['x-min-role'], 'viewer');
    const docs = (await app.inject('/api/docs')).body;
    assert.match(docs, /Submit a data-subject request<\/p>[\s\S]*?Required role: <strong>none \(no credentials needed\)<\/strong>/);
  });

  it("answers 404 for another workspace's request and 401 without credentials", async () => {
    const a = await workspaceWithToken(ctx.db.deps, 'admin');
    const b = await workspaceWithToken(ctx.db.deps, 'editor');
    const theirs = await call(app, 'POST', `/api/w/${b.slug}/requests`, b.headers, { type: 'access', email: 'eve@example.org' });
    const id = theirs.body.data.id as string;
    assert.equal((await call(app, 'GET', `/api/w/${a.slug}/requests/${id}`, a.headers)).status, 404);
    const step = await call(app, 'POST', `/api/w/${a.slug}/requests/${id}/close`, a.headers, { outcome: 'completed' });
    assert.equal(step.status, 404);
    assert.equal((await call(app, 'GET', `/api/w/${b.slug}/requests/${id}`, a.headers)).status, 404);
    assert.equal((await call(app, 'POST', `/api/w/${b.slug}/requests`, a.headers, { type: 'access', email: 'x@example.org' })).status, 404, 'a token of A cannot send to B');
    assert.equal((await call(app, 'GET', `/api/w/${b.slug}/requests`)).status, 401);
    assert.equal((await call(app, 'GET', `/api/w/${b.slug}/requests/${id}`)).status, 401);
    assert.equal((await call(app, 'POST', `/api/w/${b.slug}/requests/${id}/close`, {}, { outcome: 'completed' })).status, 401);
    const row = await ctx.db.deps.db.selectFrom('dsr_requests').select('status').where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(row.status, 'awaiting_verification');
  });
});
