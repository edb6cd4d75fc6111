import { assessForCustomer } from '../../modules/transfers/assess-engagements.ts';
import { dataMapFileName, renderDataMap } from '../../modules/transfers/render-data-map.ts';
import { viewCustomerAt } from '../../modules/customer-view/view-customer-at.ts';
import { inviteContacts } from '../../modules/portal/invite-contact.ts';
import { listContactPortalStatus } from '../../modules/portal/portal.queries.ts';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { isoDate } from '../../shared/clock.ts';
import { type CustomerView, findCustomer, listCustomers } from '../../modules/customers/customers.queries.ts';
import { createCustomer, deleteCustomer, updateCustomer } from '../../modules/customers/manage-customers.ts';
import { listRegions, listServices, type RegionView } from '../../modules/registry/registry.queries.ts';
import { type FieldIssue, isAppError, notFound } from '../../shared/errors.ts';
import type { AppOptions } from '../app.ts';
import type { FormErrors } from '../views/forms.ts';
import { type Console, confirmDeleteBody, formFailure, type FormValues, formValues, openConsole, param, query, sendPage } from './console.ts';
import { customerDetailBody, customerFormBody, customerListBody, customerValues } from './customers.view.ts';

/**
 * Errors next to the fields; a contact's problem names its line in the text area (the module
 * numbers contacts by line) and never repeats the address typed there.
 */
function customerFailure(e: unknown, values: FormValues): { status: number; errors: FormErrors } {
  const failure = formFailure(e, values);
  const issues = isAppError(e) && e.code === 'validation_error' ? ((e.data as { fields?: FieldIssue[] }).fields ?? []) : [];
  const lines = issues.flatMap((i) => {
    const m = /^contacts(?:\[(\d+)\](?:\.(\w+))?)?$/.exec(i.field);
    if (!m) return [];
    if (m[1] === undefined) return [i.message];
    return [`line ${Number(m[1]) + 1}${m[2] === 'name' ? ' (name)' : ''}: ${i.message}`];
  });
  if (lines.length) failure.errors.contacts = lines.join('; ');
  return failure;
}

/** Customers: list, detail (viewer), create, edit and delete (editor). */
export function registerCustomerRoutes(app: FastifyInstance, { deps }: AppOptions) {
  const catalogue = (c: Console) => Promise.all([listServices(deps.db, c.workspace.id), listRegions(deps.db, c.workspace.id)]);
  const formPage = async (reply: FastifyReply, c: Console, o: { id?: string; values: FormValues; errors?: FormErrors; status?: number }) => {
    const [services, regions] = await catalogue(c);
    const body = customerFormBody(c, { id: o.id, values: o.values, errors: o.errors ?? {}, services, regions });
    return sendPage(reply, c, { title: o.id ? 'Edit customer' : 'New customer', section: 'customers', body, status: o.status });
  };
  const load = async (c: Console, id: string) => {
    const customer = await findCustomer(deps.db, c.workspace.id, id);
    if (!customer) throw notFound('customer');
    return customer;
  };

  app.get('/admin/w/:slug/customers', async (req, reply) => {
    const c = await openConsole(deps, req, 'viewer');
    const q = query(req);
    const filters = { service: q.service ?? '', q: q.q ?? '' };
    const [all, shown, [services, regions]] = await Promise.all([
      listCustomers(deps.db, c.workspace.id), listCustomers(deps.db, c.workspace.id, filters), catalogue(c),
    ]);
    return sendPage(reply, c, { title: 'Customers', section: 'customers', body: customerListBody(c, { total: all.length, shown, services, regions, filters, flashQuery: q }) });
  });

  app.get('/admin/w/:slug/customers/new', async (req, reply) => formPage(reply, await openConsole(deps, req, 'editor'), { values: {} }));

  app.post('/admin/w/:slug/customers', async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    const values = formValues(req);
    let id: string;
    try {
      id = (await createCustomer(deps, c.scope, values)).id;
    } catch (e) {
      return formPage(reply, c, { values, ...customerFailure(e, values) });
    }
    return reply.redirect(`${c.base}/customers/${id}?created=1`, 303);
  });

  app.get('/admin/w/:slug/customers/:customerId', async (req, reply) => {
    const c = await openConsole(deps, req, 'viewer');
    const [customer, [services, regions]] = await Promise.all([load(c, param(req, 'customerId')), catalogue(c)]);
    const [map, portal, view] = await Promise.all([dataMapOf(c, customer, regions), listContactPortalStatus(deps.db, c.workspace.id, customer.id), viewCustomerAt(deps.db, c.workspace.id, customer.id, deps.clock.now())]);
    return sendPage(reply, c, { title: customer.name, section: 'customers', body: customerDetailBody(c, { customer, services, regions, flashQuery: query(req), transfers: map, portal, view }) });
  });

  // Invitations to the customer portal: one contact (contactIds) or, without it, all of them.
  app.post('/admin/w/:slug/customers/:customerId/portal-invitations', async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    const result = await inviteContacts(deps, c.scope, param(req, 'customerId'), { contactIds: formValues(req).contactIds });
    return reply.redirect(`${c.base}/customers/${param(req, 'customerId')}?invited=${result.invited.length}`, 303);
  });

  /** The customer's transfer findings as of today and its data map (CU5, CU6). */
  const dataMapOf = async (c: Console, customer: CustomerView, regions: RegionView[]) => {
    const date = isoDate(deps.clock.now());
    const findings = await assessForCustomer(deps.db, c.workspace.id, customer, date);
    const own = regions.filter((r) => customer.regions.includes(r.slug)).map((r) => ({ slug: r.slug, name: r.name }));
    return { date, findings, svg: renderDataMap({ customerName: customer.name, date, regions: own, findings }) };
  };

  app.get('/admin/w/:slug/customers/:customerId/data-map.svg', async (req, reply) => {
    const c = await openConsole(deps, req, 'viewer');
    const [customer, [, regions]] = await Promise.all([load(c, param(req, 'customerId')), catalogue(c)]);
    const { svg, date } = await dataMapOf(c, customer, regions);
    return reply.type('image/svg+xml; charset=utf-8').header('content-disposition', `attachment; filename="${dataMapFileName(customer.name, date)}"`).send(svg);
  });

  app.get('/admin/w/:slug/customers/:customerId/edit', async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    const customer = await load(c, param(req, 'customerId'));
    return formPage(reply, c, { id: customer.id, values: customerValues(customer) });
  });

  app.post('/admin/w/:slug/customers/:customerId', async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    const id = param(req, 'customerId');
    const values = formValues(req);
    try {
      await updateCustomer(deps, c.scope, id, values);
    } catch (e) {
      return formPage(reply, c, { id, values, ...customerFailure(e, values) });
    }
    return reply.redirect(`${c.base}/customers/${id}?saved=1`, 303);
  });

  app.get('/admin/w/:slug/customers/:customerId/delete', async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    const customer = await load(c, param(req, 'customerId'));
    return sendPage(reply, c, {
      title: 'Delete customer', section: 'customers',
      body: confirmDeleteBody(c, {
        what: 'customer', name: customer.name, action: `${c.base}/customers/${customer.id}/delete`, back: `${c.base}/customers/${customer.id}`,
        consequence: `Its ${customer.contacts.length} contact(s) and webhook endpoints are deleted with it, and it stops receiving notices of changes.`,
      }),
    });
  });

  app.post('/admin/w/:slug/customers/:customerId/delete', async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    await deleteCustomer(deps, c.scope, (await load(c, param(req, 'customerId'))).id);
    return reply.redirect(`${c.base}/customers?deleted=1`, 303);
  });
}
