import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { findCustomer, listCustomers } from '../../modules/customers/customers.queries.ts';
import { createCustomer, deleteCustomer, updateCustomer } from '../../modules/customers/manage-customers.ts';
import { notFound } from '../../shared/errors.ts';
import type { AppOptions } from '../app.ts';
import { requireWorkspace } from '../middleware/auth.ts';
import { Customer, CustomerBody, CustomerParams, CustomerQuery, PortalInvitationBody, PortalInvitations } from './customers.schemas.ts';
import { inviteContacts } from '../../modules/portal/invite-contact.ts';
import { data, doc, ERRORS, NoContent, SlugParams } from './schemas.ts';

/** Customers (controllers) with their contract terms: viewers read, editors change. */
export function registerCustomerRoutes(app: FastifyInstance, { deps }: AppOptions) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const base = '/api/w/:slug/customers';

  r.get(base, {
    schema: { ...doc('Customers', 'List customers', 'viewer'), params: SlugParams, querystring: CustomerQuery, response: { 200: data(Type.Array(Customer)), ...ERRORS } },
  }, async (req) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'viewer');
    return { data: await listCustomers(deps.db, scope.workspaceId, req.query) };
  });

  r.post(base, {
    schema: { ...doc('Customers', 'Add a customer', 'editor'), params: SlugParams, body: CustomerBody, response: { 201: data(Customer), ...ERRORS } },
  }, async (req, reply) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'editor');
    return reply.code(201).send({ data: await createCustomer(deps, scope, req.body) });
  });

  r.get(`${base}/:customerId`, {
    schema: { ...doc('Customers', 'Get a customer', 'viewer'), params: CustomerParams, response: { 200: data(Customer), ...ERRORS } },
  }, async (req) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'viewer');
    const found = await findCustomer(deps.db, scope.workspaceId, req.params.customerId);
    if (!found) throw notFound('customer');
    return { data: found };
  });

  r.put(`${base}/:customerId`, {
    schema: { ...doc('Customers', 'Replace a customer', 'editor'), params: CustomerParams, body: CustomerBody, response: { 200: data(Customer), ...ERRORS } },
  }, async (req) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'editor');
    return { data: await updateCustomer(deps, scope, req.params.customerId, req.body) };
  });

  r.post(`${base}/:customerId/portal-invitations`, {
    schema: {
      ...doc('Customers', 'Invite contacts to the customer portal', 'editor', 'E-mails each contact a one-time sign-in link to the customer portal, valid 7 days; a contact\'s earlier unused invitation stops working.'),
      params: CustomerParams, body: PortalInvitationBody, response: { 201: data(PortalInvitations), ...ERRORS },
    },
  }, async (req, reply) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'editor');
    return reply.code(201).send({ data: await inviteContacts(deps, scope, req.params.customerId, req.body) });
  });

  r.delete(`${base}/:customerId`, {
    schema: { ...doc('Customers', 'Delete a customer', 'editor', 'Also removes its contacts, links and webhook endpoints.'), params: CustomerParams, response: { 204: NoContent, ...ERRORS } },
  }, async (req, reply) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'editor');
    await deleteCustomer(deps, scope, req.params.customerId);
    return reply.code(204).send(null);
  });
}
