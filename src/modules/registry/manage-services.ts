import { mapUnique } from '../../db/errors.ts';
import { type Deps, inTransaction, type Scope } from '../../shared/deps.ts';
import { notFound } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { uniqueSlug } from '../../shared/slugify.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { parseServiceInput } from './registry.ts';
import { type ServiceView, findService } from './registry.queries.ts';

/** Adds a service or platform (e.g. "InfluxCloud", "Connect") engagements can apply to. */
export async function createService(deps: Deps, scope: Scope, raw: unknown): Promise<ServiceView> {
  const parsed = parseServiceInput(raw, true);
  return inTransaction(deps, async (tx) => {
    const id = newId();
    const input = parsed.slug ? parsed : { ...parsed, slug: await uniqueSlug(parsed.name, 'service', async (slug) =>
      !!(await tx.db.selectFrom('services').select('id').where('workspace_id', '=', scope.workspaceId).where('slug', '=', slug).executeTakeFirst())) };
    const count = await tx.db.selectFrom('services').select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', scope.workspaceId).executeTakeFirstOrThrow();
    await mapUnique(
      () => tx.db.insertInto('services').values({ id, workspace_id: scope.workspaceId, slug: input.slug, name: input.name, description: input.description, position: Number(count.n) }).execute(),
      'slug: a service with this slug already exists', 'service_exists',
    );
    const after = (await findService(tx.db, scope.workspaceId, id)) as ServiceView;
    await recordAuditEvent(tx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'service.created', subjectType: 'service', subjectId: id, after });
    return after;
  });
}

export async function updateService(deps: Deps, scope: Scope, id: string, raw: unknown): Promise<ServiceView> {
  const input = parseServiceInput(raw);
  return inTransaction(deps, async (tx) => {
    const before = await findService(tx.db, scope.workspaceId, id);
    if (!before) throw notFound('service');
    await mapUnique(
      () => tx.db.updateTable('services').set({ slug: input.slug, name: input.name, description: input.description }).where('id', '=', id).execute(),
      'slug: a service with this slug already exists', 'service_exists',
    );
    const after = (await findService(tx.db, scope.workspaceId, id)) as ServiceView;
    await recordAuditEvent(tx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'service.updated', subjectType: 'service', subjectId: id, before, after });
    return after;
  });
}

/** Deletes a service; engagements simply stop listing it. */
export async function deleteService(deps: Deps, scope: Scope, id: string): Promise<void> {
  await inTransaction(deps, async (tx) => {
    const before = await findService(tx.db, scope.workspaceId, id);
    if (!before) throw notFound('service');
    await tx.db.deleteFrom('engagement_services').where('service_id', '=', id).execute();
    await tx.db.deleteFrom('services').where('id', '=', id).execute();
    await recordAuditEvent(tx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'service.deleted', subjectType: 'service', subjectId: id, before });
  });
}
