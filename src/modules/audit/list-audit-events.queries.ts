import type { Db } from '../../db/schema.ts';
import type { Actor } from '../../shared/deps.ts';

export interface AuditEventView {
  seq: number;
  at: string;
  actor: Actor;
  action: string;
  subject: { type: string; id: string | null };
  before: unknown;
  after: unknown;
  hash: string;
}

export const AUDIT_PAGE_DEFAULT = 50;
export const AUDIT_PAGE_MAX = 200;

/**
 * One page of a workspace's audit chain, newest first. `before` is a sequence number: pass the
 * last `seq` of a page to get the next (older) one.
 */
export async function listAuditEvents(db: Db, workspaceId: string, page: { limit?: number; before?: number } = {}): Promise<AuditEventView[]> {
  const limit = Math.min(Math.max(page.limit ?? AUDIT_PAGE_DEFAULT, 1), AUDIT_PAGE_MAX);
  let q = db.selectFrom('audit_events').selectAll().where('workspace_id', '=', workspaceId);
  if (page.before !== undefined) q = q.where('seq', '<', page.before);
  const rows = await q.orderBy('seq', 'desc').limit(limit).execute();
  return rows.map((r) => ({
    seq: r.seq, at: r.at, actor: { type: r.actor_type, id: r.actor_id, label: r.actor_label }, action: r.action,
    subject: { type: r.subject_type, id: r.subject_id },
    before: r.before_json === null ? null : JSON.parse(r.before_json), after: r.after_json === null ? null : JSON.parse(r.after_json), hash: r.hash,
  }));
}
