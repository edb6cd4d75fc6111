/**
 * The portal's changes: the list, one change, and its objection and consent forms. The change's
 * id comes from the URL but is only ever looked up together with the session's customer, so
 * another customer's change is a 404.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type ChangeResponseView, recordConsent, submitObjection, viewChangeResponse } from '../../modules/changes/respond-to-change.ts';
import { findPortalContact, listPortalChanges, listPortalObjections } from '../../modules/portal/portal.queries.ts';
import { type FieldIssue, isAppError } from '../../shared/errors.ts';
import type { AppOptions } from '../app.ts';
import { errorsByField } from '../views/forms.ts';
import { type ChangeForms, changeBody, changesBody } from './portal-changes.view.ts';
import { openPortal, type Portal, sendPortalPage, valuesOf } from './portal-session.ts';

const POST_LIMIT = { rateLimit: { max: 10, timeWindow: '1 minute' } };

export function registerPortalChangeRoutes(app: FastifyInstance, { deps }: AppOptions) {
  const base = '/portal/w/:slug/changes';
  /** The session's customer's answer key for the URL's change. */
  const keyOf = (p: Portal, req: FastifyRequest) => ({ workspaceId: p.session.workspaceId, customerId: p.session.customerId, changeId: String((req.params as { changeId: string }).changeId) });
  const contactName = async (p: Portal) => (await findPortalContact(deps.db, p.session))?.name ?? '';
  const page = async (reply: FastifyReply, p: Portal, v: ChangeResponseView, forms: ChangeForms = {}, status = 200) =>
    sendPortalPage(reply, p, { title: v.change.title, section: 'changes', body: changeBody(p, v, await contactName(p), forms), status });

  app.get(base, async (req, reply) => {
    const p = await openPortal(deps, req);
    const [changes, objections] = await Promise.all([listPortalChanges(deps.db, p.session), listPortalObjections(deps.db, p.session)]);
    return sendPortalPage(reply, p, { title: 'Changes', section: 'changes', body: changesBody(p, changes, objections) });
  });

  app.get(`${base}/:changeId`, async (req, reply) => {
    const p = await openPortal(deps, req);
    const sent = (req.query as Record<string, unknown>).sent;
    return page(reply, p, await viewChangeResponse(deps, keyOf(p, req)), { sent: sent === 'objection' || sent === 'consent' ? sent : undefined });
  });

  /** Runs an answer; its field errors (400) and a closed window (409) come back on the page. */
  const respond = async (req: FastifyRequest, reply: FastifyReply, form: 'object' | 'consent', fields: string[]) => {
    const p = await openPortal(deps, req);
    const key = keyOf(p, req);
    await viewChangeResponse(deps, key);
    try {
      await (form === 'object' ? submitObjection : recordConsent)(deps, key, req.body ?? {});
    } catch (e) {
      if (!isAppError(e) || (e.status !== 400 && e.status !== 409)) throw e;
      const v = await viewChangeResponse(deps, key);
      if (e.status === 409 || (form === 'consent' && !v.canDecide)) return page(reply, p, v, { problem: e.message }, e.status);
      const errors = errorsByField((e.data as { fields?: FieldIssue[] } | undefined)?.fields);
      return page(reply, p, v, { [form]: { values: valuesOf(req.body, fields), errors } }, 400);
    }
    return reply.redirect(`${p.base}/changes/${key.changeId}?sent=${form === 'object' ? 'objection' : 'consent'}`, 303);
  };

  app.post(`${base}/:changeId/object`, { config: POST_LIMIT }, async (req, reply) => respond(req, reply, 'object', ['name', 'reason']));
  app.post(`${base}/:changeId/consent`, { config: POST_LIMIT }, async (req, reply) => respond(req, reply, 'consent', ['decision', 'name', 'title']));
}
