import { randomInt } from 'node:crypto';
import type { RequestChannel } from '../../db/schema-requests.ts';
import type { Row } from '../../db/schema.ts';
import { type Actor, type Deps, inTransaction, type TxDeps } from '../../shared/deps.ts';
import { invalid, notFound } from '../../shared/errors.ts';
import { newId, newSecret, sha256 } from '../../shared/ids.ts';
import { resolveCalendar } from '../periods/holidays.ts';
import { requestDeadlines } from './deadlines.ts';
import { enqueueJob } from '../jobs/enqueue-job.ts';
import { FULFIL_INSTRUCTED_JOB } from './forwarding/fulfil-on-instruction.ts';
import { startWork } from './request-flow.ts';
import { recordRequestEvent } from './request-events.ts';
import { receiptMessage, requestStatusUrl, sendToRequester } from './request-messages.ts';
import { defaultRegime, newReference, OPEN_STATUSES, parseRequestInput, verificationLevel, verificationRules } from './requests.ts';
import { verifyLinkUrl } from './verify-request.ts';

export interface SubmitOptions {
  channel: RequestChannel;
  actor: Actor;
  /** Set when a customer sends the request with its own credentials: it is the controller. */
  customerId?: string;
}

export interface SubmitResult {
  request: Row<'dsr_requests'>;
  /** The secret of the private status page; only its hash is kept. */
  statusToken: string;
  statusUrl: string;
}

/**
 * Records a data-subject request and answers with its receipt: from the public form, the API, an
 * operator (letter, phone) or a customer sending its end user's request to the processor. The
 * deadlines come from the regime of the controller (the workspace, or the customer whose end user
 * the person is) counted from the receipt day in the controller's time zone and calendar. Where
 * the type needs it, a one-time code and link go to the e-mail address given and nothing happens
 * until it is confirmed; an open request of the same kind from the same address is flagged as a
 * possible duplicate. Once verified (or when no verification is needed), a request about a
 * customer's end user is passed on to that customer, and any other starts.
 */
