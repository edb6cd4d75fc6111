import assert from 'node:assert/strict';
import { it } from 'node:test';
import { forEachDialect } from '../../../test/dialects.ts';
import { buildCustomer, buildWorkspace } from '../../../test/factories.ts';
import type { Db } from '../../db/schema.ts';
import { fixedClock } from '../../shared/clock.ts';
import { type Deps, SYSTEM_ACTOR } from '../../shared/deps.ts';
import type { AppError } from '../../shared/errors.ts';
import { sha256 } from '../../shared/ids.ts';
import { acceptAuthority, answerClarification, closeRequest, extendRequest, requestClarification, routeToCustomer, withdrawRequest } from './request-steps.ts';
import { listRequests, requestTimeline } from './requests.queries.ts';
import { submitRequest } from './submit-request.ts';
import { verifyRequestCode, verifyRequestLink } from './verify-request.ts';

const at = (deps: Deps, iso: string): Deps => ({ ...deps, clock: fixedClock(iso) });
const fieldsOf = (e: unknown) => ((e as AppError).data as { fields: { field: string }[] }).fields.map((f) => f.field);
const codeIs = (code: string) => (e: unknown) => (e as AppError).code === code;
const web = { channel: 'web' as const, actor: { type: 'system' as const, id: null, label: 'requester' } };

async function lastMessageTo(db: Db, to: string) {
  const rows = await db.selectFrom('messages').selectAll().where('to_address', '=', to).orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
  return rows[0];
}

/** The code and link token the last message to `to` carries. */
async function codeSentTo(db: Db, to: string): Promise<{ code: string; link: string }> {
  const m = await lastMessageTo(db, to);
  const code = /code[^:]*: (\d{6})|new code is (\d{6})/.exec(m?.text_body ?? '');
  const link = /\/privacy-request\/verify\/([A-Za-z0-9_-]+)/.exec(m?.text_body ?? '');
  assert.ok(code && link, 'a code and a link were sent');
  return { code: (code[1] ?? code[2])!, link: link[1]! };
}

