/**
 * The customer portal under `/portal/w/:slug/…`: sign-in by e-mailed link, the overview,
 * sub-processors and data map pages, sign-out; the changes and DPA pages register from their own
 * files. Its own scope: its cookie (Path=/portal), its CSRF check (the session's token), and
 * headers that keep every page out of caches and search engines.
 */
import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { findDpaStanding } from '../../modules/dpa/dpa-for-customer.ts';
import { listPortalChanges, renderPortalDataMap, viewPortalCustomer } from '../../modules/portal/portal.queries.ts';
import { dataMapFileName } from '../../modules/transfers/render-data-map.ts';
import { instantInZone } from '../../modules/requests/forwarding/forwarding-notices.ts';
import { listCustomerRequests } from '../../modules/requests/forwarding/forwarding.queries.ts';
import { PORTAL_COOKIE, PORTAL_SESSION_TTL_MS } from '../../modules/portal/portal.ts';
import { checkPortalLink, endPortalSession, requestSigninLink, usePortalLink } from '../../modules/portal/portal-signin.ts';
import { isoDate } from '../../shared/clock.ts';
import { type FieldIssue, isAppError } from '../../shared/errors.ts';
import type { AppOptions } from '../app.ts';
import { sendError } from '../errors.ts';
import { refuseCrossSite } from '../pages/respond.routes.ts';
import { errorsByField } from '../views/forms.ts';
import { registerPortalChangeRoutes } from './portal-changes.routes.ts';
import { registerPortalDpaRoutes } from './portal-dpa.routes.ts';
import { registerPortalRequestRoutes } from './portal-requests.routes.ts';
import { HTML, openPortal, sendPortalPage, text, workspaceOf } from './portal-session.ts';
import { dataMapBody, linkPageBody, linkProblemBody, overviewBody, publicPortalPage, signinPageBody, subprocessorsBody } from './portal.view.ts';

/**
 * Every signed-in GET page of the portal, below `/portal/w/:slug`. The isolation test visits
 * each and checks that the route list holds no other: a new page must be added here.
 */
export const PORTAL_PAGES = ['', '/subprocessors', '/data-map', '/data-map.svg', '/dpa', '/dpa.pdf', '/dpa/acceptances/:acceptanceId', '/changes', '/changes/:changeId', '/requests', '/requests/new', '/requests/:requestId', '/api-tokens'] as const;
/** The GET pages reached without a session. */
export const PORTAL_PUBLIC_PAGES = ['/signin', '/link/:token'] as const;

const SIGNIN_LIMIT = { rateLimit: { max: 5, timeWindow: '1 minute' } };
const LINK_LIMIT = { rateLimit: { max: 20, timeWindow: '1 minute' } };

