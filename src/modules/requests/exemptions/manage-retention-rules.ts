/**
 * A workspace's retention exceptions to erasure (DSR4): adopt the defaults, add, edit, activate or
 * deactivate. Each change writes its audit event (the rule as data: no personal data in it).
 */
import type { Row } from '../../../db/schema.ts';
import { type Deps, inTransaction, type Scope, type TxDeps } from '../../../shared/deps.ts';
import { conflict, notFound } from '../../../shared/errors.ts';
import { newId } from '../../../shared/ids.ts';
import { recordAuditEvent } from '../../audit/record-audit-event.ts';
import { presentRetentionRule, readRetentionRule, type RetentionRuleInput, type RetentionRuleView, retentionDefaults } from './retention-rules.ts';

const audited = (r: RetentionRuleView) => ({ id: r.id, key: r.key, label: r.label, legalBasis: r.legalBasis, appliesTo: r.appliesTo, retainFor: r.retainFor, active: r.active });

async function loadRule(tx: Deps | TxDeps, scope: Scope, ruleId: string): Promise<Row<'dsr_retention_rules'>> {
  const row = await tx.db.selectFrom('dsr_retention_rules').selectAll().where('workspace_id', '=', scope.workspaceId).where('id', '=', ruleId).executeTakeFirst();
  if (!row) throw notFound('retention rule');
  return row;
}

async function insertRule(tx: TxDeps, scope: Scope, input: RetentionRuleInput, action: string): Promise<RetentionRuleView> {
  const same = await tx.db.selectFrom('dsr_retention_rules').select('id').where('workspace_id', '=', scope.workspaceId).where('key', '=', input.key).executeTakeFirst();
  if (same) throw conflict('key: this workspace already has a retention rule with this key', 'dsr_retention_rule_exists');
  const now = tx.clock.now().toISOString();
  const id = newId();
  await tx.db.insertInto('dsr_retention_rules').values({
    id, workspace_id: scope.workspaceId, key: input.key, label: input.label, legal_basis: input.legalBasis,
    applies_to: JSON.stringify(input.appliesTo), retain_for: input.retainFor, active: 1, created_at: now, updated_at: now,
  }).execute();
  const view = presentRetentionRule(await loadRule(tx, scope, id));
  await recordAuditEvent(tx, { workspaceId: scope.workspaceId, actor: scope.actor, action, subjectType: 'dsr_retention_rule', subjectId: id, after: audited(view) });
  return view;
}

/**
 * Adds a rule, active at once.
 * @example await addRetentionRule(deps, scope, { key: 'invoices', label: 'Invoices', legalBasis: 'GDPR Art 17(3)(b) …', collections: ['billing:invoices'], ageField: 'issued_on', retainFor: 'P10Y' })
 */
export async function addRetentionRule(deps: Deps, scope: Scope, raw: unknown): Promise<RetentionRuleView> {
  const input = readRetentionRule(raw, false) as RetentionRuleInput;
  return inTransaction(deps, (tx) => insertRule(tx, scope, input, 'dsr_retention_rule.created'));
}

/** Adds the default rules (rules/retention-defaults.yaml) the workspace does not have yet, by key; returns those added. */
export async function adoptRetentionDefaults(deps: Deps, scope: Scope): Promise<RetentionRuleView[]> {
  return inTransaction(deps, async (tx) => {
    const have = new Set((await tx.db.selectFrom('dsr_retention_rules').select('key').where('workspace_id', '=', scope.workspaceId).execute()).map((r) => r.key));
    const added: RetentionRuleView[] = [];
    for (const d of retentionDefaults()) if (!have.has(d.key)) added.push(await insertRule(tx, scope, d, 'dsr_retention_rule.adopted'));
    return added;
  });
}

/** Changes the fields given (label, legalBasis, collections, dataCategories, whereField/whereEquals, ageField, retainFor); the others and the key stay. */
export async function updateRetentionRule(deps: Deps, scope: Scope, ruleId: string, raw: unknown): Promise<RetentionRuleView> {
  return inTransaction(deps, async (tx) => {
    const before = presentRetentionRule(await loadRule(tx, scope, ruleId));
    const a = before.appliesTo;
    const current = { collections: a.collections, dataCategories: a.dataCategories, whereField: a.where?.field, whereEquals: a.where?.equals, ageField: a.ageField, retainFor: before.retainFor };
    const given = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
    const touchesScope = Object.keys(current).some((k) => given[k] !== undefined);
    const input = readRetentionRule(touchesScope ? { ...current, ...given } : raw, true);
    if (input.key !== undefined && input.key !== before.key) throw conflict('key: a rule keeps its key (withheld rows name it); add a new rule instead', 'dsr_retention_rule_key_fixed');
    await tx.db.updateTable('dsr_retention_rules').set({
      ...(input.label !== undefined ? { label: input.label } : {}),
      ...(input.legalBasis !== undefined ? { legal_basis: input.legalBasis } : {}),
      ...(input.appliesTo !== undefined ? { applies_to: JSON.stringify(input.appliesTo), retain_for: input.retainFor ?? null } : {}),
      updated_at: tx.clock.now().toISOString(),
    }).where('id', '=', ruleId).execute();
    const after = presentRetentionRule(await loadRule(tx, scope, ruleId));
    await recordAuditEvent(tx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'dsr_retention_rule.updated', subjectType: 'dsr_retention_rule', subjectId: ruleId, before: audited(before), after: audited(after) });
    return after;
  });
}

/** Activates or deactivates a rule; an inactive rule keeps nothing. */
export async function setRetentionRuleActive(deps: Deps, scope: Scope, ruleId: string, active: boolean): Promise<RetentionRuleView> {
  return inTransaction(deps, async (tx) => {
    const before = presentRetentionRule(await loadRule(tx, scope, ruleId));
    if (before.active === active) return before;
    await tx.db.updateTable('dsr_retention_rules').set({ active: active ? 1 : 0, updated_at: tx.clock.now().toISOString() }).where('id', '=', ruleId).execute();
    const after = presentRetentionRule(await loadRule(tx, scope, ruleId));
    await recordAuditEvent(tx, {
      workspaceId: scope.workspaceId, actor: scope.actor, action: active ? 'dsr_retention_rule.activated' : 'dsr_retention_rule.deactivated',
      subjectType: 'dsr_retention_rule', subjectId: ruleId, before: audited(before), after: audited(after),
    });
    return after;
  });
}

/** The workspace's rules by key; `activeOnly` for what erasure applies. */
export async function listRetentionRules(deps: Deps | TxDeps, scope: Scope, opts: { activeOnly?: boolean } = {}): Promise<RetentionRuleView[]> {
  let q = deps.db.selectFrom('dsr_retention_rules').selectAll().where('workspace_id', '=', scope.workspaceId);
  if (opts.activeOnly) q = q.where('active', '=', 1);
  return (await q.orderBy('key').execute()).map(presentRetentionRule);
}
