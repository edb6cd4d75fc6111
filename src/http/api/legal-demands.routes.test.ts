import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { apiTokenHeaders, buildTestApp } from '../../../test/app.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import { buildCustomer } from '../../../test/factories.ts';
import { auditActions, call, workspaceWithToken } from './api.test-helpers.ts';

forEachDialect('legal demands API', (ctx) => {
  let app: FastifyInstance;
  before(async () => {
    app = await buildTestApp(ctx.db.deps);
  });
  after(async () => {
    await app?.close();
  });

  const body = (customerIds: string[], over: Record<string, unknown> = {}) => ({
    authorityName: 'US District Court', authorityType: 'court', country: 'US', legalBasis: '18 U.S.C. § 2703(d)', scope: 'Subscriber records',
    receivedAt: '2026-03-01T09:00:00Z', customerIds, prohibited: true, prohibitionReference: 'Order under 18 U.S.C. § 2705(b)', ...over,
  });

  it('registers a demand with its notice held, lifts the order, records the outcome and refuses viewers and bad fields', async () => {
    const { deps } = ctx.db;
    const w = await workspaceWithToken(deps, 'editor');
    const viewer = await apiTokenHeaders(deps, w.workspace.id, 'viewer');
    const customer = await buildCustomer(deps, w.scope, { name: 'Acme Bank' });
    const base = `/api/w/${w.slug}/legal-demands`;
    assert.equal((await call(app, 'GET', base)).status, 401);
    assert.equal((await call(app, 'POST', base, viewer, body([customer.id]))).status, 403);
    const bad = await call(app, 'POST', base, w.headers, { ...body([customer.id]), country: 'USA', authorityType: 'police' });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.data.fields.map((f: { field: string }) => f.field), ['authorityType', 'country']);

    const created = await call(app, 'POST', base, w.headers, body([customer.id]));
    assert.equal(created.status, 201);
    const id = created.body.data.id as string;
    assert.deepEqual([created.body.data.prohibition.inForce, created.body.data.customers[0].noticeState], [true, 'held']);
    assert.equal((await call(app, 'GET', base, w.headers)).body.data.length, 1);
    assert.equal((await call(app, 'GET', `${base}/${id}`, viewer)).status, 403);

    const lifted = await call(app, 'POST', `${base}/${id}/lift-prohibition`, w.headers, {});
    assert.deepEqual([lifted.status, lifted.body.data.customers[0].noticeState], [200, 'sent']);
    assert.equal((await call(app, 'POST', `${base}/${id}/lift-prohibition`, w.headers, {})).body.error, 'legal_demand_not_prohibited');
    assert.equal((await call(app, 'POST', `${base}/${id}/challenge`, w.headers, { notes: 'Moved to quash' })).body.data.status, 'challenged');
    const closed = await call(app, 'POST', `${base}/${id}/outcome`, w.headers, { outcome: 'nothing_disclosed' });
    assert.deepEqual([closed.body.data.status, closed.body.data.outcome], ['closed', 'nothing_disclosed']);
    const got = await call(app, 'GET', `${base}/${id}`, w.headers);
    assert.deepEqual(got.body.data.timeline.map((e: { kind: string }) => e.kind), ['registered', 'notice_held', 'prohibition_lifted', 'notice_released', 'challenged', 'outcome_recorded']);
    assert.equal((await call(app, 'DELETE', `${base}/${id}`, w.headers)).status, 409);
    assert.deepEqual((await auditActions(deps, w.workspace.id)).filter((a) => a.startsWith('legal_demand.')), [
      'legal_demand.registered', 'legal_demand.notice_held', 'legal_demand.prohibition_lifted', 'legal_demand.notice_released', 'legal_demand.challenged', 'legal_demand.outcome_recorded',
    ]);

    const report = await call(app, 'GET', `/api/w/${w.slug}/transparency-report`, viewer);
    assert.equal(report.status, 200);
    assert.doesNotMatch(JSON.stringify(report.body), /Acme|US District|2703/);
  });
});
