import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { renderDocumentPdf } from '../../modules/documents/render-document-pdf.ts';
import { findAcceptedDocument, findDpaVersion, listDpaAcceptances, listDpaStandings, listDpaVersions } from '../../modules/dpa/dpa.queries.ts';
import { renderDpaForCustomer } from '../../modules/dpa/dpa-for-customer.ts';
import { createDpaDraft, deleteDpaDraft, publishDpaVersion, updateDpaDraft } from '../../modules/dpa/manage-dpa-versions.ts';
import { placeholderCatalogue } from '../../modules/dpa/placeholders.ts';
import { requestDpaAcceptance } from '../../modules/dpa/request-dpa-acceptance.ts';
import { findCustomer } from '../../modules/customers/customers.queries.ts';
import { invalid, notFound } from '../../shared/errors.ts';
import type { AppOptions } from '../app.ts';
import { attachmentDisposition } from '../download.ts';
import { requireWorkspace } from '../middleware/auth.ts';
import {
  Acceptance, AcceptanceParams, AcceptanceRequestResult, AcceptedDocumentBody, CustomerDpaParams, DpaDocumentResponse, DpaFormatQuery, DpaVersion, DpaVersionBody, DpaVersionParams, NoFields, Placeholder,
  PublishResult, Standings,
} from './dpa.schemas.ts';
import { data, doc, ERRORS, NoContent, SlugParams } from './schemas.ts';

