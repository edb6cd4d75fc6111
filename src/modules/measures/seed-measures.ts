/**
 * Seeds a workspace's measures from the catalogue's suggested texts: one measure per category of
 * the chosen set. Idempotent by title: a measure whose title exists already is left as it is.
 */
import { type Deps, inTransaction, type Scope } from '../../shared/deps.ts';
import { invalid } from '../../shared/errors.ts';
import { CATALOGUE_SETS, type CatalogueSet, categoriesOf } from './measure-catalogue.ts';
import { createMeasure } from './manage-measures.ts';
import type { MeasureView } from './measures.queries.ts';

export interface SeedOptions {
  from: CatalogueSet;
  /** Owner of every seeded measure (a person or team); none by default. */
  owner?: string | null;
  /** YYYY-MM-DD of the last review of every seeded measure; none by default (then they are overdue). */
  lastReviewedOn?: string | null;
  reviewIntervalDays?: number;
}

/**
 * Creates the suggested measure of each category of `from` that the workspace lacks, in one
 * transaction, each with its audit event. Returns the measures created (empty on a second run).
 * @example seedMeasureCatalogue(deps, scope, { from: 'annex-ii' })
 */
export async function seedMeasureCatalogue(deps: Deps, scope: Scope, o: SeedOptions): Promise<MeasureView[]> {
  if (!CATALOGUE_SETS.includes(o.from)) throw invalid('from', `must be one of ${CATALOGUE_SETS.join(', ')}`);
  return inTransaction(deps, async (tx) => {
    const existing = new Set((await tx.db.selectFrom('measures').select('title').where('workspace_id', '=', scope.workspaceId).execute()).map((m) => m.title));
    const created: MeasureView[] = [];
    for (const category of categoriesOf(o.from)) {
      if (existing.has(category.suggested.title)) continue;
      created.push(await createMeasure(tx as Deps, scope, {
        category: category.key, title: category.suggested.title, description: category.suggested.description,
        owner: o.owner ?? null, lastReviewedOn: o.lastReviewedOn ?? null, reviewIntervalDays: o.reviewIntervalDays ?? null,
      }));
    }
    return created;
  });
}

/**
 * Demo content (a DemoSeeder): the Scalingo example gets the seven measures of its DPA's §10,
 * reviewed on 2026-06-01 by the security team; the other examples get the Annex II set, never
 * reviewed, so the console shows both states.
 */
export async function seedDemoMeasures(deps: Deps, scope: Scope, workspaceSlug: string): Promise<void> {
  if (workspaceSlug === 'scalingo') {
    await seedMeasureCatalogue(deps, scope, { from: 'dpa-004', owner: 'Security team', lastReviewedOn: '2026-06-01', reviewIntervalDays: 365 });
  } else {
    await seedMeasureCatalogue(deps, scope, { from: 'annex-ii' });
  }
}