forEachDialect('data-subject requests', (ctx) => {
  async function workspace(over: { country?: string; zone?: string } = {}) {
    const built = await buildWorkspace(ctx.db.deps, { name: 'Influxis' });
    await ctx.db.deps.db.updateTable('workspaces').set({ country: over.country ?? 'FR', time_zone: over.zone ?? 'Europe/Paris' }).where('id', '=', built.workspace.id).execute();
    return built;
  }

  it('records a web access request with GDPR deadlines in the controller’s zone, and e-mails a receipt with a one-time code and a private status link', async () => {
    const w = await workspace();
    const deps = at(ctx.db.deps, '2027-01-31T10:00:00Z');
    const { request, statusToken, statusUrl } = await submitRequest(deps, w.workspace.id, { type: 'access', email: 'Ana@Example.org', name: 'Ana' }, web);
    assert.deepEqual([request.status, request.regime, request.received_on, request.due_on, request.controller], ['awaiting_verification', 'gdpr', '2027-01-31', '2027-03-01', 'workspace']);
    assert.equal(request.subject_email, 'ana@example.org');
    assert.equal(request.status_token_hash, sha256(statusToken), 'only the hash of the status link is kept');
    const receipt = await lastMessageTo(deps.db, 'ana@example.org');
    assert.equal(receipt.kind, 'request.receipt');
    assert.ok(receipt.text_body.includes(statusUrl) && receipt.text_body.includes(request.reference));
    assert.match(receipt.text_body, /enter this code[^:]*: \d{6}/);
    const audit = await deps.db.selectFrom('audit_events').select(['action', 'after_json']).where('subject_id', '=', request.id).execute();
    assert.deepEqual(audit.map((a) => a.action), ['request.received']);
    assert.ok(!JSON.stringify(audit).includes('example.org') && !JSON.stringify(audit).includes('Ana'), 'the audit chain holds no personal data');
  });

  it('counts a wrong code against the limit and starts the GDPR month again from the day the code is confirmed', async () => {
    const w = await workspace();
    const { request, statusToken } = await submitRequest(at(ctx.db.deps, '2027-03-09T10:00:00Z'), w.workspace.id, { type: 'erasure', email: 'ben@example.org' }, web);
    assert.equal(request.due_on, '2027-04-09');
    const { code } = await codeSentTo(ctx.db.deps.db, 'ben@example.org');
    const later = at(ctx.db.deps, '2027-03-10T09:00:00Z');
    const wrong = code === '000000' ? '111111' : '000000';
    await assert.rejects(verifyRequestCode(later, w.workspace.id, statusToken, wrong), (e) => codeIs('verification_failed')(e) && fieldsOf(e)[0] === 'code');
    const v = await later.db.selectFrom('dsr_verifications').select('attempts').where('request_id', '=', request.id).executeTakeFirstOrThrow();
    assert.equal(v.attempts, 1, 'the wrong attempt is kept though the call failed');
    const verified = await verifyRequestCode(later, w.workspace.id, statusToken, code);
    // EDPB 01/2022 §5.3: the month runs from when identity is confirmed (10 Mar) → Sat 10 Apr 2027 → Mon 12 Apr (1182/71 Art 3(4)).
    assert.deepEqual([verified.status, verified.due_on], ['in_progress', '2027-04-12']);
    const kinds = (await requestTimeline(later.db, request.id)).map((e) => e.kind);
    assert.deepEqual(kinds, ['received', 'email_confirmed', 'started']);
  });

  it('locks the code after five wrong tries and refuses an expired link', async () => {
    const w = await workspace();
    const { statusToken } = await submitRequest(at(ctx.db.deps, '2027-03-01T10:00:00Z'), w.workspace.id, { type: 'access', email: 'cy@example.org' }, web);
    const { code, link } = await codeSentTo(ctx.db.deps.db, 'cy@example.org');
    const wrong = code === '000000' ? '111111' : '000000';
    const d = at(ctx.db.deps, '2027-03-01T11:00:00Z');
    for (let i = 0; i < 5; i++) await assert.rejects(verifyRequestCode(d, w.workspace.id, statusToken, wrong), codeIs('verification_failed'));
    await assert.rejects(verifyRequestCode(d, w.workspace.id, statusToken, code), codeIs('verification_locked'));
    await assert.rejects(verifyRequestLink(at(ctx.db.deps, '2027-03-02T10:00:01Z'), w.workspace.id, link), codeIs('verification_expired'));
  });

  it('keeps a withdrawn request withdrawn when its old link or code is used', async () => {
    const w = await workspace();
    const { statusToken } = await submitRequest(ctx.db.deps, w.workspace.id, { type: 'access', email: 'wd@example.org' }, web);
    const { code, link } = await codeSentTo(ctx.db.deps.db, 'wd@example.org');
    await withdrawRequest(ctx.db.deps, w.workspace.id, statusToken);
    assert.equal((await verifyRequestLink(ctx.db.deps, w.workspace.id, link)).status, 'withdrawn');
    assert.equal((await verifyRequestCode(ctx.db.deps, w.workspace.id, statusToken, code)).status, 'withdrawn');
  });

  it('does not move a CCPA deadline while the code waits, and confirms by the link', async () => {
    const w = await workspace({ country: 'US', zone: 'America/Los_Angeles' });
    const { request } = await submitRequest(at(ctx.db.deps, '2026-10-15T17:00:00Z'), w.workspace.id, { type: 'access', email: 'dee@example.org', regime: 'ccpa' }, web);
    const { link } = await codeSentTo(ctx.db.deps.db, 'dee@example.org');
    const verified = await verifyRequestLink(at(ctx.db.deps, '2026-10-16T09:00:00Z'), w.workspace.id, link);
    // 11 CCR § 7021(b): 45 days from receipt regardless of verification; Sun 29 Nov → Mon 30 Nov.
    assert.deepEqual([request.due_on, verified.due_on, verified.status], ['2026-11-30', '2026-11-30', 'in_progress']);
  });

  it('keeps an agent’s request waiting until an operator accepts the authority, after the e-mail is confirmed', async () => {
    const w = await workspace();
    const { request, statusToken } = await submitRequest(at(ctx.db.deps, '2027-04-01T10:00:00Z'), w.workspace.id, {
      type: 'access', email: 'eve@example.org', requester: 'agent', agentName: 'Lawyer', agentEmail: 'agent@law.example', authority: 'Signed mandate attached to letter',
    }, web);
    assert.equal(request.verification_level, 'email-and-authority');
    const { code } = await codeSentTo(ctx.db.deps.db, 'agent@law.example');
    await assert.rejects(acceptAuthority(ctx.db.deps, w.scope, request.id, { note: 'too early' }), codeIs('email_not_confirmed'));
    const afterEmail = await verifyRequestCode(at(ctx.db.deps, '2027-04-01T11:00:00Z'), w.workspace.id, statusToken, code);
    assert.equal(afterEmail.status, 'awaiting_verification');
    await assert.rejects(acceptAuthority(ctx.db.deps, w.scope, request.id, {}), (e) => fieldsOf(e).includes('note'));
    const accepted = await acceptAuthority(at(ctx.db.deps, '2027-04-02T09:00:00Z'), w.scope, request.id, { note: 'Mandate checked against ID' });
    assert.equal(accepted.status, 'in_progress');
  });

  it('passes an end user’s request to the customer that is the controller once verified, with the customer’s term as deadline', async () => {
    const w = await workspace();
    const customer = await buildCustomer(ctx.db.deps, w.scope, { name: 'Shopify Clone SAS' });
    await ctx.db.deps.db.updateTable('customers').set({ dsr_forward_within: '48h' }).where('id', '=', customer.id).execute();
    const api = { channel: 'api' as const, actor: SYSTEM_ACTOR };
    const { request, statusToken } = await submitRequest(at(ctx.db.deps, '2027-05-03T08:00:00Z'), w.workspace.id, { type: 'erasure', email: 'fay@example.org', customer: customer.id }, api);
    assert.equal(request.controller, 'customer');
    const receipt = await lastMessageTo(ctx.db.deps.db, 'fay@example.org');
    assert.match(receipt.text_body, /Shopify Clone SAS decides on requests/);
    const { code } = await codeSentTo(ctx.db.deps.db, 'fay@example.org');
    const verified = await verifyRequestCode(at(ctx.db.deps, '2027-05-03T09:30:00Z'), w.workspace.id, statusToken, code);
    assert.equal(verified.status, 'forwarded');
    const fwd = await ctx.db.deps.db.selectFrom('dsr_forwardings').selectAll().where('request_id', '=', request.id).executeTakeFirstOrThrow();
    assert.deepEqual([fwd.within, fwd.due_at], ['48h', '2027-05-05T09:30:00.000Z']);
    const job = await ctx.db.deps.db.selectFrom('jobs').select('kind').where('ref_id', '=', fwd.id).executeTakeFirst();
    assert.equal(job?.kind, 'dsr.forward');
  });

  it('forwards an opt-out at once (no verification for it) and an operator can route a request to a customer', async () => {
    const w = await workspace();
    const customer = await buildCustomer(ctx.db.deps, w.scope);
    const optOut = await submitRequest(ctx.db.deps, w.workspace.id, { type: 'opt_out_sale', email: 'gil@example.org', customer: customer.id }, { channel: 'api', actor: SYSTEM_ACTOR });
    assert.equal(optOut.request.status, 'forwarded');
    const operator = { channel: 'operator' as const, actor: w.scope.actor };
    const { request } = await submitRequest(ctx.db.deps, w.workspace.id, { type: 'access', email: 'hal@example.org', identityChecked: true, identityNote: 'Called back on the number on file' }, operator);
    assert.equal(request.status, 'in_progress');
    const routed = await routeToCustomer(ctx.db.deps, w.scope, request.id, { customer: customer.id });
    assert.deepEqual([routed.status, routed.controller, routed.customer_id], ['forwarded', 'customer', customer.id]);
  });

  it('takes a letter received earlier from an operator and counts from that day, never from a future one', async () => {
    const w = await workspace();
    const operator = { channel: 'operator' as const, actor: w.scope.actor };
    const d = at(ctx.db.deps, '2027-06-10T12:00:00Z');
    const { request } = await submitRequest(d, w.workspace.id, { type: 'rectification', email: 'ida@example.org', receivedAt: '2027-06-07', identityChecked: true, identityNote: 'Letter signed, ID seen' }, operator);
    assert.deepEqual([request.received_on, request.due_on], ['2027-06-07', '2027-07-07']);
    await assert.rejects(submitRequest(d, w.workspace.id, { type: 'access', email: 'x@example.org', receivedAt: '2027-07-01' }, operator), (e) => fieldsOf(e).includes('receivedAt'));
  });

  it('names every bad field and records nothing', async () => {
    const w = await workspace();
    const before = await ctx.db.deps.db.selectFrom('dsr_requests').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    await assert.rejects(submitRequest(ctx.db.deps, w.workspace.id, { type: 'delete-everything', email: 'not-an-address', requester: 'agent', regime: 'mars' }, web), (e) => {
      assert.deepEqual(fieldsOf(e).sort(), ['agentEmail', 'agentName', 'authority', 'email', 'regime', 'type']);
      assert.ok(!(e as Error).message.includes('not-an-address'), 'the message does not repeat what was typed');
      return true;
    });
    const after = await ctx.db.deps.db.selectFrom('dsr_requests').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(after.n), Number(before.n));
  });

  it('flags a second open request of the same kind from the same address as a possible duplicate', async () => {
    const w = await workspace();
    const first = await submitRequest(ctx.db.deps, w.workspace.id, { type: 'access', email: 'jo@example.org' }, web);
    const second = await submitRequest(ctx.db.deps, w.workspace.id, { type: 'access', email: 'JO@example.org' }, web);
    const other = await submitRequest(ctx.db.deps, w.workspace.id, { type: 'erasure', email: 'jo@example.org' }, web);
    assert.deepEqual([second.request.duplicate_of, other.request.duplicate_of], [first.request.id, null]);
    assert.match((await lastMessageTo(ctx.db.deps.db, 'jo@example.org')).text_body, /R-/);
    const closed = await closeRequest(ctx.db.deps, w.scope, second.request.id, { outcome: 'duplicate', reason: 'Same as the first' });
    assert.equal(closed.status, 'duplicate');
  });

  it('waits for a clarification under GDPR, then counts the month from the answer; extends once, before the first deadline, with the reason told', async () => {
    const w = await workspace();
    const operator = { channel: 'operator' as const, actor: w.scope.actor };
    const { request, statusToken } = await submitRequest(at(ctx.db.deps, '2027-01-04T09:00:00Z'), w.workspace.id, { type: 'access', email: 'kim@example.org', identityChecked: true, identityNote: 'Known customer' }, operator);
    assert.equal(request.due_on, '2027-02-04');
    await requestClarification(at(ctx.db.deps, '2027-01-05T09:00:00Z'), w.scope, request.id, { question: 'Which of your two accounts?' });
    assert.match((await lastMessageTo(ctx.db.deps.db, 'kim@example.org')).text_body, /Which of your two accounts\?/);
    const answered = await answerClarification(at(ctx.db.deps, '2027-01-11T15:00:00Z'), w.workspace.id, statusToken, { answer: 'The shop one' });
    assert.deepEqual([answered.status, answered.due_on], ['in_progress', '2027-02-11']);
    const extended = await extendRequest(at(ctx.db.deps, '2027-02-01T09:00:00Z'), w.scope, request.id, { reason: 'Twelve systems to search' });
    assert.equal(extended.extended_due_on, '2027-04-12', '3 months from 11 Jan = Sun 11 Apr → Mon 12 Apr');
    assert.match((await lastMessageTo(ctx.db.deps.db, 'kim@example.org')).text_body, /Twelve systems to search/);
    await assert.rejects(extendRequest(ctx.db.deps, w.scope, request.id, { reason: 'again' }), codeIs('request_already_extended'));
    const audit = await ctx.db.deps.db.selectFrom('audit_events').select('after_json').where('subject_id', '=', request.id).execute();
    assert.ok(!JSON.stringify(audit).includes('Which of your two accounts') && !JSON.stringify(audit).includes('The shop one'), 'free text stays off the audit chain');
  });

  it('refuses an extension after the first deadline and under a regime without one', async () => {
    const w = await workspace();
    const operator = { channel: 'operator' as const, actor: w.scope.actor };
    const { request } = await submitRequest(at(ctx.db.deps, '2027-01-04T09:00:00Z'), w.workspace.id, { type: 'access', email: 'lea@example.org', identityChecked: true, identityNote: 'ok' }, operator);
    await assert.rejects(extendRequest(at(ctx.db.deps, '2027-02-05T09:00:00Z'), w.scope, request.id, { reason: 'late' }), codeIs('extension_too_late'));
    const br = await submitRequest(ctx.db.deps, w.workspace.id, { type: 'access', email: 'lea@example.org', regime: 'lgpd', identityChecked: true, identityNote: 'ok' }, operator);
    await assert.rejects(extendRequest(ctx.db.deps, w.scope, br.request.id, { reason: 'need time' }), codeIs('extension_not_allowed'));
  });

  it('lists open requests by the deadline that counts, with what is at risk, and drops withdrawn ones', async () => {
    const w = await workspace();
    const operator = { channel: 'operator' as const, actor: w.scope.actor };
    const early = await submitRequest(at(ctx.db.deps, '2027-01-04T09:00:00Z'), w.workspace.id, { type: 'access', email: 'mo@example.org', identityChecked: true, identityNote: 'ok' }, operator);
    const late = await submitRequest(at(ctx.db.deps, '2027-01-20T09:00:00Z'), w.workspace.id, { type: 'erasure', email: 'ned@example.org', identityChecked: true, identityNote: 'ok' }, operator);
    const gone = await submitRequest(at(ctx.db.deps, '2027-01-21T09:00:00Z'), w.workspace.id, { type: 'access', email: 'oz@example.org' }, web);
    await withdrawRequest(ctx.db.deps, w.workspace.id, gone.statusToken);
    const queue = await listRequests(ctx.db.deps.db, w.workspace.id, new Date('2027-02-01T09:00:00Z'));
    assert.deepEqual(queue.map((q) => q.reference), [early.request.reference, late.request.reference]);
    assert.deepEqual(queue.map((q) => q.risk), ['extension_notice_due', null]);
    const overdue = await listRequests(ctx.db.deps.db, w.workspace.id, new Date('2027-02-05T09:00:00Z'));
    assert.equal(overdue[0]?.risk, 'overdue');
  });
}, { clock: fixedClock('2027-01-01T00:00:00Z') });
