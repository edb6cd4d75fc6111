/**
 * After a customer's "fulfil": the `dsr.fulfil_instructed` job answers an erasure from that
 * customer's systems only (answerErasure: exceptions and holds applied, the person told what was
 * kept) or an access request (answerAccess: the package, its one-time link e-mailed, when the
 * worker holds the package key) and, once the request is closed, reports back to the customer.
 * Anything else stays in progress for an operator: a hold, a failed system, another type.
 */
import { type Deps, inTransaction, SYSTEM_ACTOR } from '../../../shared/deps.ts';
import { answerAccess, answerErasure } from '../answer-request.ts';
import type { PackageKey } from '../package/package-key.ts';
import { isOpen } from '../requests.ts';
import type { FulfilOptions } from '../systems/fulfil-request.ts';
import { reportToCustomer } from './report-to-customer.ts';

export const FULFIL_INSTRUCTED_JOB = 'dsr.fulfil_instructed';

/** The job (ref: the request id). Safe to run again: a closed request is only reported, once. */
export async function fulfilOnInstruction(deps: Deps, requestId: string, opts: FulfilOptions & { packageKey?: PackageKey | null } = {}): Promise<'closed' | 'left_open' | 'skipped'> {
  const request = await deps.db.selectFrom('dsr_requests').selectAll().where('id', '=', requestId).executeTakeFirst();
  if (!request || request.controller !== 'customer') return 'skipped';
  const scope = { workspaceId: request.workspace_id, actor: SYSTEM_ACTOR };
  const isAccess = request.type === 'access' || request.type === 'portability';
  const answerable = request.type === 'erasure' || (isAccess && !!opts.packageKey);
  if (request.status === 'in_progress' && request.type === 'erasure') await answerErasure(deps, scope, requestId, opts);
  else if (request.status === 'in_progress' && isAccess && opts.packageKey) await answerAccess(deps, scope, requestId, opts.packageKey, opts);
  const current = await deps.db.selectFrom('dsr_requests').selectAll().where('id', '=', requestId).executeTakeFirstOrThrow();
  if (isOpen(current.status)) return current.status === 'in_progress' && answerable ? 'left_open' : 'skipped';
  await inTransaction(deps, (tx) => reportToCustomer(tx, current));
  return 'closed';
}
