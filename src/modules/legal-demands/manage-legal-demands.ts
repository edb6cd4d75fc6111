/**
 * Registering and handling legal demands (IN2): register, update, record a challenge, record the
 * outcome and what was disclosed, lift a non-disclosure order early. Every change writes a timeline
 * line and an audit event in its transaction; the audit keeps ids, vocabulary values and dates.
 */
import type { Row } from '../../db/schema.ts';
import { type Deps, inTransaction, type Scope, type TxDeps } from '../../shared/deps.ts';
import { conflict, type FieldIssue, invalid, notFound } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { cancelJobs } from '../jobs/enqueue-job.ts';
import { applyNoticeRule, recordDemandEvent, sendDemandNotices } from './demand-notices.ts';
import { findDemand, type LegalDemandView } from './legal-demands.queries.ts';
import { type DemandInput, demandAuditView, parseChallengeInput, parseDemandInput, parseOutcomeInput, RELEASE_NOTICE_JOB } from './legal-demands.ts';

async function loadRow(tx: TxDeps, scope: Scope, id: string): Promise<Row<'legal_demands'>> {
  const row = await tx.db.selectFrom('legal_demands').selectAll().where('workspace_id', '=', scope.workspaceId).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('legal demand');
  return row;
}

const view = async (tx: TxDeps, scope: Scope, id: string): Promise<LegalDemandView> => (await findDemand(tx.db, scope.workspaceId, id, tx.clock.now())) as LegalDemandView;

/** Refuses customer ids that are not this workspace's customers (400 naming each entry). */
async function checkCustomers(tx: TxDeps, scope: Scope, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  const found = new Set((await tx.db.selectFrom('customers').select('id').where('workspace_id', '=', scope.workspaceId).where('id', 'in', ids).execute()).map((c) => c.id));
  const issues: FieldIssue[] = ids.flatMap((id, i) => (found.has(id) ? [] : [{ field: `customerIds[${i}]`, message: 'is not a customer of this workspace' }]));
  if (issues.length) throw invalid(issues);
}

const columns = (x: DemandInput) => ({
  reference: x.reference, authority_name: x.authorityName, authority_type: x.authorityType, country: x.country, legal_basis: x.legalBasis,
  scope: x.scope, received_at: x.receivedAt, deadline: x.deadline, prohibited: x.prohibited ? 1 : 0,
  prohibition_reference: x.prohibitionReference, prohibition_ends_on: x.prohibitionEndsOn,
});

/**
 * Registers a demand and tells the customers it concerns now, unless a non-disclosure order is in
 * force: then their notice is held until the order's end date (or until it is lifted).
 * @example await registerLegalDemand(deps, scope, { authorityName: 'Parquet de Paris', authorityType: 'law_enforcement', country: 'FR', legalBasis: 'Art. 60-1 CPP', scope: 'Account records', receivedAt: '2026-05-04', customerIds: [id] })
 */
export async function registerLegalDemand(deps: Deps, scope: Scope, raw: unknown): Promise<LegalDemandView> {
  const input = parseDemandInput(raw, deps.clock.now());
  return inTransaction(deps, async (tx) => {
    await checkCustomers(tx, scope, input.customerIds);
    const id = newId();
    const now = tx.clock.now().toISOString();
    const d = await tx.db.insertInto('legal_demands').values({
      id, workspace_id: scope.workspaceId, ...columns(input), status: 'open', outcome: null, disclosed: null, challenge_notes: null,
      prohibition_lifted_at: null, closed_at: null, created_at: now, updated_at: now,
    }).returningAll().executeTakeFirstOrThrow();
    if (input.customerIds.length) {
      await tx.db.insertInto('legal_demand_customers').values(input.customerIds.map((customerId) => ({
        demand_id: id, customer_id: customerId, workspace_id: scope.workspaceId, notice_state: 'pending' as const, notified_at: null, created_at: now,
      }))).execute();
    }
    await recordDemandEvent(tx, d, scope.actor, 'registered', { customerIds: [...input.customerIds].sort() });
    await applyNoticeRule(tx, d, scope.actor);
    return view(tx, scope, id);
  });
}

/**
 * Replaces a demand's fields and its customers. A customer added is told (or held) like at
 * registration; a prohibition added holds what is not sent yet; one removed sends what it held.
 */
