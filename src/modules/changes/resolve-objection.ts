import type { ObjectionResolution } from '../../db/schema.ts';
import { type Deps, inTransaction, type Scope } from '../../shared/deps.ts';
import { conflict, notFound } from '../../shared/errors.ts';
import { InputReader } from '../../shared/input.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { enqueueMessages } from '../mail/enqueue-message.ts';
import { enqueueWebhookEvent } from '../webhooks/enqueue-webhook-event.ts';
import { bringIntoEffectFor, holdReason } from './apply-change.ts';
import { findCustomer } from '../customers/customers.queries.ts';
import { listUrl } from './change-audience.ts';
import { listObjections, type ObjectionView } from './changes.queries.ts';
import { withdrawChange } from './manage-changes.ts';
import type { NoticeFacts } from './notice-facts.ts';
import { renderObjectionResolved } from './render-notices.ts';

export const RESOLUTIONS = ['change_withdrawn', 'alternative_offered', 'customer_terminates', 'objection_withdrawn'] as const satisfies readonly ObjectionResolution[];

/**
 * An operator resolves an objection (CH3) with a note; the customer is told by e-mail and
 * webhook. `change_withdrawn` withdraws the whole change (everyone is told); `objection_withdrawn`
 * lets the change take effect for the customer if its date has passed.
 */
export async function resolveObjection(deps: Deps, scope: Scope, objectionId: string, raw: unknown): Promise<ObjectionView> {
  const r = new InputReader(raw);
  const resolution = r.choice('resolution', RESOLUTIONS, { required: true });
  const note = r.text('note', { required: true, max: 5000 });
  r.done(null);
  return inTransaction(deps, async (tx) => {
    let q = tx.db.selectFrom('objections').selectAll().where('workspace_id', '=', scope.workspaceId).where('id', '=', objectionId);
    if (tx.caps.rowLocks) q = q.forUpdate();
    const objection = await q.executeTakeFirst();
    if (!objection) throw notFound('objection');
    if (objection.status !== 'open') throw conflict('this objection is already resolved', 'objection_resolved');
    const change = await tx.db.selectFrom('changes').selectAll().where('id', '=', objection.change_id).executeTakeFirstOrThrow();
    if (resolution === 'change_withdrawn') {
      if (change.status !== 'announced') throw conflict('the change is already in effect: propose a change that reverses it instead', 'change_not_withdrawable');
    }
    const now = tx.clock.now().toISOString();
    await tx.db.updateTable('objections').set({ status: 'resolved', resolution, resolution_note: note, resolved_by: scope.actor.label, resolved_at: now }).where('id', '=', objectionId).execute();
    await recordAuditEvent(tx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'objection.resolved', subjectType: 'change', subjectId: change.id, before: { objectionId, status: 'open' }, after: { objectionId, resolution, note } });
    const workspace = await tx.db.selectFrom('workspaces').selectAll().where('id', '=', scope.workspaceId).executeTakeFirstOrThrow();
    const customer = await findCustomer(tx.db, scope.workspaceId, objection.customer_id);
    const facts = JSON.parse(change.notice as string) as NoticeFacts;
    const cc = await tx.db.selectFrom('change_customers').selectAll().where('change_id', '=', change.id).where('customer_id', '=', objection.customer_id).executeTakeFirstOrThrow();
    if (customer) {
      const rendered = renderObjectionResolved(facts, { resolution: resolution as ObjectionResolution, note: note as string, customerName: customer.name, effectiveDate: cc.effective_date, listUrl: listUrl(tx.publicUrl, workspace.slug) });
      await enqueueMessages(tx, customer.contacts.map((k) => ({
        workspaceId: scope.workspaceId, changeId: change.id, kind: 'objection.resolved', recipientType: 'contact' as const, recipientId: k.id, to: k.email, idempotencyKey: `objection.resolved:${objectionId}:contact:${k.id}`, ...rendered,
      })));
    }
    await enqueueWebhookEvent(tx, { workspaceId: scope.workspaceId, customerId: objection.customer_id, changeId: change.id, event: 'objection.resolved', eventKey: `objection.resolved:${objectionId}`, data: { changeId: change.id, objectionId, resolution, note } });
    if (resolution === 'change_withdrawn') {
      await withdrawChange(tx, scope, change.id, { reason: `Withdrawn after an objection: ${note}` });
    } else if (resolution === 'objection_withdrawn' && cc.status === 'not_in_effect' && change.status === 'in_effect') {
      const objections = await tx.db.selectFrom('objections').select(['status', 'resolution']).where('change_id', '=', change.id).where('customer_id', '=', objection.customer_id).execute();
      if (!holdReason(cc, objections)) await bringIntoEffectFor(tx, change, cc, scope.actor);
    }
    return (await listObjections(tx.db, scope.workspaceId, { changeId: change.id })).find((o) => o.id === objectionId) as ObjectionView;
  });
}
