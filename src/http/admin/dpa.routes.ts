import type { FastifyInstance, FastifyReply } from 'fastify';
import { findCustomer, listCustomers } from '../../modules/customers/customers.queries.ts';
import { renderDocumentPdf } from '../../modules/documents/render-document-pdf.ts';
import { buildDpaDocument } from '../../modules/dpa/build-dpa-document.ts';
import { findAcceptedDocument, findDpaVersion, listDpaAcceptances, listDpaStandings, listDpaVersions } from '../../modules/dpa/dpa.queries.ts';
import { findDpaStanding, renderDpaForCustomer } from '../../modules/dpa/dpa-for-customer.ts';
import { createDpaDraft, deleteDpaDraft, publishDpaVersion, updateDpaDraft } from '../../modules/dpa/manage-dpa-versions.ts';
import { placeholderCatalogue } from '../../modules/dpa/placeholders.ts';
import { workspaceDpaReadiness } from '../../modules/dpa/dpa-readiness.ts';
import { requestDpaAcceptance } from '../../modules/dpa/request-dpa-acceptance.ts';
import { isAppError, notFound } from '../../shared/errors.ts';
import type { AppOptions } from '../app.ts';
import { attachmentDisposition } from '../download.ts';
import type { FormErrors } from '../views/forms.ts';
import { type Console, confirmDeleteBody, formFailure, type FormValues, formValues, openConsole, param, query, sendPage } from './console.ts';
import { acceptedDocumentBody, customerDpaBody, dpaIndexBody, dpaPreviewBody, dpaVersionBody } from './dpa.view.ts';

