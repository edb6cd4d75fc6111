import assert from 'node:assert/strict';
import { afterEach, it } from 'node:test';
import { forEachDialect } from '../../../../test/dialects.ts';
import { createBackground } from '../../../background.ts';
import type { Deps } from '../../../shared/deps.ts';
import { createLogger } from '../../../shared/logger.ts';
import { startSmtpSink } from '../../mail/smtp-sink.test-helpers.ts';
import { holidayOn } from '../../periods/holidays.ts';
import { addWebhookEndpoint } from '../../webhooks/manage-webhook-endpoints.ts';
import { verifyWebhookSignature } from '../../webhooks/sign-webhook.ts';
import { manualClock, startReceiver } from '../../webhooks/webhooks.test-helpers.ts';
import { forwardingDueAt } from './forwarding-term.ts';
import { overdueForwardings } from './forwarding.queries.ts';
import { forwardedRequest, forwardingFixture } from './forwarding.test-helpers.ts';
import { instructRequest } from './instruct-request.ts';

const HOUR = 3600_000;

forEachDialect('passing requests on to the customer', (ctx) => {
  const testDeps = (iso = '2030-03-04T09:00:00.000Z') => {
    const clock = manualClock(iso);
    return { deps: { ...ctx.db.deps, clock } as Deps, clock };
  };
  const background = (deps: Deps, smtpUrl: string | null = null) =>
    createBackground(deps, { smtpUrl, mailFrom: 'Influxis <no-reply@trustroom.test>', dataDir: '/nonexistent-trustroom-test', jobLeaseMs: 60_000, allowPrivateWebhooks: true }, createLogger('silent'), { backoffMs: () => 0 });
  const forwardingOf = (deps: Deps, requestId: string) => deps.db.selectFrom('dsr_forwardings').selectAll().where('request_id', '=', requestId).executeTakeFirstOrThrow();
  const eventsOf = (deps: Deps, requestId: string) => deps.db.selectFrom('dsr_request_events').selectAll().where('request_id', '=', requestId).orderBy('at').execute();
  const messagesOf = (deps: Deps, kind: string) => deps.db.selectFrom('messages').selectAll().where('kind', '=', kind).orderBy('to_address').execute();

  afterEach(async () => {
    await ctx.db.deps.db.updateTable('jobs').set({ status: 'cancelled' }).where('status', '=', 'pending').execute();
  });

  it('counts a term in hours as real hours, and in days per Regulation 1182/71 in the customer’s zone and calendar', async () => {
    // Friday 26 March 2027; Monday 29 March is Easter Monday in France (source: date-holidays, calendar FR).
    assert.equal(holidayOn('2027-03-29', 'FR'), 'Easter Monday');
    const friday = new Date('2027-03-26T10:00:00Z');
    assert.equal(forwardingDueAt(friday, '72h', 'Europe/Paris', 'FR').toISOString(), '2027-03-29T10:00:00.000Z', '72 real hours, holiday or not');
    assert.equal(forwardingDueAt(friday, '1d', 'Europe/Paris', 'FR').toISOString(), '2027-03-30T21:59:59.999Z', 'Saturday → Sunday, Easter Monday → end of Tuesday in Paris (CEST)');
    // Two days or more must include two working days (Art 3(5)): Saturday to Tuesday holds one, so Wednesday.
    assert.equal(forwardingDueAt(friday, '2d', 'Europe/Paris', 'FR').toISOString(), '2027-03-31T21:59:59.999Z');
    assert.equal(forwardingDueAt(friday, '1d', 'Europe/Paris', null).toISOString(), '2027-03-29T21:59:59.999Z', 'without a calendar Monday counts');

    const { deps } = testDeps('2027-03-26T10:00:00.000Z');
    const f = await forwardingFixture(deps, { within: '1d', zone: 'Europe/Paris' });
    const request = await forwardedRequest(deps, f);
    assert.equal(request.status, 'forwarded');
    const row = await forwardingOf(deps, request.id);
    assert.deepEqual([row.within, row.due_at, row.sent_at], ['1d', '2027-03-30T21:59:59.999Z', null]);
    const started = (await eventsOf(deps, request.id)).find((e) => e.kind === 'forwarding_started');
    assert.deepEqual(JSON.parse(started!.detail), { within: '1d', dueAt: '2027-03-30T21:59:59.999Z' });
  });

  it('sends the request to every contact through a real SMTP server and a signed webhook to a real local server, tells the requester who decides, and records it', async () => {
    const { deps, clock } = testDeps();
    const sink = await startSmtpSink({ keepRaw: true });
    const receiver = await startReceiver(() => 204);
    const bg = background(deps, sink.url);
    try {
      const f = await forwardingFixture(deps);
      const { secret } = await addWebhookEndpoint(deps, f.scope, f.customerId, { url: receiver.url });
      const request = await forwardedRequest(deps, f);
      await bg.worker.drain();
      // Two contacts and the requester's receipt and "who decides" message.
      await sink.waitFor(4, 10_000);
      const toContacts = sink.messages.filter((m) => m.to[0]!.endsWith('@hooli.test'));
      assert.deepEqual(toContacts.map((m) => m.to[0]).sort(), ['dpo@hooli.test', 'legal@hooli.test']);
      const [mail] = await messagesOf(deps, 'request.forwarded');
      assert.ok(mail!.subject.includes(request.reference) && mail!.subject.includes('2030-03-07 10:00 (Europe/Paris)'), mail!.subject);
      for (const words of ['Ana Lima, ana@example.org', 'Please delete my account.', 'Erasure', `/portal/w/${f.slug}/requests/${request.id}`, 'Hooli SA is the controller']) {
        assert.ok(mail!.text_body.includes(words), words);
      }
      assert.equal(receiver.received.length, 1);
      const [hook] = receiver.received;
      assert.equal(hook!.headers['trustroom-event'], 'dsr.request_forwarded');
      assert.equal(verifyWebhookSignature(secret, hook!.headers, hook!.body, { now: clock.now() }).ok, true);
      const payload = JSON.parse(hook!.body);
      assert.deepEqual([payload.type, payload.data.reference, payload.data.type, payload.data.subject.email, payload.data.instructionDueAt, payload.data.dueOn],
        ['dsr.request_forwarded', request.reference, 'erasure', 'ana@example.org', '2030-03-07T09:00:00.000Z', request.due_on]);
      assert.ok(payload.data.instructionUrl.endsWith(`/api/w/${f.slug}/customer/requests/${request.id}/instruction`));

      const row = await forwardingOf(deps, request.id);
      assert.equal(row.sent_at, '2030-03-04T09:00:00.000Z');
      const now = await deps.db.selectFrom('dsr_requests').select('status').where('id', '=', request.id).executeTakeFirstOrThrow();
      assert.equal(now.status, 'awaiting_instruction');
      const forwarded = (await eventsOf(deps, request.id)).find((e) => e.kind === 'forwarded');
      const detail = JSON.parse(forwarded!.detail);
      assert.equal(detail.messageIds.length, 2);
      assert.equal(detail.deliveryIds.length, 1);
      const told = (await messagesOf(deps, 'request.controller')).find((m) => m.recipient_id === request.id);
      assert.ok(told?.text_body.includes('Hooli SA is the controller of the personal data your request'));
      const audit = await deps.db.selectFrom('audit_events').selectAll().where('action', '=', 'request.forwarded').where('subject_id', '=', request.id).executeTakeFirstOrThrow();
      assert.ok(!JSON.stringify(audit).includes('ana@example.org') && !JSON.stringify(audit).includes('Ana Lima'), 'no personal data in the audit chain');

      // Running the job again sends nothing more.
      const { sendForwarding } = await import('./send-forwarding.ts');
      await sendForwarding(deps, row.id);
      assert.equal((await messagesOf(deps, 'request.forwarded')).length, 2);
    } finally {
      await bg.stop();
      await receiver.close();
      await sink.close();
    }
  });

  it('reminds the contacts at half and four fifths of the term only while no instruction has come, then lists the term run out as an operator finding', async () => {
    const { deps, clock } = testDeps();
    const bg = background(deps);
    try {
      const f = await forwardingFixture(deps);
      const quiet = await forwardedRequest(deps, f);
      const answered = await forwardedRequest(deps, f, { email: 'bo@example.org', name: 'Bo' });
      await bg.worker.drain();
      const reminders = () => deps.db.selectFrom('messages').select(['to_address', 'idempotency_key']).where('kind', '=', 'request.forward_reminder').execute();
      clock.advance(35 * HOUR);
      await bg.worker.drain();
      assert.equal((await reminders()).length, 0, 'nothing before half the term');
      await instructRequest(deps, { workspaceId: f.workspaceId, customerId: f.customerId, actor: { type: 'system', id: null, label: 'portal contact x' } }, answered.id, { instruction: 'fulfil' });
      clock.advance(2 * HOUR);
      await bg.worker.drain();
      assert.deepEqual((await reminders()).map((m) => m.idempotency_key.split(':').slice(0, 3).join(':')).sort(), [`request.forward_reminder:${(await forwardingOf(deps, quiet.id)).id}:1`, `request.forward_reminder:${(await forwardingOf(deps, quiet.id)).id}:1`]);
      clock.advance(21 * HOUR);
      await bg.worker.drain();
      assert.equal((await reminders()).length, 4, 'the second reminder at 4/5 of the term, for the quiet request only');
      assert.ok((await forwardingOf(deps, quiet.id)).reminded_at);
      assert.equal((await forwardingOf(deps, answered.id)).reminded_at, null);

      assert.deepEqual(await overdueForwardings(deps.db, f.workspaceId, clock.now()), []);
      clock.advance(15 * HOUR);
      const overdue = await overdueForwardings(deps.db, f.workspaceId, clock.now());
      assert.deepEqual(overdue.map((o) => [o.reference, o.customerName, o.dueAt]), [[quiet.reference, 'Hooli SA', '2030-03-07T09:00:00.000Z']]);
    } finally {
      await bg.stop();
    }
  });

  it('records a refusal with its reason, closes the request and tells the requester; another customer gets 404 and a second instruction 409', async () => {
    const { deps } = testDeps();
    const bg = background(deps);
    try {
      const f = await forwardingFixture(deps);
      const request = await forwardedRequest(deps, f);
      const hooli = { workspaceId: f.workspaceId, customerId: f.customerId, actor: { type: 'system' as const, id: null, label: 'portal contact k1' } };
      await assert.rejects(instructRequest(deps, hooli, request.id, { instruction: 'fulfil' }), (e: { status: number }) => e.status === 404, 'not passed on yet: not the customer’s to see');
      await bg.worker.drain();
      await assert.rejects(instructRequest(deps, hooli, request.id, { instruction: 'refuse' }), /reason: is required/);
      await assert.rejects(instructRequest(deps, hooli, request.id, { instruction: 'ignore' }), /instruction: must be one of/);
      await assert.rejects(instructRequest(deps, { ...hooli, customerId: f.otherCustomerId }, request.id, { instruction: 'refuse', reason: 'x' }), (e: { status: number }) => e.status === 404);
      const refused = await instructRequest(deps, hooli, request.id, { instruction: 'refuse', reason: 'We must keep the invoices for ten years.' });
      assert.deepEqual([refused.status, refused.outcome, refused.outcome_reason], ['refused', 'refused', 'We must keep the invoices for ten years.']);
      assert.ok(refused.closed_at);
      const row = await forwardingOf(deps, request.id);
      assert.deepEqual([row.instruction, row.instruction_reason, row.instructed_by], ['refuse', 'We must keep the invoices for ten years.', 'portal contact k1']);
      await assert.rejects(instructRequest(deps, hooli, request.id, { instruction: 'fulfil' }), (e: { code: string }) => e.code === 'instruction_already_given');
      const told = (await messagesOf(deps, 'request.instructed')).find((m) => m.recipient_id === request.id);
      assert.ok(told?.text_body.includes('Its reason: We must keep the invoices for ten years.'));
      const audit = await deps.db.selectFrom('audit_events').selectAll().where('action', '=', 'request.instructed').where('subject_id', '=', request.id).executeTakeFirstOrThrow();
      assert.ok(!JSON.stringify(audit).includes('invoices'), 'the customer’s words stay off the audit chain');
    } finally {
      await bg.stop();
    }
  });
});
