/**
 * The decisions an incident needs: breach or not (with the reason, Art 33(5)), high risk to people
 * (Art 34), its scope on the data map, and for each obligation whether it applies. A customer's
 * contractual hours to be told of a breach are set here too. Each writes a timeline entry and an
 * audit event in its transaction, and recomputes the obligations.
 */
import type { Row } from '../../db/schema.ts';
import type { ScopeKind } from '../../db/schema-incidents.ts';
import { type Deps, inTransaction, type Scope } from '../../shared/deps.ts';
import { conflict, invalid, notFound } from '../../shared/errors.ts';
import { InputReader } from '../../shared/input.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { refreshCustomerClocks, syncObligations } from './compute-obligations.ts';
import { appendIncidentEvent } from './incident-events.ts';
import { getIncident, getObligation } from './incidents.queries.ts';

/** Records whether the incident is a personal-data breach, and why; optionally whether the risk to people is high. */
export async function classifyIncident(deps: Deps, scope: Scope, id: string, raw: unknown): Promise<Row<'incidents'>> {
  const r = new InputReader(raw);
  const isBreach = r.flag('isBreach');
  if (!r.has('isBreach')) r.problem('isBreach', 'is required');
  const reason = r.text('reason', { required: true, max: 5000 });
  const rawRisk = (raw as Record<string, unknown> | null)?.highRisk;
  // Absent or empty (a form's "not assessed yet"): the assessment stays as it was.
  const highRisk = rawRisk === undefined || rawRisk === null || rawRisk === '' ? undefined : r.flag('highRisk');
  r.done(null);
  return inTransaction(deps, async (tx) => {
    const before = await getIncident(tx.db, scope.workspaceId, id);
    const set: Partial<Row<'incidents'>> = { is_breach: isBreach ? 1 : 0, breach_reason: reason, updated_at: tx.clock.now().toISOString() };
    if (highRisk !== undefined) set.high_risk = highRisk ? 1 : 0;
    await tx.db.updateTable('incidents').set(set).where('id', '=', id).execute();
    await appendIncidentEvent(tx, scope, id, {
      kind: 'classified', note: reason,
      data: { isBreach, highRisk: highRisk ?? (before.high_risk === null ? null : before.high_risk === 1) },
      audit: { before: { isBreach: before.is_breach === null ? null : before.is_breach === 1 }, after: { isBreach } },
    });
    const after = await getIncident(tx.db, scope.workspaceId, id);
    await syncObligations(tx, scope, after);
    return after;
  });
}

const SCOPE_TABLES = { entity: 'entities', engagement: 'engagements', region: 'regions', service: 'services' } as const;
const SCOPE_FIELDS = { entities: 'entity', engagements: 'engagement', regions: 'region', services: 'service' } as const;

/**
 * Sets what the incident touched: sub-processor entities, engagements, regions, services (ids of
 * this workspace). Affected customers are found from it as they were when the incident started.
 */
export async function setIncidentScope(deps: Deps, scope: Scope, id: string, raw: unknown): Promise<Row<'incident_scope'>[]> {
  const r = new InputReader(raw);
  const wanted = Object.entries(SCOPE_FIELDS).map(([field, kind]) => ({ field, kind: kind as ScopeKind, ids: r.list(field, { max: 500 }) }));
  r.done(null);
  return inTransaction(deps, async (tx) => {
    const incident = await getIncident(tx.db, scope.workspaceId, id);
    const issues: Array<{ field: string; message: string }> = [];
    for (const w of wanted) {
      if (w.ids.length === 0) continue;
      const found = await tx.db.selectFrom(SCOPE_TABLES[w.kind]).select('id').where('workspace_id', '=', scope.workspaceId).where('id', 'in', w.ids).execute();
      const known = new Set(found.map((f) => f.id));
      w.ids.forEach((x, i) => { if (!known.has(x)) issues.push({ field: `${w.field}[${i}]`, message: `no ${w.kind} of this workspace has this id` }); });
    }
    if (issues.length) throw invalid(issues);
    await tx.db.deleteFrom('incident_scope').where('incident_id', '=', id).execute();
    const rows = wanted.flatMap((w) => w.ids.map((ref_id) => ({ incident_id: id, workspace_id: scope.workspaceId, kind: w.kind, ref_id })));
    if (rows.length) await tx.db.insertInto('incident_scope').values(rows).execute();
    await appendIncidentEvent(tx, scope, id, { kind: 'scoped', data: Object.fromEntries(wanted.map((w) => [w.field, w.ids])) });
    await syncObligations(tx, scope, incident);
    return rows;
  });
}

/** Decides whether an obligation applies (e.g. Art 33(1): unlikely to result in a risk; Art 34(3)), with the reason. */
export async function decideObligation(deps: Deps, scope: Scope, obligationId: string, raw: unknown): Promise<Row<'incident_obligations'>> {
  const r = new InputReader(raw);
  const decision = r.choice('decision', ['applies', 'does_not_apply'] as const, { required: true });
  const reason = r.text('reason', { required: true, max: 5000 });
  r.done(null);
  return inTransaction(deps, async (tx) => {
    const o = await getObligation(tx.db, scope.workspaceId, obligationId);
    if (o.state === 'filed' && decision === 'does_not_apply') throw conflict('a notice was already filed for this obligation', 'obligation_already_filed');
    if (o.state === 'void') throw conflict('this obligation is no longer in scope', 'obligation_void');
    const state = o.state === 'filed' ? 'filed' : decision === 'applies' ? 'open' : 'not_required';
    await tx.db.updateTable('incident_obligations').set({ decision: decision!, decision_reason: reason, state, updated_at: tx.clock.now().toISOString() }).where('id', '=', o.id).execute();
    await appendIncidentEvent(tx, scope, o.incident_id, {
      kind: 'obligation_decided', note: reason, data: { obligationId: o.id, regime: o.regime, decision },
      audit: { subjectType: 'incident_obligation', subjectId: o.id, before: { decision: o.decision, state: o.state }, after: { decision, state } },
    });
    return getObligation(tx.db, scope.workspaceId, o.id);
  });
}

/** Sets the hours a customer's contract gives to be told of a breach (null: without undue delay); open clocks follow. */
export async function setBreachNoticeHours(deps: Deps, scope: Scope, customerId: string, raw: unknown): Promise<void> {
  const r = new InputReader(raw);
  const s = r.text('breachNoticeHours', { max: 5 });
  if (s !== null && !/^[1-9]\d{0,3}$/.test(s)) r.problem('breachNoticeHours', 'must be a whole number of hours from 1 to 9999, or empty');
  r.done(null);
  const hours = s === null ? null : Number(s);
  await inTransaction(deps, async (tx) => {
    const c = await tx.db.selectFrom('customers').select(['id', 'breach_notice_hours']).where('workspace_id', '=', scope.workspaceId).where('id', '=', customerId).executeTakeFirst();
    if (!c) throw notFound('customer');
    await tx.db.updateTable('customers').set({ breach_notice_hours: hours, updated_at: tx.clock.now().toISOString() }).where('id', '=', customerId).execute();
    await recordAuditEvent(tx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'customer.breach_notice_hours_set', subjectType: 'customer', subjectId: customerId, before: { breachNoticeHours: c.breach_notice_hours }, after: { breachNoticeHours: hours } });
    await refreshCustomerClocks(tx, scope, customerId);
  });
}
