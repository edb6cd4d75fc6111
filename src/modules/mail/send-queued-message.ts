import type { Deps } from '../../shared/deps.ts';
import type { Mailer } from './mailer.ts';

/**
 * The `email.send` job: sends one stored message. Idempotent: a message already sent or
 * outboxed is not sent again when its job re-runs after a crash.
 */
export async function sendQueuedMessage(deps: Deps, mailer: Mailer, messageId: string): Promise<void> {
  const message = await deps.db.selectFrom('messages').selectAll().where('id', '=', messageId).executeTakeFirst();
  if (!message || message.status === 'sent' || message.status === 'outboxed') return;
  try {
    const status = await mailer.send(message);
    await deps.db.updateTable('messages').set({ status, sent_at: deps.clock.now().toISOString(), attempts: message.attempts + 1, last_error: null })
      .where('id', '=', messageId).execute();
  } catch (e) {
    await deps.db.updateTable('messages').set({ attempts: message.attempts + 1 }).where('id', '=', messageId).execute();
    throw e;
  }
}

/** After the last attempt: the message shows as failed in the console and the evidence. */
export async function markMessageFailed(deps: Deps, messageId: string, error: string): Promise<void> {
  await deps.db.updateTable('messages').set({ status: 'failed', last_error: error }).where('id', '=', messageId).execute();
}
