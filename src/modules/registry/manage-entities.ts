import { mapUnique } from '../../db/errors.ts';
import { type Deps, inTransaction, type Scope, type TxDeps } from '../../shared/deps.ts';
import { conflict, invalid, notFound } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { parseEntityInput } from './registry.ts';
import { type EntityView, findEntity } from './registry.queries.ts';

/** Adds a company (legal entity) to the registry. */
export async function createEntity(deps: Deps | TxDeps, scope: Scope, raw: unknown): Promise<EntityView> {
  const input = parseEntityInput(raw);
  return inTransaction(deps, async (tx) => {
    if (input.parentEntityId && !(await findEntity(tx.db, scope.workspaceId, input.parentEntityId))) {
      throw invalid('parentEntityId', 'must be an entity of this workspace');
    }
    const now = tx.clock.now().toISOString();
    const id = newId();
    await mapUnique(
      () => tx.db.insertInto('entities').values({
        id, workspace_id: scope.workspaceId, name: input.name, legal_name: input.legalName, country: input.country,
        address: input.address, website: input.website, contact_email: input.contactEmail, dpo_contact: input.dpoContact,
        parent_entity_id: input.parentEntityId, notes: input.notes, created_at: now, updated_at: now,
      }).execute(),
      'name: an entity with this name already exists', 'entity_exists',
    );
    const after = (await findEntity(tx.db, scope.workspaceId, id)) as EntityView;
    await recordAuditEvent(tx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'entity.created', subjectType: 'entity', subjectId: id, after });
    return after;
  });
}

/** Replaces an entity's fields with `raw` (a full entity, as the edit form sends). */
export async function updateEntity(deps: Deps, scope: Scope, id: string, raw: unknown): Promise<EntityView> {
  const input = parseEntityInput(raw);
  return inTransaction(deps, async (tx) => {
    const before = await findEntity(tx.db, scope.workspaceId, id);
    if (!before) throw notFound('entity');
    if (input.parentEntityId === id) throw invalid('parentEntityId', 'cannot be the entity itself');
    if (input.parentEntityId && !(await findEntity(tx.db, scope.workspaceId, input.parentEntityId))) {
      throw invalid('parentEntityId', 'must be an entity of this workspace');
    }
    await mapUnique(
      () => tx.db.updateTable('entities').set({
        name: input.name, legal_name: input.legalName, country: input.country, address: input.address, website: input.website,
        contact_email: input.contactEmail, dpo_contact: input.dpoContact, parent_entity_id: input.parentEntityId, notes: input.notes,
        updated_at: tx.clock.now().toISOString(),
      }).where('id', '=', id).where('workspace_id', '=', scope.workspaceId).execute(),
      'name: an entity with this name already exists', 'entity_exists',
    );
    const after = (await findEntity(tx.db, scope.workspaceId, id)) as EntityView;
    await recordAuditEvent(tx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'entity.updated', subjectType: 'entity', subjectId: id, before, after });
    return after;
  });
}

/** Removes an entity that no engagement uses any more. */
export async function deleteEntity(deps: Deps, scope: Scope, id: string): Promise<void> {
  await inTransaction(deps, async (tx) => {
    const before = await findEntity(tx.db, scope.workspaceId, id);
    if (!before) throw notFound('entity');
    const used = await tx.db.selectFrom('engagements').select('id').where('entity_id', '=', id).limit(1).executeTakeFirst();
    if (used) throw conflict('the entity still has engagements: delete them first', 'entity_in_use');
    await tx.db.updateTable('entities').set({ parent_entity_id: null }).where('parent_entity_id', '=', id).execute();
    await tx.db.deleteFrom('entities').where('id', '=', id).execute();
    await recordAuditEvent(tx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'entity.deleted', subjectType: 'entity', subjectId: id, before });
  });
}
