/**
 * What operators and requesters do with a request after it arrived: accept or reject an agent's
 * authority, ask for clarification and answer it, extend the deadline (within the first period,
 * with a reason, as many times as the regime allows), route it to a customer, close it as done,
 * refused or duplicate, and withdraw it. Each step is a timeline line, an audit event and, where
 * the requester must know, a message, all in one transaction.
 */
import type { Row } from '../../db/schema.ts';
import { type Deps, inTransaction, type Scope, type TxDeps } from '../../shared/deps.ts';
import { conflict, invalid, notFound } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { InputReader } from '../../shared/input.ts';
import { dateInZone } from '../periods/zoned-dates.ts';
import { requestDeadlines } from './deadlines.ts';
import { reportToCustomer } from './forwarding/report-to-customer.ts';
import { endPause, recountDeadlines, startWork } from './request-flow.ts';
import { recordRequestEvent } from './request-events.ts';
import { sendToRequester } from './request-messages.ts';
import { isOpen, REQUEST_STATUS_LABELS, REQUESTS_ACTOR } from './requests.ts';
import { findRequestByStatusToken } from './verify-request.ts';

type Req = Row<'dsr_requests'>;

async function load(tx: TxDeps, scope: Scope, id: string): Promise<Req> {
  const r = await tx.db.selectFrom('dsr_requests').selectAll().where('workspace_id', '=', scope.workspaceId).where('id', '=', id).executeTakeFirst();
  if (!r) throw notFound('request');
  return r;
}

const mustBeOpen = (r: Req) => {
  if (!isOpen(r.status)) throw conflict(`the request is ${REQUEST_STATUS_LABELS[r.status].toLowerCase()}`, 'request_closed');
};

async function update(tx: TxDeps, r: Req, set: Partial<Req>): Promise<Req> {
  return tx.db.updateTable('dsr_requests').set({ ...set, updated_at: tx.clock.now().toISOString() }).where('id', '=', r.id).returningAll().executeTakeFirstOrThrow();
}

/** An operator checked the agent's or parent's authority: the request goes to work. */
export async function acceptAuthority(deps: Deps, scope: Scope, id: string, raw: unknown): Promise<Req> {
  const r = new InputReader(raw);
  const note = r.text('note', { required: true, max: 1000 });
  r.done(null);
  return inTransaction(deps, async (tx) => {
    const req = await load(tx, scope, id);
    if (req.status !== 'awaiting_verification') throw conflict('the request is not waiting for verification', 'request_not_awaiting_verification');
    // The e-mail address comes first: an agent's or parent's authority is checked on a request whose sender controls it.
    const confirmed = await tx.db.selectFrom('dsr_request_events').select('id').where('request_id', '=', req.id).where('kind', '=', 'email_confirmed').executeTakeFirst();
    if (!confirmed) throw conflict('the requester has not confirmed the e-mail address yet', 'email_not_confirmed');
    const now = tx.clock.now();
    let updated = await update(tx, req, { verified_at: now.toISOString() });
    await recordRequestEvent(tx, updated, scope.actor, 'authority_accepted', {}, req, { note });
    await endPause(tx, req.id, 'identity', now);
    updated = await recountDeadlines(tx, updated);
    return startWork(tx, updated, scope.actor, now);
  });
}

/** Asks the requester for what is missing; the clock waits where the regime says so. */
export async function requestClarification(deps: Deps, scope: Scope, id: string, raw: unknown): Promise<Req> {
  const r = new InputReader(raw);
  const question = r.text('question', { required: true, max: 4000 });
  r.done(null);
  return inTransaction(deps, async (tx) => {
    const req = await load(tx, scope, id);
    mustBeOpen(req);
    if (req.status === 'awaiting_clarification') throw conflict('a question is already waiting for an answer', 'clarification_open');
    const now = tx.clock.now().toISOString();
    await tx.db.insertInto('dsr_pauses').values({ id: newId(), request_id: req.id, reason: 'clarification', note: null, started_at: now, ended_at: null }).execute();
    const updated = await update(tx, req, { status: 'awaiting_clarification' });
    const n = await tx.db.selectFrom('dsr_pauses').select((eb) => eb.fn.countAll<number>().as('n')).where('request_id', '=', req.id).executeTakeFirstOrThrow();
    await recordRequestEvent(tx, updated, scope.actor, 'clarification_requested', {}, req, { question });
    await sendToRequester(tx, updated, `clarification:${n.n}`, {
      subject: `A question about your privacy request ${req.reference}`,
      paragraphs: [question!, 'Please answer on your request’s page (the link in our first message).'],
    });
    return updated;
  });
}

