import { type Deps, inTransaction } from '../../shared/deps.ts';
import { notFound } from '../../shared/errors.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { findSubscriberByUnsubscribeToken, type SubscriptionState, toSubscriptionState } from './subscribers.queries.ts';
import { auditViewOf, SUBSCRIBER_ACTOR } from './subscribers.ts';

/** Where an unsubscribe link stands, without changing anything; `not_found` when unknown. */
export async function checkUnsubscribeLink(deps: Deps, workspaceId: string, token: string): Promise<SubscriptionState> {
  const row = await findSubscriberByUnsubscribeToken(deps.db, workspaceId, token);
  if (!row) throw notFound('subscription');
  return toSubscriptionState(row, token);
}

/**
 * Stops all notices to the subscriber of an unsubscribe link (every message carries one, and the
 * RFC 8058 one-click POST lands here). The link never expires; using it again changes nothing.
 * A pending confirmation link stops working too.
 */
export async function unsubscribe(deps: Deps, workspaceId: string, token: string): Promise<SubscriptionState> {
  return inTransaction(deps, async (tx) => {
    const row = await findSubscriberByUnsubscribeToken(tx.db, workspaceId, token);
    if (!row) throw notFound('subscription');
    if (row.status === 'unsubscribed') return toSubscriptionState(row, token);
    const changes = { status: 'unsubscribed' as const, unsubscribed_at: tx.clock.now().toISOString(), confirm_token_hash: null };
    const result = await tx.db.updateTable('subscribers').set(changes).where('id', '=', row.id).where('status', '!=', 'unsubscribed').executeTakeFirst();
    if (Number(result.numUpdatedRows) === 1) {
      await recordAuditEvent(tx, {
        workspaceId, actor: SUBSCRIBER_ACTOR, action: 'subscriber.unsubscribed', subjectType: 'subscriber', subjectId: row.id,
        before: auditViewOf(row), after: auditViewOf({ ...row, ...changes }),
      });
    }
    return toSubscriptionState({ ...row, ...changes }, token);
  });
}
