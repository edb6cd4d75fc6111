import { createSigninLink } from '../../modules/access/sessions.ts';
import { createUser, setMembership } from '../../modules/access/users.ts';
import { findWorkspaceBySlug } from '../../modules/workspaces/workspaces.ts';
import { loadConfig } from '../../shared/config.ts';
import { SYSTEM_ACTOR } from '../../shared/deps.ts';
import { invalid } from '../../shared/errors.ts';
import { withDb } from '../open-db.ts';

export async function userCreateCommand(opts: { email: string; name?: string; workspace?: string; role: string; instanceAdmin?: boolean }) {
  const config = loadConfig();
  const link = await withDb(async (deps) => {
    const ws = opts.workspace ? await findWorkspaceBySlug(deps.db, opts.workspace) : undefined;
    if (opts.workspace && !ws) throw invalid('workspace', 'no workspace with this slug');
    const user = await createUser(deps, SYSTEM_ACTOR, { email: opts.email, displayName: opts.name }, { instanceAdmin: opts.instanceAdmin });
    if (ws) await setMembership(deps, SYSTEM_ACTOR, ws.id, user.id, opts.role);
    return `${config.publicUrl}/admin/signin/link/${await createSigninLink(deps, user.id)}`;
  });
  process.stdout.write(`user created; one-time sign-in link (valid 24 hours):\n  ${link}\n`);
}
