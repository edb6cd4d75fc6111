import { type Deps, inTransaction, type Scope } from '../../shared/deps.ts';
import { AppError, type FieldIssue, invalid } from '../../shared/errors.ts';
import { createEngagement } from './manage-engagements.ts';
import { createEntity } from './manage-entities.ts';
import { parseEngagementInput, parseEntityInput } from './registry.ts';
import type { EngagementView, EntityView } from './registry.queries.ts';

export interface AddSubprocessorInput {
  /** An existing entity's id, or absent when `entity` describes a new one. */
  entityId?: string;
  entity?: unknown;
  engagement: unknown;
}

const issuesOf = (fn: () => unknown, prefix: string): FieldIssue[] => {
  try {
    fn();
    return [];
  } catch (e) {
    if (!(e instanceof AppError) || e.code !== 'validation_error') throw e;
    return ((e.data as { fields: FieldIssue[] }).fields).map((f) => ({ field: `${prefix}.${f.field}`, message: f.message }));
  }
};

/**
 * Adds a sub-processor in one step: a new (or existing) entity and its engagement, in one transaction,
 * so an invalid engagement leaves no orphan entity. Both parts are checked first so one error names every bad field.
 */
export async function addSubprocessor(deps: Deps, scope: Scope, raw: AddSubprocessorInput): Promise<{ entity: EntityView | null; engagement: EngagementView }> {
  const engagementRaw = (raw.engagement ?? {}) as Record<string, unknown>;
  const issues: FieldIssue[] = [];
  if (!raw.entityId) issues.push(...issuesOf(() => parseEntityInput(raw.entity ?? {}), 'entity'));
  issues.push(...issuesOf(() => parseEngagementInput({ ...engagementRaw, entityId: raw.entityId || 'pending' }), 'engagement'));
  if (issues.length) throw invalid(issues);
  return inTransaction(deps, async (tx) => {
    const entity = raw.entityId ? null : await createEntity(tx, scope, raw.entity);
    const engagement = await createEngagement(tx, scope, { ...engagementRaw, entityId: raw.entityId || entity?.id });
    return { entity, engagement };
  });
}
