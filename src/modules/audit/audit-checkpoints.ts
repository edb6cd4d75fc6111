import { sign, verify } from 'node:crypto';
import type { Db, Row } from '../../db/schema.ts';
import type { Deps } from '../../shared/deps.ts';
import { newId, sha256 } from '../../shared/ids.ts';
import type { AuditKey, AuditPublicKey } from './audit-key.ts';
import { auditHashInput, GENESIS_HASH } from './record-audit-event.ts';

/** A signed checkpoint as witnesses receive it (GET /api/w/:slug/audit/head, `trustroom audit head`). */
export interface AuditCheckpointView {
  workspaceId: string;
  seq: number;
  headHash: string;
  signedAt: string;
  keyId: string;
  /** Base64 Ed25519 signature over `checkpointText(...)`. */
  signature: string;
  /** SPKI PEM of the key that signed it; null when this process does not hold that key. */
  publicKey: string | null;
}

/**
 * The exact text a checkpoint signs. Anyone holding the public key can rebuild it from the
 * checkpoint's fields and check the signature (docs in README, "Audit log").
 */
export function checkpointText(c: { workspaceId: string; seq: number; headHash: string; signedAt: string }): string {
  return `trustroom-audit-checkpoint/1\n${c.workspaceId}\n${c.seq}\n${c.headHash}\n${c.signedAt}`;
}

/** Whether a stored checkpoint carries a valid signature by `key` (false for another key id). */
export function isCheckpointSigned(row: Row<'audit_checkpoints'>, key: AuditPublicKey): boolean {
  if (row.key_id !== key.keyId) return false;
  const text = checkpointText({ workspaceId: row.workspace_id, seq: row.seq, headHash: row.head_hash, signedAt: row.signed_at });
  try {
    return verify(null, Buffer.from(text), key.publicKey, Buffer.from(row.signature, 'base64'));
  } catch {
    return false;
  }
}

export function presentCheckpoint(row: Row<'audit_checkpoints'>, key: AuditPublicKey | null): AuditCheckpointView {
  return {
    workspaceId: row.workspace_id, seq: row.seq, headHash: row.head_hash, signedAt: row.signed_at, keyId: row.key_id, signature: row.signature,
    publicKey: key && key.keyId === row.key_id ? key.publicKeyPem : null,
  };
}

/** The newest checkpoint of a workspace, or undefined before the first one. */
export function latestAuditCheckpoint(db: Db, workspaceId: string): Promise<Row<'audit_checkpoints'> | undefined> {
  return db.selectFrom('audit_checkpoints').selectAll().where('workspace_id', '=', workspaceId).orderBy('seq', 'desc').limit(1).executeTakeFirst();
}

export interface CheckpointSweep {
  /** Checkpoints written now. */
  signed: Row<'audit_checkpoints'>[];
  /**
   * Workspaces whose chain no longer extends their last checkpoint (truncated or rewritten):
   * not signed, so a rewritten history is never vouched for; `trustroom audit verify` says why.
   */
  refused: string[];
}

/**
 * Signs the chain head of every workspace (or one) whose head moved since its last checkpoint.
 * Runs outside the audit-writing transactions (background worker every minute, `trustroom audit
 * checkpoint`), so mutations never wait for it. The events since the last checkpoint are checked
 * first: a head that does not extend the signed one is refused. Safe to run in several processes
 * at once: a checkpoint at a seq already signed is skipped.
 */
export async function signAuditCheckpoints(deps: Deps, key: AuditKey, opts: { workspaceId?: string } = {}): Promise<CheckpointSweep> {
  const { db } = deps;
  let q = db.selectFrom('workspaces as w').select((eb) => [
    'w.id',
    eb.selectFrom('audit_events as e').select((e) => e.fn.max('e.seq').as('s')).whereRef('e.workspace_id', '=', 'w.id').as('head_seq'),
    eb.selectFrom('audit_checkpoints as c').select((c) => c.fn.max('c.seq').as('s')).whereRef('c.workspace_id', '=', 'w.id').as('signed_seq'),
  ]);
  if (opts.workspaceId) q = q.where('w.id', '=', opts.workspaceId);
  const heads = await q.execute();
  const result: CheckpointSweep = { signed: [], refused: [] };
  for (const h of heads) {
    const headSeq = h.head_seq === null ? 0 : Number(h.head_seq);
    const signedSeq = h.signed_seq === null ? 0 : Number(h.signed_seq);
    if (headSeq === signedSeq && headSeq > 0) continue;
    if (headSeq < signedSeq || (headSeq === 0 && signedSeq === 0)) {
      if (headSeq < signedSeq) result.refused.push(h.id);
      continue;
    }
    const last = signedSeq > 0 ? await db.selectFrom('audit_checkpoints').selectAll().where('workspace_id', '=', h.id).where('seq', '=', signedSeq).executeTakeFirst() : undefined;
    const events = await db.selectFrom('audit_events').selectAll().where('workspace_id', '=', h.id).where('seq', '>=', Math.max(signedSeq, 1)).orderBy('seq').execute();
    const head = extendsCheckpoint(events, last);
    if (!head) {
      result.refused.push(h.id);
      continue;
    }
    const signedAt = deps.clock.now().toISOString();
    const text = checkpointText({ workspaceId: h.id, seq: head.seq, headHash: head.hash, signedAt });
    const row = {
      id: newId(), workspace_id: h.id, seq: head.seq, head_hash: head.hash, signed_at: signedAt, key_id: key.keyId,
      signature: sign(null, Buffer.from(text), key.privateKey).toString('base64'),
    };
    const inserted = await db.insertInto('audit_checkpoints').values(row).onConflict((oc) => oc.columns(['workspace_id', 'seq']).doNothing()).executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) > 0) result.signed.push(row);
  }
  return result;
}

/**
 * The newest event when `events` (ordered, from the checkpoint's seq on, or from 1) form an
 * unbroken chain starting at the checkpoint's head; null otherwise.
 */
function extendsCheckpoint(events: Row<'audit_events'>[], last: Row<'audit_checkpoints'> | undefined): Row<'audit_events'> | null {
  let expectedSeq = last ? last.seq : 1;
  // From the start of the chain the first link is the genesis hash; after a checkpoint, its signed hash.
  let prevHash: string | null = last ? null : GENESIS_HASH;
  for (const e of events) {
    if (e.seq !== expectedSeq) return null;
    const { hash, id: _id, ...rest } = e;
    if (hash !== sha256(auditHashInput(rest))) return null;
    if (prevHash !== null && e.prev_hash !== prevHash) return null;
    if (last && e.seq === last.seq && hash !== last.head_hash) return null;
    prevHash = hash;
    expectedSeq++;
  }
  return events.at(-1) ?? null;
}
