import type { Row } from '../../db/schema.ts';
import { type Actor, type Deps, inTransaction, type TxDeps } from '../../shared/deps.ts';
import { AppError, conflict, invalid, notFound } from '../../shared/errors.ts';
import { newId, sha256 } from '../../shared/ids.ts';
import { InputReader } from '../../shared/input.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { enqueueMessages } from '../mail/enqueue-message.ts';
import { enqueueWebhookEvent } from '../webhooks/enqueue-webhook-event.ts';
import { bringIntoEffectFor } from './apply-change.ts';
import { findCustomer } from '../customers/customers.queries.ts';
import { listUrl, portalChangeUrl, respondUrl } from './change-audience.ts';
import { type ChangeCustomerView, listChangeCustomers } from './changes.queries.ts';
import type { NoticeFacts } from './notice-facts.ts';
import { renderOperatorAlert, renderResponseReceipt } from './render-notices.ts';
import { conflictFlag, transferConflicts } from './plan-announcement.ts';

/** What the customer's response page shows. */
export interface ChangeResponseView {
  workspace: { id: string; slug: string; name: string };
  change: { id: string; title: string; reason: string; status: Row<'changes'>['status']; proposedDate: string; notice: NoticeFacts };
  customer: ChangeCustomerView;
  /** Objections can be made until the customer's effective moment. */
  canObject: boolean;
  /** Consent can be given or refused while the change is not in effect for the customer. */
  canDecide: boolean;
  /** What the customer's own contract says about the change (transfers outside the EEA it has not authorised). */
  contractFlags: string[];
}

const linkInvalid = () => new AppError('response_link_invalid', 404, 'this link is not valid: it may be mistyped or belong to a withdrawn change');

/**
 * Which customer's answer to which change: the token of the notice's link, or (the customer
 * portal, signed in) the customer and change ids, always read from the session, never the URL.
 */
export type ResponseKey = string | { workspaceId: string; customerId: string; changeId: string };

async function load(db: Deps['db'] | TxDeps['db'], key: ResponseKey, lock = false) {
  let q = db.selectFrom('change_customers').selectAll();
  q = typeof key === 'string'
    ? q.where('token_hash', '=', sha256(key))
    : q.where('workspace_id', '=', key.workspaceId).where('customer_id', '=', key.customerId).where('change_id', '=', key.changeId);
  if (lock) q = q.forUpdate();
  const cc = await q.executeTakeFirst();
  if (!cc) throw typeof key === 'string' ? linkInvalid() : notFound('change');
  const change = await db.selectFrom('changes').selectAll().where('id', '=', cc.change_id).executeTakeFirstOrThrow();
  const workspace = await db.selectFrom('workspaces').selectAll().where('id', '=', cc.workspace_id).executeTakeFirstOrThrow();
  return { cc, change, workspace };
}

function view(now: Date, data: Awaited<ReturnType<typeof load>>, customer: ChangeCustomerView, contractFlags: string[] = []): ChangeResponseView {
  const { change, workspace, cc } = data;
  const open = change.status === 'announced' || change.status === 'in_effect';
  return {
    workspace: { id: workspace.id, slug: workspace.slug, name: workspace.name },
    change: { id: change.id, title: change.title, reason: change.reason, status: change.status, proposedDate: change.proposed_date, notice: JSON.parse(change.notice as string) },
    customer,
    // Under specific authorisation there is no objection window: the customer consents or refuses.
    canObject: open && cc.authorisation === 'general' && now.toISOString() < cc.effective_at && cc.status === 'notified',
    contractFlags,
    canDecide: open && cc.authorisation === 'specific' && cc.status !== 'in_effect' && cc.status !== 'withdrawn',
  };
}

/** The change as the customer sees it: through its link (the token is the credential) or signed in to the portal. */
export async function viewChangeResponse(deps: Deps, key: ResponseKey): Promise<ChangeResponseView> {
  const data = await load(deps.db, key);
  const customer = (await listChangeCustomers(deps.db, data.cc.workspace_id, data.cc.change_id)).find((c) => c.customerId === data.cc.customer_id) as ChangeCustomerView;
  return view(deps.clock.now(), data, customer, await contractFlagsFor(deps.db, data.change, data.cc.customer_id));
}