/** The requester answers on the status page; the request goes back to where it was. */
export async function answerClarification(deps: Deps, workspaceId: string, statusToken: string, raw: unknown): Promise<Req> {
  const r = new InputReader(raw);
  const answer = r.text('answer', { required: true, max: 8000 });
  r.done(null);
  const found = await findRequestByStatusToken(deps.db, workspaceId, statusToken);
  if (!found) throw notFound('request');
  return inTransaction(deps, async (tx) => {
    const req = await tx.db.selectFrom('dsr_requests').selectAll().where('id', '=', found.id).executeTakeFirstOrThrow();
    if (req.status !== 'awaiting_clarification') throw conflict('no question is waiting for an answer', 'no_clarification_open');
    const now = tx.clock.now();
    await endPause(tx, req.id, 'clarification', now);
    const details = [req.details, `Clarification (${now.toISOString().slice(0, 10)}): ${answer}`].filter(Boolean).join('\n\n');
    const forwarded = await tx.db.selectFrom('dsr_forwardings').select('id').where('request_id', '=', req.id).executeTakeFirst();
    const status = !req.verified_at ? 'awaiting_verification' : forwarded ? 'forwarded' : 'in_progress';
    const updated = await update(tx, req, { status, details });
    await recordRequestEvent(tx, updated, REQUESTS_ACTOR, 'clarified', {}, req);
    return recountDeadlines(tx, updated);
  });
}

/**
 * Extends the deadline to the regime's extended one, with the reason told to the requester. Only
 * before the first deadline passes (the notice is due within it), and only where the regime
 * allows an extension.
 */
export async function extendRequest(deps: Deps, scope: Scope, id: string, raw: unknown): Promise<Req> {
  const r = new InputReader(raw);
  const reason = r.text('reason', { required: true, max: 4000 });
  r.done(null);
  return inTransaction(deps, async (tx) => {
    const req = await load(tx, scope, id);
    mustBeOpen(req);
    if (req.extended_due_on) throw conflict('the request was already extended', 'request_already_extended');
    const today = dateInZone(tx.clock.now(), req.time_zone);
    if (today > req.due_on) throw conflict(`the extension had to be notified by ${req.due_on}`, 'extension_too_late');
    const d = requestDeadlines({ regime: req.regime, receivedAt: new Date(req.received_at), timeZone: req.time_zone, calendar: req.calendar, type: req.type });
    if (!d.extendedDue) throw conflict(`${d.ledger.title} allows no extension`, 'extension_not_allowed');
    // Counted like the first deadline: when pauses moved the start, the extension moves with it.
    const probe = await recountDeadlines(tx, { ...req, extended_due_on: d.extendedDue });
    const updated = await update(tx, probe, { extended_due_on: probe.extended_due_on ?? d.extendedDue, extension_reason: reason, extended_at: tx.clock.now().toISOString() });
    await recordRequestEvent(tx, updated, scope.actor, 'extended', { extendedDueOn: updated.extended_due_on }, req, { reason });
    await sendToRequester(tx, updated, 'extension', {
      subject: `More time needed for your privacy request ${req.reference}`,
      paragraphs: [`We need more time to answer your request ${req.reference}. We will answer by ${updated.extended_due_on}.`, `Why: ${reason}`,
        'You may lodge a complaint with a supervisory authority and seek a judicial remedy.'],
    });
    return updated;
  });
}

