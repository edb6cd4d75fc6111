/**
 * The dsr.erasure_resume job: after a legal hold is released, each erasure it held runs again
 * by itself. A request is resumed once per hold (an `erasure_resumed` line marks it, so a retried
 * job does not run it twice); a request closed meanwhile is left alone.
 */
import { type Deps, inTransaction, SYSTEM_ACTOR } from '../../../shared/deps.ts';
import { isAppError } from '../../../shared/errors.ts';
import { answerErasure } from '../answer-request.ts';
import type { FulfilOptions } from '../systems/fulfil-request.ts';
import { recordTimeline } from '../systems/system-runs.ts';

const mentions = (holdId: string) => `%"holdId":"${holdId}"%`;

/** Re-runs every erasure the hold held; returns the ids of the requests run again. */
export async function resumeHeldErasures(deps: Deps, holdId: string, opts: FulfilOptions = {}): Promise<string[]> {
  const hold = await deps.db.selectFrom('dsr_legal_holds').selectAll().where('id', '=', holdId).executeTakeFirst();
  if (!hold || hold.released_at === null) return [];
  const held = await deps.db.selectFrom('dsr_request_events').innerJoin('dsr_requests', 'dsr_requests.id', 'dsr_request_events.request_id')
    .select('dsr_request_events.request_id').distinct()
    .where('dsr_requests.workspace_id', '=', hold.workspace_id).where('dsr_request_events.kind', '=', 'erasure_held')
    .where('dsr_request_events.detail', 'like', mentions(holdId)).execute();
  const resumed: string[] = [];
  const scope = { workspaceId: hold.workspace_id, actor: SYSTEM_ACTOR };
  for (const { request_id: requestId } of held) {
    const done = await deps.db.selectFrom('dsr_request_events').select('id').where('request_id', '=', requestId)
      .where('kind', '=', 'erasure_resumed').where('detail', 'like', mentions(holdId)).executeTakeFirst();
    if (done) continue;
    const request = await deps.db.selectFrom('dsr_requests').selectAll().where('id', '=', requestId).executeTakeFirstOrThrow();
    if (['completed', 'refused', 'withdrawn', 'duplicate'].includes(request.status)) continue;
    await inTransaction(deps, (tx) => recordTimeline(tx, request, SYSTEM_ACTOR, 'erasure_resumed', { holdId }));
    try {
      // Answered as any erasure is: completed and told, unless something holds or fails again.
      await answerErasure(deps, scope, requestId, opts);
    } catch (e) {
      // A request that can no longer be erased (closed, no identity) is not the job's failure.
      if (!isAppError(e) || e.status !== 409) throw e;
    }
    resumed.push(requestId);
  }
  return resumed;
}
