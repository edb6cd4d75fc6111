import { type Deps, inTransaction, type Scope } from '../../shared/deps.ts';
import { notFound } from '../../shared/errors.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { findSubscriber } from './subscribers.queries.ts';
import { auditViewOf } from './subscribers.ts';

/**
 * Deletes a subscriber (an operator honouring an erasure request, or cleaning up): the address is
 * gone from the list, and the audit event keeps only the id, status and filters. Messages already
 * sent stay in the delivery log.
 */
export async function removeSubscriber(deps: Deps, scope: Scope, id: string): Promise<void> {
  await inTransaction(deps, async (tx) => {
    const before = await findSubscriber(tx.db, scope.workspaceId, id);
    if (!before) throw notFound('subscriber');
    await tx.db.deleteFrom('subscribers').where('id', '=', id).where('workspace_id', '=', scope.workspaceId).execute();
    await recordAuditEvent(tx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'subscriber.removed', subjectType: 'subscriber', subjectId: id, before: auditViewOf(before) });
  });
}
