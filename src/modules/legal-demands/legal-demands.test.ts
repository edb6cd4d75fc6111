import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import pino from 'pino';
import { forEachDialect } from '../../../test/dialects.ts';
import { buildCustomer, buildWorkspace } from '../../../test/factories.ts';
import { createBackground } from '../../background.ts';
import type { Clock } from '../../shared/clock.ts';
import type { Deps } from '../../shared/deps.ts';
import { addWebhookEndpoint } from '../webhooks/manage-webhook-endpoints.ts';
import { findDemand } from './legal-demands.queries.ts';
import { deleteLegalDemand, liftProhibition, recordChallenge, recordOutcome, registerLegalDemand, updateLegalDemand } from './manage-legal-demands.ts';

let current = new Date('2026-05-04T08:00:00Z');
const clock: Clock = { now: () => new Date(current) };

const demand = (customerIds: string[], over: Record<string, unknown> = {}) => ({
  authorityName: 'Parquet de Paris', authorityType: 'law_enforcement', country: 'FR', legalBasis: 'Art. 60-1 Code de procédure pénale',
  scope: 'Account holder records of one account, 2026-01 to 2026-04', receivedAt: '2026-05-04', deadline: '2026-05-20', customerIds, ...over,
});

async function noticesTo(deps: Deps, demandId: string) {
  return deps.db.selectFrom('messages').select(['to_address', 'subject', 'text_body']).where('idempotency_key', 'like', `legal_demand.notice:${demandId}:%`).execute();
}

async function deliveries(deps: Deps, demandId: string) {
  return deps.db.selectFrom('webhook_deliveries').select(['event', 'body']).where('event', '=', 'legal_demand.received').where('idempotency_key', 'like', `legal_demand.received:${demandId}:%`).execute();
}

