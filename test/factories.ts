import type { Role } from '../src/db/schema.ts';
import { createSession } from '../src/modules/access/sessions.ts';
import { createUser, setMembership } from '../src/modules/access/users.ts';
import { createCustomer } from '../src/modules/customers/manage-customers.ts';
import { createEngagement } from '../src/modules/registry/manage-engagements.ts';
import { createEntity } from '../src/modules/registry/manage-entities.ts';
import { createService } from '../src/modules/registry/manage-services.ts';
import { createWorkspace, type WorkspaceView } from '../src/modules/workspaces/workspaces.ts';
import { type Actor, type Deps, type Scope, SYSTEM_ACTOR } from '../src/shared/deps.ts';

let n = 0;
const next = () => `${Date.now().toString(36)}${n++}`;

export async function buildWorkspace(deps: Deps, over: Partial<{ slug: string; name: string; groupBy: string }> = {}): Promise<{ workspace: WorkspaceView; scope: Scope }> {
  const slug = over.slug ?? `ws-${next()}`;
  const workspace = await createWorkspace(deps, SYSTEM_ACTOR, { slug, name: over.name ?? `Workspace ${slug}`, groupBy: over.groupBy ?? 'kind' }, null);
  return { workspace, scope: { workspaceId: workspace.id, actor: SYSTEM_ACTOR } };
}

export async function buildUser(deps: Deps, over: { email?: string; password?: string; instanceAdmin?: boolean } = {}) {
  const email = over.email ?? `user-${next()}@example.test`;
  const user = await createUser(deps, SYSTEM_ACTOR, { email, password: over.password ?? 'correct horse battery staple' }, { instanceAdmin: over.instanceAdmin });
  return { user, email, password: over.password ?? 'correct horse battery staple' };
}

/** A user with `role` in the workspace and an open session; returns the session cookie value. */
export async function buildMember(deps: Deps, workspaceId: string, role: Role) {
  const built = await buildUser(deps);
  await setMembership(deps, SYSTEM_ACTOR, workspaceId, built.user.id, role);
  const session = await createSession(deps, built.user.id, 'password');
  const actor: Actor = { type: 'user', id: built.user.id, label: built.email };
  return { ...built, session, actor };
}

export async function buildEntity(deps: Deps, scope: Scope, over: Record<string, unknown> = {}) {
  return createEntity(deps, scope, { name: `Entity ${next()}`, country: 'DE', ...over });
}

export async function buildService(deps: Deps, scope: Scope, over: Record<string, unknown> = {}) {
  const slug = `svc-${next()}`;
  return createService(deps, scope, { slug, name: `Service ${slug}`, ...over });
}

export async function buildEngagement(deps: Deps, scope: Scope, over: Record<string, unknown> = {}) {
  const entityId = (over.entityId as string | undefined) ?? (await buildEntity(deps, scope)).id;
  return createEngagement(deps, scope, { kind: 'third_party', purpose: 'Hosting', countries: ['DE'], ...over, entityId });
}

/** A customer with one contact and the workspace's default terms; `over` replaces fields. */
export async function buildCustomer(deps: Deps, scope: Scope, over: Record<string, unknown> = {}) {
  const key = next();
  return createCustomer(deps, scope, { name: `Customer ${key}`, country: 'FR', contacts: [{ email: `dpo-${key}@customer.test`, name: 'Data Protection Officer' }], ...over });
}
