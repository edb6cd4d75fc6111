/**
 * The public pages of data-subject requests (issue 12 §1): the form, the private status page
 * behind the link e-mailed to the requester with its forms (code, new code, answer, withdraw),
 * and the verification link's page. No sign-in and no session: the token in the URL is the
 * credential, so responses are never cached, indexed or sent on as a referrer. The forms carry no
 * CSRF token (no session to bind one to); posts a browser marks as cross-site are refused, and
 * each address may post a few times a minute, like the other public forms.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { answerClarification, withdrawRequest } from '../../modules/requests/request-steps.ts';
import { parseRequestInput, REQUESTS_ACTOR } from '../../modules/requests/requests.ts';
import { requesterView, requestFormFacts, verifyLinkState } from '../../modules/requests/requests.present.ts';
import { submitRequest } from '../../modules/requests/submit-request.ts';
import { resendVerification, verifyRequestCode, verifyRequestLink } from '../../modules/requests/verify-request.ts';
import { findWorkspaceBySlug, type WorkspaceView } from '../../modules/workspaces/workspaces.ts';
import { type FieldIssue, invalid, isAppError, notFound } from '../../shared/errors.ts';
import type { AppOptions } from '../app.ts';
import { errorsByField } from '../views/forms.ts';
import {
  FORM_FIELDS, renderRequestFormPage, renderStatusPage, renderUnknownLinkPage, renderVerifyPage, renderWithdrawPage, type RequestFormValues, statusPath,
  type StatusForms,
} from './privacy-request.view.ts';
import { refuseCrossSite } from './respond.routes.ts';

const HTML = 'text/html; charset=utf-8';
const POST_LIMIT = { rateLimit: { max: 10, timeWindow: '1 minute' } };
const DONE = ['sent', 'verified', 'resent', 'answered', 'withdrawn'];

const text = (v: unknown, max = 8000): string => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '').slice(0, max);
const bodyOf = (req: FastifyRequest) => (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>;
const fieldsOf = (e: unknown) => errorsByField(((isAppError(e) ? e.data : undefined) as { fields?: FieldIssue[] } | undefined)?.fields);

/**
 * The form's input for the domain: the company's name only when the person said they use a
 * company's service, which then must be named. Throws one error naming every bad field.
 */
function formInput(body: Record<string, unknown>, now: Date): Record<string, unknown> {
  const usesCompany = text(body.usesCompany) === 'yes';
  const input = { ...body, company: usesCompany ? body.company : undefined };
  const issues: FieldIssue[] = [];
  try {
    parseRequestInput(input, 'web', now);
  } catch (e) {
    if (!isAppError(e) || e.code !== 'validation_error') throw e;
    issues.push(...((e.data as { fields?: FieldIssue[] }).fields ?? []));
  }
  if (usesCompany && !text(body.company).trim()) issues.push({ field: 'company', message: 'is required when you use a company’s service' });
  if (issues.length) throw invalid(issues);
  return input;
}

