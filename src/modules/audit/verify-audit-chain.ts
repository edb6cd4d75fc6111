import type { Db } from '../../db/schema.ts';
import { sha256 } from '../../shared/ids.ts';
import { isCheckpointSigned } from './audit-checkpoints.ts';
import type { AuditPublicKey } from './audit-key.ts';
import { auditHashInput, GENESIS_HASH } from './record-audit-event.ts';

export interface ChainBreak {
  chain: string;
  seq: number;
  eventId: string;
  reason: 'hash_mismatch' | 'prev_hash_mismatch' | 'seq_gap';
}

/**
 * What the signed checkpoints (or a witness's `expect` hash) show that the chain alone cannot:
 * - `checkpoint_forged`: a checkpoint whose signature does not verify with the key;
 * - `checkpoint_unknown_key`: signed by another key than the one configured (or none is);
 * - `chain_deleted`: checkpoints exist, the workspace has no events;
 * - `truncated`: a checkpoint's seq is beyond the newest event (or its event is missing);
 * - `rechained`: the event at a checkpoint's seq has another hash than was signed (edited, then
 *   every following hash recomputed);
 * - `expected_hash_missing`: the hash given with `expect` is no event's hash.
 */
export interface CheckpointProblem {
  chain: string;
  /** The checkpoint's seq (null for `expected_hash_missing`). */
  seq: number | null;
  reason: 'checkpoint_forged' | 'checkpoint_unknown_key' | 'chain_deleted' | 'truncated' | 'rechained' | 'expected_hash_missing';
  /** The newest event's seq in the chain now (0 when it has none). */
  headSeq: number;
}

export interface VerifyResult {
  ok: boolean;
  chains: number;
  events: number;
  /** The first broken link of each broken chain. */
  breaks: ChainBreak[];
  /** Checked when asked (`checkpoints` / `expect`): the first problem of each chain with one. */
  problems: CheckpointProblem[];
  /** Signed checkpoints checked. */
  checkpoints: number;
}

export interface VerifyOptions {
  /** Also check the signed checkpoints, with this public key (null: none is configured). */
  checkpoints?: { key: AuditPublicKey | null };
  /** A head hash a witness kept: it must be the hash of some event of the chain(s). */
  expect?: string;
}

/**
 * Recomputes every chain (or one) and reports the first broken link of each; with `options`, also
 * what the signed checkpoints and a witness's hash reveal (a rewrite that recomputed every hash
 * passes the chain check, not these).
 */
export async function verifyAuditChain(db: Db, onlyChain?: string, options: VerifyOptions = {}): Promise<VerifyResult> {
  let q = db.selectFrom('audit_events').selectAll().orderBy('workspace_id').orderBy('seq');
  if (onlyChain) q = q.where('workspace_id', '=', onlyChain);
  const rows = await q.execute();
  const breaks: ChainBreak[] = [];
  let chains = 0;
  let current = '';
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let broken = false;
  for (const row of rows) {
    if (row.workspace_id !== current) {
      current = row.workspace_id;
      chains++;
      prevHash = GENESIS_HASH;
      expectedSeq = 1;
      broken = false;
    }
    if (broken) continue;
    const { hash, id, ...rest } = row;
    let reason: ChainBreak['reason'] | null = null;
    if (row.seq !== expectedSeq) reason = 'seq_gap';
    else if (row.prev_hash !== prevHash) reason = 'prev_hash_mismatch';
    else if (hash !== sha256(auditHashInput(rest))) reason = 'hash_mismatch';
    if (reason) {
      breaks.push({ chain: current, seq: row.seq, eventId: id, reason });
      broken = true;
      continue;
    }
    prevHash = hash;
    expectedSeq++;
  }
  const problems: CheckpointProblem[] = [];
  let checkpoints = 0;
  if (options.checkpoints) {
    let cq = db.selectFrom('audit_checkpoints').selectAll().orderBy('workspace_id').orderBy('seq');
    if (onlyChain) cq = cq.where('workspace_id', '=', onlyChain);
    const rowsByChain = new Map<string, Map<number, string>>();
    const heads = new Map<string, number>();
    for (const r of rows) {
      heads.set(r.workspace_id, Math.max(heads.get(r.workspace_id) ?? 0, r.seq));
      let m = rowsByChain.get(r.workspace_id);
      if (!m) rowsByChain.set(r.workspace_id, (m = new Map()));
      m.set(r.seq, r.hash);
    }
    const brokenChains = new Set(breaks.map((b) => b.chain));
    const reported = new Set<string>();
    const key = options.checkpoints.key;
    for (const cp of await cq.execute()) {
      checkpoints++;
      // One problem per chain: the first broken link, else the first checkpoint it contradicts.
      if (brokenChains.has(cp.workspace_id) || reported.has(cp.workspace_id)) continue;
      const events = rowsByChain.get(cp.workspace_id);
      const headSeq = heads.get(cp.workspace_id) ?? 0;
      let reason: CheckpointProblem['reason'] | null = null;
      if (!key || cp.key_id !== key.keyId) reason = 'checkpoint_unknown_key';
      else if (!isCheckpointSigned(cp, key)) reason = 'checkpoint_forged';
      else if (!events) reason = 'chain_deleted';
      else if (!events.has(cp.seq)) reason = 'truncated';
      else if (events.get(cp.seq) !== cp.head_hash) reason = 'rechained';
      if (reason) {
        problems.push({ chain: cp.workspace_id, seq: cp.seq, reason, headSeq });
        reported.add(cp.workspace_id);
      }
    }
  }
  if (options.expect !== undefined && !rows.some((r) => r.hash === options.expect)) {
    problems.push({ chain: onlyChain ?? '*', seq: null, reason: 'expected_hash_missing', headSeq: onlyChain ? (rows.at(-1)?.seq ?? 0) : 0 });
  }
  return { ok: breaks.length === 0 && problems.length === 0, chains, events: rows.length, breaks, problems, checkpoints };
}
