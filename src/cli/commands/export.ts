import { writeFileSync } from 'node:fs';
import { exportRegistry } from '../../modules/registry/export-registry.ts';
import { findWorkspaceBySlug } from '../../modules/workspaces/workspaces.ts';
import { notFound } from '../../shared/errors.ts';
import { withDb } from '../open-db.ts';

export async function exportCommand(opts: { workspace: string; output?: string }) {
  const data = await withDb(async (deps) => {
    const ws = await findWorkspaceBySlug(deps.db, opts.workspace);
    if (!ws) throw notFound('workspace');
    return exportRegistry(deps.db, ws);
  });
  const text = `${JSON.stringify(data, null, 2)}\n`;
  if (opts.output) writeFileSync(opts.output, text);
  else process.stdout.write(text);
}
