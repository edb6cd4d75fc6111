/**
 * The customer's instruction on a request passed on to it (fulfil, or refuse with its reason), from
 * the portal or over the API with the customer's token. The instruction is the controller's
 * decision: Trustroom records it, tells the requester, and after "fulfil" works on that customer's
 * data only (fulfil-on-instruction.ts).
 */
import type { Row } from '../../../db/schema.ts';
import { type Actor, type Deps, inTransaction } from '../../../shared/deps.ts';
import { conflict, notFound } from '../../../shared/errors.ts';
import { InputReader } from '../../../shared/input.ts';
import { cancelJobs, enqueueJob } from '../../jobs/enqueue-job.ts';
import { recordRequestEvent } from '../request-events.ts';
import { sendToRequester } from '../request-messages.ts';
import { isOpen, REQUEST_STATUS_LABELS } from '../requests.ts';
import { forwardingRules } from './forwarding-term.ts';
import { FULFIL_INSTRUCTED_JOB } from './fulfil-on-instruction.ts';
import { FORWARD_REMIND_JOB } from './send-forwarding.ts';

/** Who speaks for a customer: a portal contact or a customer API token, always of one customer of one workspace. */
export interface CustomerScope {
  workspaceId: string;
  customerId: string;
  actor: Actor;
}

export const INSTRUCTIONS = ['fulfil', 'refuse'] as const;
export type Instruction = (typeof INSTRUCTIONS)[number];

/** `{ instruction: 'fulfil' | 'refuse', reason }`; the reason is required to refuse (it is told to the person). */
export function parseInstruction(raw: unknown): { instruction: Instruction; reason: string | null } {
  const r = new InputReader(raw);
  const instruction = r.choice('instruction', INSTRUCTIONS, { required: true });
  const reason = r.text('reason', { required: instruction === 'refuse', max: 4000 });
  return r.done({ instruction: instruction as Instruction, reason });
}

/**
 * Records the customer's instruction. A request that is not the customer's is a 404 (whether it
 * exists is not told); one already instructed or closed is a 409. Fulfil: the request is in progress
 * and the `dsr.fulfil_instructed` job runs it in the customer's systems; refuse: the request closes as refused with the
 * customer's reason, which the requester is told.
 */
export async function instructRequest(deps: Deps, who: CustomerScope, requestId: string, raw: unknown): Promise<Row<'dsr_requests'>> {
  const { instruction, reason } = parseInstruction(raw);
  const updated = await inTransaction(deps, async (tx) => {
    const f = await tx.db.selectFrom('dsr_forwardings').innerJoin('dsr_requests', 'dsr_requests.id', 'dsr_forwardings.request_id')
      .selectAll('dsr_forwardings').where('dsr_forwardings.request_id', '=', requestId).where('dsr_forwardings.customer_id', '=', who.customerId)
      .where('dsr_requests.workspace_id', '=', who.workspaceId).where('dsr_requests.customer_id', '=', who.customerId).where('dsr_forwardings.sent_at', 'is not', null).executeTakeFirst();
    if (!f) throw notFound('request');
    const request = await tx.db.selectFrom('dsr_requests').selectAll().where('id', '=', requestId).executeTakeFirstOrThrow();
    if (f.instructed_at) throw conflict(`your instruction (${f.instruction}) was already recorded`, 'instruction_already_given');
    if (!isOpen(request.status)) throw conflict(`the request is ${REQUEST_STATUS_LABELS[request.status].toLowerCase()}`, 'request_closed');
    const now = tx.clock.now().toISOString();
    await tx.db.updateTable('dsr_forwardings').set({ instruction, instruction_reason: reason, instructed_at: now, instructed_by: who.actor.label }).where('id', '=', f.id).execute();
    for (let n = 1; n <= forwardingRules().remindAt.length; n++) await cancelJobs(tx, FORWARD_REMIND_JOB, `${f.id}:${n}`);
    const set = instruction === 'fulfil'
      ? { status: 'in_progress' as const, updated_at: now }
      : { status: 'refused' as const, outcome: 'refused', outcome_reason: reason, closed_at: now, updated_at: now };
    const next = await tx.db.updateTable('dsr_requests').set(set).where('id', '=', request.id).returningAll().executeTakeFirstOrThrow();
    if (instruction === 'refuse') await tx.db.updateTable('dsr_pauses').set({ ended_at: now }).where('request_id', '=', request.id).where('ended_at', 'is', null).execute();
    // The reason is the customer's free text: on the timeline and the forwarding row, not in the audit chain.
    await recordRequestEvent(tx, next, who.actor, 'instructed', { instruction, customerId: who.customerId }, request, { reason });
    const customer = await tx.db.selectFrom('customers').select('name').where('id', '=', who.customerId).executeTakeFirstOrThrow();
    await sendToRequester(tx, next, `instructed`, instruction === 'fulfil'
      ? { subject: `Your privacy request ${request.reference}: in progress`, paragraphs: [`${customer.name}, which decides on your request ${request.reference}, asked us to carry it out. We are doing so now and will tell you when it is done.`] }
      : {
        subject: `Your privacy request ${request.reference}: refused`,
        paragraphs: [`${customer.name}, which decides on your request ${request.reference}, refused it.`, `Its reason: ${reason}`, `You may contact ${customer.name} about this, lodge a complaint with a supervisory authority and seek a judicial remedy.`],
      });
    if (instruction === 'fulfil') await enqueueJob(tx, { kind: FULFIL_INSTRUCTED_JOB, refId: request.id, workspaceId: request.workspace_id });
    return next;
  });
  return updated;
}
