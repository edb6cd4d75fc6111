import { overdueForwardings } from '../../modules/requests/forwarding/forwarding.queries.ts';
import type { FastifyInstance } from 'fastify';
import { isoDate } from '../../shared/clock.ts';
import { listChangeCustomers, listChanges } from '../../modules/changes/changes.queries.ts';
import { assessEngagementList, registryExporter } from '../../modules/transfers/assess-engagements.ts';
import { transferChecks } from '../../modules/transfers/operator-findings.ts';
import { listTransferRecords } from '../../modules/transfers/transfer-records.queries.ts';
import { findPendingChanges } from '../../modules/publishing/find-pending-changes.ts';
import { listMeasures, workspaceToday } from '../../modules/measures/measures.queries.ts';
import { listDpaStandings } from '../../modules/dpa/dpa.queries.ts';
import { listEngagements, listEntities, listRegions, listServices } from '../../modules/registry/registry.queries.ts';
import type { AppOptions } from '../app.ts';
import { openConsole, sendPage } from './console.ts';
import { setupChecklist } from '../../modules/workspaces/setup-checklist.ts';
import { type ChangeSummary, overviewBody } from './overview.view.ts';

/** The workspace overview (viewer). */
export function registerOverviewRoutes(app: FastifyInstance, { deps }: AppOptions) {
  app.get('/admin/w/:slug', async (req, reply) => {
    const c = await openConsole(deps, req, 'viewer');
    const id = c.workspace.id;
    const [entities, engagements, services, regions, pending] = await Promise.all([
      listEntities(deps.db, id), listEngagements(deps.db, id), listServices(deps.db, id), listRegions(deps.db, id), findPendingChanges(deps.db, id),
    ]);
    const counts = { entities: entities.length, engagements: engagements.length, services: services.length, regions: regions.length };
    const announced = await listChanges(deps.db, id, { status: 'announced' });
    const changes: ChangeSummary[] = await Promise.all(announced.map(async (change) => {
      const customers = await listChangeCustomers(deps.db, id, change.id);
      return {
        change, openObjections: customers.flatMap((x) => x.objections).filter((o) => o.status === 'open').length,
        outstandingConsents: customers.filter((x) => x.outstanding === 'consent').length,
      };
    }));
    const today = isoDate(deps.clock.now());
    // The registry's engagements are exported by the workspace's organisation (CH, GB: their own rules).
    const findings = assessEngagementList(engagements, today, registryExporter(c.workspace.processor.country));
    const transfers = { date: today, findings, checks: transferChecks(findings, await listTransferRecords(deps.db, id), today) };
    const measureList = await listMeasures(deps.db, id, await workspaceToday(deps.db, deps.clock, id));
    const measures = { total: measureList.length, overdue: measureList.filter((m) => m.isOverdue).length };
    const standings = await listDpaStandings(deps.db, id, deps.clock.now());
    const dpa = { version: standings.current?.version ?? null, customers: standings.customers.length, notAccepted: standings.customers.filter((x) => x.needsAcceptance).length };
    return sendPage(reply, c, { title: 'Overview', section: '', body: overviewBody(c, { counts, pending, changes, transfers, measures, dpa, setup: await setupChecklist(deps.db, id), overdueForwardings: await overdueForwardings(deps.db, id, deps.clock.now()) }) });
  });
}
