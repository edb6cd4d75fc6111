import { type Deps, inTransaction, type Scope, type TxDeps } from '../../shared/deps.ts';
import { type FieldIssue, invalid, notFound } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { type EngagementInput, parseEngagementInput } from './registry.ts';
import { type EngagementView, findEngagement } from './registry.queries.ts';

/** Checks references against the workspace and returns service/region ids for the slugs. */
async function resolveReferences(tx: TxDeps, workspaceId: string, input: EngagementInput) {
  const issues: FieldIssue[] = [];
  const entity = await tx.db.selectFrom('entities').select('id').where('workspace_id', '=', workspaceId).where('id', '=', input.entityId).executeTakeFirst();
  if (!entity) issues.push({ field: 'entityId', message: 'must be an entity of this workspace' });
  const lookup = async (table: 'services' | 'regions', slugs: string[], field: string) => {
    if (slugs.length === 0) return [];
    const rows = await tx.db.selectFrom(table).select(['id', 'slug']).where('workspace_id', '=', workspaceId).where('slug', 'in', slugs).execute();
    const bySlug = new Map(rows.map((r) => [r.slug, r.id]));
    slugs.forEach((s, i) => {
      if (!bySlug.has(s)) issues.push({ field: `${field}[${i}]`, message: `must be a ${table.slice(0, -1)} of this workspace` });
    });
    return slugs.flatMap((s) => bySlug.get(s) ?? []);
  };
  const serviceIds = await lookup('services', input.services, 'services');
  const regionIds = await lookup('regions', input.regions, 'regions');
  if (issues.length) throw invalid(issues);
  return { serviceIds, regionIds };
}

const columns = (input: EngagementInput) => ({
  entity_id: input.entityId, role: input.role, kind: input.kind, context: input.context, purpose: input.purpose, section: input.section,
  countries: JSON.stringify(input.countries), data_categories: JSON.stringify(input.dataCategories),
  data_subject_categories: JSON.stringify(input.dataSubjectCategories), transfer_mechanisms: JSON.stringify(input.transferMechanisms),
  certifications: JSON.stringify(input.certifications), dpa_on_file: input.dpaOnFile ? 1 : 0,
});

async function writeLinks(tx: TxDeps, engagementId: string, refs: { serviceIds: string[]; regionIds: string[] }) {
  await tx.db.deleteFrom('engagement_services').where('engagement_id', '=', engagementId).execute();
  await tx.db.deleteFrom('engagement_regions').where('engagement_id', '=', engagementId).execute();
  if (refs.serviceIds.length) await tx.db.insertInto('engagement_services').values(refs.serviceIds.map((service_id) => ({ engagement_id: engagementId, service_id }))).execute();
  if (refs.regionIds.length) await tx.db.insertInto('engagement_regions').values(refs.regionIds.map((region_id) => ({ engagement_id: engagementId, region_id }))).execute();
}

/** Records that an entity works for the processor in one role, for some services, in some countries. */
export async function createEngagement(deps: Deps | TxDeps, scope: Scope, raw: unknown): Promise<EngagementView> {
  const input = parseEngagementInput(raw);
  return inTransaction(deps, async (tx) => {
    const refs = await resolveReferences(tx, scope.workspaceId, input);
    const id = newId();
    const now = tx.clock.now().toISOString();
    const last = await tx.db.selectFrom('engagements').select((eb) => eb.fn.max('position').as('p')).where('workspace_id', '=', scope.workspaceId).executeTakeFirst();
    await tx.db.insertInto('engagements').values({
      id, workspace_id: scope.workspaceId, position: Number(last?.p ?? -1) + 1, created_at: now, updated_at: now, ...columns(input),
    }).execute();
    await writeLinks(tx, id, refs);
    const after = (await findEngagement(tx.db, scope.workspaceId, id)) as EngagementView;
    await recordAuditEvent(tx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'engagement.created', subjectType: 'engagement', subjectId: id, after });
    return after;
  });
}

/** Replaces an engagement's fields with `raw` (a full engagement, as the edit form sends). */
export async function updateEngagement(deps: Deps, scope: Scope, id: string, raw: unknown): Promise<EngagementView> {
  const input = parseEngagementInput(raw);
  return inTransaction(deps, async (tx) => {
    const before = await findEngagement(tx.db, scope.workspaceId, id);
    if (!before) throw notFound('engagement');
    const refs = await resolveReferences(tx, scope.workspaceId, input);
    await tx.db.updateTable('engagements').set({ ...columns(input), updated_at: tx.clock.now().toISOString() }).where('id', '=', id).execute();
    await writeLinks(tx, id, refs);
    const after = (await findEngagement(tx.db, scope.workspaceId, id)) as EngagementView;
    await recordAuditEvent(tx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'engagement.updated', subjectType: 'engagement', subjectId: id, before, after });
    return after;
  });
}

export async function deleteEngagement(deps: Deps, scope: Scope, id: string): Promise<void> {
  await inTransaction(deps, async (tx) => {
    const before = await findEngagement(tx.db, scope.workspaceId, id);
    if (!before) throw notFound('engagement');
    await tx.db.deleteFrom('engagement_services').where('engagement_id', '=', id).execute();
    await tx.db.deleteFrom('engagement_regions').where('engagement_id', '=', id).execute();
    await tx.db.deleteFrom('engagements').where('id', '=', id).execute();
    await recordAuditEvent(tx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'engagement.deleted', subjectType: 'engagement', subjectId: id, before });
  });
}