export async function submitRequest(deps: Deps, workspaceId: string, raw: unknown, opts: SubmitOptions): Promise<SubmitResult> {
  const now = deps.clock.now();
  const input = parseRequestInput(raw, opts.channel, now);
  const customerId = opts.customerId ?? input.customerId;
  return inTransaction(deps, async (tx) => {
    const ws = await tx.db.selectFrom('workspaces').selectAll().where('id', '=', workspaceId).executeTakeFirst();
    if (!ws) throw notFound('workspace');
    const customer = customerId
      ? await tx.db.selectFrom('customers').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', customerId).executeTakeFirst()
      : undefined;
    if (customerId && !customer) throw invalid('customer', 'must be a customer of this workspace');
    const timeZone = customer?.time_zone ?? ws.time_zone;
    const calendar = customer ? resolveCalendar([customer.subdivision, customer.country, ws.calendar, ws.country]) : resolveCalendar([ws.calendar, ws.country]);
    const regime = input.regime ?? (customer ? defaultRegime(customer.subdivision ?? customer.country) : ws.dsr_regime ?? defaultRegime(ws.calendar ?? ws.country));
    const receivedAt = input.receivedAt ?? now;
    const deadlines = requestDeadlines({ regime, receivedAt, timeZone, calendar, type: input.type });
    const duplicate = await findOpenDuplicate(tx, workspaceId, input.email, input.type, customer?.id ?? null);
    const level = verificationLevel(input.type, input.requester);
    // A customer sending its own user's request is the controller: it has verified the person.
    const verified = level === 'none' || input.identityChecked || opts.channel === 'customer';
    const statusToken = newSecret();
    const stamp = now.toISOString();
    const base = {
      id: newId(), workspace_id: workspaceId, reference: newReference(), type: input.type, regime, channel: opts.channel,
      controller: customer ? ('customer' as const) : ('workspace' as const), customer_id: customer?.id ?? null, requester_kind: input.requester,
      subject_name: input.name, subject_email: input.email, subject_identity: JSON.stringify({ email: input.email }),
      agent_name: input.agentName, agent_email: input.agentEmail, agent_evidence: input.authority,
      details: [input.details, input.company ? `Company whose service I use: ${input.company}` : null].filter(Boolean).join('\n\n') || null,
      status: verified ? ('in_progress' as const) : ('awaiting_verification' as const), verification_level: level,
      verified_at: verified ? stamp : null, received_at: receivedAt.toISOString(), received_on: deadlines.receivedOn, time_zone: timeZone, calendar,
      due_on: deadlines.due, extended_due_on: null, extension_reason: null, extended_at: null, customer_due_on: input.customerDueOn,
      external_id: input.externalId, status_token_hash: sha256(statusToken), duplicate_of: duplicate?.id ?? null,
      outcome: null, outcome_reason: null, closed_at: null, created_at: stamp, updated_at: stamp,
    };
    let request = await tx.db.insertInto('dsr_requests').values(base).returningAll().executeTakeFirstOrThrow();
    await recordRequestEvent(tx, request, opts.actor, 'received', {
      channel: opts.channel, dueOn: deadlines.due, extendedDueOn: deadlines.extendedDue, duplicateOf: duplicate?.reference ?? null,
      ...(input.identityChecked ? { identityCheckedBy: opts.actor.label } : {}),
    }, undefined, input.identityChecked ? { identityNote: input.identityNote } : {});
    let code: string | null = null;
    let verifyUrl: string | null = null;
    if (!verified) {
      await tx.db.insertInto('dsr_pauses').values({ id: newId(), request_id: request.id, reason: 'identity', note: null, started_at: stamp, ended_at: null }).execute();
      ({ code, verifyUrl } = await issueVerification(tx, request, ws.slug));
    } else if (opts.channel !== 'customer') {
      request = await startWork(tx, request, opts.actor, now);
    } else {
      // The controller sent it: that is its instruction to fulfil it in its systems.
      await enqueueJob(tx, { kind: FULFIL_INSTRUCTED_JOB, refId: request.id, workspaceId });
    }
    const controllerName = customer?.name ?? ws.name;
    const statusUrl = requestStatusUrl(tx.publicUrl, ws.slug, statusToken);
    await sendToRequester(tx, request, 'receipt', receiptMessage(request, {
      workspaceName: ws.name, controllerName, statusUrl, code, verifyUrl, validHours: verificationRules().code.validHours, dueOn: deadlines.due,
      duplicateOf: duplicate?.reference ?? null,
    }));
    return { request, statusToken, statusUrl };
  });
}

/** An open request of the same type from the same address to the same controller. */
async function findOpenDuplicate(tx: TxDeps, workspaceId: string, email: string, type: string, customerId: string | null) {
  let q = tx.db.selectFrom('dsr_requests').select(['id', 'reference']).where('workspace_id', '=', workspaceId).where('subject_email', '=', email)
    .where('type', '=', type as Row<'dsr_requests'>['type']).where('status', 'in', OPEN_STATUSES as Row<'dsr_requests'>['status'][]);
  q = customerId ? q.where('customer_id', '=', customerId) : q.where('customer_id', 'is', null);
  return q.orderBy('created_at').executeTakeFirst();
}

/** A new one-time code and link for a request (earlier ones stop working). */
export async function issueVerification(tx: TxDeps, request: Row<'dsr_requests'>, slug: string): Promise<{ code: string; verifyUrl: string }> {
  const rules = verificationRules().code;
  const now = tx.clock.now();
  const code = String(randomInt(10 ** rules.digits)).padStart(rules.digits, '0');
  const linkToken = newSecret();
  await tx.db.updateTable('dsr_verifications').set({ used_at: now.toISOString() }).where('request_id', '=', request.id).where('used_at', 'is', null).execute();
  await tx.db.insertInto('dsr_verifications').values({
    id: newId(), request_id: request.id, code_hash: sha256(`${request.id}:${code}`), link_token_hash: sha256(linkToken),
    expires_at: new Date(now.getTime() + rules.validHours * 3600_000).toISOString(), used_at: null, created_at: now.toISOString(),
  }).execute();
  return { code, verifyUrl: verifyLinkUrl(tx.publicUrl, slug, linkToken) };
}
