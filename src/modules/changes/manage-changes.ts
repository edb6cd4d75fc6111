import type { Row } from '../../db/schema.ts';
import { type Deps, inTransaction, type Scope, type TxDeps } from '../../shared/deps.ts';
import { conflict, invalid, notFound } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { InputReader } from '../../shared/input.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { cancelJobs, enqueueJobs } from '../jobs/enqueue-job.ts';
import { enqueueMessages, type OutgoingMessage } from '../mail/enqueue-message.ts';
import { publications } from '../publishing/publish-list-version.ts';
import { unsubscribeHeaders, unsubscribeUrl } from '../subscribers/subscriber-links.ts';
import { unsubscribeLinkBatch } from '../subscribers/unsubscribe-links.ts';
import { enqueueWebhookEvent } from '../webhooks/enqueue-webhook-event.ts';
import { listConfirmedSubscribers } from '../subscribers/subscribers.queries.ts';
import { listUrl } from './change-audience.ts';
import { parseChangeInput } from './changes.ts';
import { type ChangeView, findChange } from './changes.queries.ts';
import { renderWithdrawn } from './render-notices.ts';
import type { NoticeFacts } from './notice-facts.ts';

export const APPLY_CHANGE_JOB = 'change.apply';
export const SETTLE_CUSTOMER_JOB = 'change.customer_effective';
export const CONSENT_REMINDER_JOB = 'change.consent_reminder';

/** Loads a change of the workspace for update (row lock on PostgreSQL). */
export async function lockChange(tx: TxDeps, workspaceId: string, id: string): Promise<Row<'changes'>> {
  let q = tx.db.selectFrom('changes').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id);
  if (tx.caps.rowLocks) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw notFound('change');
  return row;
}

/** A new change proposal, as a draft: nothing is sent until it is announced. */
export async function createChange(deps: Deps, scope: Scope, raw: unknown): Promise<ChangeView> {
  const input = await parseChangeInput(deps.db, scope.workspaceId, raw);
  return inTransaction(deps, async (tx) => {
    const id = newId();
    const now = tx.clock.now().toISOString();
    await tx.db.insertInto('changes').values({
      id, workspace_id: scope.workspaceId, title: input.title, reason: input.reason, operations: JSON.stringify(input.operations),
      proposed_date: input.proposedDate, status: 'draft', notice: null, created_by: scope.actor.label, created_at: now, updated_at: now,
      announced_at: null, announced_by: null, effective_at: null, applied_at: null, withdrawn_at: null, withdrawn_reason: null,
      version_before: null, version_after: null, last_error: null,
    }).execute();
    const after = (await findChange(tx.db, scope.workspaceId, id)) as ChangeView;
    await recordAuditEvent(tx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'change.created', subjectType: 'change', subjectId: id, after });
    return after;
  });
}

/** Replaces a draft's title, reason, date and operations. Announced changes are fixed. */
export async function updateChange(deps: Deps, scope: Scope, id: string, raw: unknown): Promise<ChangeView> {
  const input = await parseChangeInput(deps.db, scope.workspaceId, raw);
  return inTransaction(deps, async (tx) => {
    const row = await lockChange(tx, scope.workspaceId, id);
    if (row.status !== 'draft') throw conflict('only a draft can be edited; withdraw the change and propose a new one', 'change_not_draft');
    const before = await findChange(tx.db, scope.workspaceId, id);
    await tx.db.updateTable('changes').set({
      title: input.title, reason: input.reason, proposed_date: input.proposedDate, operations: JSON.stringify(input.operations), updated_at: tx.clock.now().toISOString(),
    }).where('id', '=', id).execute();
    const after = (await findChange(tx.db, scope.workspaceId, id)) as ChangeView;
    await recordAuditEvent(tx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'change.updated', subjectType: 'change', subjectId: id, before, after });
    return after;
  });
}

/** Deletes a draft. Announced changes stay as evidence; withdraw them instead. */
export async function deleteChange(deps: Deps, scope: Scope, id: string): Promise<void> {
  await inTransaction(deps, async (tx) => {
    const row = await lockChange(tx, scope.workspaceId, id);
    if (row.status !== 'draft') throw conflict('only a draft can be deleted; an announced change is withdrawn instead', 'change_not_draft');
    const before = await findChange(tx.db, scope.workspaceId, id);
    await tx.db.deleteFrom('changes').where('id', '=', id).execute();
    await recordAuditEvent(tx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'change.deleted', subjectType: 'change', subjectId: id, before });
  });
}

/**
 * Withdraws a draft or an announced change: its scheduled steps are cancelled and everyone who
 * had the announcement is told (e-mail and webhooks), in the same transaction.
 */
