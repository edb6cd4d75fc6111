/**
 * Who is calling: a session cookie (console and API), a workspace API token (`Authorization:
 * Bearer trt_…`) or a customer's token (`trc_…`, customer routes only). Workspace access is always checked against the workspace in the URL.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Role } from '../../db/schema.ts';
import { findApiToken } from '../../modules/access/api-tokens.ts';
import { CUSTOMER_TOKEN_PREFIX, customerTokenActor, findCustomerApiToken } from '../../modules/portal/customer-api-tokens.ts';
import { roleAtLeast } from '../../modules/access/roles.ts';
import { findSession } from '../../modules/access/sessions.ts';
import type { UserView } from '../../modules/access/users.ts';
import { findWorkspaceBySlug, type WorkspaceView } from '../../modules/workspaces/workspaces.ts';
import type { Actor, Deps, Scope } from '../../shared/deps.ts';
import { AppError, forbidden, notFound, unauthorized } from '../../shared/errors.ts';

export const SESSION_COOKIE = 'trustroom_session';

export type Principal =
  | { kind: 'session'; user: UserView; memberships: Map<string, Role>; csrfToken: string; actor: Actor }
  | { kind: 'token'; tokenId: string; workspaceId: string; role: Role; actor: Actor }
  /** A customer's token (`trc_…`, issued in the portal): only the customer routes of its one workspace. */
  | { kind: 'customer'; tokenId: string; workspaceId: string; customerId: string; actor: Actor };

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

export interface WorkspaceAccess {
  workspace: WorkspaceView;
  role: Role;
  scope: Scope;
}

export function registerAuth(app: FastifyInstance, deps: Deps) {
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (req) => {
    // Public pages and static files never look at credentials: nothing to leak, nothing to slow down.
    if (!req.url.startsWith('/admin') && !req.url.startsWith('/api/')) return;
    const auth = req.headers.authorization;
    if (auth?.startsWith(`Bearer ${CUSTOMER_TOKEN_PREFIX}`)) {
      const token = await findCustomerApiToken(deps, auth.slice(7).trim());
      if (!token) throw new AppError('invalid_token', 401, 'the API token is unknown or revoked');
      req.principal = { kind: 'customer', tokenId: token.id, workspaceId: token.workspaceId, customerId: token.customerId, actor: customerTokenActor(token) };
      return;
    }
    if (auth?.startsWith('Bearer ')) {
      const token = await findApiToken(deps, auth.slice(7).trim());
      if (!token) throw new AppError('invalid_token', 401, 'the API token is unknown or revoked');
      req.principal = { kind: 'token', tokenId: token.id, workspaceId: token.workspaceId, role: token.role, actor: { type: 'token', id: token.id, label: `token:${token.name}` } };
      return;
    }
    const cookie = req.cookies[SESSION_COOKIE];
    if (!cookie) return;
    const session = await findSession(deps.db, cookie, deps.clock.now());
    if (!session) return;
    req.principal = { kind: 'session', user: session.user, memberships: session.memberships, csrfToken: session.csrfToken, actor: { type: 'user', id: session.user.id, label: session.user.email } };
  });
}

/** The signed-in user (console pages). */
export function requireUser(req: FastifyRequest): Extract<Principal, { kind: 'session' }> {
  const p = req.principal;
  if (!p) throw unauthorized();
  if (p.kind !== 'session') throw forbidden('this page needs a signed-in user, not an API token');
  return p;
}

/**
 * Resolves the workspace named in the URL and checks that the caller holds at least `min` there.
 * A caller without any access gets 404, so workspace membership is not revealed.
 */
export async function requireWorkspace(deps: Deps, req: FastifyRequest, slug: string, min: Role): Promise<WorkspaceAccess> {
  const p = req.principal;
  if (!p) throw unauthorized();
  // A customer's token reaches the customer routes only; the workspace's are not there for it.
  if (p.kind === 'customer') throw notFound('workspace');
  const workspace = await findWorkspaceBySlug(deps.db, slug);
  const role = !workspace ? undefined : p.kind === 'token' ? (p.workspaceId === workspace.id ? p.role : undefined) : p.memberships.get(workspace.id);
  if (!workspace || !role) throw notFound('workspace');
  if (!roleAtLeast(role, min)) throw forbidden(`this needs the ${min} role or higher`);
  return { workspace, role, scope: { workspaceId: workspace.id, actor: p.actor } };
}
