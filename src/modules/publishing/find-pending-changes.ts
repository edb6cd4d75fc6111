import type { Db } from '../../db/schema.ts';
import { type Changelog, diffSnapshots, isEmptyChangelog } from './diff-snapshots.ts';
import { findLatestVersion, type ListVersion } from './list-versions.queries.ts';
import { buildSnapshot } from './publish-list-version.ts';

export interface PendingChanges {
  /** The latest published version, if any. */
  latest: ListVersion | undefined;
  /** What publishing now would record: the registry as it stands against the latest version. */
  changelog: Changelog;
  hasChanges: boolean;
}

/** Compares the live registry with the latest published version: what is not public yet. */
export async function findPendingChanges(db: Db, workspaceId: string): Promise<PendingChanges> {
  const [latest, snapshot] = await Promise.all([findLatestVersion(db, workspaceId), buildSnapshot(db, workspaceId)]);
  const changelog = diffSnapshots(latest?.snapshot ?? null, snapshot);
  return { latest, changelog, hasChanges: !isEmptyChangelog(changelog) };
}
