/**
 * After a customer's "fulfil": the `dsr.fulfil_instructed` job runs the request in that customer's
 * systems only (runErasureForRequest picks the systems by the request's customer). An erasure that
 * ran in every system without a hold or a failure closes the request as completed and reports back
 * to the customer; anything else (a hold, a failed system, no system, an access request whose
 * package an operator sends) stays in progress for an operator.
 */
import { type Deps, inTransaction, SYSTEM_ACTOR } from '../../../shared/deps.ts';
import { closeRequest } from '../request-steps.ts';
import { runErasureForRequest, type FulfilOptions } from '../systems/fulfil-request.ts';
import { reportToCustomer } from './report-to-customer.ts';

export const FULFIL_INSTRUCTED_JOB = 'dsr.fulfil_instructed';

/** The job (ref: the request id). Returns what happened, for tests and logs (no personal data). */
export async function fulfilOnInstruction(deps: Deps, requestId: string, opts: FulfilOptions = {}): Promise<'closed' | 'left_open' | 'skipped'> {
  const request = await deps.db.selectFrom('dsr_requests').selectAll().where('id', '=', requestId).executeTakeFirst();
  if (!request || request.status !== 'in_progress' || request.controller !== 'customer' || request.type !== 'erasure') return 'skipped';
  const scope = { workspaceId: request.workspace_id, actor: SYSTEM_ACTOR };
  const result = await runErasureForRequest(deps, scope, requestId, opts);
  if (result.heldBy || result.runs.length === 0 || result.runs.some((r) => r.outcome !== 'ok')) return 'left_open';
  const reason = `Erased in ${result.runs.length} ${result.runs.length === 1 ? 'system' : 'systems'}${result.withheld ? `; ${result.withheld} records kept where the law requires them to be kept` : ''}.`;
  await inTransaction(deps, async (tx) => {
    // closeRequest joins this open transaction (inTransaction), so the close and the report commit together.
    const closed = await closeRequest(tx as unknown as Deps, scope, requestId, { outcome: 'completed', reason });
    await reportToCustomer(tx, closed);
  });
  return 'closed';
}
