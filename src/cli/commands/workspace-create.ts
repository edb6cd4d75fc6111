import { findUserIdByEmail } from '../../modules/access/users.ts';
import { createWorkspace } from '../../modules/workspaces/workspaces.ts';
import { SYSTEM_ACTOR } from '../../shared/deps.ts';
import { invalid } from '../../shared/errors.ts';
import { withDb } from '../open-db.ts';

export async function workspaceCreateCommand(opts: { slug?: string; name: string; groupBy: string; owner?: string }) {
  const ws = await withDb(async (deps) => {
    const ownerId = opts.owner ? await findUserIdByEmail(deps.db, opts.owner) : null;
    if (opts.owner && !ownerId) throw invalid('owner', 'no user with this e-mail');
    return createWorkspace(deps, SYSTEM_ACTOR, { slug: opts.slug ?? '', name: opts.name, groupBy: opts.groupBy }, ownerId ?? null);
  });
  process.stdout.write(`workspace ${ws.slug} created\n`);
}
