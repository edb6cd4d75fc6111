import { sql } from 'kysely';
import type { Db, Row } from '../../db/schema.ts';
import type { Deps } from '../../shared/deps.ts';
import { batchCalls } from '../jobs/batch-calls.ts';
import { findWorkspaceSender } from '../workspaces/workspace-branding.ts';
import type { Mailer } from './mailer.ts';

interface Accepted {
  id: string;
  status: 'sent' | 'outboxed';
  at: string;
}

/** Per database: the acceptances stored meanwhile are marked in one statement (group commit). */
const markers = new WeakMap<Db, (m: Accepted) => Promise<void>>();

function markerFor(db: Db): (m: Accepted) => Promise<void> {
  let mark = markers.get(db);
  if (!mark) {
    mark = batchCalls(async (accepted: Accepted[]) => {
      for (const status of ['sent', 'outboxed'] as const) {
        const group = accepted.filter((m) => m.status === status);
        if (group.length === 0) continue;
        const at = group.reduce((latest, m) => (m.at > latest ? m.at : latest), group[0].at);
        await db.updateTable('messages').set({ status, sent_at: at, attempts: sql`attempts + 1`, last_error: null }).where('id', 'in', group.map((m) => m.id)).execute();
      }
    });
    markers.set(db, mark);
  }
  return mark;
}

/**
 * The `email.send` job: sends one stored message. Idempotent: a message already sent or
 * outboxed is not sent again when its job re-runs after a crash. It is marked sent only after
 * the SMTP server accepted it, and the job finishes only after that mark is stored, so a crash in
 * between sends it again with the same Message-ID, which receivers deduplicate on.
 */
export async function sendQueuedMessage(deps: Deps, mailer: Mailer, messageId: string, prefetched?: unknown): Promise<void> {
  const message = (prefetched as Row<'messages'> | undefined)?.id === messageId
    ? (prefetched as Row<'messages'>)
    : await deps.db.selectFrom('messages').selectAll().where('id', '=', messageId).executeTakeFirst();
  if (!message || message.status === 'sent' || message.status === 'outboxed') return;
  let status: Accepted['status'];
  try {
    // Notices to subscribers and customers' contacts come from the workspace; alerts to its own operators from Trustroom (MAIL_FROM).
    const sender = message.recipient_type === 'user' ? null : await findWorkspaceSender(deps.db, message.workspace_id);
    status = await mailer.send(message, sender);
  } catch (e) {
    await deps.db.updateTable('messages').set({ attempts: message.attempts + 1 }).where('id', '=', messageId).execute();
    throw e;
  }
  await markerFor(deps.db)({ id: messageId, status, at: deps.clock.now().toISOString() });
}

/**
 * The `email.send` jobs' prefetch: the messages of a claimed group in one query, keyed by job id.
 * Read after the claim, so a message a previous attempt sent already shows as sent.
 */
export async function prefetchMessages(deps: Deps, jobs: { id: string; ref_id: string }[]): Promise<Map<string, unknown>> {
  const out = new Map<string, unknown>();
  for (let i = 0; i < jobs.length; i += 500) {
    const chunk = jobs.slice(i, i + 500);
    const rows = new Map((await deps.db.selectFrom('messages').selectAll().where('id', 'in', chunk.map((j) => j.ref_id)).execute()).map((r) => [r.id, r]));
    for (const j of chunk) if (rows.has(j.ref_id)) out.set(j.id, rows.get(j.ref_id));
  }
  return out;
}

/** After the last attempt: the message shows as failed in the console and the evidence. */
export async function markMessageFailed(deps: Deps, messageId: string, error: string): Promise<void> {
  await deps.db.updateTable('messages').set({ status: 'failed', last_error: error }).where('id', '=', messageId).execute();
}