export function registerPrivacyRequestRoutes(app: FastifyInstance, { deps, config }: AppOptions) {
  // After the pages' security headers: status and verification URLs hold a credential, and the form echoes personal data.
  app.addHook('onSend', (_req, reply, payload, done) => {
    reply.header('referrer-policy', 'no-referrer').header('cache-control', 'no-store').header('x-robots-tag', 'noindex');
    done(null, payload);
  });

  const workspaceOf = async (req: FastifyRequest): Promise<WorkspaceView> => {
    const w = await findWorkspaceBySlug(deps.db, (req.params as { slug: string }).slug);
    if (!w) throw notFound('workspace');
    return w;
  };
  const token = (req: FastifyRequest) => String((req.params as { token?: string }).token ?? '');
  const send = (reply: FastifyReply, body: string, status = 200) => reply.code(status).type(HTML).send(body);
  const facts = (w: WorkspaceView) => requestFormFacts(deps.db, w.id, deps.clock.now());

  /** The status page of the URL's token, or the page of an unknown link (404). */
  const showStatus = async (req: FastifyRequest, reply: FastifyReply, w: WorkspaceView, forms: StatusForms = {}, status = 200) => {
    const v = await requesterView(deps.db, w.id, token(req));
    if (!v) return send(reply, renderUnknownLinkPage(w), 404);
    return send(reply, renderStatusPage(w, token(req), v, forms), status);
  };
  const done = (reply: FastifyReply, w: WorkspaceView, req: FastifyRequest, what: string) => reply.redirect(`${statusPath(w, token(req))}?done=${what}`, 303);
  /** A POST on the status page: cross-site refused, an unknown link answered like the page. */
  const statusPost = (path: string, act: (req: FastifyRequest, reply: FastifyReply, w: WorkspaceView) => Promise<FastifyReply>) =>
    app.post(`/w/:slug/privacy-request/status/:token${path}`, { config: POST_LIMIT }, async (req, reply) => {
      refuseCrossSite(req, config.publicUrl);
      const w = await workspaceOf(req);
      try {
        return await act(req, reply, w);
      } catch (e) {
        if (isAppError(e) && e.code === 'not_found') return send(reply, renderUnknownLinkPage(w), 404);
        if (isAppError(e) && e.status === 409) return showStatus(req, reply, w, { problem: `That was not possible: ${e.message}.` }, 409);
        throw e;
      }
    });

  app.get('/w/:slug/privacy-request', async (req, reply) => {
    const w = await workspaceOf(req);
    return send(reply, renderRequestFormPage(w, await facts(w)));
  });

  app.post('/w/:slug/privacy-request', { config: POST_LIMIT }, async (req, reply) => {
    refuseCrossSite(req, config.publicUrl);
    const w = await workspaceOf(req);
    const body = bodyOf(req);
    try {
      const input = formInput(body, deps.clock.now());
      const { statusToken } = await submitRequest(deps, w.id, input, { channel: 'web', actor: REQUESTS_ACTOR });
      return reply.redirect(`${statusPath(w, statusToken)}?done=sent`, 303);
    } catch (e) {
      if (!isAppError(e) || e.code !== 'validation_error') throw e;
      const values = Object.fromEntries(FORM_FIELDS.map((f) => [f, text(body[f])])) as RequestFormValues;
      return send(reply, renderRequestFormPage(w, await facts(w), values, fieldsOf(e)), 400);
    }
  });

  app.get('/w/:slug/privacy-request/status/:token', async (req, reply) => {
    const w = await workspaceOf(req);
    const d = text((req.query as Record<string, unknown>).done, 20);
    return showStatus(req, reply, w, { done: DONE.includes(d) ? d : undefined });
  });

  statusPost('/verify', async (req, reply, w) => {
    try {
      await verifyRequestCode(deps, w.id, token(req), bodyOf(req).code);
    } catch (e) {
      const errors = fieldsOf(e);
      if (!errors.code) throw e;
      return showStatus(req, reply, w, { code: { error: errors.code } }, 400);
    }
    return done(reply, w, req, 'verified');
  });

  statusPost('/resend', async (req, reply, w) => {
    await resendVerification(deps, w.id, token(req));
    return done(reply, w, req, 'resent');
  });

  statusPost('/answer', async (req, reply, w) => {
    try {
      await answerClarification(deps, w.id, token(req), { answer: bodyOf(req).answer });
    } catch (e) {
      const errors = fieldsOf(e);
      if (!errors.answer) throw e;
      return showStatus(req, reply, w, { answer: { value: text(bodyOf(req).answer), error: errors.answer } }, 400);
    }
    return done(reply, w, req, 'answered');
  });

  // Two steps: without confirm=yes the post shows what withdrawing means and a button to confirm it.
  statusPost('/withdraw', async (req, reply, w) => {
    if (text(bodyOf(req).confirm) !== 'yes') {
      const v = await requesterView(deps.db, w.id, token(req));
      if (!v) throw notFound('request');
      if (!v.isOpen) return done(reply, w, req, 'withdrawn');
      return send(reply, renderWithdrawPage(w, token(req), v));
    }
    await withdrawRequest(deps, w.id, token(req));
    return done(reply, w, req, 'withdrawn');
  });

  // GET changes nothing (mail scanners open links): it shows a button that posts.
  app.get('/w/:slug/privacy-request/verify/:token', async (req, reply) => {
    const w = await workspaceOf(req);
    const state = await verifyLinkState(deps.db, w.id, token(req), deps.clock.now());
    if (!state) return send(reply, renderUnknownLinkPage(w), 404);
    return send(reply, renderVerifyPage(w, token(req), state), state === 'gone' ? 410 : 200);
  });

  app.post('/w/:slug/privacy-request/verify/:token', { config: POST_LIMIT }, async (req, reply) => {
    refuseCrossSite(req, config.publicUrl);
    const w = await workspaceOf(req);
    const state = await verifyLinkState(deps.db, w.id, token(req), deps.clock.now());
    if (!state) return send(reply, renderUnknownLinkPage(w), 404);
    // Only an open link confirms: a withdrawn request is not started again by an old link.
    if (state !== 'open') return send(reply, renderVerifyPage(w, token(req), state), state === 'gone' ? 410 : 200);
    try {
      await verifyRequestLink(deps, w.id, token(req));
    } catch (e) {
      if (isAppError(e) && e.code === 'verification_expired') return send(reply, renderVerifyPage(w, token(req), 'gone'), 410);
      throw e;
    }
    return send(reply, renderVerifyPage(w, token(req), 'just_confirmed'));
  });
}