/** An operator routes a request to the customer whose end user the person is; it is passed on. */
export async function routeToCustomer(deps: Deps, scope: Scope, id: string, raw: unknown): Promise<Req> {
  const r = new InputReader(raw);
  const customerId = r.text('customer', { required: true, max: 100 });
  r.done(null);
  return inTransaction(deps, async (tx) => {
    const req = await load(tx, scope, id);
    mustBeOpen(req);
    if (req.controller === 'customer') throw conflict('the request is already with a customer', 'request_already_routed');
    const customer = await tx.db.selectFrom('customers').select(['id', 'name']).where('workspace_id', '=', scope.workspaceId).where('id', '=', customerId!).executeTakeFirst();
    if (!customer) throw invalid('customer', 'must be a customer of this workspace');
    const updated = await update(tx, req, { controller: 'customer', customer_id: customer.id });
    await recordRequestEvent(tx, updated, scope.actor, 'routed', { customerId: customer.id }, req);
    return updated.verified_at ? startWork(tx, updated, scope.actor, tx.clock.now()) : updated;
  });
}

/** Closes a request as answered (`outcome: completed`) or refused with the reason told to the requester. */
export async function closeRequest(deps: Deps, scope: Scope, id: string, raw: unknown): Promise<Req> {
  const r = new InputReader(raw);
  const outcome = r.choice('outcome', ['completed', 'refused', 'duplicate'] as const, { required: true });
  const reason = r.text('reason', { required: outcome !== 'completed', max: 4000 });
  r.done(null);
  return inTransaction(deps, async (tx) => {
    const req = await load(tx, scope, id);
    mustBeOpen(req);
    if (outcome === 'duplicate' && !req.duplicate_of) throw invalid('outcome', 'only a request flagged as a duplicate can be closed as one');
    const now = tx.clock.now().toISOString();
    const updated = await update(tx, req, { status: outcome!, outcome: outcome!, outcome_reason: reason, closed_at: now });
    await tx.db.updateTable('dsr_pauses').set({ ended_at: now }).where('request_id', '=', req.id).where('ended_at', 'is', null).execute();
    await recordRequestEvent(tx, updated, scope.actor, `closed_${outcome}`, {}, req, { reason });
    const lines = outcome === 'completed'
      ? [`We have answered your request ${req.reference}.`, ...(reason ? [reason] : [])]
      : outcome === 'refused'
        ? [`We cannot act on your request ${req.reference}.`, `Why: ${reason}`, 'You may lodge a complaint with a supervisory authority and seek a judicial remedy.']
        : [`Your request ${req.reference} repeats an earlier one that is still open; we answer it there.`, ...(reason ? [reason] : [])];
    await sendToRequester(tx, updated, `closed`, { subject: `Your privacy request ${req.reference}`, paragraphs: lines });
    await reportToCustomer(tx, updated, scope.actor);
    return updated;
  });
}

/** The requester withdraws the request from its status page. */
export async function withdrawRequest(deps: Deps, workspaceId: string, statusToken: string): Promise<Req> {
  const found = await findRequestByStatusToken(deps.db, workspaceId, statusToken);
  if (!found) throw notFound('request');
  return inTransaction(deps, async (tx) => {
    const req = await tx.db.selectFrom('dsr_requests').selectAll().where('id', '=', found.id).executeTakeFirstOrThrow();
    if (!isOpen(req.status)) return req;
    const now = tx.clock.now().toISOString();
    const updated = await update(tx, req, { status: 'withdrawn', outcome: 'withdrawn', closed_at: now });
    await tx.db.updateTable('dsr_pauses').set({ ended_at: now }).where('request_id', '=', req.id).where('ended_at', 'is', null).execute();
    await recordRequestEvent(tx, updated, REQUESTS_ACTOR, 'withdrawn', {}, req);
    await reportToCustomer(tx, updated);
    return updated;
  });
}