/** DPA: versions (viewer), drafts (editor), publishing (admin), and each customer's DPA and ledger. */
export function registerDpaRoutes(app: FastifyInstance, { deps }: AppOptions) {
  const loadVersion = async (c: Console, id: string) => {
    const v = await findDpaVersion(deps.db, c.workspace.id, id);
    if (!v) throw notFound('DPA version');
    return v;
  };
  const loadCustomer = async (c: Console, id: string) => {
    const x = await findCustomer(deps.db, c.workspace.id, id);
    if (!x) throw notFound('customer');
    return x;
  };
  const versionPage = async (reply: FastifyReply, c: Console, id: string, o: { values?: FormValues; errors?: FormErrors; status?: number; saved?: boolean; problem?: string } = {}) => {
    const [version, customers, missing] = await Promise.all([loadVersion(c, id), listCustomers(deps.db, c.workspace.id), workspaceDpaReadiness(deps.db, c.workspace.id)]);
    const body = dpaVersionBody(c, { version, customers, placeholders: placeholderCatalogue().placeholders, missing, ...o });
    return sendPage(reply, c, { title: `DPA version ${version.version}`, section: 'dpa', body, status: o.status });
  };

  app.get('/admin/w/:slug/dpa', async (req, reply) => {
    const c = await openConsole(deps, req, 'viewer');
    const [versions, standings] = await Promise.all([listDpaVersions(deps.db, c.workspace.id), listDpaStandings(deps.db, c.workspace.id, deps.clock.now())]);
    return sendPage(reply, c, { title: 'DPA', section: 'dpa', body: dpaIndexBody(c, { versions, current: standings.current, standings: standings.customers, q: query(req) }) });
  });

  app.post('/admin/w/:slug/dpa/versions', async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    try {
      const draft = await createDpaDraft(deps, c.scope, {});
      return reply.redirect(`${c.base}/dpa/versions/${draft.id}`, 303);
    } catch (e) {
      if (!isAppError(e) || e.code !== 'dpa_draft_exists') throw e;
      const draft = (await listDpaVersions(deps.db, c.workspace.id)).find((v) => v.status === 'draft');
      return reply.redirect(draft ? `${c.base}/dpa/versions/${draft.id}` : `${c.base}/dpa`, 303);
    }
  });

  app.get('/admin/w/:slug/dpa/versions/:id', async (req, reply) => {
    const c = await openConsole(deps, req, 'viewer');
    return versionPage(reply, c, param(req, 'id'), { saved: query(req).saved === '1' });
  });

  app.post('/admin/w/:slug/dpa/versions/:id', async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    const id = param(req, 'id');
    const values = formValues(req);
    try {
      await updateDpaDraft(deps, c.scope, id, values);
    } catch (e) {
      if (isAppError(e) && e.code === 'dpa_version_published') return versionPage(reply, c, id, { status: 409, problem: e.message });
      return versionPage(reply, c, id, { values, ...formFailure(e, values) });
    }
    return reply.redirect(`${c.base}/dpa/versions/${id}?saved=1`, 303);
  });

  app.get('/admin/w/:slug/dpa/versions/:id/preview', async (req, reply) => {
    const c = await openConsole(deps, req, 'viewer');
    const [version, customer] = await Promise.all([loadVersion(c, param(req, 'id')), loadCustomer(c, query(req).customer ?? '')]);
    const built = await buildDpaDocument(deps.db, deps.clock, c.workspace.id, customer.id, version);
    return sendPage(reply, c, { title: `Preview of DPA version ${version.version}`, section: 'dpa', body: dpaPreviewBody(c, { version, customer, built }) });
  });

  app.post('/admin/w/:slug/dpa/versions/:id/publish', async (req, reply) => {
    const c = await openConsole(deps, req, 'admin');
    try {
      const r = await publishDpaVersion(deps, c.scope, param(req, 'id'));
      return reply.redirect(`${c.base}/dpa?published=${r.version.version}&asked=${r.customersAsked}`, 303);
    } catch (e) {
      if (!isAppError(e) || e.status !== 409) throw e;
      return versionPage(reply, c, param(req, 'id'), { status: 409, problem: e.message });
    }
  });

  app.get('/admin/w/:slug/dpa/versions/:id/delete', async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    const v = await loadVersion(c, param(req, 'id'));
    const back = `${c.base}/dpa/versions/${v.id}`;
    const error = v.status === 'published' ? 'A published version cannot be deleted: acceptances refer to it.' : undefined;
    return sendPage(reply, c, { title: 'Delete DPA draft', section: 'dpa', status: error ? 409 : 200, body: confirmDeleteBody(c, { what: 'draft', name: `Version ${v.version}`, action: `${back}/delete`, back, error }) });
  });

  app.post('/admin/w/:slug/dpa/versions/:id/delete', async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    await deleteDpaDraft(deps, c.scope, (await loadVersion(c, param(req, 'id'))).id);
    return reply.redirect(`${c.base}/dpa?deleted=1`, 303);
  });

  const customerPage = async (reply: FastifyReply, c: Console, customerId: string, o: { q?: Record<string, string>; problem?: string; status?: number } = {}) => {
    const customer = await loadCustomer(c, customerId);
    const [standing, acceptances] = await Promise.all([findDpaStanding(deps.db, c.workspace.id, customer.id), listDpaAcceptances(deps.db, c.workspace.id, customer.id)]);
    const rendered = standing.current ? await renderDpaForCustomer(deps, c.workspace.id, customer.id) : null;
    const body = customerDpaBody(c, { customer, rendered, needsAcceptance: standing.needsAcceptance, acceptances, q: o.q ?? {}, problem: o.problem });
    return sendPage(reply, c, { title: `DPA of ${customer.name}`, section: 'customers', body, status: o.status });
  };

  app.get('/admin/w/:slug/customers/:customerId/dpa/acceptances/:acceptanceId', async (req, reply) => {
    const c = await openConsole(deps, req, 'viewer');
    const customer = await loadCustomer(c, param(req, 'customerId'));
    const accepted = await findAcceptedDocument(deps.db, c.workspace.id, customer.id, param(req, 'acceptanceId'));
    if (!accepted) throw notFound('acceptance');
    return sendPage(reply, c, { title: `DPA accepted by ${customer.name}`, section: 'customers', body: acceptedDocumentBody(c, { customer, accepted }) });
  });

  app.get('/admin/w/:slug/customers/:customerId/dpa', async (req, reply) => {
    const c = await openConsole(deps, req, 'viewer');
    return customerPage(reply, c, param(req, 'customerId'), { q: query(req) });
  });

  app.get('/admin/w/:slug/customers/:customerId/dpa.pdf', async (req, reply) => {
    const c = await openConsole(deps, req, 'viewer');
    const rendered = await renderDpaForCustomer(deps, c.workspace.id, (await loadCustomer(c, param(req, 'customerId'))).id);
    return reply.type('application/pdf').header('content-disposition', attachmentDisposition(rendered.fileName))
      .header('x-content-sha256', rendered.sha256).send(await renderDocumentPdf(rendered.document));
  });

  app.post('/admin/w/:slug/customers/:customerId/dpa/requests', async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    const customerId = param(req, 'customerId');
    try {
      const r = await requestDpaAcceptance(deps, c.scope, { customerId });
      return reply.redirect(`${c.base}/customers/${customerId}/dpa?sent=${r.requests.length}`, 303);
    } catch (e) {
      if (!isAppError(e) || e.status !== 409) throw e;
      return customerPage(reply, c, customerId, { problem: e.message, status: 409 });
    }
  });
}
