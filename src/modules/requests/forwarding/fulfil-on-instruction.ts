/**
 * After a customer's "fulfil": the `dsr.fulfil_instructed` job answers an erasure from that
 * customer's systems only (answerErasure: exceptions and holds applied, the person told what was
 * kept) and, once the request is closed, reports back to the customer. Anything else stays in
 * progress for an operator: a hold, a failed system, an access request (its package is built from
 * the console, which holds the package key), another type.
 */
import { type Deps, inTransaction, SYSTEM_ACTOR } from '../../../shared/deps.ts';
import { answerErasure } from '../answer-request.ts';
import { isOpen } from '../requests.ts';
import type { FulfilOptions } from '../systems/fulfil-request.ts';
import { reportToCustomer } from './report-to-customer.ts';

export const FULFIL_INSTRUCTED_JOB = 'dsr.fulfil_instructed';

/** The job (ref: the request id). Safe to run again: a closed request is only reported, once. */
export async function fulfilOnInstruction(deps: Deps, requestId: string, opts: FulfilOptions = {}): Promise<'closed' | 'left_open' | 'skipped'> {
  const request = await deps.db.selectFrom('dsr_requests').selectAll().where('id', '=', requestId).executeTakeFirst();
  if (!request || request.controller !== 'customer') return 'skipped';
  if (request.status === 'in_progress' && request.type === 'erasure') {
    await answerErasure(deps, { workspaceId: request.workspace_id, actor: SYSTEM_ACTOR }, requestId, opts);
  }
  const current = await deps.db.selectFrom('dsr_requests').selectAll().where('id', '=', requestId).executeTakeFirstOrThrow();
  if (isOpen(current.status)) return current.status === 'in_progress' && current.type === 'erasure' ? 'left_open' : 'skipped';
  await inTransaction(deps, (tx) => reportToCustomer(tx, current));
  return 'closed';
}