/** The contract flags of the customer for the change, as its notice gave them. */
async function contractFlagsFor(db: Deps['db'], change: Row<'changes'>, customerId: string): Promise<string[]> {
  const customer = await findCustomer(db, change.workspace_id, customerId);
  if (!customer) return [];
  const entities = await db.selectFrom('entities').select(['id', 'name']).where('workspace_id', '=', change.workspace_id).execute();
  return transferConflicts(customer, JSON.parse(change.operations), new Map(entities.map((e) => [e.id, e.name])), change.proposed_date).map(conflictFlag);
}

const customerActor = (name: string, key: ResponseKey): Actor => ({ type: 'system', id: null, label: `customer contact via ${typeof key === 'string' ? 'link' : 'portal'} (${name.slice(0, 60)})` });

/** The customer objects (CH3): recorded, acknowledged to its contacts, sent to its webhooks. */
export async function submitObjection(deps: Deps, token: ResponseKey, raw: unknown): Promise<ChangeResponseView> {
  const r = new InputReader(raw);
  const name = r.text('name', { name: true, required: true, max: 200 });
  const reason = r.text('reason', { required: true, max: 5000 });
  r.done(null);
  return inTransaction(deps, async (tx) => {
    const data = await load(tx.db, token, tx.caps.rowLocks);
    const now = tx.clock.now();
    const current = view(now, data, {} as ChangeCustomerView);
    if (data.cc.authorisation === 'specific') throw conflict('under specific authorisation the change needs your consent: refuse it instead of objecting', 'objection_not_applicable');
    if (!current.canObject) throw conflict('the objection window for this change has closed', 'objection_window_closed');
    // One open objection per customer and change: a link cannot flood the operators (issue 11).
    const open = await tx.db.selectFrom('objections').select('id').where('change_id', '=', data.cc.change_id).where('customer_id', '=', data.cc.customer_id).where('status', '=', 'open').executeTakeFirst();
    if (open) throw conflict('an objection to this change is already open: it must be resolved before another one', 'objection_already_open');
    const id = newId();
    await tx.db.insertInto('objections').values({
      id, workspace_id: data.cc.workspace_id, change_id: data.cc.change_id, customer_id: data.cc.customer_id, reason: reason as string, submitted_name: name as string,
      submitted_at: now.toISOString(), status: 'open', resolution: null, resolution_note: null, resolved_by: null, resolved_at: null,
    }).execute();
    await recordAuditEvent(tx, { workspaceId: data.cc.workspace_id, actor: customerActor(name as string, token), action: 'objection.received', subjectType: 'change', subjectId: data.cc.change_id, after: { objectionId: id, customerId: data.cc.customer_id } });
    await acknowledge(tx, data, token, 'An objection', `objection.received:${id}`);
    await alertOperators(tx, data, 'an objection', reason, `objection.received:${id}`);
    await enqueueWebhookEvent(tx, { workspaceId: data.cc.workspace_id, customerId: data.cc.customer_id, changeId: data.cc.change_id, event: 'objection.received', eventKey: `objection.received:${id}`, data: { changeId: data.cc.change_id, objectionId: id, reason } });
    const customer = (await listChangeCustomers(tx.db, data.cc.workspace_id, data.cc.change_id)).find((c) => c.customerId === data.cc.customer_id) as ChangeCustomerView;
    return view(now, data, customer);
  });
}

/**
 * A customer on specific authorisation gives or refuses consent. Consent given after its
 * effective moment brings the change into effect for it at once; refusal keeps it out.
 */
