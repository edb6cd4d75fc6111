import type { Db } from '../../db/schema.ts';
import { listVersions } from '../publishing/list-versions.queries.ts';
import type { WorkspaceView } from '../workspaces/workspaces.ts';
import { listEngagements, listEntities, listRegions, listServices } from './registry.queries.ts';

export const EXPORT_FORMAT = 'trustroom.registry/1';

/**
 * A workspace's registry as one JSON document (Trustroom's own export format): readable by the
 * import of a later release, and a backup an operator can keep in git.
 */
export async function exportRegistry(db: Db, workspace: WorkspaceView) {
  const [services, regions, entities, engagements, versions] = await Promise.all([
    listServices(db, workspace.id), listRegions(db, workspace.id), listEntities(db, workspace.id), listEngagements(db, workspace.id), listVersions(db, workspace.id),
  ]);
  return {
    format: EXPORT_FORMAT,
    workspace: { slug: workspace.slug, name: workspace.name, groupBy: workspace.groupBy },
    services: services.map(({ id: _id, ...s }) => s),
    regions: regions.map(({ id: _id, ...r }) => r),
    entities: entities.map(({ createdAt: _c, updatedAt: _u, ...e }) => e),
    engagements: engagements.map(({ createdAt: _c, updatedAt: _u, entityLegalName: _l, ...g }) => g),
    versions: versions.map((v) => ({ version: v.version, currentAsOf: v.currentAsOf, publishedAt: v.publishedAt, publishedBy: v.publishedBy, note: v.note, digest: v.digest })),
  };
}
