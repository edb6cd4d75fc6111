import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildTestApp, signedInMember } from '../../../test/app.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import { buildCustomer, buildEngagement, buildEntity } from '../../../test/factories.ts';
import { listFilings, listIncidents, listObligations } from '../../modules/incidents/incidents.queries.ts';
import { publishListVersion } from '../../modules/publishing/publish-list-version.ts';
import type { Clock } from '../../shared/clock.ts';
import { consoleFixture, get, post } from './console.test-helpers.ts';

let current = new Date('2026-10-24T08:00:00Z');
const clock: Clock = { now: () => new Date(current) };

forEachDialect('console: incidents', (ctx) => {
  let app: FastifyInstance;
  before(async () => {
    app = await buildTestApp(ctx.db.deps);
  });
  after(async () => {
    await app?.close();
  });

  it('records an incident through the forms, shows the clocks counting down in words, and sends the customer notice', async () => {
    current = new Date('2026-10-24T08:00:00Z');
    const { deps } = ctx.db;
    const { workspace, scope, base } = await consoleFixture(deps, 'editor');
    const storage = await buildEntity(deps, scope, { name: 'Storage Co' });
    await buildEngagement(deps, scope, { entityId: storage.id });
    await buildCustomer(deps, scope, { name: 'Shop SAS', contacts: [{ email: 'dpo@shop.example' }] });
    await publishListVersion(deps, scope, {});
    current = new Date('2026-10-25T15:30:00Z');
    const agent = await signedInMember(deps, workspace.id, 'editor');

    let res = await post(app, agent, `${base}/incidents`, { title: 'Storage breach', description: 'A storage array was accessed.', startedAt: '2026-10-24T09:00Z', awareAt: 'soon' });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /Became aware at: must be an ISO 8601 instant/);
    res = await post(app, agent, `${base}/incidents`, { title: 'Storage breach', description: 'A storage array was accessed.', startedAt: '2026-10-24T08:10Z', awareAt: '2026-10-24T10:30+02:00', controllerData: 'true' });
    assert.equal(res.statusCode, 303);
    const [incident] = await listIncidents(deps.db, workspace.id);
    assert.equal(res.headers.location, `${base}/incidents/${incident!.id}?created=1`);

    res = await post(app, agent, `${base}/incidents/${incident!.id}/scope`, { entities: storage.id });
    assert.equal(res.statusCode, 303);
    // Aware 08:30 UTC on the 24th, 72 h: 08:30 UTC on the 27th (09:30 in Paris after the change of time); now 15:30 on the 25th.
    const list = await get(app, agent, `${base}/incidents`);
    assert.match(list.body, /Supervisory authority: <strong>due in 41 h<\/strong>/);
    const page = await get(app, agent, `${base}/incidents/${incident!.id}`);
    assert.match(page.body, /Customer Shop SAS/);
    assert.match(page.body, /Draft notice to Customer Shop SAS/);

    const customerObligation = (await listObligations(deps.db, workspace.id, incident!.id)).find((o) => o.customer_id)!;
    res = await post(app, agent, `${base}/incidents/${incident!.id}/obligations/${customerObligation.id}/notify`, {});
    assert.equal(res.statusCode, 303);
    assert.deepEqual((await listFilings(deps.db, workspace.id, incident!.id)).map((f) => [f.channel, f.phase]), [['email', 'initial']]);

    const authority = (await listObligations(deps.db, workspace.id, incident!.id)).find((o) => o.recipient === 'authority')!;
    res = await post(app, agent, `${base}/incidents/${incident!.id}/obligations/${authority.id}/decide`, { decision: 'does_not_apply', reason: '' });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /Reason/);
    res = await post(app, agent, `${base}/incidents/${incident!.id}/obligations/${authority.id}/filings`, { channel: 'authority_portal', sentTo: 'CNIL', reference: 'CNIL-42' });
    assert.equal(res.statusCode, 303);
    const after = await get(app, agent, `${base}/incidents/${incident!.id}?filed=1`);
    assert.match(after.body, /Filing recorded\./);
    assert.match(after.body, /CNIL-42/);
  });

  it('lets a viewer read the register but not record an incident', async () => {
    const { deps } = ctx.db;
    const { agent, base } = await consoleFixture(deps, 'viewer');
    assert.equal((await get(app, agent, `${base}/incidents`)).statusCode, 200);
    assert.equal((await post(app, agent, `${base}/incidents`, { title: 'x', description: 'y', startedAt: '2026-10-24T09:00Z', awareAt: '2026-10-24T09:00Z' })).statusCode, 403);
  });
}, { clock });
