import type { Db, Row } from '../../db/schema.ts';
import { sha256 } from '../../shared/ids.ts';
import { SUBSCRIBER_STATUSES, type SubscriberStatus, type SubscriberView, toSubscriberView } from './subscribers.ts';

/** What the holder of a link learns about their subscription: never the address. */
export interface SubscriptionState {
  status: SubscriberStatus;
  services: string[];
  regions: string[];
  /**
   * A secret of an unsubscribe link the same person holds already (the one they came with, or a new
   * one issued for this page, unsubscribe-links.ts); lets a page offer "unsubscribe". Null when none.
   */
  unsubscribeToken: string | null;
}

export const toSubscriptionState = (s: Row<'subscribers'>, unsubscribeToken: string | null): SubscriptionState => ({
  status: s.status, services: JSON.parse(s.services), regions: JSON.parse(s.regions), unsubscribeToken,
});

/** One recipient of a change notice (the change workflow fans out to these). */
export interface ConfirmedSubscriber {
  id: string;
  email: string;
  /** Service slugs; [] = all. */
  services: string[];
  /** Region slugs; [] = all. */
  regions: string[];
}

// Secrets are 43 characters; anything much longer is not one of ours and is not looked up.
const isPlausibleToken = (token: string) => token.length > 0 && token.length <= 200;

export async function findSubscriber(db: Db, workspaceId: string, id: string): Promise<Row<'subscribers'> | undefined> {
  return db.selectFrom('subscribers').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}

/** The subscriber whose confirmation link carries `token` (only its hash is stored). */
export async function findSubscriberByConfirmToken(db: Db, workspaceId: string, token: string): Promise<Row<'subscribers'> | undefined> {
  if (!isPlausibleToken(token)) return undefined;
  return db.selectFrom('subscribers').selectAll().where('workspace_id', '=', workspaceId).where('confirm_token_hash', '=', sha256(token)).executeTakeFirst();
}

/** The subscriber an unsubscribe link was sent to (only its hash is stored, in unsubscribe_links). */
export async function findSubscriberByUnsubscribeToken(db: Db, workspaceId: string, token: string): Promise<Row<'subscribers'> | undefined> {
  if (!isPlausibleToken(token)) return undefined;
  return db.selectFrom('unsubscribe_links as l').innerJoin('subscribers as s', 's.id', 'l.subscriber_id').selectAll('s')
    .where('l.workspace_id', '=', workspaceId).where('s.workspace_id', '=', workspaceId).where('l.token_hash', '=', sha256(token)).executeTakeFirst();
}

/** The console's table: newest first, at most `limit` rows. */
export async function listSubscribers(db: Db, workspaceId: string, opts: { limit?: number } = {}): Promise<SubscriberView[]> {
  const rows = await db.selectFrom('subscribers').selectAll().where('workspace_id', '=', workspaceId)
    .orderBy('created_at', 'desc').orderBy('id').limit(opts.limit ?? 1000).execute();
  return rows.map(toSubscriberView);
}

/** How many subscribers a workspace has in each status (every status present, 0 when none). */
export async function countSubscribersByStatus(db: Db, workspaceId: string): Promise<Record<SubscriberStatus, number>> {
  const rows = await db.selectFrom('subscribers').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).where('workspace_id', '=', workspaceId).groupBy('status').execute();
  const counts = Object.fromEntries(SUBSCRIBER_STATUSES.map((s) => [s, 0])) as Record<SubscriberStatus, number>;
  for (const r of rows) counts[r.status] = Number(r.n);
  return counts;
}

/**
 * Everyone who confirmed and has not unsubscribed, with their filters (match them against a
 * change with subscriberWants). Each message to one gets a new unsubscribe link (unsubscribe-links.ts).
 */
export async function listConfirmedSubscribers(db: Db, workspaceId: string): Promise<ConfirmedSubscriber[]> {
  const rows = await db.selectFrom('subscribers').select(['id', 'email', 'services', 'regions'])
    .where('workspace_id', '=', workspaceId).where('status', '=', 'confirmed').orderBy('created_at').orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, email: r.email, services: JSON.parse(r.services), regions: JSON.parse(r.regions) }));
}
