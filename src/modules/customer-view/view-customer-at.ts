/**
 * Builds a customer's view at an instant (see customer-view.ts). The workspace context (the
 * published version of that instant, the snapshots before each applied change, the changes and
 * every customer's state in them) is loaded once, so a record for every customer costs one load.
 */
import type { Db, Row } from '../../db/schema.ts';
import { notFound } from '../../shared/errors.ts';
import { customerTouched } from '../changes/change-operations.ts';
import type { ChangeOperation } from '../changes/change-operations.ts';
import { dateInZone } from '../periods/zoned-dates.ts';
import { type CustomerView, findCustomer, listCustomers } from '../customers/customers.queries.ts';
import type { Snapshot, SnapshotItem } from '../publishing/snapshot.ts';
import { assessCountry, registryExporter, type TransferFinding } from '../transfers/assess-engagements.ts';
import { type CustomerEngagement, type CustomerTransfer, type CustomerViewAt, type ProposedChange, type ProposedState } from './customer-view.ts';
import { customerTransferFact, HOLDING_RESOLUTIONS, proposedStateLabel, transferFactKind } from './customer-facts.ts';

/** What every customer's view at one instant shares. */
export interface ViewContext {
  at: Date;
  version: { version: number; snapshot: Snapshot } | null;
  /** Snapshots by version number (the one before each applied change). */
  snapshots: Map<number, Snapshot>;
  changes: Row<'changes'>[];
  /** `${changeId}:${customerId}` → the customer's row. */
  rows: Map<string, Row<'change_customers'>>;
  objections: Row<'objections'>[];
  entities: Map<string, Pick<Row<'entities'>, 'address' | 'country' | 'contact_email' | 'dpo_contact'>>;
  /** Exporter country for transfer facts: the workspace's own. */
  exporter: string | null;
}

async function loadSnapshot(db: Db, workspaceId: string, filter: { version?: number; publishedBy?: string }): Promise<{ version: number; snapshot: Snapshot } | null> {
  let q = db.selectFrom('list_versions').select(['version', 'snapshot']).where('workspace_id', '=', workspaceId);
  if (filter.version !== undefined) q = q.where('version', '=', filter.version);
  if (filter.publishedBy !== undefined) q = q.where('published_at', '<=', filter.publishedBy);
  const row = await q.orderBy('version', 'desc').limit(1).executeTakeFirst();
  return row ? { version: row.version, snapshot: JSON.parse(row.snapshot) as Snapshot } : null;
}

/** Loads what views at `at` need, for one workspace. */
export async function loadViewContext(db: Db, workspaceId: string, at: Date): Promise<ViewContext> {
  const iso = at.toISOString();
  const [version, changes, rows, objections, entities, workspace] = await Promise.all([
    loadSnapshot(db, workspaceId, { publishedBy: iso }),
    db.selectFrom('changes').selectAll().where('workspace_id', '=', workspaceId).where('status', 'in', ['announced', 'in_effect']).where('announced_at', '<=', iso).orderBy('announced_at', 'desc').execute(),
    db.selectFrom('change_customers').selectAll().where('workspace_id', '=', workspaceId).execute(),
    db.selectFrom('objections').selectAll().where('workspace_id', '=', workspaceId).where('submitted_at', '<=', iso).execute(),
    db.selectFrom('entities').select(['id', 'address', 'country', 'contact_email', 'dpo_contact']).where('workspace_id', '=', workspaceId).execute(),
    db.selectFrom('workspaces').select(['country']).where('id', '=', workspaceId).executeTakeFirst(),
  ]);
  const snapshots = new Map<number, Snapshot>();
  if (version) snapshots.set(version.version, version.snapshot);
  for (const c of changes) {
    if (c.version_after === null || !version || c.version_after > version.version) continue;
    // The version before it, and (for changes applied before their new engagements were recorded) the one it made.
    const wanted = c.created_engagements ? [c.version_after - 1] : [c.version_after - 1, c.version_after];
    for (const v of wanted) {
      if (v < 1 || snapshots.has(v)) continue;
      const s = await loadSnapshot(db, workspaceId, { version: v });
      if (s) snapshots.set(v, s.snapshot);
    }
  }
  return {
    at, version, snapshots, changes, objections, exporter: workspace?.country ?? null,
    rows: new Map(rows.map((r) => [`${r.change_id}:${r.customer_id}`, r])),
    entities: new Map(entities.map((e) => [e.id, e])),
  };
}

