import type { Db, Row } from '../../db/schema.ts';
import type { Changelog } from './diff-snapshots.ts';
import type { Snapshot } from './snapshot.ts';

export interface ListVersion {
  id: string;
  workspaceId: string;
  version: number;
  currentAsOf: string;
  publishedAt: string;
  publishedBy: string;
  note: string | null;
  digest: string;
  snapshot: Snapshot;
  changelog: Changelog;
}

export type ListVersionSummary = Omit<ListVersion, 'snapshot'>;

const toVersion = (r: Row<'list_versions'>): ListVersion => ({
  id: r.id, workspaceId: r.workspace_id, version: r.version, currentAsOf: r.current_as_of, publishedAt: r.published_at,
  publishedBy: r.published_by, note: r.note, digest: r.digest, snapshot: JSON.parse(r.snapshot), changelog: JSON.parse(r.changelog),
});

export async function findLatestVersion(db: Db, workspaceId: string): Promise<ListVersion | undefined> {
  const row = await db.selectFrom('list_versions').selectAll().where('workspace_id', '=', workspaceId).orderBy('version', 'desc').limit(1).executeTakeFirst();
  return row && toVersion(row);
}

/** Number and digest of the latest version: the cheap check public routes make on every request. */
export async function findLatestVersionStamp(db: Db, workspaceId: string): Promise<{ version: number; digest: string } | undefined> {
  return db.selectFrom('list_versions').select(['version', 'digest']).where('workspace_id', '=', workspaceId).orderBy('version', 'desc').limit(1).executeTakeFirst();
}

export async function findVersion(db: Db, workspaceId: string, version: number): Promise<ListVersion | undefined> {
  const row = await db.selectFrom('list_versions').selectAll().where('workspace_id', '=', workspaceId).where('version', '=', version).executeTakeFirst();
  return row && toVersion(row);
}

/** Every version, newest first, with changelogs but without snapshots. */
export async function listVersions(db: Db, workspaceId: string): Promise<ListVersionSummary[]> {
  const rows = await db.selectFrom('list_versions')
    .select(['id', 'workspace_id', 'version', 'current_as_of', 'published_at', 'published_by', 'note', 'digest', 'changelog'])
    .where('workspace_id', '=', workspaceId).orderBy('version', 'desc').execute();
  return rows.map((r) => ({
    id: r.id, workspaceId: r.workspace_id, version: r.version, currentAsOf: r.current_as_of, publishedAt: r.published_at,
    publishedBy: r.published_by, note: r.note, digest: r.digest, changelog: JSON.parse(r.changelog),
  }));
}
