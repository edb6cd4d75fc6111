/**
 * A step in an access package's life on its request's timeline and in the audit log, in the
 * caller's transaction (through the one request-event writer). Details are ids, sizes, hashes and
 * dates: never the person's data.
 */
import type { Actor, TxDeps } from '../../../shared/deps.ts';
import { recordRequestEvent } from '../request-events.ts';

export type PackageEventKind = 'package_created' | 'package_downloaded' | 'package_deleted';

export async function recordPackageEvent(
  tx: TxDeps, request: { id: string; workspace_id: string }, actor: Actor, kind: PackageEventKind, detail: Record<string, unknown>,
): Promise<void> {
  const row = await tx.db.selectFrom('dsr_requests').selectAll().where('id', '=', request.id).executeTakeFirstOrThrow();
  await recordRequestEvent(tx, row, actor, kind, detail);
}
