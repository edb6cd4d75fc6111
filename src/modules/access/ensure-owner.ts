import { type Deps, SYSTEM_ACTOR } from '../../shared/deps.ts';
import { createWorkspace } from '../workspaces/workspaces.ts';
import { createSigninLink } from './sessions.ts';
import { createUser, setMembership } from './users.ts';

/**
 * First start: when no user exists, creates the owner account (instance admin) and, when no
 * workspace exists, a first workspace. Returns a one-time sign-in secret to print, or null.
 * There is never a fixed default password.
 */
export async function ensureOwner(deps: Deps, ownerEmail: string, opts: { createWorkspace: boolean }): Promise<{ userId: string; secret: string } | null> {
  const anyUser = await deps.db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (anyUser) return null;
  const user = await createUser(deps, SYSTEM_ACTOR, { email: ownerEmail, displayName: 'Owner' }, { instanceAdmin: true });
  const workspaces = await deps.db.selectFrom('workspaces').select('id').execute();
  if (workspaces.length === 0 && opts.createWorkspace) {
    await createWorkspace(deps, SYSTEM_ACTOR, { slug: 'default', name: 'My organisation', groupBy: 'kind' }, user.id);
  } else {
    for (const w of workspaces) {
      await setMembership(deps, SYSTEM_ACTOR, w.id, user.id, 'owner');
    }
  }
  return { userId: user.id, secret: await createSigninLink(deps, user.id) };
}
