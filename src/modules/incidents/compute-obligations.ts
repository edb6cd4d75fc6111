/**
 * The notices an incident owes, one per (regime, recipient), computed from rules/breach-clocks.yaml:
 * the authority (Art 33(1)) and the people (Art 34) when the workspace controls the data, each
 * affected customer (Art 33(2), or its contract's hours). Due instants are real hours from
 * awareness. Re-running follows the incident: a changed awareness moves open clocks, a customer no
 * longer in scope loses an obligation that was never filed; filed ones are never touched.
 */
import type { Row } from '../../db/schema.ts';
import type { ObligationDecision } from '../../db/schema-incidents.ts';
import type { Scope, TxDeps } from '../../shared/deps.ts';
import { newId } from '../../shared/ids.ts';
import { affectedCustomers } from './affected-customers.ts';
import { appendIncidentEvent } from './incident-events.ts';
import { breachRules, dueAfterHours } from './incidents.ts';
import { getIncident, listIncidentScope } from './incidents.queries.ts';

interface Wanted { regime: string; recipient: string; customerId: string | null; dueAt: string | null; basis: string; decision: ObligationDecision }

/** What the rules ask for this incident (no writes). */
export async function wantedObligations(tx: TxDeps, incident: Row<'incidents'>): Promise<Wanted[]> {
  if (incident.is_breach === 0) return [];
  const rules = breachRules();
  const scope = await listIncidentScope(tx.db, incident.workspace_id, incident.id);
  const affected = Object.values(rules.regimes).some((r) => r.when === 'affected_customers')
    ? await affectedCustomers(tx.db, incident.workspace_id, incident.started_at, scope) : [];
  const hours = affected.length
    ? new Map((await tx.db.selectFrom('customers').select(['id', 'breach_notice_hours']).where('workspace_id', '=', incident.workspace_id).where('id', 'in', affected.map((a) => a.customer.id)).execute()).map((c) => [c.id, c.breach_notice_hours]))
    : new Map<string, number | null>();
  const out: Wanted[] = [];
  for (const [regime, r] of Object.entries(rules.regimes)) {
    const clock = (h: number | null) => (h === null ? null : dueAfterHours(incident.aware_at, h));
    if (r.when === 'controller_data') {
      if (incident.controller_data !== 1) continue;
      out.push({ regime, recipient: r.recipient, customerId: null, dueAt: clock(r.hours), basis: r.basis, decision: r.decision });
      continue;
    }
    for (const a of affected) {
      const contract = r.contractualHours ? hours.get(a.customer.id) ?? null : null;
      const h = contract ?? r.hours;
      const basis = contract !== null && r.contractualBasis ? r.contractualBasis.replace('{hours}', String(contract)) : r.basis;
      out.push({ regime, recipient: `${r.recipient}:${a.customer.id}`, customerId: a.customer.id, dueAt: clock(h), basis, decision: r.decision });
    }
  }
  return out;
}

/** Brings the incident's obligations in line with the rules; writes one timeline entry when anything changed. */
export async function syncObligations(tx: TxDeps, scope: Scope, incident: Row<'incidents'>): Promise<void> {
  const now = tx.clock.now().toISOString();
  const wanted = await wantedObligations(tx, incident);
  const existing = await tx.db.selectFrom('incident_obligations').selectAll().where('incident_id', '=', incident.id).execute();
  const byKey = new Map(existing.map((o) => [`${o.regime}|${o.recipient}`, o]));
  const added: string[] = [];
  const moved: string[] = [];
  const voided: string[] = [];
  for (const w of wanted) {
    const o = byKey.get(`${w.regime}|${w.recipient}`);
    byKey.delete(`${w.regime}|${w.recipient}`);
    if (!o) {
      const id = newId();
      await tx.db.insertInto('incident_obligations').values({
        id, workspace_id: incident.workspace_id, incident_id: incident.id, regime: w.regime, recipient: w.recipient, customer_id: w.customerId,
        due_at: w.dueAt, due_basis: w.basis, decision: w.decision, decision_reason: null, state: w.decision === 'does_not_apply' ? 'not_required' : 'open', created_at: now, updated_at: now,
      }).execute();
      added.push(id);
      continue;
    }
    if (o.state === 'filed') continue;
    const state = o.state === 'void' ? (o.decision === 'does_not_apply' ? 'not_required' : 'open') : o.state;
    if (o.due_at !== w.dueAt || o.due_basis !== w.basis || state !== o.state) {
      await tx.db.updateTable('incident_obligations').set({ due_at: w.dueAt, due_basis: w.basis, state, updated_at: now }).where('id', '=', o.id).execute();
      moved.push(o.id);
    }
  }
  for (const o of byKey.values()) {
    if (o.state === 'filed' || o.state === 'void') continue;
    await tx.db.updateTable('incident_obligations').set({ state: 'void', updated_at: now }).where('id', '=', o.id).execute();
    voided.push(o.id);
  }
  if (added.length || moved.length || voided.length) {
    await appendIncidentEvent(tx, scope, incident.id, { kind: 'obligations_computed', data: { added, moved, voided, rules: breachRules().version } });
  }
}

/** After a customer's contractual hours changed: its open obligations fall due anew (filed ones stay). */
export async function refreshCustomerClocks(tx: TxDeps, scope: Scope, customerId: string): Promise<void> {
  const open = await tx.db.selectFrom('incident_obligations').select('incident_id').distinct().where('workspace_id', '=', scope.workspaceId).where('customer_id', '=', customerId).where('state', '=', 'open').execute();
  for (const o of open) await syncObligations(tx, scope, await getIncident(tx.db, scope.workspaceId, o.incident_id));
}