/** Whether an applied change is in effect for the customer at the instant: its own row says so, and said so by then. */
function inEffectFor(row: Row<'change_customers'> | undefined, at: string): boolean {
  if (!row) return true; // the customer came after the announcement: it took the list as it stood
  return row.status === 'in_effect' && (row.settled_at === null || row.settled_at <= at);
}

/**
 * Reads one applied change back out of a list of engagements: what it added goes, what it
 * modified, replaced or removed comes back as it was in the version before it.
 */
function revert(items: SnapshotItem[], change: Row<'changes'>, before: Snapshot | undefined, after: Snapshot | undefined): SnapshotItem[] {
  const ops = JSON.parse(change.operations) as ChangeOperation[];
  const created = change.created_engagements ? (JSON.parse(change.created_engagements) as Record<string, string>) : {};
  const prior = new Map((before?.items ?? []).map((i) => [i.id, i]));
  const priorIds = new Set(prior.keys());
  let out = [...items];
  ops.forEach((op, i) => {
    if (op.op === 'add' || op.op === 'replace') {
      let id: string | undefined = created[String(i)];
      // Changes applied before their created engagements were recorded: the new item of that entity.
      id ??= (after?.items ?? []).find((x) => !priorIds.has(x.id) && x.entityId === op.engagement.entityId && x.purpose === op.engagement.purpose)?.id;
      if (id) out = out.filter((x) => x.id !== id);
    }
    if (op.op !== 'add') {
      const old = prior.get(op.engagementId);
      out = out.filter((x) => x.id !== op.engagementId);
      if (old) out.push(old);
    }
  });
  return out;
}

function proposedState(change: Row<'changes'>, row: Row<'change_customers'>, objections: Row<'objections'>[], date: string): { state: ProposedState; since: string | null } {
  const own = objections.filter((o) => o.change_id === change.id && o.customer_id === row.customer_id);
  const holding = own.find((o) => o.status === 'resolved' && o.resolution && HOLDING_RESOLUTIONS.includes(o.resolution));
  if (holding) return { state: 'held', since: holding.resolved_at?.slice(0, 10) ?? null };
  if (row.consent === 'refused') return { state: 'consent_refused', since: row.consent_at?.slice(0, 10) ?? null };
  const open = own.find((o) => o.status === 'open');
  if (open) return { state: 'objection_open', since: open.submitted_at.slice(0, 10) };
  if (row.authorisation === 'specific') return row.consent === 'given' ? { state: 'consented', since: row.consent_at?.slice(0, 10) ?? null } : { state: 'awaiting_consent', since: null };
  return date <= row.window_ends_on ? { state: 'may_object', since: null } : { state: 'window_closed', since: null };
}