export async function updateLegalDemand(deps: Deps, scope: Scope, id: string, raw: unknown): Promise<LegalDemandView> {
  return inTransaction(deps, async (tx) => {
    const before = await loadRow(tx, scope, id);
    const input = parseDemandInput(raw, tx.clock.now());
    await checkCustomers(tx, scope, input.customerIds);
    const now = tx.clock.now().toISOString();
    // A prohibition given again after it was lifted is a new one.
    const liftedAt = input.prohibited && before.prohibited === 1 ? before.prohibition_lifted_at : null;
    const d = await tx.db.updateTable('legal_demands').set({ ...columns(input), prohibition_lifted_at: liftedAt, updated_at: now })
      .where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    const current = (await tx.db.selectFrom('legal_demand_customers').select('customer_id').where('demand_id', '=', id).execute()).map((c) => c.customer_id);
    const added = input.customerIds.filter((c) => !current.includes(c)).sort();
    const removed = current.filter((c) => !input.customerIds.includes(c)).sort();
    if (added.length) {
      await tx.db.insertInto('legal_demand_customers').values(added.map((customerId) => ({
        demand_id: id, customer_id: customerId, workspace_id: scope.workspaceId, notice_state: 'pending' as const, notified_at: null, created_at: now,
      }))).execute();
    }
    if (removed.length) await tx.db.deleteFrom('legal_demand_customers').where('demand_id', '=', id).where('customer_id', 'in', removed).execute();
    await recordDemandEvent(tx, d, scope.actor, 'updated', { customersAdded: added, customersRemoved: removed }, before);
    await applyNoticeRule(tx, d, scope.actor);
    return view(tx, scope, id);
  });
}

/** Records a challenge of the demand (before the authority or a court); a closed demand is 409. */
export async function recordChallenge(deps: Deps, scope: Scope, id: string, raw: unknown): Promise<LegalDemandView> {
  const { notes } = parseChallengeInput(raw);
  return inTransaction(deps, async (tx) => {
    const before = await loadRow(tx, scope, id);
    if (before.status === 'closed') throw conflict('this legal demand is closed', 'legal_demand_closed');
    const d = await tx.db.updateTable('legal_demands').set({ status: 'challenged', challenge_notes: notes, updated_at: tx.clock.now().toISOString() })
      .where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    await recordDemandEvent(tx, d, scope.actor, 'challenged', {}, before, { notes });
    return view(tx, scope, id);
  });
}

/** Closes the demand with its outcome and a description of what was disclosed; once only (409 after). */
export async function recordOutcome(deps: Deps, scope: Scope, id: string, raw: unknown): Promise<LegalDemandView> {
  const { outcome, disclosed } = parseOutcomeInput(raw);
  return inTransaction(deps, async (tx) => {
    const before = await loadRow(tx, scope, id);
    if (before.status === 'closed') throw conflict('this legal demand is closed', 'legal_demand_closed');
    const now = tx.clock.now().toISOString();
    const d = await tx.db.updateTable('legal_demands').set({ status: 'closed', outcome, disclosed, closed_at: now, updated_at: now })
      .where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    await recordDemandEvent(tx, d, scope.actor, 'outcome_recorded', { outcome }, before, { disclosed });
    return view(tx, scope, id);
  });
}

/** Lifts a non-disclosure order before its end: the held notices go out now (409 when none is in force). */
export async function liftProhibition(deps: Deps, scope: Scope, id: string): Promise<LegalDemandView> {
  return inTransaction(deps, async (tx) => {
    const before = await loadRow(tx, scope, id);
    if (before.prohibited !== 1 || before.prohibition_lifted_at) throw conflict('this legal demand has no prohibition in force', 'legal_demand_not_prohibited');
    const now = tx.clock.now().toISOString();
    const d = await tx.db.updateTable('legal_demands').set({ prohibition_lifted_at: now, updated_at: now }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    await cancelJobs(tx, RELEASE_NOTICE_JOB, id);
    await recordDemandEvent(tx, d, scope.actor, 'prohibition_lifted', {}, before);
    await sendDemandNotices(tx, d, scope.actor, 'notice_released');
    return view(tx, scope, id);
  });
}

/**
 * Deletes a demand entered by mistake, with its timeline (the audit chain keeps the record). Once
 * a customer was told, the demand is evidence of that notice: 409.
 */
export async function deleteLegalDemand(deps: Deps, scope: Scope, id: string): Promise<void> {
  await inTransaction(deps, async (tx) => {
    const before = await loadRow(tx, scope, id);
    const sent = await tx.db.selectFrom('legal_demand_customers').select('customer_id').where('demand_id', '=', id).where('notice_state', '=', 'sent').executeTakeFirst();
    if (sent) throw conflict('a customer was notified of this legal demand, so it is kept as evidence', 'legal_demand_notified');
    await cancelJobs(tx, RELEASE_NOTICE_JOB, id);
    await tx.db.deleteFrom('legal_demand_events').where('demand_id', '=', id).execute();
    await tx.db.deleteFrom('legal_demand_customers').where('demand_id', '=', id).execute();
    await tx.db.deleteFrom('legal_demands').where('id', '=', id).execute();
    await recordAuditEvent(tx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'legal_demand.deleted', subjectType: 'legal_demand', subjectId: id, before: demandAuditView(before) });
  });
}