forEachDialect('legal demands', (ctx) => {
  async function setup() {
    current = new Date('2026-05-04T08:00:00Z');
    const { deps } = ctx.db;
    const { workspace, scope } = await buildWorkspace(deps, { name: 'Scalingo' });
    await deps.db.updateTable('workspaces').set({ time_zone: 'Europe/Paris' }).where('id', '=', workspace.id).execute();
    const acme = await buildCustomer(deps, scope, { name: 'Acme Retail SAS', contacts: [{ email: 'dpo@acme.test' }, { email: 'legal@acme.test' }] });
    const other = await buildCustomer(deps, scope, { name: 'Other Co', contacts: [{ email: 'privacy@other.test' }] });
    await addWebhookEndpoint(deps, scope, acme.id, { url: 'https://hooks.acme.test/trustroom' });
    return { workspace, scope, acme, other };
  }

  const worker = (outbox: string) => createBackground(ctx.db.deps, { smtpUrl: null, mailFrom: 'Trustroom <no-reply@trustroom.test>', dataDir: outbox, jobLeaseMs: 60_000, allowPrivateWebhooks: true }, pino({ level: 'silent' }), { backoffMs: () => 0 }).worker;

  it('notifies each contact of the customers concerned at once by e-mail and a signed legal_demand.received webhook when nothing prohibits it', async () => {
    const { deps } = ctx.db;
    const s = await setup();
    const d = await registerLegalDemand(deps, s.scope, demand([s.acme.id]));
    assert.deepEqual(d.customers.map((c) => [c.name, c.noticeState]), [['Acme Retail SAS', 'sent']]);
    const mails = await noticesTo(deps, d.id);
    assert.deepEqual(mails.map((m) => m.to_address).sort(), ['dpo@acme.test', 'legal@acme.test']);
    assert.match(mails[0]!.text_body, /Parquet de Paris \(Law enforcement, France\) on 2026-05-04/);
    assert.match(mails[0]!.text_body, /What is demanded: Account holder records/);
    const hooks = await deliveries(deps, d.id);
    assert.equal(hooks.length, 1);
    const body = JSON.parse(hooks[0]!.body) as { data: Record<string, unknown> };
    assert.deepEqual([body.data.demandId, body.data.customerId, body.data.heldUnderNonDisclosureOrder], [d.id, s.acme.id, false]);
    assert.deepEqual(d.timeline.map((e) => e.kind), ['registered', 'customers_notified']);
    const audit = await deps.db.selectFrom('audit_events').select(['action', 'after_json']).where('subject_id', '=', d.id).orderBy('seq').execute();
    assert.deepEqual(audit.map((a) => a.action), ['legal_demand.registered', 'legal_demand.customers_notified']);
    for (const a of audit) assert.doesNotMatch(a.after_json ?? '', /Acme|acme\.test|Parquet|Account holder/);
  });

  it('holds the notice under a non-disclosure order and the worker releases it by itself at the end date', async (t) => {
    const outbox = await mkdtemp(join(tmpdir(), 'trustroom-demands-'));
    t.after(() => rm(outbox, { recursive: true, force: true }));
    const { deps } = ctx.db;
    const s = await setup();
    const d = await registerLegalDemand(deps, s.scope, demand([s.acme.id, s.other.id], { prohibited: true, prohibitionReference: 'Order 2026/481, safe 2', prohibitionEndsOn: '2026-08-01' }));
    assert.deepEqual(d.customers.map((c) => c.noticeState), ['held', 'held']);
    assert.deepEqual([d.prohibition.inForce, d.prohibition.endsOn], [true, '2026-08-01']);
    assert.equal((await noticesTo(deps, d.id)).length, 0);
    assert.equal((await deliveries(deps, d.id)).length, 0);
    const job = await deps.db.selectFrom('jobs').select(['run_at', 'status']).where('kind', '=', 'legal_demand.release_notice').where('ref_id', '=', d.id).executeTakeFirstOrThrow();
    // Midnight in Paris (summer time) on the end date.
    assert.deepEqual([job.run_at, job.status], ['2026-07-31T22:00:00.000Z', 'pending']);

    current = new Date('2026-07-31T21:59:00Z');
    await worker(outbox).drain();
    assert.equal((await noticesTo(deps, d.id)).length, 0, 'not before the end date');

    current = new Date('2026-07-31T22:00:00Z');
    await worker(outbox).drain();
    const after = (await findDemand(deps.db, s.workspace.id, d.id, clock.now()))!;
    assert.deepEqual(after.customers.map((c) => c.noticeState), ['sent', 'sent']);
    const mails = await noticesTo(deps, d.id);
    assert.deepEqual(mails.map((m) => m.to_address).sort(), ['dpo@acme.test', 'legal@acme.test', 'privacy@other.test']);
    assert.match(mails[0]!.text_body, /non-disclosure order prevented us from telling you earlier; it ended on 2026-08-01/);
    assert.equal(JSON.parse((await deliveries(deps, d.id))[0]!.body).data.heldUnderNonDisclosureOrder, true);
    assert.deepEqual(after.timeline.map((e) => [e.kind, e.actor]), [['registered', 'trustroom'], ['notice_held', 'trustroom'], ['notice_released', 'trustroom']]);
  });

  it('sends held notices at once when the prohibition is lifted early, and cancels the release job', async () => {
    const { deps } = ctx.db;
    const s = await setup();
    const d = await registerLegalDemand(deps, s.scope, demand([s.acme.id], { prohibited: true, prohibitionEndsOn: '2027-01-01' }));
    current = new Date('2026-06-10T09:00:00Z');
    const lifted = await liftProhibition(deps, s.scope, d.id);
    assert.deepEqual([lifted.prohibition.inForce, lifted.prohibition.liftedAt, lifted.customers[0]!.noticeState], [false, '2026-06-10T09:00:00.000Z', 'sent']);
    assert.match((await noticesTo(deps, d.id))[0]!.text_body, /it was lifted on 2026-06-10/);
    const job = await deps.db.selectFrom('jobs').select('status').where('kind', '=', 'legal_demand.release_notice').where('ref_id', '=', d.id).executeTakeFirstOrThrow();
    assert.equal(job.status, 'cancelled');
    await assert.rejects(liftProhibition(deps, s.scope, d.id), { status: 409, code: 'legal_demand_not_prohibited' });
    // Saving the demand again keeps the lifted order on record.
    const saved = await updateLegalDemand(deps, s.scope, d.id, demand([s.acme.id], { prohibited: true, prohibitionEndsOn: '2027-01-01', scope: 'Narrowed scope' }));
    assert.deepEqual([saved.prohibition.prohibited, saved.prohibition.liftedAt, saved.prohibition.inForce, saved.customers[0]!.noticeState], [true, '2026-06-10T09:00:00.000Z', false, 'sent']);
  });

  it('holds an indefinite prohibition with no release job, and a customer added later is held too', async () => {
    const { deps } = ctx.db;
    const s = await setup();
    const d = await registerLegalDemand(deps, s.scope, demand([s.acme.id], { prohibited: true }));
    assert.equal(d.prohibition.endsOn, null);
    assert.equal((await deps.db.selectFrom('jobs').select('id').where('ref_id', '=', d.id).where('kind', '=', 'legal_demand.release_notice').execute()).length, 0);
    const updated = await updateLegalDemand(deps, s.scope, d.id, demand([s.acme.id, s.other.id], { prohibited: true }));
    assert.deepEqual(updated.customers.map((c) => c.noticeState), ['held', 'held']);
    // Taking the prohibition out of the demand sends what it held.
    const freed = await updateLegalDemand(deps, s.scope, d.id, demand([s.acme.id, s.other.id]));
    assert.deepEqual(freed.customers.map((c) => c.noticeState), ['sent', 'sent']);
  });

  it('records a challenge and the outcome with what was disclosed, then refuses changes to a closed demand and its deletion', async () => {
    const { deps } = ctx.db;
    const s = await setup();
    const d = await registerLegalDemand(deps, s.scope, demand([s.acme.id]));
    const challenged = await recordChallenge(deps, s.scope, d.id, { notes: 'Scope too broad: asked the prosecutor to narrow it to one month.' });
    assert.deepEqual([challenged.status, challenged.challengeNotes], ['challenged', 'Scope too broad: asked the prosecutor to narrow it to one month.']);
    const closed = await recordOutcome(deps, s.scope, d.id, { outcome: 'disclosed_partial', disclosed: 'Account holder name and sign-up date for April 2026 only' });
    assert.deepEqual([closed.status, closed.outcome, closed.outcomeLabel], ['closed', 'disclosed_partial', 'Data disclosed in part']);
    await assert.rejects(recordChallenge(deps, s.scope, d.id, { notes: 'again' }), { status: 409, code: 'legal_demand_closed' });
    await assert.rejects(deleteLegalDemand(deps, s.scope, d.id), { status: 409, code: 'legal_demand_notified' });
    const audit = await deps.db.selectFrom('audit_events').select('after_json').where('subject_id', '=', d.id).execute();
    for (const a of audit) assert.doesNotMatch(a.after_json ?? '', /narrow|sign-up date/);
  });

  it('leaves the notice of a customer with no contact and no webhook unsent, and sends it when the demand is saved after a contact is added', async () => {
    const { deps } = ctx.db;
    const s = await setup();
    const silent = await buildCustomer(deps, s.scope, { name: 'Silent SA', contacts: [] });
    const d = await registerLegalDemand(deps, s.scope, demand([silent.id]));
    assert.deepEqual([d.customers[0]!.noticeState, d.timeline.map((e) => e.kind)], ['pending', ['registered', 'notice_unreachable']]);
    await deps.db.insertInto('customer_contacts').values({ id: 'contact-silent', workspace_id: s.workspace.id, customer_id: silent.id, email: 'dpo@silent.test', name: null, created_at: clock.now().toISOString() }).execute();
    const saved = await updateLegalDemand(deps, s.scope, d.id, demand([silent.id]));
    assert.equal(saved.customers[0]!.noticeState, 'sent');
    assert.deepEqual((await noticesTo(deps, d.id)).map((m) => m.to_address), ['dpo@silent.test']);
  });

  it('refuses bad input with 400 naming each field, and a customer of another workspace', async () => {
    const { deps } = ctx.db;
    const s = await setup();
    const elsewhere = await buildWorkspace(deps);
    const stranger = await buildCustomer(deps, elsewhere.scope);
    await assert.rejects(registerLegalDemand(deps, s.scope, { authorityType: 'army', country: 'XX', receivedAt: '2999-01-01', deadline: '2026-02-30', prohibitionEndsOn: '2026-09-01' }), (e: Error & { status?: number; data?: { fields: { field: string }[] } }) => {
      assert.equal(e.status, 400);
      assert.deepEqual(e.data?.fields.map((f) => f.field), ['authorityName', 'authorityType', 'country', 'legalBasis', 'scope', 'receivedAt', 'deadline', 'prohibited']);
      return true;
    });
    await assert.rejects(registerLegalDemand(deps, s.scope, demand([s.acme.id, stranger.id])), (e: Error & { data?: { fields: { field: string; message: string }[] } }) => {
      assert.deepEqual(e.data?.fields, [{ field: 'customerIds[1]', message: 'is not a customer of this workspace' }]);
      return true;
    });
    await assert.rejects(recordOutcome(deps, s.scope, 'nope', { outcome: 'withdrawn' }), { status: 404 });
    await assert.rejects(recordOutcome(deps, s.scope, 'nope', { outcome: 'disclosed_full' }), { status: 400 });
  });
}, { clock });