/** One customer's view from a loaded context (pure). */
export function viewFor(customer: CustomerView, ctx: ViewContext): CustomerViewAt {
  const at = ctx.at.toISOString();
  const date = dateInZone(ctx.at, customer.effectiveTimeZone);
  let items = ctx.version ? [...ctx.version.snapshot.items] : [];
  const proposed: ProposedChange[] = [];
  // Newest first: each applied change is read out of the list as it stood after it.
  const ordered = [...ctx.changes].sort((a, b) => (b.version_after ?? Infinity) - (a.version_after ?? Infinity));
  for (const change of ordered) {
    const row = ctx.rows.get(`${change.id}:${customer.id}`);
    const applied = change.version_after !== null && ctx.version !== null && change.version_after <= ctx.version.version;
    if (applied && !inEffectFor(row, at)) {
      items = revert(items, change, ctx.snapshots.get((change.version_after as number) - 1), ctx.snapshots.get(change.version_after as number));
    }
    if (!row || row.status === 'withdrawn' || (applied && inEffectFor(row, at))) continue;
    const { state, since } = proposedState(change, row, ctx.objections, date);
    proposed.push({
      changeId: change.id, title: change.title, reason: change.reason, proposedDate: change.proposed_date, effectiveDate: row.effective_date,
      lastDayToObject: row.authorisation === 'general' ? row.window_ends_on : null, authorisation: row.authorisation, state, since,
      stateLabel: proposedStateLabel(state, { since, lastDayToObject: row.window_ends_on, effectiveDate: row.effective_date, proposedDate: change.proposed_date }),
    });
  }
  const mine = items
    .filter((g) => g.context === 'processor' && customerTouched(customer, { all: g.services.length === 0 && g.regions.length === 0, services: g.services, regions: g.regions }))
    .sort((a, b) => a.name.localeCompare(b.name, 'en') || a.purpose.localeCompare(b.purpose, 'en'));
  const inEffect: CustomerEngagement[] = mine.map((g) => {
    const e = ctx.entities.get(g.entityId);
    return { ...g, entityAddress: e?.address ?? null, entityCountry: e?.country ?? null, entityContact: [e?.contact_email, e?.dpo_contact].filter(Boolean).join('; ') || null };
  });
  const exporter = registryExporter(ctx.exporter);
  const transfers: CustomerTransfer[] = inEffect.flatMap((g) => g.countries.map((country) => {
    // The fact under the exporter's own regime (a UK or Swiss processor's); the contract's question is the EEA's.
    const assessment = assessCountry(country, g.transferMechanisms, date, exporter);
    const outside = (exporter ? assessCountry(country, g.transferMechanisms, date) : assessment).status !== 'intra_eea';
    const fact = customerTransferFact(assessment, g.transferMechanisms);
    return {
      engagementId: g.id, name: g.name, country, fact, kind: transferFactKind(assessment.status, fact),
      notAuthorisedByContract: outside && customer.transfersAuthorised === false,
    };
  }));
  proposed.sort((a, b) => b.proposedDate.localeCompare(a.proposedDate));
  return { customerId: customer.id, at, date, exporter: ctx.exporter, listVersion: ctx.version?.version ?? null, inEffect, proposed, transfers };
}

/**
 * What applies to one customer at `at` (default: now).
 * @example const view = await viewCustomerAt(db, workspaceId, customerId, clock.now()); view.inEffect // its sub-processors in effect
 */
export async function viewCustomerAt(db: Db, workspaceId: string, customerId: string, at: Date): Promise<CustomerViewAt> {
  const customer = await findCustomer(db, workspaceId, customerId);
  if (!customer) throw notFound('customer');
  return viewFor(customer, await loadViewContext(db, workspaceId, at));
}

/** Every customer's view at `at`, by customer name. */
export async function viewCustomersAt(db: Db, workspaceId: string, at: Date): Promise<Array<{ customer: CustomerView; view: CustomerViewAt }>> {
  const [customers, ctx] = await Promise.all([listCustomers(db, workspaceId), loadViewContext(db, workspaceId, at)]);
  return customers.map((customer) => ({ customer, view: viewFor(customer, ctx) }));
}

/**
 * The customer's transfers in the shape of the transfer engine's findings, for documents that
 * list them (its record of processing): only engagements in effect for it. Customer-facing
 * renderers print `customerFact`, never the status or the engine's reasons and warnings.
 */
export function findingsInEffect(view: CustomerViewAt, date: string): Array<TransferFinding & { customerFact: string; notAuthorisedByContract: boolean }> {
  const byId = new Map(view.inEffect.map((g) => [g.id, g]));
  return view.transfers.map((t) => {
    const g = byId.get(t.engagementId) as CustomerEngagement;
    return {
      ...assessCountry(t.country, g.transferMechanisms, date, registryExporter(view.exporter)), engagementId: g.id, entityName: g.name, purpose: g.purpose, country: t.country,
      services: g.services, regions: g.regions, transferMechanisms: g.transferMechanisms, customerFact: t.fact, notAuthorisedByContract: t.notAuthorisedByContract,
    };
  });
}
