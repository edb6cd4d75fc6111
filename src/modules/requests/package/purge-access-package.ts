/**
 * Deleting an access package when its retention ends (rules/package.yaml): the ciphertext is
 * nulled and deleted_at set; the row stays, with its size and SHA-256, as the record of what was
 * provided. Run by the `request.package_purge` job scheduled when the package was stored.
 */
import { type Actor, type Deps, inTransaction, SYSTEM_ACTOR } from '../../../shared/deps.ts';
import { recordPackageEvent } from './package-events.ts';

/**
 * Deletes the package's ciphertext now (the job runs at its retention's end; an operator may call
 * it earlier). A package already deleted is left as it is; returns whether this call deleted it.
 */
export async function purgeAccessPackage(deps: Deps, packageId: string, actor: Actor = SYSTEM_ACTOR, reason = 'retention_ended'): Promise<boolean> {
  return inTransaction(deps, async (tx) => {
    const p = await tx.db.selectFrom('dsr_packages as p').innerJoin('dsr_requests as r', 'r.id', 'p.request_id')
      .select(['p.id', 'p.request_id', 'p.deleted_at', 'r.workspace_id']).where('p.id', '=', packageId).executeTakeFirst();
    if (!p || p.deleted_at) return false;
    const now = tx.clock.now().toISOString();
    const done = await tx.db.updateTable('dsr_packages').set({ ciphertext_base64: null, deleted_at: now }).where('id', '=', p.id).where('deleted_at', 'is', null).executeTakeFirst();
    if (Number(done.numUpdatedRows) !== 1) return false;
    await recordPackageEvent(tx, { id: p.request_id, workspace_id: p.workspace_id }, actor, 'package_deleted', { packageId: p.id, reason });
    return true;
  });
}
