/**
 * The outbox and delivery log of a workspace: every stored e-mail with its status. Lists leave
 * the bodies out; one message carries its text and HTML parts.
 */
import type { Db, MessageStatus, Row } from '../../db/schema.ts';
import { InputReader } from '../../shared/input.ts';
import { redactLinkSecrets } from '../../shared/redact-secrets.ts';

export const MESSAGE_STATUSES = ['queued', 'sent', 'outboxed', 'failed'] as const satisfies readonly MessageStatus[];

export const MESSAGES_PAGE_MAX = 500;

export interface MessageSummary {
  id: string;
  changeId: string | null;
  kind: string;
  recipientType: Row<'messages'>['recipient_type'];
  to: string;
  subject: string;
  status: MessageStatus;
  attempts: number;
  lastError: string | null;
  /** The Message-ID header. */
  messageId: string;
  createdAt: string;
  sentAt: string | null;
}

export interface MessageView extends MessageSummary {
  text: string;
  html: string;
  headers: Record<string, string>;
}

export interface MessageFilter {
  changeId?: string;
  status?: MessageStatus;
}

/** Reads `?changeId=&status=`; an unknown status is a 400 naming `status`. */
export function parseMessageFilter(raw: unknown): MessageFilter {
  const r = new InputReader(raw);
  const changeId = r.text('changeId', { max: 64 });
  const status = r.choice('status', MESSAGE_STATUSES);
  return r.done({ ...(changeId ? { changeId } : {}), ...(status ? { status } : {}) });
}

const toSummary = (m: Pick<Row<'messages'>, 'id' | 'change_id' | 'kind' | 'recipient_type' | 'to_address' | 'subject' | 'status' | 'attempts' | 'last_error' | 'message_id' | 'created_at' | 'sent_at'>): MessageSummary => ({
  id: m.id, changeId: m.change_id, kind: m.kind, recipientType: m.recipient_type, to: m.to_address, subject: m.subject, status: m.status,
  attempts: m.attempts, lastError: m.last_error, messageId: m.message_id, createdAt: m.created_at, sentAt: m.sent_at,
});

/** Messages of the workspace, newest first, without their bodies (at most MESSAGES_PAGE_MAX). */
export async function listMessages(db: Db, workspaceId: string, filter: MessageFilter = {}): Promise<MessageSummary[]> {
  let q = db.selectFrom('messages')
    .select(['id', 'change_id', 'kind', 'recipient_type', 'to_address', 'subject', 'status', 'attempts', 'last_error', 'message_id', 'created_at', 'sent_at'])
    .where('workspace_id', '=', workspaceId);
  if (filter.changeId) q = q.where('change_id', '=', filter.changeId);
  if (filter.status) q = q.where('status', '=', filter.status);
  const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(MESSAGES_PAGE_MAX).execute();
  return rows.map(toSummary);
}

/**
 * One message of the workspace with its parts and extra headers. Its one-time links (DPA
 * acceptance, portal, sign-in, unsubscribe…) are live credentials of someone else: they come out
 * redacted unless `revealSecrets` (admins and owners only).
 */
export async function findMessage(db: Db, workspaceId: string, id: string, opts: { revealSecrets: boolean }): Promise<MessageView | undefined> {
  const m = await db.selectFrom('messages').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  if (!m) return undefined;
  const shown = opts.revealSecrets ? (t: string) => t : redactLinkSecrets;
  const headers = Object.fromEntries(Object.entries(JSON.parse(m.headers) as Record<string, string>).map(([k, v]) => [k, shown(v)]));
  return { ...toSummary(m), text: shown(m.text_body), html: shown(m.html_body), headers };
}

/** How many messages of the workspace (of one change, when given) are in each status. */
export async function countMessagesByStatus(db: Db, workspaceId: string, changeId?: string): Promise<Record<MessageStatus, number>> {
  let q = db.selectFrom('messages').select(['status', (eb) => eb.fn.countAll<number | string>().as('n')]).where('workspace_id', '=', workspaceId);
  if (changeId) q = q.where('change_id', '=', changeId);
  const rows = await q.groupBy('status').execute();
  const out: Record<MessageStatus, number> = { queued: 0, sent: 0, outboxed: 0, failed: 0 };
  for (const r of rows) out[r.status] = Number(r.n);
  return out;
}
