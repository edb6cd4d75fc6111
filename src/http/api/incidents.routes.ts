import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { draftFor, notifyCustomer, recordFiling } from '../../modules/incidents/file-notice.ts';
import { classifyIncident, decideObligation, setBreachNoticeHours, setIncidentScope } from '../../modules/incidents/incident-decisions.ts';
import { clockText, presentFiling, presentIncident, presentIncidentEvent, presentObligation } from '../../modules/incidents/incidents.ts';
import { getIncident, listFilings, listIncidentEvents, listIncidents, listIncidentScope, listObligations } from '../../modules/incidents/incidents.queries.ts';
import { addIncidentNote, recordIncident, updateIncident } from '../../modules/incidents/manage-incidents.ts';
import type { Db } from '../../db/schema.ts';
import type { Deps } from '../../shared/deps.ts';
import { notFound } from '../../shared/errors.ts';
import type { AppOptions } from '../app.ts';
import { requireWorkspace } from '../middleware/auth.ts';
import {
  BreachHoursBody, ClassifyBody, CustomerParams, DecisionBody, Draft, DraftQuery, Filing, FilingBody, Incident, IncidentBody, IncidentDetail, IncidentParams, NoteBody, NotifyBody, Obligation, ObligationParams, ScopeBody, TimelineEntry,
} from './incidents.schemas.ts';
import { data, doc, ERRORS, NoContent, SlugParams } from './schemas.ts';

async function obligationsOf(deps: Deps, workspaceId: string, incidentId: string) {
  const now = deps.clock.now();
  return (await listObligations(deps.db, workspaceId, incidentId)).map((o) => ({ ...presentObligation(o, now, o.customer_name), clock: clockText(o, now) }));
}

async function detail(deps: Deps, workspaceId: string, id: string) {
  const incident = await getIncident(deps.db, workspaceId, id);
  const [scope, obligations, filings, events] = await Promise.all([
    listIncidentScope(deps.db, workspaceId, id), obligationsOf(deps, workspaceId, id), listFilings(deps.db, workspaceId, id), listIncidentEvents(deps.db, workspaceId, id),
  ]);
  return {
    incident: presentIncident(incident), scope: scope.map((s) => ({ kind: s.kind, id: s.ref_id })), obligations,
    filings: filings.map(presentFiling), timeline: events.map(presentIncidentEvent),
  };
}

/** The obligation of this incident (an id of another incident is not found). */
async function ownObligation(db: Db, workspaceId: string, incidentId: string, obligationId: string): Promise<string> {
  const row = await db.selectFrom('incident_obligations').select('id').where('workspace_id', '=', workspaceId).where('incident_id', '=', incidentId).where('id', '=', obligationId).executeTakeFirst();
  if (!row) throw notFound('obligation');
  return row.id;
}

