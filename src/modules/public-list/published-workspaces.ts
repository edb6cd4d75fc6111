import type { Db } from '../../db/schema.ts';
import { listWorkspaces, type WorkspaceView } from '../workspaces/workspaces.ts';

/**
 * Workspaces with at least one published list version, by slug: the ones the start page lists.
 * An empty workspace (the first-run "My organisation" before anything is published) has nothing
 * to show the public, so it is left out.
 */
export async function listPublishedWorkspaces(db: Db): Promise<WorkspaceView[]> {
  const [all, published] = await Promise.all([
    listWorkspaces(db),
    db.selectFrom('list_versions').select('workspace_id').distinct().execute(),
  ]);
  const ids = new Set(published.map((r) => r.workspace_id));
  return all.filter((w) => ids.has(w.id));
}
