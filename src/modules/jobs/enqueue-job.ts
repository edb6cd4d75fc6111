import { EventEmitter } from 'node:events';
import type { Db } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { newId } from '../../shared/ids.ts';

export interface JobRequest {
  kind: string;
  /** The row the job acts on. */
  refId: string;
  workspaceId?: string | null;
  /** When to run; now when omitted. */
  runAt?: Date;
  /** Enqueuing the same key twice keeps the first job (one send per recipient and change). */
  idempotencyKey?: string;
  maxAttempts?: number;
}

/** Tells this process's worker that jobs were added, so it looks soon instead of at its next poll. */
export const jobSignals = new EventEmitter<{ enqueued: [] }>();

/**
 * Adds a job in the caller's transaction, so the job exists exactly when the change that caused
 * it commits (transactional outbox). A repeated idempotency key is ignored.
 */
export async function enqueueJob(tx: { db: Db; clock: Clock }, job: JobRequest): Promise<void> {
  await enqueueJobs(tx, [job]);
}

/** Many jobs in one statement per chunk (a fan-out to thousands of recipients). */
export async function enqueueJobs(tx: { db: Db; clock: Clock }, jobs: JobRequest[]): Promise<void> {
  const now = tx.clock.now().toISOString();
  const rows = jobs.map((j) => ({
    id: newId(), workspace_id: j.workspaceId ?? null, kind: j.kind, ref_id: j.refId,
    idempotency_key: j.idempotencyKey ?? `${j.kind}:${j.refId}`, run_at: (j.runAt ?? tx.clock.now()).toISOString(),
    status: 'pending' as const, max_attempts: j.maxAttempts ?? 8, locked_by: null, locked_until: null, last_error: null, created_at: now, finished_at: null,
  }));
  // 500 rows × 13 columns stays under SQLite's and PostgreSQL's bound-parameter limits.
  for (let i = 0; i < rows.length; i += 500) {
    await tx.db.insertInto('jobs').values(rows.slice(i, i + 500)).onConflict((oc) => oc.column('idempotency_key').doNothing()).execute();
  }
  if (rows.length) jobSignals.emit('enqueued');
}

/** Stops pending jobs about a row (a withdrawn change's scheduled steps). */
export async function cancelJobs(tx: { db: Db; clock: Clock }, kind: string, refId: string): Promise<void> {
  await tx.db.updateTable('jobs').set({ status: 'cancelled', finished_at: tx.clock.now().toISOString() })
    .where('kind', '=', kind).where('ref_id', '=', refId).where('status', '=', 'pending').execute();
}
