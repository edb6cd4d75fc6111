/**
 * Writes imported records into a workspace's registry: into an empty registry directly, otherwise
 * as a draft an operator reviews and applies (the change workflow of issue 4 will take drafts
 * over). The same entity on several rows becomes one entity with several engagements.
 */
import type { Db, Row } from '../../db/schema.ts';
import { type Deps, inTransaction, type Scope, type TxDeps } from '../../shared/deps.ts';
import { conflict, notFound } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { createEngagement } from '../registry/manage-engagements.ts';
import { createEntity } from '../registry/manage-entities.ts';
import { createService } from '../registry/manage-services.ts';
import { type EngagementView, listEngagements, listEntities, listServices } from '../registry/registry.queries.ts';
import { isDataCategory, type TransferMechanism } from '../vocab/vocab.ts';
import { entityKey, type ImportedRow, type ImportResult, type ImportWarning } from './import.ts';
import { entityMatcher } from './match-entity.ts';

export const NO_PURPOSE = 'Not stated in the imported list';

export interface ImportDraftView {
  id: string;
  source: string;
  status: 'draft' | 'applied' | 'discarded';
  rows: ImportedRow[];
  warnings: ImportWarning[];
  createdBy: string;
  createdAt: string;
  decidedAt: string | null;
}

const toDraftView = (d: Row<'import_drafts'>): ImportDraftView => ({
  id: d.id, source: d.source, status: d.status, rows: JSON.parse(d.rows), warnings: JSON.parse(d.warnings),
  createdBy: d.created_by, createdAt: d.created_at, decidedAt: d.decided_at,
});

export async function findImportDraft(db: Db, workspaceId: string, id: string): Promise<ImportDraftView | undefined> {
  const row = await db.selectFrom('import_drafts').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  return row && toDraftView(row);
}

export async function listImportDrafts(db: Db, workspaceId: string): Promise<ImportDraftView[]> {
  const rows = await db.selectFrom('import_drafts').selectAll().where('workspace_id', '=', workspaceId).orderBy('created_at', 'desc').execute();
  return rows.map(toDraftView);
}

/** A transfer safeguard as written → the registry's mechanism names, when recognisable. */
export function recogniseMechanism(text: string | null): TransferMechanism | null {
  if (!text) return null;
  if (/privacy shield/i.test(text)) return 'privacy-shield';
  if (/safe harbou?r/i.test(text)) return 'safe-harbour';
  if (/data privacy framework|\bdpf\b/i.test(text)) return 'dpf';
  if (/binding corporate|\bbcrs?\b/i.test(text)) return 'bcr';
  if (/scc|standard contractual|model clauses/i.test(text)) return /2010|model clauses/i.test(text) ? 'scc-2010' : 'scc-2021';
  if (/adequa/i.test(text)) return 'adequacy';
  if (/derogation|art(icle)?\.? ?49/i.test(text)) return 'derogation';
  return null;
}

const slugify = (name: string) => name.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 64) || 'service';

/** Adds the rows to the registry in the caller's transaction; returns how many of each it created. */
async function writeRows(tx: TxDeps, scope: Scope, rows: ImportedRow[]): Promise<{ entities: number; engagements: number; services: number }> {
  const deps = tx as Deps;
  const entities = entityMatcher(await listEntities(tx.db, scope.workspaceId));
  const services = new Map<string, string>();
  for (const s of await listServices(tx.db, scope.workspaceId)) services.set(entityKey(s.name), s.slug), services.set(s.slug, s.slug);
  const created = { entities: 0, engagements: 0, services: 0 };
  for (const r of rows) {
    // The same company under its legal name, another spelling or its website is not created twice.
    let entityId = entities.find(r)?.id;
    if (!entityId) {
      const website = r.website && /^https?:\/\//.test(r.website) ? r.website : null;
      entityId = (await createEntity(deps, scope, { name: r.name, legalName: r.legalName ?? null, website })).id;
      entities.add({ id: entityId, name: r.name, legalName: r.legalName ?? null, website });
      created.entities++;
    }
    const slugs: string[] = [];
    for (const name of r.services) {
      let slug = services.get(entityKey(name)) ?? services.get(slugify(name));
      if (!slug) {
        slug = slugify(name);
        for (let n = 2; [...services.values()].includes(slug); n++) slug = `${slugify(name).slice(0, 60)}-${n}`;
        await createService(deps, scope, { slug, name });
        services.set(entityKey(name), slug);
        created.services++;
      }
      if (!slugs.includes(slug)) slugs.push(slug);
    }
    const kind = r.kind === 'affiliate' || r.kind === 'infrastructure' ? r.kind : 'third_party';
    const mechanism = recogniseMechanism(r.transferMechanism);
    await createEngagement(deps, scope, {
      entityId, kind, purpose: r.purpose || NO_PURPOSE, section: r.section, services: slugs, countries: r.countries,
      dataCategories: r.dataCategories.filter(isDataCategory), transferMechanisms: mechanism ? [mechanism] : [],
    });
    created.engagements++;
  }
  return created;
}

export type ImportOutcome =
  | { mode: 'applied'; entities: number; engagements: number; services: number }
  | { mode: 'draft'; draft: ImportDraftView };

