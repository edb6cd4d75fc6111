import type { Db, Row } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { newId } from '../../shared/ids.ts';
import { enqueueJobs } from '../jobs/enqueue-job.ts';

export const SEND_EMAIL_JOB = 'email.send';

export interface OutgoingMessage {
  workspaceId: string;
  changeId?: string | null;
  /** What the message is for: subscription.confirm, change.announced, change.in_effect… */
  kind: string;
  recipientType: Row<'messages'>['recipient_type'];
  recipientId: string | null;
  to: string;
  /** One message per key, ever: e.g. `change.announced:<change>:subscriber:<id>`. */
  idempotencyKey: string;
  subject: string;
  text: string;
  html: string;
  headers?: Record<string, string>;
}

/** The Message-ID of a message row: derived from its id, so every retry carries the same one. */
export const messageIdFor = (id: string, publicUrl: string): string => `<${id}@${/^https?:\/\/([^/:]+)/.exec(publicUrl)?.[1] ?? 'trustroom.invalid'}>`;

/**
 * Writes messages and their send jobs in the caller's transaction (transactional outbox): they
 * exist if and only if what caused them commits. A repeated idempotency key is skipped.
 */
export async function enqueueMessages(tx: { db: Db; clock: Clock; publicUrl: string }, messages: OutgoingMessage[]): Promise<void> {
  if (messages.length === 0) return;
  const now = tx.clock.now().toISOString();
  const rows = messages.map((m) => {
    const id = newId();
    return {
      id, workspace_id: m.workspaceId, change_id: m.changeId ?? null, kind: m.kind, recipient_type: m.recipientType, recipient_id: m.recipientId,
      to_address: m.to, idempotency_key: m.idempotencyKey, message_id: messageIdFor(id, tx.publicUrl), subject: m.subject,
      text_body: m.text, html_body: m.html, headers: JSON.stringify(m.headers ?? {}), status: 'queued' as const, last_error: null, created_at: now, sent_at: null,
    };
  });
  const inserted: string[] = [];
  // 500 rows × 17 columns stays under both databases' bound-parameter limits.
  for (let i = 0; i < rows.length; i += 500) {
    const out = await tx.db.insertInto('messages').values(rows.slice(i, i + 500)).onConflict((oc) => oc.column('idempotency_key').doNothing()).returning('id').execute();
    inserted.push(...out.map((r) => r.id));
  }
  await enqueueJobs(tx, inserted.map((id) => ({ kind: SEND_EMAIL_JOB, refId: id, workspaceId: messages[0]?.workspaceId, idempotencyKey: `${SEND_EMAIL_JOB}:${id}`, maxAttempts: 10 })));
}

export const enqueueMessage = (tx: { db: Db; clock: Clock; publicUrl: string }, message: OutgoingMessage): Promise<void> => enqueueMessages(tx, [message]);
