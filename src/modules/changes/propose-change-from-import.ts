import { type Deps, inTransaction, type Scope } from '../../shared/deps.ts';
import { conflict, notFound } from '../../shared/errors.ts';
import { InputReader } from '../../shared/input.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { compareDraft, findImportDraft, NO_PURPOSE, recogniseMechanism } from '../import/apply-import.ts';
import { entityKey } from '../import/import.ts';
import { entityMatcher } from '../import/match-entity.ts';
import { createEntity } from '../registry/manage-entities.ts';
import { listEngagements, listServices } from '../registry/registry.queries.ts';
import { isDataCategory } from '../vocab/vocab.ts';
import type { ChangeView } from './changes.queries.ts';
import { createChange } from './manage-changes.ts';

export interface ProposalFromImport {
  change: ChangeView;
  /** What could not be carried over (services the registry does not have). */
  warnings: string[];
}

/**
 * Turns an import draft into a change proposal (CH1): rows not in the registry become additions,
 * rows whose locations or transfer basis differ become modifications, and, unless told
 * otherwise, registry engagements missing from the imported list become removals. New entities
 * are created (they appear nowhere public until an engagement uses them); the change is a draft
 * to review before announcing.
 */
export async function proposeChangeFromImport(deps: Deps, scope: Scope, draftId: string, raw: unknown): Promise<ProposalFromImport> {
  const r = new InputReader(raw);
  const title = r.text('title', { name: true, max: 200 });
  const reason = r.text('reason', { max: 5000 });
  const proposedDate = r.text('proposedDate', { required: true, max: 10 });
  const includeRemovals = r.has('includeRemovals') ? r.flag('includeRemovals') : true;
  r.done(null);
  return inTransaction(deps, async (tx) => {
    const draft = await findImportDraft(tx.db, scope.workspaceId, draftId);
    if (!draft) throw notFound('import draft');
    if (draft.status !== 'draft') throw conflict(`this import was already ${draft.status}`, 'import_decided');
    const [engagements, services, compared] = await Promise.all([listEngagements(tx.db, scope.workspaceId), listServices(tx.db, scope.workspaceId), compareDraft(tx.db, scope.workspaceId, draft)]);
    // Entities created for new rows, so that one company on several rows is created once.
    const created = entityMatcher([]);
    const serviceSlug = new Map<string, string>();
    for (const s of services) serviceSlug.set(entityKey(s.name), s.slug), serviceSlug.set(s.slug, s.slug);
    const seen = new Set<string>();
    const warnings: string[] = [];
    const operations: unknown[] = [];
    // Rows are matched to the registry as the draft review shows them (legal name, normalised name, website).
    for (const { row, engagement: existing, entityId: knownEntityId } of compared) {
      const purpose = row.purpose || NO_PURPOSE;
      const mechanism = recogniseMechanism(row.transferMechanism);
      const slugs = row.services.flatMap((name) => {
        const slug = serviceSlug.get(entityKey(name));
        if (!slug) warnings.push(`row ${row.row}: service "${name}" is not in the registry and was left out`);
        return slug ? [slug] : [];
      });
      if (existing) {
        seen.add(existing.id);
        const countries = row.countries.length ? row.countries : existing.countries;
        const mechanisms = mechanism ? [mechanism] : existing.transferMechanisms;
        const same = countries.join() === existing.countries.join() && mechanisms.join() === existing.transferMechanisms.join();
        if (!same) {
          const { id, entityName: _n, entityLegalName: _l, createdAt: _c, updatedAt: _u, ...input } = existing;
          operations.push({ op: 'modify', engagementId: id, engagement: { ...input, countries, transferMechanisms: mechanisms } });
        }
        continue;
      }
      let entityId = knownEntityId ?? created.find(row)?.id;
      if (!entityId) {
        const website = row.website && /^https?:\/\//.test(row.website) ? row.website : null;
        entityId = (await createEntity(tx, scope, { name: row.name, website })).id;
        created.add({ id: entityId, name: row.name, legalName: null, website });
      }
      operations.push({
        op: 'add',
        engagement: {
          entityId, kind: row.kind === 'affiliate' || row.kind === 'infrastructure' ? row.kind : 'third_party', purpose, section: row.section, services: slugs,
          countries: row.countries, dataCategories: row.dataCategories.filter(isDataCategory), transferMechanisms: mechanism ? [mechanism] : [],
        },
      });
    }
    if (includeRemovals) {
      for (const g of engagements) if (!seen.has(g.id)) operations.push({ op: 'remove', engagementId: g.id });
    }
    if (operations.length === 0) throw conflict('the imported list matches the registry: there is nothing to propose', 'nothing_to_propose');
    const change = await createChange(tx, scope, {
      title: title ?? `Update from ${draft.source}`, reason: reason ?? `Sub-processor list imported from ${draft.source}`, proposedDate, operations,
    });
    await tx.db.updateTable('import_drafts').set({ status: 'applied', decided_at: tx.clock.now().toISOString() }).where('id', '=', draftId).execute();
    await recordAuditEvent(tx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'import.proposed_as_change', subjectType: 'import_draft', subjectId: draftId, after: { changeId: change.id, operations: operations.length } });
    return { change, warnings };
  });
}
