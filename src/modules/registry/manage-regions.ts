import { mapUnique } from '../../db/errors.ts';
import { type Deps, inTransaction, type Scope } from '../../shared/deps.ts';
import { notFound } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { uniqueSlug } from '../../shared/slugify.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { parseRegionInput, type RegionInput } from './registry.ts';
import { type RegionView, findRegion } from './registry.queries.ts';

const columns = (input: RegionInput) => ({
  slug: input.slug, name: input.name, provider: input.provider, provider_region: input.providerRegion,
  data_centres: JSON.stringify(input.dataCentres), backup_location: input.backupLocation, backup_countries: JSON.stringify(input.backupCountries),
});

/** Adds a hosting region with its provider, data centres and backup location. */
export async function createRegion(deps: Deps, scope: Scope, raw: unknown): Promise<RegionView> {
  const parsed = parseRegionInput(raw, true);
  return inTransaction(deps, async (tx) => {
    const id = newId();
    const input = parsed.slug ? parsed : { ...parsed, slug: await uniqueSlug(parsed.name, 'region', async (slug) =>
      !!(await tx.db.selectFrom('regions').select('id').where('workspace_id', '=', scope.workspaceId).where('slug', '=', slug).executeTakeFirst())) };
    const count = await tx.db.selectFrom('regions').select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', scope.workspaceId).executeTakeFirstOrThrow();
    await mapUnique(
      () => tx.db.insertInto('regions').values({ id, workspace_id: scope.workspaceId, position: Number(count.n), ...columns(input) }).execute(),
      'slug: a region with this slug already exists', 'region_exists',
    );
    const after = (await findRegion(tx.db, scope.workspaceId, id)) as RegionView;
    await recordAuditEvent(tx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'region.created', subjectType: 'region', subjectId: id, after });
    return after;
  });
}

export async function updateRegion(deps: Deps, scope: Scope, id: string, raw: unknown): Promise<RegionView> {
  const input = parseRegionInput(raw);
  return inTransaction(deps, async (tx) => {
    const before = await findRegion(tx.db, scope.workspaceId, id);
    if (!before) throw notFound('region');
    await mapUnique(
      () => tx.db.updateTable('regions').set(columns(input)).where('id', '=', id).execute(),
      'slug: a region with this slug already exists', 'region_exists',
    );
    const after = (await findRegion(tx.db, scope.workspaceId, id)) as RegionView;
    await recordAuditEvent(tx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'region.updated', subjectType: 'region', subjectId: id, before, after });
    return after;
  });
}

export async function deleteRegion(deps: Deps, scope: Scope, id: string): Promise<void> {
  await inTransaction(deps, async (tx) => {
    const before = await findRegion(tx.db, scope.workspaceId, id);
    if (!before) throw notFound('region');
    await tx.db.deleteFrom('engagement_regions').where('region_id', '=', id).execute();
    await tx.db.deleteFrom('regions').where('id', '=', id).execute();
    await recordAuditEvent(tx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'region.deleted', subjectType: 'region', subjectId: id, before });
  });
}
