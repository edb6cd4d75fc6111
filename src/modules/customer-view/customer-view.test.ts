import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import pino from 'pino';
import { buildCustomer, buildEngagement, buildEntity, buildWorkspace } from '../../../test/factories.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import { createBackground } from '../../background.ts';
import type { Clock } from '../../shared/clock.ts';
import { announceChange } from '../changes/announce-change.ts';
import { listObjections } from '../changes/changes.queries.ts';
import { createChange } from '../changes/manage-changes.ts';
import { recordConsent, submitObjection, viewChangeResponse } from '../changes/respond-to-change.ts';
import { resolveObjection } from '../changes/resolve-objection.ts';
import { listChangeCustomers } from '../changes/changes.queries.ts';
import { publishListVersion } from '../publishing/publish-list-version.ts';
import { buildProcessorRecord } from '../records/processor-record.ts';
import { viewCustomerAt } from './view-customer-at.ts';

let current = new Date('2026-03-02T09:00:00Z');
const clock: Clock = { now: () => new Date(current) };

/** The announcement's link token for a customer's contact. */
async function tokenFor(db: Parameters<typeof listObjections>[0], changeId: string, email: string): Promise<string> {
  const m = await db.selectFrom('messages').select('text_body').where('change_id', '=', changeId).where('to_address', '=', email).where('kind', '=', 'change.announced').executeTakeFirstOrThrow();
  return /\/changes\/respond\/([\w-]+)/.exec(m.text_body)?.[1] as string;
}

