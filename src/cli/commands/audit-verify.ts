import { loadAuditKey } from '../../modules/audit/audit-key.ts';
import { type CheckpointProblem, verifyAuditChain } from '../../modules/audit/verify-audit-chain.ts';
import { findWorkspaceBySlug } from '../../modules/workspaces/workspaces.ts';
import { loadConfig } from '../../shared/config.ts';
import { invalid, notFound } from '../../shared/errors.ts';
import { withDb } from '../open-db.ts';

const PROBLEMS: Record<CheckpointProblem['reason'], (p: CheckpointProblem) => string> = {
  checkpoint_forged: (p) => `checkpoint #${p.seq} has a bad signature (forged checkpoint)`,
  checkpoint_unknown_key: (p) => `checkpoint #${p.seq} is not signed by the configured key (TRUSTROOM_AUDIT_KEY_FILE)`,
  chain_deleted: (p) => `chain deleted: checkpoint #${p.seq} was signed, no event remains`,
  truncated: (p) => `truncated tail: checkpoint #${p.seq} was signed, the newest event is #${p.headSeq}`,
  rechained: (p) => `re-chained: event #${p.seq} differs from its signed checkpoint (history recomputed after edits)`,
  expected_hash_missing: () => 'the expected hash is the hash of no event (history rewritten since it was kept, or another workspace)',
};

/**
 * Exit 0 when every chain verifies, 1 when a link is broken or the signed checkpoints (or the
 * `--expect` hash) contradict the chain: the first problem per chain is printed. Bad flags exit 2.
 */
export async function auditVerifyCommand(opts: { workspace?: string; expect?: string; json?: boolean }) {
  const expect = opts.expect?.trim().toLowerCase();
  if (expect !== undefined && !/^[0-9a-f]{64}$/.test(expect)) throw invalid('--expect', 'must be a SHA-256 hash (64 hex characters)');
  const config = loadConfig();
  const key = loadAuditKey(config.auditKeyFile);
  const result = await withDb(async (deps) => {
    let chain: string | undefined;
    if (opts.workspace) {
      const ws = await findWorkspaceBySlug(deps.db, opts.workspace);
      if (!ws) throw notFound('workspace');
      chain = ws.id;
    }
    const r = await verifyAuditChain(deps.db, chain, { checkpoints: { key }, ...(expect ? { expect } : {}) });
    const slugs = new Map((await deps.db.selectFrom('workspaces').select(['id', 'slug']).execute()).map((w) => [w.id, w.slug]));
    return {
      ...r, keyId: key?.keyId ?? null,
      breaks: r.breaks.map((b) => ({ ...b, workspace: slugs.get(b.chain) ?? b.chain })),
      problems: r.problems.map((p) => ({ ...p, workspace: p.chain === '*' ? null : (slugs.get(p.chain) ?? p.chain) })),
    };
  });
  if (opts.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else if (result.ok) process.stdout.write(`audit log intact: ${result.events} events in ${result.chains} chains, ${result.checkpoints} signed checkpoints${expect ? ', expected hash found' : ''}\n`);
  else {
    for (const b of result.breaks) process.stdout.write(`BROKEN: workspace ${b.workspace}, event #${b.seq} (${b.eventId}): ${b.reason.replace(/_/g, ' ')}\n`);
    for (const p of result.problems) process.stdout.write(`BROKEN: ${p.workspace ? `workspace ${p.workspace}: ` : ''}${PROBLEMS[p.reason](p)}\n`);
  }
  if (!result.ok) process.exitCode = 1;
}