/** Imports into an empty registry at once; otherwise keeps a draft for review. */
export async function importIntoWorkspace(deps: Deps, scope: Scope, result: ImportResult, source: string): Promise<ImportOutcome> {
  return inTransaction(deps, async (tx) => {
    const [anyEntity, anyEngagement] = await Promise.all([
      tx.db.selectFrom('entities').select('id').where('workspace_id', '=', scope.workspaceId).limit(1).executeTakeFirst(),
      tx.db.selectFrom('engagements').select('id').where('workspace_id', '=', scope.workspaceId).limit(1).executeTakeFirst(),
    ]);
    if (!anyEntity && !anyEngagement) {
      const counts = await writeRows(tx, scope, result.rows);
      await recordAuditEvent(tx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'import.applied', subjectType: 'import', subjectId: null, after: { source, ...counts } });
      return { mode: 'applied' as const, ...counts };
    }
    const draft = {
      id: newId(), workspace_id: scope.workspaceId, source: source.slice(0, 300), status: 'draft' as const, rows: JSON.stringify(result.rows),
      warnings: JSON.stringify(result.warnings), created_by: scope.actor.label, created_at: tx.clock.now().toISOString(), decided_at: null,
    };
    await tx.db.insertInto('import_drafts').values(draft).execute();
    await recordAuditEvent(tx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'import.drafted', subjectType: 'import_draft', subjectId: draft.id, after: { source: draft.source, rows: result.rows.length } });
    return { mode: 'draft' as const, draft: toDraftView(draft) };
  });
}

/** How a draft row stands against the registry. */
export interface ComparedRow {
  row: ImportedRow;
  /** exists: the entity has this engagement as imported; changed: it has it, but `changes` differ; new: it has not. */
  status: 'exists' | 'changed' | 'new';
  /** The fields that differ, for a changed row: 'countries', 'transfer mechanisms'. */
  changes: string[];
  /** True unless new (kept for callers that only ask whether the row is there). */
  exists: boolean;
  /** The registry engagement the row matches, and the entity it names (also for a new engagement of a known entity). */
  engagement: EngagementView | null;
  entityId: string | null;
}

/**
 * For review: each draft row matched to the registry. The entity by name, legal name, normalised
 * name (case, punctuation, legal suffixes) or website host; then its engagement by purpose. A row
 * that states countries or a transfer mechanism other than the registry's is "changed" — the same
 * fields a change proposal from the draft modifies.
 */
export async function compareDraft(db: Db, workspaceId: string, draft: ImportDraftView): Promise<ComparedRow[]> {
  const [entities, engagements] = await Promise.all([listEntities(db, workspaceId), listEngagements(db, workspaceId)]);
  const match = entityMatcher(entities);
  const byKey = new Map(engagements.map((g) => [`${g.entityId}\n${entityKey(g.purpose)}`, g]));
  return draft.rows.map((row) => {
    const entityId = match.find(row)?.id ?? null;
    const engagement = entityId ? byKey.get(`${entityId}\n${entityKey(row.purpose || NO_PURPOSE)}`) ?? null : null;
    if (!engagement) return { row, status: 'new' as const, changes: [], exists: false, engagement: null, entityId };
    const changes: string[] = [];
    const sameSet = (a: string[], b: string[]) => [...a].sort().join() === [...b].sort().join();
    if (row.countries.length && !sameSet(row.countries, engagement.countries)) changes.push('countries');
    const mechanism = recogniseMechanism(row.transferMechanism);
    if (mechanism && !sameSet([mechanism], engagement.transferMechanisms)) changes.push('transfer mechanisms');
    return { row, status: changes.length ? ('changed' as const) : ('exists' as const), changes, exists: true, engagement, entityId };
  });
}

/** Applies a draft: adds the rows that are not in the registry yet; existing engagements stay. */
export async function applyImportDraft(deps: Deps, scope: Scope, id: string): Promise<{ entities: number; engagements: number; services: number }> {
  return inTransaction(deps, async (tx) => {
    const draft = await findImportDraft(tx.db, scope.workspaceId, id);
    if (!draft) throw notFound('import draft');
    if (draft.status !== 'draft') throw conflict(`this import was already ${draft.status}`, 'import_decided');
    const fresh = (await compareDraft(tx.db, scope.workspaceId, draft)).filter((c) => !c.exists).map((c) => c.row);
    const counts = await writeRows(tx, scope, fresh);
    await tx.db.updateTable('import_drafts').set({ status: 'applied', decided_at: tx.clock.now().toISOString() }).where('id', '=', id).execute();
    await recordAuditEvent(tx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'import.applied', subjectType: 'import_draft', subjectId: id, after: counts });
    return counts;
  });
}

export async function discardImportDraft(deps: Deps, scope: Scope, id: string): Promise<void> {
  await inTransaction(deps, async (tx) => {
    const draft = await findImportDraft(tx.db, scope.workspaceId, id);
    if (!draft) throw notFound('import draft');
    if (draft.status !== 'draft') throw conflict(`this import was already ${draft.status}`, 'import_decided');
    await tx.db.updateTable('import_drafts').set({ status: 'discarded', decided_at: tx.clock.now().toISOString() }).where('id', '=', id).execute();
    await recordAuditEvent(tx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'import.discarded', subjectType: 'import_draft', subjectId: id });
  });
}