export async function recordConsent(deps: Deps, token: ResponseKey, raw: unknown): Promise<ChangeResponseView> {
  const r = new InputReader(raw);
  const decision = r.choice('decision', ['given', 'refused'] as const, { required: true });
  const name = r.text('name', { name: true, required: true, max: 200 });
  const title = r.text('title', { name: true, max: 200 });
  r.done(null);
  return inTransaction(deps, async (tx) => {
    const data = await load(tx.db, token, tx.caps.rowLocks);
    const now = tx.clock.now();
    if (!view(now, data, {} as ChangeCustomerView).canDecide) {
      throw data.cc.authorisation !== 'specific' ? invalid('decision', 'this customer gave general authorisation: object instead') : conflict('consent can no longer be changed for this change', 'consent_closed');
    }
    await tx.db.updateTable('change_customers').set({ consent: decision, consent_name: name, consent_title: title, consent_at: now.toISOString() })
      .where('change_id', '=', data.cc.change_id).where('customer_id', '=', data.cc.customer_id).execute();
    await recordAuditEvent(tx, { workspaceId: data.cc.workspace_id, actor: customerActor(name as string, token), action: `consent.${decision}`, subjectType: 'change', subjectId: data.cc.change_id, after: { customerId: data.cc.customer_id, decision, name, title } });
    const key = `consent.${decision}:${data.cc.change_id}:${data.cc.customer_id}:${now.toISOString()}`;
    await acknowledge(tx, data, token, decision === 'given' ? 'Consent' : 'A refusal of consent', key);
    if (decision === 'refused') await alertOperators(tx, data, 'consent refused', null, key);
    await enqueueWebhookEvent(tx, { workspaceId: data.cc.workspace_id, customerId: data.cc.customer_id, changeId: data.cc.change_id, event: 'consent.recorded', eventKey: key, data: { changeId: data.cc.change_id, decision } });
    const open = await tx.db.selectFrom('objections').select('id').where('change_id', '=', data.cc.change_id).where('customer_id', '=', data.cc.customer_id).where('status', '=', 'open').execute();
    if (decision === 'given' && data.cc.status === 'not_in_effect' && data.change.status === 'in_effect' && open.length === 0) {
      await bringIntoEffectFor(tx, data.change, data.cc, customerActor(name as string, token));
    }
    const customer = (await listChangeCustomers(tx.db, data.cc.workspace_id, data.cc.change_id)).find((c) => c.customerId === data.cc.customer_id) as ChangeCustomerView;
    return view(now, { ...data, cc: { ...data.cc, consent: decision } }, customer);
  });
}

async function acknowledge(tx: TxDeps, data: Awaited<ReturnType<typeof load>>, token: ResponseKey, what: string, key: string): Promise<void> {
  const customer = await findCustomer(tx.db, data.workspace.id, data.cc.customer_id);
  if (!customer) return;
  const facts = JSON.parse(data.change.notice as string) as NoticeFacts;
  const rendered = renderResponseReceipt(facts, { what, customerName: customer.name, effectiveDate: data.cc.effective_date, respondUrl: typeof token === 'string' ? respondUrl(tx.publicUrl, data.workspace.slug, token) : portalChangeUrl(tx.publicUrl, data.workspace.slug, data.change.id), listUrl: listUrl(tx.publicUrl, data.workspace.slug) });
  await enqueueMessages(tx, customer.contacts.map((k) => ({
    workspaceId: data.workspace.id, changeId: data.change.id, kind: 'change.response_receipt', recipientType: 'contact' as const, recipientId: k.id, to: k.email, idempotencyKey: `${key}:contact:${k.id}`, ...rendered,
  })));
}

/** Owners and admins of the workspace hear of objections and refusals at once (they must resolve them). */
async function alertOperators(tx: TxDeps, data: Awaited<ReturnType<typeof load>>, what: string, reason: string | null, key: string): Promise<void> {
  const operators = await tx.db.selectFrom('memberships').innerJoin('users', 'users.id', 'memberships.user_id').select(['users.id', 'users.email'])
    .where('memberships.workspace_id', '=', data.workspace.id).where('memberships.role', 'in', ['owner', 'admin']).execute();
  const customer = await tx.db.selectFrom('customers').select('name').where('id', '=', data.cc.customer_id).executeTakeFirstOrThrow();
  const facts = JSON.parse(data.change.notice as string) as NoticeFacts;
  const rendered = renderOperatorAlert(facts, { customerName: customer.name, what, reason, consoleUrl: `${tx.publicUrl}/admin/w/${encodeURIComponent(data.workspace.slug)}/changes/${data.change.id}` });
  await enqueueMessages(tx, operators.map((u) => ({
    workspaceId: data.workspace.id, changeId: data.change.id, kind: 'operator.alert', recipientType: 'user' as const, recipientId: u.id, to: u.email, idempotencyKey: `${key}:user:${u.id}`, ...rendered,
  })));
}
