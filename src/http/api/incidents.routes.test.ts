import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildTestApp } from '../../../test/app.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import { buildCustomer, buildEngagement, buildEntity } from '../../../test/factories.ts';
import { publishListVersion } from '../../modules/publishing/publish-list-version.ts';
import type { Clock } from '../../shared/clock.ts';
import { auditActions, call, workspaceWithToken } from './api.test-helpers.ts';

let current = new Date('2026-11-01T05:00:00Z');
const clock: Clock = { now: () => new Date(current) };

forEachDialect('incidents API', (ctx) => {
  let app: FastifyInstance;
  before(async () => {
    app = await buildTestApp(ctx.db.deps);
  });
  after(async () => {
    await app?.close();
  });

  it('answers 401 without credentials and 403 to a viewer recording an incident', async () => {
    const { slug } = await workspaceWithToken(ctx.db.deps);
    assert.equal((await call(app, 'GET', `/api/w/${slug}/incidents`)).status, 401);
    const viewer = await workspaceWithToken(ctx.db.deps, 'viewer');
    assert.equal((await call(app, 'POST', `/api/w/${viewer.slug}/incidents`, viewer.headers, { title: 'x' })).status, 403);
  });

  it('records, scopes and classifies an incident, lists its obligations with clocks, notifies the customer and records the authority filing', async () => {
    current = new Date('2026-11-01T05:00:00Z');
    const { deps } = ctx.db;
    const { slug, headers, workspace, scope } = await workspaceWithToken(deps);
    const entity = await buildEntity(deps, scope, { name: 'Storage Co' });
    await buildEngagement(deps, scope, { entityId: entity.id });
    const customer = await buildCustomer(deps, scope, { name: 'Shop SAS', contacts: [{ email: 'dpo@shop.example' }] });
    await publishListVersion(deps, scope, {});
    current = new Date('2026-11-01T12:00:00Z');

    const bad = await call(app, 'POST', `/api/w/${slug}/incidents`, headers, { title: 'Storage breach', description: 'x', startedAt: '2026-11-01T06:00:00Z', awareAt: 'now' });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.data.fields.map((f: { field: string }) => f.field), ['awareAt']);

    // 23:30 in Los Angeles on 31 October (PDT), the night the clocks go back: 72 real hours.
    const created = await call(app, 'POST', `/api/w/${slug}/incidents`, headers, {
      title: 'Storage breach', description: 'A storage array was accessed.', startedAt: '2026-11-01T06:00:00Z', awareAt: '2026-10-31T23:30:00-07:00', controllerData: true, approxSubjects: 120,
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.data.id as string;
    assert.equal(created.body.data.awareAt, '2026-11-01T06:30:00.000Z');

    const scoped = await call(app, 'PUT', `/api/w/${slug}/incidents/${id}/scope`, headers, { entities: [entity.id] });
    assert.equal(scoped.status, 200);
    assert.deepEqual(scoped.body.data.map((o: { recipient: string; dueAt: string | null; clock: string }) => [o.recipient, o.dueAt, o.clock]), [
      ['authority', '2026-11-04T06:30:00.000Z', 'due in 66 h'],
      ['data_subjects', null, 'without undue delay'],
      [`customer:${customer.id}`, null, 'without undue delay'],
    ]);
    assert.equal((await call(app, 'POST', `/api/w/${slug}/incidents/${id}/classification`, headers, { isBreach: true, reason: 'Real data', highRisk: false })).status, 200);

    const customerObligation = scoped.body.data.find((o: { customerId: string | null }) => o.customerId).id as string;
    const draft = await call(app, 'GET', `/api/w/${slug}/incidents/${id}/obligations/${customerObligation}/draft`, headers);
    assert.match(draft.body.data.text, /about 120 people/);
    const sent = await call(app, 'POST', `/api/w/${slug}/incidents/${id}/obligations/${customerObligation}/notify`, headers, {});
    assert.equal(sent.status, 201);
    assert.deepEqual(sent.body.data.map((f: { channel: string; phase: string }) => [f.channel, f.phase]), [['email', 'initial']]);

    const authority = scoped.body.data.find((o: { recipient: string }) => o.recipient === 'authority').id as string;
    const filed = await call(app, 'POST', `/api/w/${slug}/incidents/${id}/obligations/${authority}/filings`, headers, { channel: 'authority_portal', sentTo: 'CNIL', reference: 'CNIL-7' });
    assert.equal(filed.status, 201);
    const missing = await call(app, 'POST', `/api/w/${slug}/incidents/${id}/obligations/nope/filings`, headers, { channel: 'post', sentTo: 'CNIL' });
    assert.equal(missing.status, 404);

    const detail = await call(app, 'GET', `/api/w/${slug}/incidents/${id}`, headers);
    assert.deepEqual(detail.body.data.obligations.map((o: { state: string }) => o.state), ['filed', 'open', 'filed']);
    assert.deepEqual(detail.body.data.filings.map((f: { reference: string | null }) => f.reference), [null, 'CNIL-7']);
    assert.ok((await auditActions(deps, workspace.id)).includes('incident.notice_filed'));

    // The contract's hours: the customer's open clocks follow (here it was already filed, so it stays).
    assert.equal((await call(app, 'PUT', `/api/w/${slug}/customers/${customer.id}/breach-notice-hours`, headers, { breachNoticeHours: 'soon' })).status, 400);
    assert.equal((await call(app, 'PUT', `/api/w/${slug}/customers/${customer.id}/breach-notice-hours`, headers, { breachNoticeHours: 24 })).status, 204);
    const row = await deps.db.selectFrom('customers').select('breach_notice_hours').where('id', '=', customer.id).executeTakeFirstOrThrow();
    assert.equal(row.breach_notice_hours, 24);
  });
}, { clock });
