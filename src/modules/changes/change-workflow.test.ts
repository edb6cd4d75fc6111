import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import pino from 'pino';
import { buildEngagement, buildEntity, buildMember, buildService, buildWorkspace } from '../../../test/factories.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import { createBackground } from '../../background.ts';
import type { Clock } from '../../shared/clock.ts';
import type { Deps, Scope } from '../../shared/deps.ts';
import { AppError } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { findLatestVersion } from '../publishing/list-versions.queries.ts';
import { listEngagements } from '../registry/registry.queries.ts';
import { deleteCustomer } from '../customers/manage-customers.ts';
import { announceChange } from './announce-change.ts';
import { buildChangeEvidence } from './build-change-evidence.ts';
import { findChange, listChangeCustomers, listObjections } from './changes.queries.ts';
import { createChange, updateChange, withdrawChange } from './manage-changes.ts';
import { recordConsent, submitObjection, viewChangeResponse } from './respond-to-change.ts';
import { resolveObjection } from './resolve-objection.ts';

let current = new Date('2026-03-02T09:00:00Z');
const clock: Clock = { now: () => new Date(current) };

async function addCustomer(deps: Deps, scope: Scope, c: { name: string; services: string[]; authorisation?: 'general' | 'specific'; noticeDays?: number; email: string }) {
  const id = newId();
  const now = clock.now().toISOString();
  await deps.db.insertInto('customers').values({ id, workspace_id: scope.workspaceId, name: c.name, country: 'FR', time_zone: null, notice_days: c.noticeDays ?? null, authorisation: c.authorisation ?? 'general', special_terms: null, created_at: now, updated_at: now }).execute();
  for (const serviceId of c.services) await deps.db.insertInto('customer_services').values({ customer_id: id, service_id: serviceId }).execute();
  await deps.db.insertInto('customer_contacts').values({ id: newId(), workspace_id: scope.workspaceId, customer_id: id, email: c.email, name: null, created_at: now }).execute();
  return id;
}

async function addSubscriber(deps: Deps, scope: Scope, email: string, status: 'confirmed' | 'pending', services: string[] = []) {
  await deps.db.insertInto('subscribers').values({ id: newId(), workspace_id: scope.workspaceId, email, status, services: JSON.stringify(services), regions: '[]', confirm_token_hash: null, unsubscribe_token: newId(), created_at: clock.now().toISOString(), confirmed_at: null, unsubscribed_at: null }).execute();
}

/** The link in the newest announcement sent to `email`. */
async function respondTokenFor(deps: Deps, changeId: string, email: string): Promise<string> {
  const m = await deps.db.selectFrom('messages').select('text_body').where('change_id', '=', changeId).where('to_address', '=', email).where('kind', '=', 'change.announced').executeTakeFirstOrThrow();
  return /\/changes\/respond\/([\w-]+)/.exec(m.text_body)?.[1] as string;
}

