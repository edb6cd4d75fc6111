import { type Deps, inTransaction } from '../../shared/deps.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { issueUnsubscribeToken } from './unsubscribe-links.ts';
import { findSubscriberByConfirmToken, type SubscriptionState, toSubscriptionState } from './subscribers.queries.ts';
import { auditViewOf, CONFIRM_TTL_DAYS, isConfirmLinkExpired, SUBSCRIBER_ACTOR } from './subscribers.ts';

/** Unknown, replaced by a newer request, or cancelled by unsubscribing: the same answer for each. */
const unknownLink = () => notFound('confirmation link');

const expiredLink = () =>
  new AppError('confirmation_expired', 410, `this confirmation link has expired (links work for ${CONFIRM_TTL_DAYS} days): subscribe again to get a new one`);

/**
 * Where a confirmation link stands, without changing the subscription (the page showing the
 * "Confirm" button: mail scanners fetch links, so only the POST confirms); for a confirmed one, a
 * new unsubscribe link for the page. Throws `not_found` for an unknown link and
 * `confirmation_expired` for a pending one older than 7 days.
 */
export async function checkConfirmationLink(deps: Deps, workspaceId: string, token: string): Promise<SubscriptionState> {
  const row = await findSubscriberByConfirmToken(deps.db, workspaceId, token);
  if (!row) throw unknownLink();
  if (row.status === 'pending' && isConfirmLinkExpired(row.created_at, deps.clock.now())) throw expiredLink();
  if (row.status !== 'confirmed') return toSubscriptionState(row, null);
  // Confirmed already: the page offers "unsubscribe", through a link of its own (only its hash is kept).
  return inTransaction(deps, async (tx) => toSubscriptionState(row, await issueUnsubscribeToken(tx, workspaceId, row.id)));
}

/**
 * Confirms the subscription a link was sent for. Confirming again is harmless: the subscriber
 * stays confirmed and no event is written (the page gets a new unsubscribe link). Unsubscribing cancels the link for good.
 */
export async function confirmSubscription(deps: Deps, workspaceId: string, token: string): Promise<SubscriptionState> {
  return inTransaction(deps, async (tx) => {
    const row = await findSubscriberByConfirmToken(tx.db, workspaceId, token);
    if (!row) throw unknownLink();
    if (row.status === 'unsubscribed') return toSubscriptionState(row, null);
    if (row.status === 'confirmed') return toSubscriptionState(row, await issueUnsubscribeToken(tx, workspaceId, row.id));
    if (isConfirmLinkExpired(row.created_at, tx.clock.now())) throw expiredLink();
    const changes = { status: 'confirmed' as const, confirmed_at: tx.clock.now().toISOString() };
    // Only the request that moves it from pending writes the event (two clicks at once).
    const result = await tx.db.updateTable('subscribers').set(changes).where('id', '=', row.id).where('status', '=', 'pending').executeTakeFirst();
    if (Number(result.numUpdatedRows) === 1) {
      await recordAuditEvent(tx, {
        workspaceId, actor: SUBSCRIBER_ACTOR, action: 'subscriber.confirmed', subjectType: 'subscriber', subjectId: row.id,
        before: auditViewOf(row), after: auditViewOf({ ...row, ...changes }),
      });
    }
    return toSubscriptionState({ ...row, ...changes }, await issueUnsubscribeToken(tx, workspaceId, row.id));
  });
}
