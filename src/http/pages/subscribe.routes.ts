/**
 * Subscribing to a workspace's sub-processor list (CH2): the form's POST, the confirmation link
 * and the unsubscribe link, each link a page with a button (GET changes nothing: mail scanners
 * open links) and a POST. No session, no cookie, no CSRF token: the secret in the link is the
 * authority, and the subscribe form sits in the cached public list page. Registered in a scope of
 * its own (it accepts multipart bodies for RFC 8058) under the pages' security headers.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { findLatestVersion } from '../../modules/publishing/list-versions.queries.ts';
import { listRegions, listServices } from '../../modules/registry/registry.queries.ts';
import { checkConfirmationLink, confirmSubscription } from '../../modules/subscribers/confirm-subscription.ts';
import { subscribe } from '../../modules/subscribers/subscribe.ts';
import { confirmSubscriptionUrl, unsubscribeUrl } from '../../modules/subscribers/subscriber-links.ts';
import { checkUnsubscribeLink, unsubscribe } from '../../modules/subscribers/unsubscribe.ts';
import { findWorkspaceBySlug, type WorkspaceView } from '../../modules/workspaces/workspaces.ts';
import { type FieldIssue, isAppError, notFound } from '../../shared/errors.ts';
import type { AppOptions } from '../app.ts';
import { errorsByField } from '../views/forms.ts';
import {
  renderCheckInboxPage, renderConfirmedPage, renderConfirmPage, renderExpiredPage, renderSubscribePage, renderUnsubscribedPage,
  renderUnsubscribePage, subscribeOptionsOf, type SubscribeValues,
} from './subscribe.view.ts';

const HTML = 'text/html; charset=utf-8';

const text = (v: unknown): string => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '').slice(0, 320);
const texts = (v: unknown): string[] => (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string' && x !== '').slice(0, 100);

export function registerSubscribeRoutes(app: FastifyInstance, { deps }: AppOptions) {
  // RFC 8058 allows the one-click POST as multipart/form-data; its body says nothing the URL does not.
  app.addContentTypeParser('multipart/form-data', { parseAs: 'string', bodyLimit: 16 * 1024 }, (_req, _body, done) => done(null, {}));

  const workspaceOf = async (req: FastifyRequest): Promise<WorkspaceView> => {
    const w = await findWorkspaceBySlug(deps.db, (req.params as { slug: string }).slug);
    if (!w) throw notFound('workspace');
    return w;
  };
  const token = (req: FastifyRequest) => String((req.params as { token?: string }).token ?? '');
  const page = (reply: FastifyReply, body: string, status = 200) => reply.code(status).type(HTML).send(body);
  /** Pages reached through a secret link: never stored by caches, never indexed. */
  const secretPage = (reply: FastifyReply, body: string, status = 200) =>
    page(reply.header('cache-control', 'no-store').header('x-robots-tag', 'noindex'), body, status);
  // The links' own helpers with an empty base: the same paths, relative to this site.
  const confirmAction = (w: WorkspaceView, t: string) => confirmSubscriptionUrl('', w.slug, t);
  // A confirmed subscription always comes with a fresh unsubscribe secret; without one, the form to subscribe again.
  const unsubscribeAction = (w: WorkspaceView, t: string | null) => (t ? unsubscribeUrl('', w.slug, t) : `/w/${encodeURIComponent(w.slug)}/subscribe`);
  const options = async (w: WorkspaceView) => subscribeOptionsOf((await findLatestVersion(deps.db, w.id))?.snapshot);
  const names = async (w: WorkspaceView, f: { services: string[]; regions: string[] }) => {
    const [services, regions] = await Promise.all([listServices(deps.db, w.id), listRegions(deps.db, w.id)]);
    return {
      services: f.services.map((s) => services.find((x) => x.slug === s)?.name ?? s),
      regions: f.regions.map((r) => regions.find((x) => x.slug === r)?.name ?? r),
    };
  };
  /** An expired confirmation link gets its own page (410) with the way to a new one. */
  const orExpired = async (w: WorkspaceView, reply: FastifyReply, fn: () => Promise<FastifyReply>) => {
    try {
      return await fn();
    } catch (e) {
      if (isAppError(e) && e.code === 'confirmation_expired') return secretPage(reply, renderExpiredPage(w), 410);
      throw e;
    }
  };

  app.get('/w/:slug/subscribe', async (req, reply) => {
    const w = await workspaceOf(req);
    return page(reply, renderSubscribePage(w, await options(w)));
  });

  app.post('/w/:slug/subscribe', { config: { rateLimit: { max: 10, timeWindow: '1 minute' } } }, async (req, reply) => {
    const w = await workspaceOf(req);
    const body = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>;
    try {
      await subscribe(deps, w.id, body);
    } catch (e) {
      if (!isAppError(e) || e.code !== 'validation_error') throw e;
      const values: SubscribeValues = { email: text(body.email), services: texts(body.services), regions: texts(body.regions) };
      const errors = errorsByField((e.data as { fields?: FieldIssue[] } | undefined)?.fields);
      return page(reply, renderSubscribePage(w, await options(w), values, errors), 400);
    }
    return page(reply.header('cache-control', 'no-store'), renderCheckInboxPage(w));
  });

  app.get('/w/:slug/subscribe/confirm/:token', async (req, reply) => {
    const w = await workspaceOf(req);
    return orExpired(w, reply, async () => {
      const state = await checkConfirmationLink(deps, w.id, token(req));
      if (state.status === 'confirmed') return secretPage(reply, renderConfirmedPage(w, unsubscribeAction(w, state.unsubscribeToken), await names(w, state)));
      return secretPage(reply, renderConfirmPage(w, confirmAction(w, token(req)), await names(w, state)));
    });
  });

  app.post('/w/:slug/subscribe/confirm/:token', async (req, reply) => {
    const w = await workspaceOf(req);
    return orExpired(w, reply, async () => {
      const state = await confirmSubscription(deps, w.id, token(req));
      return secretPage(reply, renderConfirmedPage(w, unsubscribeAction(w, state.unsubscribeToken), await names(w, state)));
    });
  });

  app.get('/w/:slug/unsubscribe/:token', async (req, reply) => {
    const w = await workspaceOf(req);
    const state = await checkUnsubscribeLink(deps, w.id, token(req));
    if (state.status === 'unsubscribed') return secretPage(reply, renderUnsubscribedPage(w));
    return secretPage(reply, renderUnsubscribePage(w, unsubscribeAction(w, token(req))));
  });

  // Also the target of mail clients' one-click button (List-Unsubscribe-Post: List-Unsubscribe=One-Click).
  app.post('/w/:slug/unsubscribe/:token', async (req, reply) => {
    const w = await workspaceOf(req);
    await unsubscribe(deps, w.id, token(req));
    return secretPage(reply, renderUnsubscribedPage(w));
  });
}
