import { verifyAuditChain } from '../../modules/audit/verify-audit-chain.ts';
import { findWorkspaceBySlug } from '../../modules/workspaces/workspaces.ts';
import { notFound } from '../../shared/errors.ts';
import { withDb } from '../open-db.ts';

/** Exit 0 when every chain verifies, 1 when a link is broken (the first broken link per chain is printed). */
export async function auditVerifyCommand(opts: { workspace?: string; json?: boolean }) {
  const result = await withDb(async (deps) => {
    let chain: string | undefined;
    if (opts.workspace) {
      const ws = await findWorkspaceBySlug(deps.db, opts.workspace);
      if (!ws) throw notFound('workspace');
      chain = ws.id;
    }
    const r = await verifyAuditChain(deps.db, chain);
    const slugs = new Map((await deps.db.selectFrom('workspaces').select(['id', 'slug']).execute()).map((w) => [w.id, w.slug]));
    return { ...r, breaks: r.breaks.map((b) => ({ ...b, workspace: slugs.get(b.chain) ?? b.chain })) };
  });
  if (opts.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else if (result.ok) process.stdout.write(`audit log intact: ${result.events} events in ${result.chains} chains\n`);
  else {
    for (const b of result.breaks) process.stdout.write(`BROKEN: workspace ${b.workspace}, event #${b.seq} (${b.eventId}): ${b.reason.replace(/_/g, ' ')}\n`);
  }
  if (!result.ok) process.exitCode = 1;
}
