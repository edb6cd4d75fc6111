import type { Role } from '../../db/schema.ts';
import type { Deps, Scope } from '../../shared/deps.ts';
import { forbidden } from '../../shared/errors.ts';
import { listMembers, type MemberView, removeMembership, setMembership } from './users.ts';

/** The caller's scope plus the role it holds there: owner changes need an owner. */
export interface MemberAccess {
  scope: Scope;
  role: Role;
}

async function assertMayTouchOwners(deps: Deps, access: MemberAccess, userId: string, newRole?: unknown) {
  if (access.role === 'owner') return;
  const current = await deps.db.selectFrom('memberships').select('role')
    .where('workspace_id', '=', access.scope.workspaceId).where('user_id', '=', userId).executeTakeFirst();
  if (newRole === 'owner' || current?.role === 'owner') throw forbidden('only an owner can grant, change or remove the owner role');
}

/** Adds a user to the workspace or changes their role; only owners grant or take away `owner`. */
export async function changeMemberRole(deps: Deps, access: MemberAccess, userId: string, raw: unknown): Promise<MemberView> {
  const role = raw && typeof raw === 'object' ? (raw as { role?: unknown }).role : undefined;
  await assertMayTouchOwners(deps, access, userId, role);
  await setMembership(deps, access.scope.actor, access.scope.workspaceId, userId, role);
  return (await listMembers(deps.db, access.scope.workspaceId)).find((m) => m.userId === userId) as MemberView;
}

/** Removes a member from the workspace; only owners remove owners, and the last owner stays. */
export async function removeMember(deps: Deps, access: MemberAccess, userId: string): Promise<void> {
  await assertMayTouchOwners(deps, access, userId);
  await removeMembership(deps, access.scope.actor, access.scope.workspaceId, userId);
}
