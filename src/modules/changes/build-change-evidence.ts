import type { Db } from '../../db/schema.ts';
import { notFound } from '../../shared/errors.ts';
import { findChange, listChangeCustomers, type ChangeCustomerView, type ChangeView } from './changes.queries.ts';

export interface EvidenceNotification {
  channel: 'email' | 'webhook';
  kind: string;
  /** E-mail address, or the webhook endpoint's URL without query string. */
  to: string;
  recipientType: string;
  status: string;
  /** What the status means, in words: an outboxed message was never sent; "sent" is accepted by the SMTP server, not read. */
  statusLabel: string;
  attempts: number;
  queuedAt: string;
  /** E-mail: when the SMTP server accepted it (status sent); null for a message kept in the outbox. */
  sentAt: string | null;
  /** Webhook: when the endpoint answered 2xx. E-mail: always null (no delivery receipt exists). */
  deliveredAt: string | null;
  messageId?: string;
  lastError: string | null;
}

/** Everything that shows the promise was kept for one change (the evidence packet). */
export interface ChangeEvidence {
  format: 'trustroom.change-evidence/1';
  generatedAt: string;
  workspace: { slug: string; name: string };
  change: ChangeView;
  timeline: { at: string; action: string; actor: string; detail: unknown }[];
  versions: { before: { version: number; currentAsOf: string; digest: string } | null; after: { version: number; currentAsOf: string; digest: string } | null };
  customers: (ChangeCustomerView & { notifications: EvidenceNotification[] })[];
  subscribers: { notified: number; byStatus: Record<string, number>; notifications: EvidenceNotification[] };
}

/** Evidence says what happened, never more: a message in the outbox was not sent, and SMTP acceptance is not delivery. */
export const EMAIL_STATUS_LABELS: Record<string, string> = {
  queued: 'Queued, not sent yet',
  sent: 'Accepted by the mail server (no delivery receipt)',
  outboxed: 'Kept in the outbox: not sent (no mail server configured)',
  failed: 'Not sent: every attempt failed',
};
export const WEBHOOK_STATUS_LABELS: Record<string, string> = {
  pending: 'Being tried, not delivered yet',
  delivered: 'Delivered (the endpoint answered 2xx)',
  failed: 'Not delivered: every attempt failed',
};

const stripQuery = (url: string) => url.replace(/[?#].*$/, '');

/** Builds the evidence packet of a change from the database as it stands. */
export async function buildChangeEvidence(db: Db, workspaceId: string, changeId: string, now: Date): Promise<ChangeEvidence> {
  const change = await findChange(db, workspaceId, changeId);
  if (!change) throw notFound('change');
  const workspace = await db.selectFrom('workspaces').select(['slug', 'name']).where('id', '=', workspaceId).executeTakeFirstOrThrow();
  const [customers, messages, deliveries, audit, versions] = await Promise.all([
    listChangeCustomers(db, workspaceId, changeId),
    db.selectFrom('messages').leftJoin('customer_contacts', 'customer_contacts.id', 'messages.recipient_id')
      .select(['messages.kind', 'messages.to_address', 'messages.recipient_type', 'messages.status', 'messages.attempts', 'messages.created_at', 'messages.sent_at', 'messages.message_id', 'messages.last_error', 'customer_contacts.customer_id'])
      .where('messages.workspace_id', '=', workspaceId).where('messages.change_id', '=', changeId).orderBy('messages.created_at').execute(),
    db.selectFrom('webhook_deliveries').innerJoin('webhook_endpoints', 'webhook_endpoints.id', 'webhook_deliveries.endpoint_id')
      .select(['webhook_deliveries.event', 'webhook_deliveries.status', 'webhook_deliveries.attempts', 'webhook_deliveries.created_at', 'webhook_deliveries.delivered_at', 'webhook_deliveries.last_error', 'webhook_deliveries.last_status_code', 'webhook_endpoints.url', 'webhook_endpoints.customer_id'])
      .where('webhook_deliveries.workspace_id', '=', workspaceId).where('webhook_deliveries.change_id', '=', changeId).orderBy('webhook_deliveries.created_at').execute(),
    db.selectFrom('audit_events').select(['at', 'action', 'actor_label', 'after_json']).where('workspace_id', '=', workspaceId).where('subject_type', '=', 'change').where('subject_id', '=', changeId).orderBy('seq').execute(),
    db.selectFrom('list_versions').select(['version', 'current_as_of', 'digest']).where('workspace_id', '=', workspaceId)
      .where('version', 'in', [change.versionBefore ?? -1, change.versionAfter ?? -1]).execute(),
  ]);
  const emailOf = (m: (typeof messages)[number]): EvidenceNotification => ({
    channel: 'email', kind: m.kind, to: m.to_address, recipientType: m.recipient_type, status: m.status, statusLabel: EMAIL_STATUS_LABELS[m.status] ?? m.status,
    attempts: m.attempts, queuedAt: m.created_at, sentAt: m.status === 'sent' ? m.sent_at : null, deliveredAt: null, messageId: m.message_id, lastError: m.last_error,
  });
  const hookOf = (d: (typeof deliveries)[number]): EvidenceNotification => ({
    channel: 'webhook', kind: d.event, to: stripQuery(d.url), recipientType: 'webhook', status: d.status, statusLabel: WEBHOOK_STATUS_LABELS[d.status] ?? d.status,
    attempts: d.attempts, queuedAt: d.created_at, sentAt: null, deliveredAt: d.delivered_at, lastError: d.last_error ?? (d.last_status_code ? `HTTP ${d.last_status_code}` : null),
  });
  const version = (n: number | null) => {
    const v = versions.find((x) => x.version === n);
    return v ? { version: v.version, currentAsOf: v.current_as_of, digest: v.digest } : null;
  };
  const subscriberMessages = messages.filter((m) => m.recipient_type === 'subscriber');
  const byStatus: Record<string, number> = {};
  for (const m of subscriberMessages) byStatus[m.status] = (byStatus[m.status] ?? 0) + 1;
  return {
    format: 'trustroom.change-evidence/1',
    generatedAt: now.toISOString(),
    workspace,
    change,
    timeline: audit.map((a) => ({ at: a.at, action: a.action, actor: a.actor_label, detail: a.after_json ? JSON.parse(a.after_json) : null })),
    versions: { before: version(change.versionBefore), after: version(change.versionAfter) },
    customers: customers.map((c) => ({
      ...c,
      notifications: [
        ...messages.filter((m) => m.recipient_type === 'contact' && m.customer_id === c.customerId).map(emailOf),
        ...deliveries.filter((d) => d.customer_id === c.customerId).map(hookOf),
      ],
    })),
    subscribers: { notified: new Set(subscriberMessages.filter((m) => m.kind === 'change.announced').map((m) => m.to_address)).size, byStatus, notifications: subscriberMessages.map(emailOf) },
  };
}
