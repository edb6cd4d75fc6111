/**
 * The portal's DPA: the current version rendered for the session's customer, its PDF, and the
 * accept form (the ledger entry records method `portal` and the signed-in contact).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { findDpaStanding, renderDpaForCustomer } from '../../modules/dpa/dpa-for-customer.ts';
import { findAcceptedDocument } from '../../modules/dpa/dpa.queries.ts';
import { renderDocumentPdf } from '../../modules/documents/render-document-pdf.ts';
import { acceptDpaInPortal } from '../../modules/portal/accept-dpa-in-portal.ts';
import { findPortalContact, listPortalAcceptances } from '../../modules/portal/portal.queries.ts';
import { type FieldIssue, isAppError, notFound } from '../../shared/errors.ts';
import type { AppOptions } from '../app.ts';
import { attachmentDisposition } from '../download.ts';
import { errorsByField, type FormErrors } from '../views/forms.ts';
import { acceptedDocumentBody, dpaBody } from './portal-dpa.view.ts';
import { openPortal, type Portal, sendPortalPage, valuesOf } from './portal-session.ts';

export function registerPortalDpaRoutes(app: FastifyInstance, { deps }: AppOptions) {
  const base = '/portal/w/:slug';
  const page = async (reply: FastifyReply, p: Portal, o: { values?: Record<string, string>; errors?: FormErrors; accepted?: boolean; problem?: string; status?: number } = {}) => {
    const standing = await findDpaStanding(deps.db, p.workspace.id, p.customer.id);
    const rendered = standing.current ? await renderDpaForCustomer(deps, p.workspace.id, p.customer.id) : null;
    const contact = await findPortalContact(deps.db, p.session);
    const values = o.values ?? { name: contact?.name ?? '', email: contact?.email ?? '', title: '' };
    const acceptances = await listPortalAcceptances(deps.db, p.session);
    return sendPortalPage(reply, p, { title: 'Data processing agreement', section: 'dpa', status: o.status, body: dpaBody(p, { standing, rendered, acceptances, values, errors: o.errors, accepted: o.accepted, problem: o.problem }) });
  };

  app.get(`${base}/dpa`, async (req, reply) => {
    const p = await openPortal(deps, req);
    return page(reply, p, { accepted: (req.query as Record<string, unknown>).accepted === '1' });
  });

  app.get(`${base}/dpa/acceptances/:acceptanceId`, async (req, reply) => {
    const p = await openPortal(deps, req);
    const accepted = await findAcceptedDocument(deps.db, p.workspace.id, p.customer.id, (req.params as { acceptanceId: string }).acceptanceId);
    if (!accepted) throw notFound('acceptance');
    return sendPortalPage(reply, p, { title: 'The agreement as accepted', section: 'dpa', body: acceptedDocumentBody(p, accepted) });
  });

  app.get(`${base}/dpa.pdf`, async (req, reply) => {
    const p = await openPortal(deps, req);
    const standing = await findDpaStanding(deps.db, p.workspace.id, p.customer.id);
    if (!standing.current) throw notFound('published DPA');
    const rendered = await renderDpaForCustomer(deps, p.workspace.id, p.customer.id);
    const pdf = await renderDocumentPdf(rendered.document);
    return reply.type('application/pdf').header('content-disposition', attachmentDisposition(rendered.fileName)).send(pdf);
  });

  app.post(`${base}/dpa/accept`, { config: { rateLimit: { max: 10, timeWindow: '1 minute' } } }, async (req, reply) => {
    const p = await openPortal(deps, req);
    try {
      await acceptDpaInPortal(deps, p.session, req.body ?? {});
    } catch (e) {
      if (!isAppError(e) || (e.status !== 400 && e.status !== 409)) throw e;
      const values = valuesOf(req.body, ['name', 'title', 'email', 'authority']);
      if (e.status === 409) return page(reply, p, { values, problem: `${e.message}. Read the current version below and accept again.`, status: 409 });
      return page(reply, p, { values, errors: errorsByField((e.data as { fields?: FieldIssue[] } | undefined)?.fields), status: 400 });
    }
    return reply.redirect(`${p.base}/dpa?accepted=1`, 303);
  });
}
