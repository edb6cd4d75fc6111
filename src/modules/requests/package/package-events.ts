/**
 * A step in an access package's life on its request's timeline (dsr_request_events) and in the
 * audit log, in the caller's transaction. Details are ids, sizes, hashes and dates: never the
 * person's data.
 */
import type { Actor, TxDeps } from '../../../shared/deps.ts';
import { newId } from '../../../shared/ids.ts';
import { recordAuditEvent } from '../../audit/record-audit-event.ts';

export type PackageEventKind = 'package_created' | 'package_downloaded' | 'package_deleted';

export async function recordPackageEvent(
  tx: TxDeps, request: { id: string; workspace_id: string }, actor: Actor, kind: PackageEventKind, detail: Record<string, unknown>,
): Promise<void> {
  await tx.db.insertInto('dsr_request_events').values({
    id: newId(), request_id: request.id, at: tx.clock.now().toISOString(), kind, actor: actor.label, detail: JSON.stringify(detail),
  }).execute();
  await recordAuditEvent(tx, { workspaceId: request.workspace_id, actor, action: `request.${kind}`, subjectType: 'dsr_request', subjectId: request.id, after: detail });
}
