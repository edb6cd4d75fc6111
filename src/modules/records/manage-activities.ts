/**
 * Creating, replacing, deleting and reordering processing activities, each with its audit event in
 * the same transaction.
 */
import { mapUnique } from '../../db/errors.ts';
import { type Deps, inTransaction, type Scope, type TxDeps } from '../../shared/deps.ts';
import { type FieldIssue, invalid, notFound } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { InputReader } from '../../shared/input.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import type { ProcessingActivityView } from './processor-record.ts';
import { type ActivityInput, parseActivityInput } from './records.ts';
import { findActivity, listActivities } from './records.queries.ts';

const DUPLICATE_NAME = 'name: an activity with this name and role already exists';
const DUPLICATE_CODE = 'processing_activity_exists';

/** Checks service slugs against the workspace and returns their ids. */
async function resolveServices(tx: TxDeps, workspaceId: string, slugs: string[]): Promise<string[]> {
  if (slugs.length === 0) return [];
  const rows = await tx.db.selectFrom('services').select(['id', 'slug']).where('workspace_id', '=', workspaceId).where('slug', 'in', slugs).execute();
  const bySlug = new Map(rows.map((r) => [r.slug, r.id]));
  const issues: FieldIssue[] = slugs.flatMap((s, i) => (bySlug.has(s) ? [] : [{ field: `services[${i}]`, message: 'must be a service of this workspace' }]));
  if (issues.length) throw invalid(issues);
  return slugs.map((s) => bySlug.get(s) as string);
}

const columns = (input: ActivityInput) => ({
  role: input.role, name: input.name, purposes: JSON.stringify(input.purposes), data_subjects: JSON.stringify(input.dataSubjects),
  data_categories: JSON.stringify(input.dataCategories), special_categories: JSON.stringify(input.specialCategories),
  recipients: JSON.stringify(input.recipients), legal_basis: input.legalBasis, nature: input.nature, frequency: input.frequency,
  duration: input.duration, retention: input.retention, transfer_safeguards: input.transferSafeguards,
  joint_controllers: JSON.stringify(input.jointControllers),
});

async function writeServices(tx: TxDeps, activityId: string, serviceIds: string[]) {
  await tx.db.deleteFrom('processing_activity_services').where('activity_id', '=', activityId).execute();
  if (serviceIds.length) await tx.db.insertInto('processing_activity_services').values(serviceIds.map((service_id) => ({ activity_id: activityId, service_id }))).execute();
}

/**
 * Adds a processing activity at the end of its role's list.
 * @example createActivity(deps, scope, { role: 'processor', name: 'Hosting', purposes: ['Hosting of applications'], dataSubjects: ['End users'], dataCategories: ['user.content'] })
 */
export async function createActivity(deps: Deps, scope: Scope, raw: unknown): Promise<ProcessingActivityView> {
  const input = parseActivityInput(raw);
  return inTransaction(deps, async (tx) => {
    const serviceIds = await resolveServices(tx, scope.workspaceId, input.services);
    const last = await tx.db.selectFrom('processing_activities').select((eb) => eb.fn.max('position').as('p'))
      .where('workspace_id', '=', scope.workspaceId).where('role', '=', input.role).executeTakeFirst();
    const id = newId();
    const now = tx.clock.now().toISOString();
    await mapUnique(
      () => tx.db.insertInto('processing_activities').values({
        id, workspace_id: scope.workspaceId, ...columns(input), position: Number(last?.p ?? -1) + 1, created_at: now, updated_at: now,
      }).execute(),
      DUPLICATE_NAME, DUPLICATE_CODE,
    );
    await writeServices(tx, id, serviceIds);
    const after = (await findActivity(tx.db, scope.workspaceId, id)) as ProcessingActivityView;
    await recordAuditEvent(tx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'processing_activity.created', subjectType: 'processing_activity', subjectId: id, after });
    return after;
  });
}

/** Replaces every field of an activity; a change of role moves it to the end of the other role's list. */
export async function updateActivity(deps: Deps, scope: Scope, id: string, raw: unknown): Promise<ProcessingActivityView> {
  const input = parseActivityInput(raw);
  return inTransaction(deps, async (tx) => {
    const before = await findActivity(tx.db, scope.workspaceId, id);
    if (!before) throw notFound('processing activity');
    const serviceIds = await resolveServices(tx, scope.workspaceId, input.services);
    let position = before.position;
    if (input.role !== before.role) {
      const last = await tx.db.selectFrom('processing_activities').select((eb) => eb.fn.max('position').as('p'))
        .where('workspace_id', '=', scope.workspaceId).where('role', '=', input.role).executeTakeFirst();
      position = Number(last?.p ?? -1) + 1;
    }
    await mapUnique(
      () => tx.db.updateTable('processing_activities').set({ ...columns(input), position, updated_at: tx.clock.now().toISOString() })
        .where('id', '=', id).where('workspace_id', '=', scope.workspaceId).execute(),
      DUPLICATE_NAME, DUPLICATE_CODE,
    );
    await writeServices(tx, id, serviceIds);
    const after = (await findActivity(tx.db, scope.workspaceId, id)) as ProcessingActivityView;
    await recordAuditEvent(tx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'processing_activity.updated', subjectType: 'processing_activity', subjectId: id, before, after });
    return after;
  });
}

/** Deletes an activity; the audit event keeps what it said. */
export async function deleteActivity(deps: Deps, scope: Scope, id: string): Promise<void> {
  await inTransaction(deps, async (tx) => {
    const before = await findActivity(tx.db, scope.workspaceId, id);
    if (!before) throw notFound('processing activity');
    await tx.db.deleteFrom('processing_activity_services').where('activity_id', '=', id).execute();
    await tx.db.deleteFrom('processing_activities').where('id', '=', id).where('workspace_id', '=', scope.workspaceId).execute();
    await recordAuditEvent(tx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'processing_activity.deleted', subjectType: 'processing_activity', subjectId: id, before });
  });
}

/**
 * Moves an activity one place up or down among the activities of its role (`{ direction }`);
 * at either end it stays where it is. Positions are renumbered 0…n-1, so gaps left by deletions go.
 */
export async function moveActivity(deps: Deps, scope: Scope, id: string, raw: unknown): Promise<ProcessingActivityView[]> {
  const r = new InputReader(raw);
  const direction = r.done(r.choice('direction', ['up', 'down'] as const, { required: true })) as 'up' | 'down';
  return inTransaction(deps, async (tx) => {
    const moved = await findActivity(tx.db, scope.workspaceId, id);
    if (!moved) throw notFound('processing activity');
    const order = (await listActivities(tx.db, scope.workspaceId, moved.role)).map((a) => a.id);
    const from = order.indexOf(id);
    const to = direction === 'up' ? from - 1 : from + 1;
    if (to >= 0 && to < order.length) [order[from], order[to]] = [order[to], order[from]];
    for (const [position, activityId] of order.entries()) {
      await tx.db.updateTable('processing_activities').set({ position }).where('id', '=', activityId).where('workspace_id', '=', scope.workspaceId).execute();
    }
    await recordAuditEvent(tx, {
      workspaceId: scope.workspaceId, actor: scope.actor, action: 'processing_activity.moved', subjectType: 'processing_activity', subjectId: id,
      before: { position: from }, after: { position: order.indexOf(id), direction, role: moved.role },
    });
    return listActivities(tx.db, scope.workspaceId, moved.role);
  });
}
