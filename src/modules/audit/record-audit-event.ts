import { sql } from 'kysely';
import type { Row } from '../../db/schema.ts';
import type { Actor, TxDeps } from '../../shared/deps.ts';
import { newId, sha256 } from '../../shared/ids.ts';

/** The workspace id under which instance-level events (users, workspaces) are chained. */
export const INSTANCE_CHAIN = '_instance';
export const GENESIS_HASH = '0'.repeat(64);

export interface AuditInput {
  workspaceId: string | null;
  actor: Actor;
  action: string;
  subjectType: string;
  subjectId: string | null;
  before?: unknown;
  after?: unknown;
}

/** The exact text hashed for one event: every field but the hash, in a fixed order. */
export function auditHashInput(e: Omit<Row<'audit_events'>, 'hash' | 'id'>): string {
  return JSON.stringify([
    e.workspace_id, e.seq, e.at, e.actor_type, e.actor_id, e.actor_label, e.action,
    e.subject_type, e.subject_id, e.before_json, e.after_json, e.prev_hash,
  ]);
}

/**
 * Appends an event to the workspace's hash chain. Call it inside the transaction of the change
 * it records (see inTransaction), so a change never lands without its event.
 */
export async function recordAuditEvent(tx: TxDeps, input: AuditInput): Promise<Row<'audit_events'>> {
  const chain = input.workspaceId ?? INSTANCE_CHAIN;
  // Two writers must not take the same seq: PostgreSQL serialises per chain with an advisory
  // lock held until commit; SQLite allows one writer at a time anyway.
  if (tx.caps.rowLocks) await sql`select pg_advisory_xact_lock(hashtext(${chain}))`.execute(tx.db);
  const last = await tx.db
    .selectFrom('audit_events')
    .select(['seq', 'hash'])
    .where('workspace_id', '=', chain)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  const base = {
    workspace_id: chain,
    seq: (last?.seq ?? 0) + 1,
    at: tx.clock.now().toISOString(),
    actor_type: input.actor.type,
    actor_id: input.actor.id,
    actor_label: input.actor.label,
    action: input.action,
    subject_type: input.subjectType,
    subject_id: input.subjectId,
    before_json: input.before === undefined ? null : JSON.stringify(input.before),
    after_json: input.after === undefined ? null : JSON.stringify(input.after),
    prev_hash: last?.hash ?? GENESIS_HASH,
  };
  const row = { id: newId(), ...base, hash: sha256(auditHashInput(base)) };
  await tx.db.insertInto('audit_events').values(row).execute();
  return row;
}