forEachDialect('change workflow', (ctx) => {
  let outbox: string;

  async function setup() {
    const { deps } = ctx.db;
    const { workspace, scope } = await buildWorkspace(deps, { name: 'Acme Cloud' });
    await deps.db.updateTable('workspaces').set({ time_zone: 'Europe/Paris', notice_days: 30 }).where('id', '=', workspace.id).execute();
    const commerce = await buildService(deps, scope, { slug: 'commerce', name: 'Commerce' });
    const connect = await buildService(deps, scope, { slug: 'connect', name: 'Connect' });
    const mailgun = await buildEntity(deps, scope, { name: 'Mailgun Technologies, Inc.', country: 'US' });
    const existing = await buildEngagement(deps, scope, { entityId: mailgun.id, purpose: 'Transactional e-mail', services: ['commerce'], countries: ['US'] });
    const customers = {
      onCommerce: await addCustomer(deps, scope, { name: 'Commerce Only SA', services: [commerce.id], email: 'dpo@commerce-only.example' }),
      specific: await addCustomer(deps, scope, { name: 'Careful Bank AG', services: [connect.id], authorisation: 'specific', noticeDays: 10, email: 'privacy@careful.example' }),
      general: await addCustomer(deps, scope, { name: 'Connect Retail SARL', services: [connect.id], email: 'legal@retail.example' }),
    };
    await addSubscriber(deps, scope, 'all@sub.example', 'confirmed');
    await addSubscriber(deps, scope, 'commerce@sub.example', 'confirmed', ['commerce']);
    await addSubscriber(deps, scope, 'pending@sub.example', 'pending');
    const newco = await buildEntity(deps, scope, { name: 'NewCo Analytics GmbH', country: 'DE' });
    return { workspace, scope, customers, existing, newco, connect };
  }

  const worker = () => createBackground(ctx.db.deps, { smtpUrl: null, mailFrom: 'Trustroom <no-reply@trustroom.test>', dataDir: outbox, jobLeaseMs: 60_000, allowPrivateWebhooks: true }, pino({ level: 'silent' }), { backoffMs: () => 0 }).worker;

  it('announces to touched customers and matching subscribers, applies at the date and settles each customer by its answer', async (t) => {
    outbox = await mkdtemp(join(tmpdir(), 'trustroom-outbox-'));
    t.after(() => rm(outbox, { recursive: true, force: true }));
    current = new Date('2026-03-02T09:00:00Z');
    const { deps } = ctx.db;
    const s = await setup();
    const draft = await createChange(deps, s.scope, {
      title: 'NewCo for Connect analytics', reason: 'Better usage analytics', proposedDate: '2026-03-20',
      operations: [{ op: 'add', engagement: { entityId: s.newco.id, purpose: 'Usage analytics', services: ['connect'], countries: ['DE'], transferMechanisms: [] } }],
    });
    assert.equal(draft.status, 'draft');
    assert.equal((await deps.db.selectFrom('messages').select('id').execute()).length, 0, 'a draft sends nothing');

    const { change, warnings } = await announceChange(deps, s.scope, draft.id);
    assert.equal(change.status, 'announced');
    assert.deepEqual(warnings, ['Connect Retail SARL: 30 days\' notice puts its date at 2026-04-02']);
    const customers = await listChangeCustomers(deps.db, s.scope.workspaceId, draft.id);
    // 2 March + 10 days = 12 March → earliest 13 March, so the proposed 20 March holds; 2 March + 30 = 1 April → 2 April.
    assert.deepEqual(customers.map((c) => [c.customerName, c.effectiveDate, c.windowEndsOn, c.effectiveAt]), [
      ['Careful Bank AG', '2026-03-20', '2026-03-19', '2026-03-19T23:00:00.000Z'],
      ['Connect Retail SARL', '2026-04-02', '2026-04-01', '2026-04-01T22:00:00.000Z'],
    ]);
    const sent = await deps.db.selectFrom('messages').select(['to_address', 'kind', 'text_body', 'headers']).orderBy('to_address').execute();
    assert.deepEqual(sent.map((m) => m.to_address), ['all@sub.example', 'legal@retail.example', 'privacy@careful.example']);
    const retail = sent.find((m) => m.to_address === 'legal@retail.example')!;
    for (const fact of ['NewCo Analytics GmbH', 'Usage analytics', 'Germany', '2026-04-02', 'object', 'Transfer check: Germany: Inside the EEA']) assert.ok(retail.text_body.includes(fact), `the notice names ${fact}`);
    assert.match(JSON.parse(sent.find((m) => m.to_address === 'all@sub.example')!.headers)['List-Unsubscribe'], /^<http:\/\/trustroom\.test\/w\/.+\/unsubscribe\/.+>$/);

    // The general customer objects within its window; the specific one says nothing yet.
    const retailToken = await respondTokenFor(deps, draft.id, 'legal@retail.example');
    const admin = await buildMember(deps, s.scope.workspaceId, 'admin');
    await buildMember(deps, s.scope.workspaceId, 'viewer');
    await submitObjection(deps, retailToken, { name: 'Jeanne Legal', reason: 'NewCo is not in our approved vendor list' });
    const alerts = await deps.db.selectFrom('messages').select(['to_address', 'text_body']).where('change_id', '=', draft.id).where('kind', '=', 'operator.alert').execute();
    assert.deepEqual(alerts.map((m) => m.to_address), [admin.email], 'admins and owners are alerted, viewers are not');
    assert.match(alerts[0]!.text_body, /Connect Retail SARL: an objection[\s\S]*NewCo is not in our approved vendor list[\s\S]*http:\/\/trustroom\.test\/admin\/w\/.+\/changes\//);
    const bankToken = await respondTokenFor(deps, draft.id, 'privacy@careful.example');
    assert.equal((await viewChangeResponse(deps, bankToken)).canDecide, true);

    const w = worker();
    await w.drain();
    assert.equal((await deps.db.selectFrom('messages').select('status').where('status', '!=', 'outboxed').execute()).length, 0, 'every message went to the outbox');
    assert.ok((await readdir(join(outbox, 'outbox'))).some((f) => f.endsWith('.eml')));

    current = new Date('2026-03-20T00:00:00Z'); // after 20 March 00:00 in Paris
    await w.drain();
    const applied = await findChange(deps.db, s.scope.workspaceId, draft.id);
    assert.equal(applied?.lastError, null);
    assert.equal(applied?.status, 'in_effect');
    assert.equal(applied?.versionAfter, (await findLatestVersion(deps.db, s.scope.workspaceId))?.version);
    assert.ok((await listEngagements(deps.db, s.scope.workspaceId)).some((g) => g.entityName === 'NewCo Analytics GmbH'), 'the registry has the new engagement');
    let byName = Object.fromEntries((await listChangeCustomers(deps.db, s.scope.workspaceId, draft.id)).map((c) => [c.customerName, c]));
    assert.equal(byName['Careful Bank AG']?.status, 'not_in_effect');
    assert.equal(byName['Careful Bank AG']?.outstanding, 'consent');
    assert.equal(byName['Connect Retail SARL']?.status, 'notified');

    await recordConsent(deps, bankToken, { decision: 'given', name: 'Ola Banker', title: 'DPO' });
    current = new Date('2026-04-02T08:00:00Z');
    await w.drain();
    byName = Object.fromEntries((await listChangeCustomers(deps.db, s.scope.workspaceId, draft.id)).map((c) => [c.customerName, c]));
    assert.equal(byName['Careful Bank AG']?.status, 'in_effect');
    assert.equal(byName['Connect Retail SARL']?.status, 'not_in_effect');
    assert.equal(byName['Connect Retail SARL']?.outstanding, 'objection');

    const [objection] = await listObjections(deps.db, s.scope.workspaceId, { changeId: draft.id });
    await resolveObjection(deps, s.scope, objection!.id, { resolution: 'objection_withdrawn', note: 'NewCo was added to your vendor list after our call.' });
    await w.drain();
    byName = Object.fromEntries((await listChangeCustomers(deps.db, s.scope.workspaceId, draft.id)).map((c) => [c.customerName, c]));
    assert.equal(byName['Connect Retail SARL']?.status, 'in_effect');
    // Several messages share one instant (the clock is fixed), so compare them as sets.
    const kinds = (await deps.db.selectFrom('messages').select(['to_address', 'kind']).where('to_address', '=', 'legal@retail.example').execute()).map((m) => m.kind).sort();
    assert.deepEqual(kinds, ['change.announced', 'change.in_effect', 'change.response_receipt', 'objection.resolved']);

    const evidence = await buildChangeEvidence(deps.db, s.scope.workspaceId, draft.id, clock.now());
    assert.equal(evidence.versions.after?.version, applied?.versionAfter);
    assert.deepEqual(evidence.customers.map((c) => [c.customerName, c.notifications.map((n) => `${n.kind}:${n.status}`).sort()]), [
      // The bank had not answered a week before the proposed date (13 March): it was reminded once.
      ['Careful Bank AG', ['change.announced:outboxed', 'change.consent_reminder:outboxed', 'change.in_effect:outboxed', 'change.response_receipt:outboxed']],
      ['Connect Retail SARL', ['change.announced:outboxed', 'change.in_effect:outboxed', 'change.response_receipt:outboxed', 'objection.resolved:outboxed']],
    ]);
    assert.deepEqual(evidence.timeline.map((e) => e.action).slice(0, 3), ['change.created', 'change.announced', 'objection.received']);
    assert.equal(evidence.subscribers.notified, 1);
    await assert.rejects(deleteCustomer(deps, s.scope, s.customers.general), (e: unknown) => (e as AppError).code === 'customer_has_changes');
  });

  it('withdraws an announced change: nothing is applied and everyone notified hears it is off', async (t) => {
    outbox = await mkdtemp(join(tmpdir(), 'trustroom-outbox-'));
    t.after(() => rm(outbox, { recursive: true, force: true }));
    current = new Date('2026-05-04T09:00:00Z');
    const { deps } = ctx.db;
    const s = await setup();
    const draft = await createChange(deps, s.scope, { title: 'Drop Mailgun', reason: 'Moving e-mail in house', proposedDate: '2026-06-15', operations: [{ op: 'remove', engagementId: s.existing.id }] });
    await announceChange(deps, s.scope, draft.id);
    // Only commerce is touched: the commerce customer and both confirmed subscribers.
    const notified = (await deps.db.selectFrom('messages').select('to_address').where('kind', '=', 'change.announced').where('change_id', '=', draft.id).orderBy('to_address').execute()).map((m) => m.to_address);
    assert.deepEqual(notified, ['all@sub.example', 'commerce@sub.example', 'dpo@commerce-only.example']);
    await withdrawChange(deps, s.scope, draft.id, { reason: 'Plans changed' });
    current = new Date('2026-07-01T00:00:00Z');
    await worker().drain();
    assert.equal((await findChange(deps.db, s.scope.workspaceId, draft.id))?.status, 'withdrawn');
    assert.ok((await listEngagements(deps.db, s.scope.workspaceId)).some((g) => g.id === s.existing.id), 'the engagement is still there');
    const withdrawn = (await deps.db.selectFrom('messages').select('to_address').where('kind', '=', 'change.withdrawn').where('change_id', '=', draft.id).orderBy('to_address').execute()).map((m) => m.to_address);
    assert.deepEqual(withdrawn, notified);
    await assert.rejects(withdrawChange(deps, s.scope, draft.id, { reason: 'again' }), (e: unknown) => (e as AppError).code === 'change_not_withdrawable');
  });

  it('refuses bad proposals naming each field, and announcing a date that is not in the future', async () => {
    current = new Date('2026-05-04T09:00:00Z');
    const { deps } = ctx.db;
    const s = await setup();
    await assert.rejects(createChange(deps, s.scope, { title: '', proposedDate: '2026-02-30', operations: [{ op: 'remove', engagementId: 'nope' }, { op: 'add', engagement: { entityId: s.newco.id, purpose: 'x', services: ['missing'] } }, { op: 'rename' }] }), (e: unknown) => {
      assert.equal((e as AppError).code, 'validation_error');
      assert.deepEqual(((e as AppError).data as { fields: { field: string }[] }).fields.map((f) => f.field), ['title', 'reason', 'proposedDate', 'operations[0].engagementId', 'operations[1].engagement.services[0]', 'operations[2].op']);
      return true;
    });
    assert.equal((await deps.db.selectFrom('changes').select('id').where('workspace_id', '=', s.scope.workspaceId).execute()).length, 0);
    // 4 May 2026 in Paris: a change dated today cannot be announced in advance.
    const draft = await createChange(deps, s.scope, { title: 'Same day', reason: 'r', proposedDate: '2026-05-04', operations: [{ op: 'remove', engagementId: s.existing.id }] });
    await assert.rejects(announceChange(deps, s.scope, draft.id), (e: unknown) => /proposedDate: must be after today \(2026-05-04/.test((e as AppError).message));
    assert.equal((await findChange(deps.db, s.scope.workspaceId, draft.id))?.status, 'draft');
    await updateChange(deps, s.scope, draft.id, { title: 'Next month', reason: 'r', proposedDate: '2026-06-04', operations: [{ op: 'remove', engagementId: s.existing.id }] });
    await announceChange(deps, s.scope, draft.id);
    await assert.rejects(updateChange(deps, s.scope, draft.id, { title: 'x', reason: 'r', proposedDate: '2026-06-05', operations: [{ op: 'remove', engagementId: s.existing.id }] }), (e: unknown) => (e as AppError).code === 'change_not_draft');
  });

  it('closes the objection link at the customer effective moment', async () => {
    current = new Date('2026-05-04T09:00:00Z');
    const { deps } = ctx.db;
    const s = await setup();
    const draft = await createChange(deps, s.scope, { title: 'Modify Mailgun', reason: 'EU region', proposedDate: '2026-05-10', operations: [{ op: 'modify', engagementId: s.existing.id, engagement: { entityId: s.existing.entityId, purpose: 'Transactional e-mail', services: ['commerce'], countries: ['DE'] } }] });
    await announceChange(deps, s.scope, draft.id);
    const token = await respondTokenFor(deps, draft.id, 'dpo@commerce-only.example');
    // 4 May + 30 days = 3 June (Wednesday): the customer may object until the end of 3 June in Paris.
    current = new Date('2026-06-03T21:59:00Z');
    assert.equal((await viewChangeResponse(deps, token)).canObject, true);
    current = new Date('2026-06-03T22:00:00Z');
    await assert.rejects(submitObjection(deps, token, { name: 'Late', reason: 'Too late' }), (e: unknown) => (e as AppError).code === 'objection_window_closed');
    await assert.rejects(viewChangeResponse(deps, 'chr_unknown'), (e: unknown) => (e as AppError).status === 404);
  });
}, { clock });