/** DPA versions (editors draft, admins publish), each customer's DPA and its acceptance ledger (CU2). */
export function registerDpaRoutes(app: FastifyInstance, { deps }: AppOptions) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const base = '/api/w/:slug/dpa';

  r.get(`${base}/versions`, { schema: { ...doc('DPA', 'List DPA versions, newest first', 'viewer'), params: SlugParams, response: { 200: data(Type.Array(DpaVersion)), ...ERRORS } } }, async (req) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'viewer');
    return { data: await listDpaVersions(deps.db, scope.workspaceId) };
  });

  r.post(`${base}/versions`, {
    schema: { ...doc('DPA', 'Start the next version as a draft', 'editor', 'Without a body, copies the latest published version. 409 dpa_draft_exists while a draft is open. The version\'s warnings name the Art 28(3) terms its body does not cover.'), params: SlugParams, body: DpaVersionBody, response: { 201: data(DpaVersion), ...ERRORS } },
  }, async (req, reply) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'editor');
    return reply.code(201).send({ data: await createDpaDraft(deps, scope, req.body) });
  });

  r.get(`${base}/versions/:id`, { schema: { ...doc('DPA', 'Get a DPA version', 'viewer'), params: DpaVersionParams, response: { 200: data(DpaVersion), ...ERRORS } } }, async (req) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'viewer');
    const found = await findDpaVersion(deps.db, scope.workspaceId, req.params.id);
    if (!found) throw notFound('DPA version');
    return { data: found };
  });

  r.put(`${base}/versions/:id`, {
    schema: { ...doc('DPA', 'Replace a draft', 'editor', '409 dpa_version_published for a published version.'), params: DpaVersionParams, body: DpaVersionBody, response: { 200: data(DpaVersion), ...ERRORS } },
  }, async (req) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'editor');
    return { data: await updateDpaDraft(deps, scope, req.params.id, req.body) };
  });

  r.delete(`${base}/versions/:id`, {
    schema: { ...doc('DPA', 'Discard a draft', 'editor', '409 dpa_version_published for a published version.'), params: DpaVersionParams, response: { 204: NoContent, ...ERRORS } },
  }, async (req, reply) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'editor');
    await deleteDpaDraft(deps, scope, req.params.id);
    return reply.code(204).send(null);
  });

  r.post(`${base}/versions/:id/publish`, {
    schema: { ...doc('DPA', 'Publish a draft', 'admin', 'The version becomes immutable; customers that accepted an older version are e-mailed a link to accept this one. 409 dpa_particulars_missing (nothing changes) while the processor\'s legal name, address, contact person, contact e-mail or signatory is empty, or no processing activity (Annex II) or measure (Annex III) is recorded; the message names each, data.missing lists them. Art 28(3) terms the body misses come back as warnings.'), params: DpaVersionParams, body: NoFields, response: { 200: data(PublishResult), ...ERRORS } },
  }, async (req) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'admin');
    return { data: await publishDpaVersion(deps, scope, req.params.id) };
  });

  r.get(`${base}/placeholders`, { schema: { ...doc('DPA', 'List the placeholders a template may use', 'viewer'), params: SlugParams, response: { 200: data(Type.Array(Placeholder)), ...ERRORS } } }, async (req) => {
    await requireWorkspace(deps, req, req.params.slug, 'viewer');
    return { data: placeholderCatalogue().placeholders };
  });

  r.get(`${base}/standings`, { schema: { ...doc('DPA', 'Where every customer stands with the current version', 'viewer'), params: SlugParams, response: { 200: data(Standings), ...ERRORS } } }, async (req) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'viewer');
    const s = await listDpaStandings(deps.db, scope.workspaceId, deps.clock.now());
    return { data: { current: s.current ? { id: s.current.id, version: s.current.version, title: s.current.title } : null, customers: s.customers } };
  });

  const customerBase = '/api/w/:slug/customers/:customerId/dpa';

  r.get(customerBase, {
    schema: { ...doc('DPA', "Get a customer's DPA as JSON, HTML or PDF", 'viewer'), params: CustomerDpaParams, querystring: DpaFormatQuery, response: { 200: DpaDocumentResponse, ...ERRORS } },
  }, async (req, reply) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'viewer');
    const format = req.query.format ?? 'json';
    if (!['json', 'html', 'pdf'].includes(format)) throw invalid('format', 'must be one of json, html, pdf');
    const rendered = await renderDpaForCustomer(deps, scope.workspaceId, req.params.customerId, { versionId: req.query.versionId });
    reply.header('x-content-sha256', rendered.sha256);
    if (format === 'html') return reply.type('text/html; charset=utf-8').send(rendered.html);
    if (format === 'pdf') {
      return reply.type('application/pdf').header('content-disposition', attachmentDisposition(rendered.fileName)).send(await renderDocumentPdf(rendered.document));
    }
    return reply.type('application/json; charset=utf-8').send({ data: rendered });
  });

  r.get(`${customerBase}/acceptances`, {
    schema: { ...doc('DPA', "A customer's acceptance ledger, newest first", 'viewer'), params: CustomerDpaParams, response: { 200: data(Type.Array(Acceptance)), ...ERRORS } },
  }, async (req) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'viewer');
    if (!(await findCustomer(deps.db, scope.workspaceId, req.params.customerId))) throw notFound('customer');
    return { data: await listDpaAcceptances(deps.db, scope.workspaceId, req.params.customerId) };
  });

  r.get(`${customerBase}/acceptances/:acceptanceId`, {
    schema: {
      ...doc('DPA', 'One acceptance with the exact document accepted', 'viewer', 'isIntact: the stored document still hashes to the ledger\'s SHA-256 (null when the acceptance predates stored documents).'),
      params: AcceptanceParams, response: { 200: data(AcceptedDocumentBody), ...ERRORS },
    },
  }, async (req) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'viewer');
    const found = await findAcceptedDocument(deps.db, scope.workspaceId, req.params.customerId, req.params.acceptanceId);
    if (!found) throw notFound('acceptance');
    return { data: { acceptance: found.acceptance, html: found.html, isIntact: found.isIntact } };
  });

  r.post(`${customerBase}/acceptance-requests`, {
    schema: { ...doc('DPA', "E-mail the customer's contacts a link to accept the current version", 'editor', 'One signed link per contact, valid 30 days. 409 dpa_not_published, dpa_particulars_missing (as for publishing, with the activities of the services the customer uses), customer_has_no_contacts.'), params: CustomerDpaParams, body: NoFields, response: { 201: data(AcceptanceRequestResult), ...ERRORS } },
  }, async (req, reply) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'editor');
    return reply.code(201).send({ data: await requestDpaAcceptance(deps, scope, { customerId: req.params.customerId }) });
  });
}
