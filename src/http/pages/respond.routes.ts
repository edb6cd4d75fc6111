/**
 * The customer's response to an announced change (CH3), through the link in its notice: the page,
 * and the objection and consent forms. No sign-in and no session: the token in the URL is the
 * credential, so these responses are never cached and never send it on as a referrer. The forms
 * carry no CSRF token (there is no session to bind it to); a request a browser marks as coming
 * from another site is refused instead, and each address may only post a few times a minute.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { recordConsent, submitObjection, viewChangeResponse, type ChangeResponseView } from '../../modules/changes/respond-to-change.ts';
import { AppError, type FieldIssue, isAppError } from '../../shared/errors.ts';
import type { AppOptions } from '../app.ts';
import { errorsByField } from '../views/forms.ts';
import { renderRespondPage, type RespondForms } from './respond.view.ts';

const HTML = 'text/html; charset=utf-8';
const POST_LIMIT = { rateLimit: { max: 10, timeWindow: '1 minute' } };

const linkInvalid = () => new AppError('response_link_invalid', 404, 'this link is not valid: it may be mistyped or belong to a withdrawn change');

const text = (v: unknown): string => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '').slice(0, 6000);

/** The posted form's own fields as strings (nothing else is echoed back). */
const valuesOf = (body: unknown, fields: string[]): Record<string, string> => {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  return Object.fromEntries(fields.map((f) => [f, text(b[f])]));
};

/**
 * Refuses a form sent from another site: `Sec-Fetch-Site` other than same-origin (or none: typed
 * by the user), or an `Origin` that is not this server. `Origin: null` is what browsers send
 * from a page with `Referrer-Policy: no-referrer`, as this one, so it is not refused.
 */
export function refuseCrossSite(req: FastifyRequest, publicUrl: string): void {
  const site = req.headers['sec-fetch-site'];
  const origin = req.headers.origin;
  const refused = new AppError('cross_site_request', 403, 'this form can only be sent from its own page');
  if (typeof site === 'string' && site !== 'same-origin' && site !== 'none') throw refused;
  if (typeof origin === 'string' && origin !== 'null') {
    const own = [new URL(publicUrl).origin, `${req.protocol}://${req.host}`];
    if (!own.includes(origin)) throw refused;
  }
}

export function registerRespondRoutes(app: FastifyInstance, { deps, config }: AppOptions) {
  // After the pages' security headers: the URL holds the credential.
  app.addHook('onSend', (_req, reply, payload, done) => {
    reply.header('referrer-policy', 'no-referrer').header('cache-control', 'no-store').header('x-robots-tag', 'noindex');
    done(null, payload);
  });

  const params = (req: FastifyRequest) => req.params as { slug: string; token: string };
  const pageUrl = (req: FastifyRequest) => `/w/${encodeURIComponent(params(req).slug)}/changes/respond/${encodeURIComponent(params(req).token)}`;
  /** The response of the token, only under its own workspace's address. */
  const current = async (req: FastifyRequest): Promise<ChangeResponseView> => {
    const v = await viewChangeResponse(deps, params(req).token);
    if (v.workspace.slug !== params(req).slug) throw linkInvalid();
    return v;
  };
  const send = (reply: FastifyReply, v: ChangeResponseView, req: FastifyRequest, forms: RespondForms = {}, status = 200) =>
    reply.code(status).type(HTML).send(renderRespondPage(v, pageUrl(req), forms));

  /** Runs a response: its field errors (400) and a closed window (409) come back on the page itself. */
  const respond = async (req: FastifyRequest, reply: FastifyReply, form: 'object' | 'consent', fields: string[], act: () => Promise<unknown>) => {
    refuseCrossSite(req, config.publicUrl);
    await current(req);
    try {
      await act();
    } catch (e) {
      if (!isAppError(e) || (e.status !== 400 && e.status !== 409)) throw e;
      const v = await current(req);
      if (e.status === 409 || (form === 'consent' && !v.canDecide)) return send(reply, v, req, { problem: e.message }, e.status);
      const errors = errorsByField((e.data as { fields?: FieldIssue[] } | undefined)?.fields);
      return send(reply, v, req, { [form]: { values: valuesOf(req.body, fields), errors } }, 400);
    }
    return reply.redirect(`${pageUrl(req)}?sent=${form === 'object' ? 'objection' : 'consent'}`, 303);
  };

  app.get('/w/:slug/changes/respond/:token', async (req, reply) => {
    const sent = (req.query as Record<string, unknown>).sent;
    return send(reply, await current(req), req, { sent: sent === 'objection' || sent === 'consent' ? sent : undefined });
  });

  app.post('/w/:slug/changes/respond/:token/object', { config: POST_LIMIT }, async (req, reply) =>
    respond(req, reply, 'object', ['name', 'reason'], () => submitObjection(deps, params(req).token, req.body ?? {})));

  app.post('/w/:slug/changes/respond/:token/consent', { config: POST_LIMIT }, async (req, reply) =>
    respond(req, reply, 'consent', ['decision', 'name', 'title'], () => recordConsent(deps, params(req).token, req.body ?? {})));
}
