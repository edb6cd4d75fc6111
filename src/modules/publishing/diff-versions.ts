import type { Db } from '../../db/schema.ts';
import { notFound } from '../../shared/errors.ts';
import { type Changelog, diffSnapshots } from './diff-snapshots.ts';
import { findVersion } from './list-versions.queries.ts';

/** The structural diff between two published versions of a workspace's list (either order). */
export async function diffVersions(db: Db, workspaceId: string, from: number, to: number): Promise<{ from: number; to: number; changelog: Changelog }> {
  const [a, b] = await Promise.all([findVersion(db, workspaceId, from), findVersion(db, workspaceId, to)]);
  if (!a) throw notFound(`version ${from}`);
  if (!b) throw notFound(`version ${to}`);
  return { from, to, changelog: diffSnapshots(a.snapshot, b.snapshot) };
}