forEachDialect('customer view', (ctx) => {
  it('shows each customer only what is published and in effect for it, with every pending change in its own state', async (t) => {
    const outbox = await mkdtemp(join(tmpdir(), 'trustroom-view-'));
    t.after(() => rm(outbox, { recursive: true, force: true }));
    current = new Date('2026-03-02T09:00:00Z');
    const { deps } = ctx.db;
    const { workspace, scope } = await buildWorkspace(deps, { name: 'Acme Cloud' });
    await deps.db.updateTable('workspaces').set({ time_zone: 'Europe/Paris', notice_days: 30, notice_period: '30d' }).where('id', '=', workspace.id).execute();
    const mailgun = await buildEngagement(deps, scope, { entityId: (await buildEntity(deps, scope, { name: 'Mailgun Inc', country: 'US' })).id, purpose: 'E-mail', countries: ['US'] });
    await publishListVersion(deps, scope, {});
    // Saved after publishing, never published nor announced: no customer may see it.
    await buildEngagement(deps, scope, { entityId: (await buildEntity(deps, scope, { name: 'Hidden Co', country: 'DE' })).id, purpose: 'Unannounced', countries: ['DE'] });
    const newco = await buildEntity(deps, scope, { name: 'NewCo GmbH', country: 'DE' });
    const general = await buildCustomer(deps, scope, { name: 'General SA', contacts: ['g@general.example'] });
    const specific = await buildCustomer(deps, scope, { name: 'Specific AG', authorisation: 'specific', contacts: ['s@specific.example'] });
    const holder = await buildCustomer(deps, scope, { name: 'Holder SARL', contacts: ['h@holder.example'] });

    const names = async (customerId: string) => (await viewCustomerAt(deps.db, workspace.id, customerId, clock.now())).inEffect.map((g) => g.name);
    assert.deepEqual(await names(general.id), ['Mailgun Inc'], 'the unpublished engagement is not in effect for anyone');

    const draft = await createChange(deps, scope, {
      title: 'NewCo replaces Mailgun', reason: 'EU provider', proposedDate: '2026-03-20',
      operations: [{ op: 'replace', engagementId: mailgun.id, engagement: { entityId: newco.id, purpose: 'E-mail', countries: ['DE'], transferMechanisms: [] } }],
    });
    assert.deepEqual((await viewCustomerAt(deps.db, workspace.id, general.id, clock.now())).proposed, [], 'a draft is proposed to no one');
    await announceChange(deps, scope, draft.id);

    let view = await viewCustomerAt(deps.db, workspace.id, specific.id, clock.now());
    assert.deepEqual(view.proposed.map((p) => [p.state, p.lastDayToObject, p.effectiveDate]), [['awaiting_consent', null, '2026-03-20']]);
    assert.match(view.proposed[0]!.stateLabel, /only once you consent, and not before 2026-03-20/);
    view = await viewCustomerAt(deps.db, workspace.id, general.id, clock.now());
    // 2 March + 30 days = 1 April (a Wednesday): the change takes effect for it on 2 April.
    assert.deepEqual(view.proposed.map((p) => [p.state, p.lastDayToObject, p.effectiveDate]), [['may_object', '2026-04-01', '2026-04-02']]);

    const specificToken = await tokenFor(deps.db, draft.id, 's@specific.example');
    assert.equal((await viewChangeResponse(deps, specificToken)).canObject, false, 'under specific authorisation there is no objection window');
    await recordConsent(deps, specificToken, { decision: 'refused', name: 'Sam Specific', title: 'DPO' });
    view = await viewCustomerAt(deps.db, workspace.id, specific.id, clock.now());
    assert.equal(view.proposed[0]!.state, 'consent_refused');
    assert.match(view.proposed[0]!.stateLabel, /^You refused on 2026-03-02/);

    await submitObjection(deps, await tokenFor(deps.db, draft.id, 'h@holder.example'), { name: 'Hana Holder', reason: 'Not on our vendor list' });
    assert.equal((await viewCustomerAt(deps.db, workspace.id, holder.id, clock.now())).proposed[0]!.state, 'objection_open');
    const [objection] = await listObjections(deps.db, workspace.id, { changeId: draft.id });
    await resolveObjection(deps, scope, objection!.id, { resolution: 'alternative_offered', note: 'We keep Mailgun for you.' });
    assert.equal((await viewCustomerAt(deps.db, workspace.id, holder.id, clock.now())).proposed[0]!.state, 'held');

    // The registry changes on the proposed date; each customer's view does not follow it blindly.
    const worker = createBackground(deps, { smtpUrl: null, mailFrom: 'T <t@t.test>', dataDir: outbox, jobLeaseMs: 60_000, allowPrivateWebhooks: true }, pino({ level: 'silent' }), { backoffMs: () => 0 }).worker;
    current = new Date('2026-03-20T00:00:00Z');
    await worker.drain();
    assert.deepEqual(await names(specific.id), ['Mailgun Inc'], 'refused: the replaced sub-processor stays, the new one is not authorised');
    assert.deepEqual(await names(general.id), ['Mailgun Inc'], 'general authorisation: not before its own date');
    assert.deepEqual(await names(holder.id), ['Mailgun Inc']);

    current = new Date('2026-04-02T08:00:00Z');
    await worker.drain();
    const statuses = Object.fromEntries((await listChangeCustomers(deps.db, workspace.id, draft.id)).map((c) => [c.customerName, c.status]));
    assert.deepEqual(statuses, { 'General SA': 'in_effect', 'Holder SARL': 'not_in_effect', 'Specific AG': 'not_in_effect' });
    assert.deepEqual(await names(general.id), ['NewCo GmbH']);
    assert.deepEqual(await names(holder.id), ['Mailgun Inc'], 'an alternative was offered: the change never takes effect for it');
    assert.deepEqual(await names(specific.id), ['Mailgun Inc']);
    view = await viewCustomerAt(deps.db, workspace.id, general.id, clock.now());
    assert.deepEqual(view.proposed, [], 'in effect: no longer pending');
    assert.deepEqual(view.transfers.map((x) => [x.name, x.country, x.fact]), [['NewCo GmbH', 'DE', 'Inside the EEA']]);
    // The view at an earlier instant is the view of that instant.
    assert.deepEqual((await viewCustomerAt(deps.db, workspace.id, general.id, new Date('2026-03-10T12:00:00Z'))).inEffect.map((g) => g.name), ['Mailgun Inc']);

    // The customer's record of processing lists what is in effect for it, never the live registry.
    const record = await buildProcessorRecord(deps.db, workspace.id, specific.id, '2026-04-02', clock.now());
    assert.deepEqual(record?.transfers.map((f) => f.entityName), ['Mailgun Inc']);
  });

  it('tells a customer that did not authorise transfers outside the EEA, in neutral words, and never the engine’s judgement', async () => {
    current = new Date('2026-03-02T09:00:00Z');
    const { deps } = ctx.db;
    const { workspace, scope } = await buildWorkspace(deps);
    await buildEngagement(deps, scope, { entityId: (await buildEntity(deps, scope, { name: 'Intercom Inc', country: 'US' })).id, purpose: 'Chat', countries: ['US'], transferMechanisms: [] });
    await publishListVersion(deps, scope, {});
    const closed = await buildCustomer(deps, scope, { name: 'EU Only BV', transfersAuthorised: false });
    const view = await viewCustomerAt(deps.db, workspace.id, closed.id, clock.now());
    assert.deepEqual(view.transfers.map((x) => [x.country, x.fact, x.kind, x.notAuthorisedByContract]), [['US', 'Transfer mechanism: none recorded', 'none', true]]);
    assert.ok(!JSON.stringify(view).includes('no valid basis'), 'the engine’s judgement stays with operators');
  });
}, { clock });
