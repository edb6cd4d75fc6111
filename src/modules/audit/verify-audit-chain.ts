import type { Db } from '../../db/schema.ts';
import { sha256 } from '../../shared/ids.ts';
import { auditHashInput, GENESIS_HASH } from './record-audit-event.ts';

export interface ChainBreak {
  chain: string;
  seq: number;
  eventId: string;
  reason: 'hash_mismatch' | 'prev_hash_mismatch' | 'seq_gap';
}

export interface VerifyResult {
  ok: boolean;
  chains: number;
  events: number;
  /** The first broken link of each broken chain. */
  breaks: ChainBreak[];
}

/** Recomputes every chain (or one) and reports the first broken link of each. */
export async function verifyAuditChain(db: Db, onlyChain?: string): Promise<VerifyResult> {
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
  return { ok: breaks.length === 0, chains, events: rows.length, breaks };
}