export async function registerPortalRoutes(app: FastifyInstance, o: AppOptions) {
  const { deps, config } = o;
  await app.register(cookie);
  // After the pages' security headers: pages of one customer, and links whose URL is a credential.
  app.addHook('onSend', (_req, reply, payload, done) => {
    reply.header('cache-control', 'no-store').header('x-robots-tag', 'noindex').header('referrer-policy', 'no-referrer');
    done(null, payload);
  });
  // No session (or not in this workspace): a page asks to sign in; a form post gets the error page.
  app.setErrorHandler((err, req, reply) => {
    if (isAppError(err) && err.code === 'portal_signin_required' && req.method === 'GET') {
      const slug = encodeURIComponent(String((req.params as { slug?: string }).slug ?? ''));
      return reply.redirect(`/portal/w/${slug}/signin`, 303);
    }
    return sendError(req, reply, err);
  });

  const cookieOpts = { httpOnly: true, sameSite: 'lax' as const, secure: config.publicUrl.startsWith('https://'), path: '/portal' };
  const base = '/portal/w/:slug';
  const token = (req: FastifyRequest) => String((req.params as { token?: string }).token ?? '');
  const publicPage = (reply: FastifyReply, title: string, body: Parameters<typeof publicPortalPage>[1], status = 200) =>
    reply.code(status).type(HTML).send(publicPortalPage(title, body));
  /** Unknown, used or expired links get a page with the way to a new one. */
  const orLinkProblem = async (req: FastifyRequest, reply: FastifyReply, fn: () => Promise<FastifyReply>) => {
    try {
      return await fn();
    } catch (e) {
      if (!isAppError(e) || !e.code.startsWith('portal_link_')) throw e;
      return publicPage(reply, 'Sign-in link', linkProblemBody(await workspaceOf(deps, req), e.message), e.status);
    }
  };

  app.get(`${base}/signin`, async (req, reply) => {
    const w = await workspaceOf(deps, req);
    return publicPage(reply, 'Sign in', signinPageBody(w, { sent: (req.query as Record<string, unknown>).sent === '1' }));
  });

  app.post(`${base}/signin`, { config: SIGNIN_LIMIT }, async (req, reply) => {
    refuseCrossSite(req, config.publicUrl);
    const w = await workspaceOf(deps, req);
    try {
      await requestSigninLink(deps, w.id, req.body ?? {});
    } catch (e) {
      if (!isAppError(e) || e.code !== 'validation_error') throw e;
      const errors = errorsByField((e.data as { fields?: FieldIssue[] } | undefined)?.fields);
      return publicPage(reply, 'Sign in', signinPageBody(w, { email: text((req.body as Record<string, unknown> | undefined)?.email).slice(0, 320), errors }), 400);
    }
    // The same page whoever the address belongs to (no enumeration).
    return reply.redirect(`/portal/w/${w.slug}/signin?sent=1`, 303);
  });

  app.get(`${base}/link/:token`, { config: LINK_LIMIT }, async (req, reply) => orLinkProblem(req, reply, async () => {
    const w = await workspaceOf(deps, req);
    const link = await checkPortalLink(deps, w.id, token(req));
    return publicPage(reply, 'Sign in', linkPageBody(w, link, `/portal/w/${w.slug}/link/${encodeURIComponent(token(req))}`));
  }));

  app.post(`${base}/link/:token`, { config: LINK_LIMIT }, async (req, reply) => orLinkProblem(req, reply, async () => {
    refuseCrossSite(req, config.publicUrl);
    const w = await workspaceOf(deps, req);
    const { cookie: value } = await usePortalLink(deps, w.id, token(req));
    reply.setCookie(PORTAL_COOKIE, value, { ...cookieOpts, maxAge: PORTAL_SESSION_TTL_MS / 1000 });
    return reply.redirect(`/portal/w/${w.slug}`, 303);
  }));

  app.post(`${base}/signout`, async (req, reply) => {
    const p = await openPortal(deps, req);
    await endPortalSession(deps, p.session, p.cookie);
    return reply.clearCookie(PORTAL_COOKIE, { path: '/portal' }).redirect(`${p.base}/signin`, 303);
  });

  app.get(base, async (req, reply) => {
    const p = await openPortal(deps, req);
    const [view, changes, standing, requests] = await Promise.all([
      viewPortalCustomer(deps.db, p.session, deps.clock.now()), listPortalChanges(deps.db, p.session), findDpaStanding(deps.db, p.workspace.id, p.customer.id),
      listCustomerRequests(deps.db, p.session.workspaceId, p.session.customerId),
    ]);
    const body = overviewBody(p, {
      subprocessors: view.inEffect.length, countries: new Set(view.transfers.map((t) => t.country)).size, changes: changes.length,
      awaitingConsent: view.proposed.filter((x) => x.state === 'awaiting_consent').map((x) => ({ id: x.changeId, title: x.title })),
      openObjections: changes.flatMap((c) => c.objections.filter((x) => x.status === 'open').map(() => ({ changeId: c.id, title: c.title }))),
      notAuthorised: view.transfers.filter((t) => t.notAuthorisedByContract).length,
      requestsAwaiting: requests.filter((r) => r.forwarding && !r.forwarding.instructedAt && r.status === 'awaiting_instruction')
        .map((r) => ({ id: r.id, reference: r.reference, due: instantInZone(r.forwarding!.dueAt, p.customer.effectiveTimeZone) })),
      dpa: { published: standing.current !== null, needsAcceptance: standing.needsAcceptance, version: standing.current?.version ?? null, acceptedVersion: standing.lastAccepted?.version ?? null },
    });
    return sendPortalPage(reply, p, { title: 'Overview', section: '', body });
  });

  app.get(`${base}/subprocessors`, async (req, reply) => {
    const p = await openPortal(deps, req);
    return sendPortalPage(reply, p, { title: 'Sub-processors', section: 'subprocessors', body: subprocessorsBody(p, await viewPortalCustomer(deps.db, p.session, deps.clock.now())) });
  });

  app.get(`${base}/data-map`, async (req, reply) => {
    const p = await openPortal(deps, req);
    const now = deps.clock.now();
    return sendPortalPage(reply, p, { title: 'Data map', section: 'data-map', body: dataMapBody(p, await renderPortalDataMap(deps.db, p.session, p.customer, now), isoDate(now)) });
  });

  app.get(`${base}/data-map.svg`, async (req, reply) => {
    const p = await openPortal(deps, req);
    const now = deps.clock.now();
    const svg = await renderPortalDataMap(deps.db, p.session, p.customer, now);
    return reply.type('image/svg+xml; charset=utf-8').header('content-disposition', `attachment; filename="${dataMapFileName(p.customer.name, isoDate(now))}"`).send(svg);
  });

  registerPortalChangeRoutes(app, o);
  registerPortalDpaRoutes(app, o);
  registerPortalRequestRoutes(app, o);
}