export async function withdrawChange(deps: Deps, scope: Scope, id: string, raw: unknown): Promise<ChangeView> {
  const r = new InputReader(raw);
  const reason = r.text('reason', { required: true, max: 2000 });
  r.done(null);
  const result = await inTransaction(deps, async (tx) => {
    const row = await lockChange(tx, scope.workspaceId, id);
    if (row.status !== 'draft' && row.status !== 'announced') throw conflict(`a change ${row.status.replace('_', ' ')} cannot be withdrawn; propose a change that reverses it`, 'change_not_withdrawable');
    const before = await findChange(tx.db, scope.workspaceId, id);
    const now = tx.clock.now().toISOString();
    await tx.db.updateTable('changes').set({ status: 'withdrawn', withdrawn_at: now, withdrawn_reason: reason, updated_at: now }).where('id', '=', id).execute();
    if (row.status === 'announced') {
      await cancelJobs(tx, APPLY_CHANGE_JOB, id);
      const settled = await tx.db.selectFrom('change_customers').select('customer_id').where('change_id', '=', id).execute();
      for (const c of settled) await cancelJobs(tx, SETTLE_CUSTOMER_JOB, `${id}:${c.customer_id}`);
      for (const c of settled) await cancelJobs(tx, CONSENT_REMINDER_JOB, `${id}:${c.customer_id}`);
      await tx.db.updateTable('change_customers').set({ status: 'withdrawn', settled_at: now }).where('change_id', '=', id).execute();
      await tx.db.updateTable('objections').set({ status: 'resolved', resolution: 'change_withdrawn', resolution_note: reason, resolved_by: scope.actor.label, resolved_at: now })
        .where('change_id', '=', id).where('status', '=', 'open').execute();
      await notifyWithdrawal(tx, row, reason as string);
    }
    const after = (await findChange(tx.db, scope.workspaceId, id)) as ChangeView;
    await recordAuditEvent(tx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'change.withdrawn', subjectType: 'change', subjectId: id, before, after });
    return after;
  });
  publications.emit('published', scope.workspaceId);
  return result;
}

/** Everyone who received the announcement hears that it is off. */
async function notifyWithdrawal(tx: TxDeps, row: Row<'changes'>, reason: string): Promise<void> {
  const facts = JSON.parse(row.notice as string) as NoticeFacts;
  const link = listUrl(tx.publicUrl, facts.workspaceSlug);
  const announced = await tx.db.selectFrom('messages').select(['recipient_type', 'recipient_id', 'to_address']).where('change_id', '=', row.id).where('kind', '=', 'change.announced').execute();
  const subscribers = new Map((await listConfirmedSubscribers(tx.db, row.workspace_id)).map((s) => [s.id, s]));
  const messages: OutgoingMessage[] = [];
  const unsubscribeLinks = unsubscribeLinkBatch(tx, row.workspace_id);
  for (const m of announced) {
    const sub = m.recipient_type === 'subscriber' ? subscribers.get(m.recipient_id as string) : undefined;
    if (m.recipient_type === 'subscriber' && !sub) continue; // unsubscribed since
    const unsub = sub ? unsubscribeUrl(tx.publicUrl, facts.workspaceSlug, unsubscribeLinks.tokenFor(sub.id)) : undefined;
    const rendered = renderWithdrawn(facts, { effectiveDate: facts.proposedDate, listUrl: link, unsubscribeUrl: unsub, reason });
    messages.push({
      workspaceId: row.workspace_id, changeId: row.id, kind: 'change.withdrawn', recipientType: m.recipient_type, recipientId: m.recipient_id, to: m.to_address,
      idempotencyKey: `change.withdrawn:${row.id}:${m.recipient_type}:${m.recipient_id}`, ...rendered, headers: unsub ? unsubscribeHeaders(unsub) : {},
    });
  }
  await unsubscribeLinks.save();
  await enqueueMessages(tx, messages);
  const customers = await tx.db.selectFrom('change_customers').select('customer_id').where('change_id', '=', row.id).execute();
  for (const c of customers) {
    await enqueueWebhookEvent(tx, { workspaceId: row.workspace_id, customerId: c.customer_id, changeId: row.id, event: 'change.withdrawn', eventKey: `change.withdrawn:${row.id}:${c.customer_id}`, data: { changeId: row.id, title: facts.title, reason } });
  }
}

/** For the announcement: the jobs that apply the change and settle each customer. */
export async function scheduleChangeSteps(tx: TxDeps, row: Row<'changes'>, effectiveAt: Date, customers: { customerId: string; effectiveAt: Date }[], reminders: { customerId: string; runAt: Date }[] = []): Promise<void> {
  await enqueueJobs(tx, [
    ...reminders.map((r) => ({ kind: CONSENT_REMINDER_JOB, refId: `${row.id}:${r.customerId}`, workspaceId: row.workspace_id, runAt: r.runAt, maxAttempts: 20 })),
    { kind: APPLY_CHANGE_JOB, refId: row.id, workspaceId: row.workspace_id, runAt: effectiveAt, maxAttempts: 20 },
    ...customers.map((c) => ({ kind: SETTLE_CUSTOMER_JOB, refId: `${row.id}:${c.customerId}`, workspaceId: row.workspace_id, runAt: c.effectiveAt, maxAttempts: 50 })),
  ]);
}
