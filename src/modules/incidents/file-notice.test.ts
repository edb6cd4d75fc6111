import assert from 'node:assert/strict';
import { it } from 'node:test';
import { buildCustomer, buildEngagement, buildEntity, buildWorkspace } from '../../../test/factories.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import type { Clock } from '../../shared/clock.ts';
import { publishListVersion } from '../publishing/publish-list-version.ts';
import { addWebhookEndpoint } from '../webhooks/manage-webhook-endpoints.ts';
import { draftFor, notifyCustomer, recordFiling } from './file-notice.ts';
import { setIncidentScope } from './incident-decisions.ts';
import { listFilings, listObligations } from './incidents.queries.ts';
import { recordIncident, updateIncident } from './manage-incidents.ts';

let current = new Date('2026-05-04T09:00:00Z');
const clock: Clock = { now: () => new Date(current) };

forEachDialect('incident notices', (ctx) => {
  it('tells an affected customer by e-mail and signed webhook, records each sending as a filing, and sends updates as facts arrive', async () => {
    current = new Date('2026-05-04T09:00:00Z');
    const { deps } = ctx.db;
    const { workspace, scope } = await buildWorkspace(deps, { name: 'Scalingo' });
    const region = await buildEntity(deps, scope, { name: 'Outscale', country: 'FR' });
    await buildEngagement(deps, scope, { entityId: region.id, purpose: 'Hosting' });
    const customer = await buildCustomer(deps, scope, { name: 'Shop SAS', contacts: [{ email: 'dpo@shop.example', name: 'DPO' }] });
    await addWebhookEndpoint(deps, scope, customer.id, { url: 'https://hooks.shop.example/trustroom' });
    await publishListVersion(deps, scope, {});
    current = new Date('2026-05-06T09:00:00Z');
    const incident = await recordIncident(deps, scope, {
      title: 'Provider breach', description: 'Unauthorised access to a storage array at the hosting provider.',
      startedAt: '2026-05-05T02:00:00Z', awareAt: '2026-05-06T08:00:00Z', dataCategories: ['user.contact'], contactPoint: 'security@scalingo.example',
    });
    await setIncidentScope(deps, scope, incident.id, { entities: [region.id] });
    const [obligation] = await listObligations(deps.db, workspace.id, incident.id);
    assert.equal(obligation?.recipient, `customer:${customer.id}`);

    const draft = await draftFor(deps, scope, obligation!.id);
    assert.match(draft.text, /Approximate number of people: not known yet/);
    assert.match(draft.text, /Contact point for more information: security@scalingo\.example/);
    assert.match(draft.text, /GDPR Article 33\(2\)/);

    const first = await notifyCustomer(deps, scope, obligation!.id);
    assert.deepEqual(first.map((f) => [f.channel, f.phase, f.sent_to]), [['email', 'initial', 'dpo@shop.example'], ['webhook', 'initial', 'https://hooks.shop.example/trustroom']]);
    const message = await deps.db.selectFrom('messages').select(['to_address', 'subject', 'text_body']).where('kind', '=', 'incident.notified').executeTakeFirstOrThrow();
    assert.equal(message.to_address, 'dpo@shop.example');
    assert.match(message.text_body, /Unauthorised access to a storage array/);
    const delivery = await deps.db.selectFrom('webhook_deliveries').select(['event', 'body']).where('workspace_id', '=', workspace.id).where('event', '=', 'incident.notified').executeTakeFirstOrThrow();
    assert.equal((JSON.parse(delivery.body) as { data: { phase: string; incidentId: string } }).data.incidentId, incident.id);
    assert.equal((await listObligations(deps.db, workspace.id, incident.id))[0]?.state, 'filed');
    await assert.rejects(notifyCustomer(deps, scope, obligation!.id, { phase: 'initial' }), /already filed/);

    // Art 33(4): the numbers arrive later; the update repeats the notice as it now stands.
    current = new Date('2026-05-07T15:00:00Z');
    await updateIncident(deps, scope, incident.id, { approxSubjects: 1200, approxRecords: '5400' });
    const update = await notifyCustomer(deps, scope, obligation!.id);
    assert.deepEqual(update.map((f) => f.phase), ['update', 'update']);
    assert.match(update[0]!.content, /about 1,200 people/);
    assert.equal(await deps.db.selectFrom('messages').select('id').where('kind', '=', 'incident.notified').execute().then((r) => r.length), 2);
    assert.equal((await listFilings(deps.db, workspace.id, incident.id)).length, 4);

    const audit = JSON.stringify(await deps.db.selectFrom('audit_events').select(['before_json', 'after_json']).where('workspace_id', '=', workspace.id).where('action', 'like', 'incident.%').execute());
    assert.ok(!audit.includes('dpo@shop.example'), 'no address in the incident’s audit events');
  });

  it('records a notice filed with the authority, with its reference number, after the draft', async () => {
    current = new Date('2026-05-04T09:00:00Z');
    const { deps } = ctx.db;
    const { workspace, scope } = await buildWorkspace(deps);
    const incident = await recordIncident(deps, scope, { title: 'Account database leak', description: 'Our own account database was copied.', startedAt: '2026-05-03T10:00:00Z', awareAt: '2026-05-04T08:00:00Z', controllerData: true });
    const authority = (await listObligations(deps.db, workspace.id, incident.id)).find((o) => o.recipient === 'authority')!;
    await assert.rejects(notifyCustomer(deps, scope, authority.id), /only a customer is notified/);
    await assert.rejects(recordFiling(deps, scope, authority.id, { channel: 'fax', sentTo: '' }), /channel: must be one of .*sentTo: is required/);
    const filing = await recordFiling(deps, scope, authority.id, { channel: 'authority_portal', sentTo: 'CNIL', reference: 'CNIL-2026-0042', sentAt: '2026-05-05T10:00:00Z' });
    assert.deepEqual([filing.phase, filing.reference, filing.sent_at], ['initial', 'CNIL-2026-0042', '2026-05-05T10:00:00.000Z']);
    assert.match(filing.content, /to the supervisory authority \(GDPR Article 33\(1\)\)/);
    assert.equal((await listObligations(deps.db, workspace.id, incident.id)).find((o) => o.id === authority.id)?.state, 'filed');
  });
}, { clock });