/** Incidents and personal-data breaches (IN1): viewers read the register and its clocks, editors record, decide and notify. */
export function registerIncidentApiRoutes(app: FastifyInstance, { deps }: AppOptions) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const base = '/api/w/:slug/incidents';

  r.get(base, { schema: { ...doc('Incidents', 'List incidents', 'viewer', 'The Art 33(5) register, most recent awareness first.'), params: SlugParams, response: { 200: data(Type.Array(Incident)), ...ERRORS } } }, async (req) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'viewer');
    return { data: (await listIncidents(deps.db, scope.workspaceId)).map(presentIncident) };
  });

  r.post(base, { schema: { ...doc('Incidents', 'Record an incident', 'editor'), params: SlugParams, body: IncidentBody, response: { 201: data(Incident), ...ERRORS } } }, async (req, reply) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'editor');
    return reply.code(201).send({ data: presentIncident(await recordIncident(deps, scope, req.body)) });
  });

  r.get(`${base}/:id`, { schema: { ...doc('Incidents', 'Get an incident', 'viewer', 'With its scope, obligations (clocks), filings and timeline.'), params: IncidentParams, response: { 200: data(IncidentDetail), ...ERRORS } } }, async (req) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'viewer');
    return { data: await detail(deps, scope.workspaceId, req.params.id) };
  });

  r.patch(`${base}/:id`, { schema: { ...doc('Incidents', 'Update an incident as facts arrive', 'editor'), params: IncidentParams, body: IncidentBody, response: { 200: data(Incident), ...ERRORS } } }, async (req) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'editor');
    return { data: presentIncident(await updateIncident(deps, scope, req.params.id, req.body)) };
  });

  r.post(`${base}/:id/classification`, { schema: { ...doc('Incidents', 'Decide breach or not, with the reason', 'editor'), params: IncidentParams, body: ClassifyBody, response: { 200: data(Incident), ...ERRORS } } }, async (req) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'editor');
    return { data: presentIncident(await classifyIncident(deps, scope, req.params.id, req.body)) };
  });

  r.put(`${base}/:id/scope`, { schema: { ...doc('Incidents', 'Set the scope on the data map', 'editor'), params: IncidentParams, body: ScopeBody, response: { 200: data(Type.Array(Obligation)), ...ERRORS } } }, async (req) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'editor');
    await setIncidentScope(deps, scope, req.params.id, req.body);
    return { data: await obligationsOf(deps, scope.workspaceId, req.params.id) };
  });

  r.post(`${base}/:id/notes`, { schema: { ...doc('Incidents', 'Add to the timeline', 'editor'), params: IncidentParams, body: NoteBody, response: { 201: data(TimelineEntry), ...ERRORS } } }, async (req, reply) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'editor');
    return reply.code(201).send({ data: presentIncidentEvent(await addIncidentNote(deps, scope, req.params.id, req.body)) });
  });

  r.get(`${base}/:id/obligations`, { schema: { ...doc('Incidents', "List an incident's obligations", 'viewer', 'One per regime and recipient, by due instant.'), params: IncidentParams, response: { 200: data(Type.Array(Obligation)), ...ERRORS } } }, async (req) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'viewer');
    await getIncident(deps.db, scope.workspaceId, req.params.id);
    return { data: await obligationsOf(deps, scope.workspaceId, req.params.id) };
  });

  r.post(`${base}/:id/obligations/:obligationId/decision`, { schema: { ...doc('Incidents', 'Decide whether an obligation applies', 'editor'), params: ObligationParams, body: DecisionBody, response: { 200: data(Type.Array(Obligation)), ...ERRORS } } }, async (req) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'editor');
    await decideObligation(deps, scope, await ownObligation(deps.db, scope.workspaceId, req.params.id, req.params.obligationId), req.body);
    return { data: await obligationsOf(deps, scope.workspaceId, req.params.id) };
  });

  r.get(`${base}/:id/obligations/:obligationId/draft`, { schema: { ...doc('Incidents', 'Draft the notice (Art 33(3) content)', 'viewer'), params: ObligationParams, querystring: DraftQuery, response: { 200: data(Draft), ...ERRORS } } }, async (req) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'viewer');
    const draft = await draftFor(deps, scope, await ownObligation(deps.db, scope.workspaceId, req.params.id, req.params.obligationId), (req.query.phase as 'initial' | 'update' | 'final' | undefined) ?? 'initial');
    return { data: draft };
  });

  r.post(`${base}/:id/obligations/:obligationId/notify`, { schema: { ...doc('Incidents', 'Send the notice to the customer', 'editor', 'E-mail to its contacts and the signed incident.notified webhook, each recorded as a filing.'), params: ObligationParams, body: NotifyBody, response: { 201: data(Type.Array(Filing)), ...ERRORS } } }, async (req, reply) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'editor');
    const filings = await notifyCustomer(deps, scope, await ownObligation(deps.db, scope.workspaceId, req.params.id, req.params.obligationId), req.body);
    return reply.code(201).send({ data: filings.map(presentFiling) });
  });

  r.post(`${base}/:id/obligations/:obligationId/filings`, { schema: { ...doc('Incidents', 'Record a notice sent outside Trustroom', 'editor'), params: ObligationParams, body: FilingBody, response: { 201: data(Filing), ...ERRORS } } }, async (req, reply) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'editor');
    const filing = await recordFiling(deps, scope, await ownObligation(deps.db, scope.workspaceId, req.params.id, req.params.obligationId), req.body);
    return reply.code(201).send({ data: presentFiling(filing) });
  });

  r.put('/api/w/:slug/customers/:customerId/breach-notice-hours', {
    schema: { ...doc('Incidents', "Set the hours a customer's contract gives to be told of a breach", 'editor', 'Art 33(2) obligations to this customer then fall due that many real hours after awareness; null: without undue delay. Open clocks follow.'), params: CustomerParams, body: BreachHoursBody, response: { 204: NoContent, ...ERRORS } },
  }, async (req, reply) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'editor');
    await setBreachNoticeHours(deps, scope, req.params.customerId, req.body);
    return reply.code(204).send(null);
  });
}
