/**
 * What every signed-in portal route shares: the workspace of the URL, the session of the
 * `trustroom_portal` cookie in that workspace (checked against the customer's contacts on every
 * request), the CSRF token of POST forms, and the page shell. Queries take the workspace and the
 * customer from here — from the session, never from the URL.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { findPortalCustomer } from '../../modules/portal/portal.queries.ts';
import { PORTAL_COOKIE, type PortalSession } from '../../modules/portal/portal.ts';
import { findPortalSession } from '../../modules/portal/portal-signin.ts';
import { findWorkspaceBySlug, type WorkspaceView } from '../../modules/workspaces/workspaces.ts';
import type { Deps } from '../../shared/deps.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import type { SafeHtml } from '../views/html.ts';
import { type PortalContext, portalPage } from './portal.view.ts';

export interface Portal extends PortalContext {
  session: PortalSession;
  /** The signed-in cookie value (sign-out deletes its session). */
  cookie: string;
}

/** Thrown when there is no valid session: GET pages redirect to the sign-in page (portal.routes.ts). */
export const signinRequired = () => new AppError('portal_signin_required', 401, 'please sign in to the customer portal');

export async function workspaceOf(deps: Deps, req: FastifyRequest): Promise<WorkspaceView> {
  const w = await findWorkspaceBySlug(deps.db, String((req.params as { slug?: string }).slug ?? ''));
  if (!w) throw notFound('workspace');
  return w;
}

const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * The signed-in contact under the URL's workspace, or `portal_signin_required`. A session of
 * another workspace is no session here. An unsafe request must carry the session's CSRF token.
 */
export async function openPortal(deps: Deps, req: FastifyRequest): Promise<Portal> {
  const workspace = await workspaceOf(deps, req);
  const cookie = req.cookies[PORTAL_COOKIE];
  const session = cookie ? await findPortalSession(deps.db, workspace.id, cookie, deps.clock.now()) : undefined;
  if (!session || !cookie) throw signinRequired();
  const customer = await findPortalCustomer(deps.db, session);
  if (!customer) throw signinRequired();
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    const sent = (req.body as Record<string, unknown> | undefined)?._csrf;
    if (typeof sent !== 'string' || !same(sent, session.csrfToken)) {
      throw new AppError('csrf_failed', 403, 'the form expired or did not come from this site; reload the page and try again');
    }
  }
  return { workspace, customer, csrfToken: session.csrfToken, base: `/portal/w/${workspace.slug}`, session, cookie };
}

export const HTML = 'text/html; charset=utf-8';

/** Sends a signed-in portal page. */
export function sendPortalPage(reply: FastifyReply, p: Portal, o: { title: string; section: string; body: SafeHtml; status?: number }) {
  return reply.code(o.status ?? 200).type(HTML).send(portalPage(p, o));
}

/** One string of a posted field (nothing else is echoed back). */
export const text = (v: unknown): string => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '').slice(0, 6000);

export const valuesOf = (body: unknown, fields: string[]): Record<string, string> => {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  return Object.fromEntries(fields.map((f) => [f, text(b[f])]));
};
