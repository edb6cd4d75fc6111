/**
 * Unsubscribe links: each message to a subscriber carries a fresh secret, stored only as its
 * SHA-256 in `unsubscribe_links`, in the transaction that writes the message. Nothing keeps the
 * clear secret: the e-mail is the only place it exists.
 */
import type { Db } from '../../db/schema.ts';
import { newSecret, sha256 } from '../../shared/ids.ts';

type Tx = { db: Db; clock: { now(): Date } };

/** Rows per insert: 500 × 4 columns stays under both databases' bound-parameter limits. */
const CHUNK = 500;

export interface UnsubscribeLinkBatch {
  /** A new secret for one message to `subscriberId` (its hash is written by `save`). */
  tokenFor(subscriberId: string): string;
  /** Writes the hashes of every secret handed out; call it before the transaction ends. */
  save(): Promise<void>;
}

/**
 * Unsubscribe secrets for the messages of one fan-out, written in one go.
 *
 * @example
 * const links = unsubscribeLinkBatch(tx, workspaceId);
 * const url = unsubscribeUrl(tx.publicUrl, slug, links.tokenFor(subscriber.id));
 * await links.save();
 */
export function unsubscribeLinkBatch(tx: Tx, workspaceId: string): UnsubscribeLinkBatch {
  const rows: Array<{ token_hash: string; workspace_id: string; subscriber_id: string; created_at: string }> = [];
  const createdAt = tx.clock.now().toISOString();
  return {
    tokenFor(subscriberId) {
      const token = newSecret();
      rows.push({ token_hash: sha256(token), workspace_id: workspaceId, subscriber_id: subscriberId, created_at: createdAt });
      return token;
    },
    async save() {
      const pending = rows.splice(0);
      for (let i = 0; i < pending.length; i += CHUNK) await tx.db.insertInto('unsubscribe_links').values(pending.slice(i, i + CHUNK)).execute();
    },
  };
}

/** One new unsubscribe secret for `subscriberId`, its hash written in the caller's transaction. */
export async function issueUnsubscribeToken(tx: Tx, workspaceId: string, subscriberId: string): Promise<string> {
  const batch = unsubscribeLinkBatch(tx, workspaceId);
  const token = batch.tokenFor(subscriberId);
  await batch.save();
  return token;
}
