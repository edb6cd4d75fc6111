import { type AuditCheckpointView, latestAuditCheckpoint, presentCheckpoint, signAuditCheckpoints } from '../../modules/audit/audit-checkpoints.ts';
import { ensureAuditKey, loadAuditKey } from '../../modules/audit/audit-key.ts';
import { findWorkspaceBySlug } from '../../modules/workspaces/workspaces.ts';
import { loadConfig } from '../../shared/config.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import { withDb } from '../open-db.ts';

/** The latest signed checkpoint of a workspace, as `GET /api/w/:slug/audit/head` returns it. */
export async function auditHeadCommand(opts: { workspace: string; json?: boolean }) {
  const key = loadAuditKey(loadConfig().auditKeyFile);
  const head = await withDb(async (deps) => {
    const ws = await findWorkspaceBySlug(deps.db, opts.workspace);
    if (!ws) throw notFound('workspace');
    const row = await latestAuditCheckpoint(deps.db, ws.id);
    if (!row) throw new AppError('not_found', 404, 'no signed checkpoint yet: run trustroom audit checkpoint');
    return presentCheckpoint(row, key);
  });
  if (opts.json) process.stdout.write(`${JSON.stringify(head)}\n`);
  else process.stdout.write(headText(opts.workspace, head));
}

function headText(slug: string, h: AuditCheckpointView): string {
  return [
    `workspace ${slug} (${h.workspaceId}): head event #${h.seq}`,
    `head hash  ${h.headHash}`,
    `signed at  ${h.signedAt}`,
    `key id     ${h.keyId}`,
    `signature  ${h.signature}`,
    h.publicKey ? h.publicKey.trimEnd() : 'public key: not held by this installation',
    '',
  ].join('\n');
}

/** Signs the chain head of every workspace (or one) whose head moved; exit 1 when one is refused. */
export async function auditCheckpointCommand(opts: { workspace?: string; json?: boolean }) {
  const { key } = ensureAuditKey(loadConfig().auditKeyFile, (line) => process.stderr.write(`${line}\n`));
  const result = await withDb(async (deps) => {
    let workspaceId: string | undefined;
    if (opts.workspace) {
      const ws = await findWorkspaceBySlug(deps.db, opts.workspace);
      if (!ws) throw notFound('workspace');
      workspaceId = ws.id;
    }
    const sweep = await signAuditCheckpoints(deps, key, workspaceId ? { workspaceId } : {});
    const slugs = new Map((await deps.db.selectFrom('workspaces').select(['id', 'slug']).execute()).map((w) => [w.id, w.slug]));
    return {
      signed: sweep.signed.map((row) => ({ workspace: slugs.get(row.workspace_id) ?? row.workspace_id, ...presentCheckpoint(row, key) })),
      refused: sweep.refused.map((id) => slugs.get(id) ?? id),
    };
  });
  if (opts.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else {
    for (const s of result.signed) process.stdout.write(`signed: workspace ${s.workspace}, event #${s.seq}, head ${s.headHash}\n`);
    for (const w of result.refused) process.stdout.write(`REFUSED: workspace ${w}: the chain no longer extends its last signed checkpoint (run trustroom audit verify)\n`);
    if (!result.signed.length && !result.refused.length) process.stdout.write('nothing to sign: every head is signed already\n');
  }
  if (result.refused.length) process.exitCode = 1;
}
