import type { Row } from '../../db/schema.ts';
import type { Actor, TxDeps } from '../../shared/deps.ts';
import { newId } from '../../shared/ids.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { requestAuditView } from './requests.ts';

/**
 * One step of a request: a line on its timeline (the evidence a requester's status page and the
 * console show) and an audit event in the same transaction. `detail` holds counts, dates, message
 * ids and reasons an operator wrote; never the person's data.
 */
export async function recordRequestEvent(
  tx: TxDeps, request: Row<'dsr_requests'>, actor: Actor, kind: string, detail: Record<string, unknown> = {}, before?: Row<'dsr_requests'>,
): Promise<void> {
  await tx.db.insertInto('dsr_request_events').values({
    id: newId(), request_id: request.id, at: tx.clock.now().toISOString(), kind, actor: actor.label, detail: JSON.stringify(detail),
  }).execute();
  await recordAuditEvent(tx, {
    workspaceId: request.workspace_id, actor, action: `request.${kind}`, subjectType: 'dsr_request', subjectId: request.id,
    before: before ? requestAuditView(before) : undefined, after: { ...requestAuditView(request), ...detail },
  });
}
