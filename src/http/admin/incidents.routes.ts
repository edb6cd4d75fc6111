import type { FastifyInstance, FastifyReply } from 'fastify';
import { draftFor, notifyCustomer, recordFiling } from '../../modules/incidents/file-notice.ts';
import { classifyIncident, decideObligation, setIncidentScope } from '../../modules/incidents/incident-decisions.ts';
import { getIncident, listFilings, listIncidentEvents, listIncidents, listIncidentScope, listObligations } from '../../modules/incidents/incidents.queries.ts';
import { addIncidentNote, recordIncident, updateIncident } from '../../modules/incidents/manage-incidents.ts';
import { listEntities, listRegions, listServices } from '../../modules/registry/registry.queries.ts';
import type { NoticeDraft } from '../../modules/incidents/draft-notice.ts';
import type { AppOptions } from '../app.ts';
import type { FormErrors } from '../views/forms.ts';
import { type Console, formFailure, type FormValues, formValues, openConsole, param, query, sendPage } from './console.ts';
import { incidentDetailBody, incidentFormBody, incidentListBody, incidentValues } from './incidents.view.ts';

/**
 * Incidents and breaches (IN1) in the console: the register with clocks counting down in words
 * (viewer); recording, classifying, scoping, deciding, sending and recording notices (editor).
 */
export function registerIncidentRoutes(app: FastifyInstance, { deps }: AppOptions) {
  const base = '/admin/w/:slug/incidents';
  const formPage = (reply: FastifyReply, c: Console, o: { id?: string; values: FormValues; errors?: FormErrors; status?: number }) =>
    sendPage(reply, c, { title: o.id ? 'Update the incident' : 'Record an incident', section: 'incidents', status: o.status, body: incidentFormBody(c, { id: o.id, values: o.values, errors: o.errors ?? {} }) });
  const detailPage = async (reply: FastifyReply, c: Console, id: string, o: { q?: Record<string, string>; errors?: FormErrors; status?: number } = {}) => {
    const incident = await getIncident(deps.db, c.workspace.id, id);
    const [obligations, filings, events, scope, entities, regions, services] = await Promise.all([
      listObligations(deps.db, c.workspace.id, id), listFilings(deps.db, c.workspace.id, id), listIncidentEvents(deps.db, c.workspace.id, id),
      listIncidentScope(deps.db, c.workspace.id, id), listEntities(deps.db, c.workspace.id), listRegions(deps.db, c.workspace.id), listServices(deps.db, c.workspace.id),
    ]);
    const drafts = new Map<string, NoticeDraft>();
    for (const ob of obligations) {
      if (ob.state === 'void' || ob.decision === 'does_not_apply') continue;
      const filed = filings.some((f) => f.obligation_id === ob.id);
      drafts.set(ob.id, await draftFor(deps, c.scope, ob.id, filed ? 'update' : 'initial'));
    }
    const options = {
      entities: entities.map((e): [string, string] => [e.id, e.name]), engagements: [],
      regions: regions.map((r): [string, string] => [r.id, r.name]), services: services.map((s): [string, string] => [s.id, s.name]),
    };
    return sendPage(reply, c, {
      title: incident.title, section: 'incidents', status: o.status,
      body: incidentDetailBody(c, { incident, obligations, drafts, filings, events, scope, options, now: deps.clock.now(), q: o.q ?? {}, errors: o.errors }),
    });
  };
  /** Runs a form's use-case; on bad input the incident page again with the errors, else back to it with a notice. */
  const act = async (reply: FastifyReply, c: Console, id: string, values: FormValues, fn: () => Promise<unknown>, done: string) => {
    try {
      await fn();
    } catch (e) {
      return detailPage(reply, c, id, formFailure(e, values));
    }
    return reply.redirect(`${c.base}/incidents/${id}?${done}=1`, 303);
  };

  app.get(base, async (req, reply) => {
    const c = await openConsole(deps, req, 'viewer');
    const incidents = await listIncidents(deps.db, c.workspace.id);
    const items = await Promise.all(incidents.map(async (incident) => ({ incident, obligations: await listObligations(deps.db, c.workspace.id, incident.id) })));
    return sendPage(reply, c, { title: 'Incidents', section: 'incidents', body: incidentListBody(c, { items, now: deps.clock.now(), flashQuery: query(req) }) });
  });

  app.get(`${base}/new`, async (req, reply) => formPage(reply, await openConsole(deps, req, 'editor'), { values: {} }));

  app.post(base, async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    const values = formValues(req);
    try {
      const created = await recordIncident(deps, c.scope, values);
      return reply.redirect(`${c.base}/incidents/${created.id}?created=1`, 303);
    } catch (e) {
      return formPage(reply, c, { values, ...formFailure(e, values) });
    }
  });

  app.get(`${base}/:incidentId`, async (req, reply) => detailPage(reply, await openConsole(deps, req, 'viewer'), param(req, 'incidentId'), { q: query(req) }));

  app.get(`${base}/:incidentId/edit`, async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    const incident = await getIncident(deps.db, c.workspace.id, param(req, 'incidentId'));
    return formPage(reply, c, { id: incident.id, values: incidentValues(incident) });
  });

  app.post(`${base}/:incidentId`, async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    const id = param(req, 'incidentId');
    const values = formValues(req);
    // An unticked checkbox sends nothing: the form always means "not our own data" then.
    try {
      await updateIncident(deps, c.scope, id, { ...values, controllerData: values.controllerData ?? 'false' });
    } catch (e) {
      return formPage(reply, c, { id, values, ...formFailure(e, values) });
    }
    return reply.redirect(`${c.base}/incidents/${id}?saved=1`, 303);
  });

  app.post(`${base}/:incidentId/classify`, async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    const id = param(req, 'incidentId');
    const values = formValues(req);
    return act(reply, c, id, values, () => classifyIncident(deps, c.scope, id, values), 'saved');
  });

  app.post(`${base}/:incidentId/scope`, async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    const id = param(req, 'incidentId');
    const values = formValues(req);
    return act(reply, c, id, values, () => setIncidentScope(deps, c.scope, id, values), 'saved');
  });

  app.post(`${base}/:incidentId/notes`, async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    const id = param(req, 'incidentId');
    const values = formValues(req);
    return act(reply, c, id, values, () => addIncidentNote(deps, c.scope, id, values), 'saved');
  });

  const obligationOf = async (c: Console, incidentId: string, obligationId: string) => {
    const obligations = await listObligations(deps.db, c.workspace.id, incidentId);
    return obligations.find((o) => o.id === obligationId)?.id ?? '';
  };

  app.post(`${base}/:incidentId/obligations/:obligationId/decide`, async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    const id = param(req, 'incidentId');
    const values = formValues(req);
    const oid = await obligationOf(c, id, param(req, 'obligationId'));
    return act(reply, c, id, values, () => decideObligation(deps, c.scope, oid, values), 'decided');
  });

  app.post(`${base}/:incidentId/obligations/:obligationId/notify`, async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    const id = param(req, 'incidentId');
    const oid = await obligationOf(c, id, param(req, 'obligationId'));
    return act(reply, c, id, {}, () => notifyCustomer(deps, c.scope, oid, {}), 'sent');
  });

  app.post(`${base}/:incidentId/obligations/:obligationId/filings`, async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    const id = param(req, 'incidentId');
    const values = formValues(req);
    const oid = await obligationOf(c, id, param(req, 'obligationId'));
    return act(reply, c, id, values, () => recordFiling(deps, c.scope, oid, values), 'filed');
  });
}
