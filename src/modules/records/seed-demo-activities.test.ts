import assert from 'node:assert/strict';
import { it } from 'node:test';
import { forEachDialect } from '../../../test/dialects.ts';
import { listCustomers } from '../customers/customers.queries.ts';
import { loadDemoWorkspaces } from '../demo/load-demo-workspaces.ts';
import { listServices } from '../registry/registry.queries.ts';
import { findWorkspaceBySlug } from '../workspaces/workspaces.ts';
import { buildControllerRecord } from './controller-record.ts';
import { buildProcessorRecord } from './processor-record.ts';
import { listActivities } from './records.queries.ts';

forEachDialect('demo processing activities', (ctx) => {
  it("gives Scalingo the DPA's hosting activity and its customer-account activity, and the others one hosting activity per service", async () => {
    const { deps } = ctx.db;
    await loadDemoWorkspaces(deps, { ownerUserId: null });
    const scalingo = (await findWorkspaceBySlug(deps.db, 'scalingo'))!;
    const activities = await listActivities(deps.db, scalingo.id);
    assert.deepEqual(activities.map((a) => [a.role, a.name, a.legalBasis]), [
      ['controller', 'Customer accounts and billing', 'contract'], ['processor', 'Hosting of Services Data', null],
    ]);
    const hosting = activities[1];
    assert.ok(hosting.dataSubjects.includes('Customer’s representatives'));
    assert.match(hosting.retention ?? '', /DPA §14/);
    const [customer] = await listCustomers(deps.db, scalingo.id);
    const record = await buildProcessorRecord(deps.db, scalingo.id, customer.id, '2026-06-01');
    assert.deepEqual(record?.activities.map((a) => a.name), ['Hosting of Services Data']);
    assert.ok((record?.transfers.length ?? 0) > 0, 'the DPA names sub-processors');
    assert.deepEqual((await buildControllerRecord(deps.db, scalingo.id, '2026-06-01')).activities.map((a) => a.name), ['Customer accounts and billing']);

    for (const slug of ['influxdata', 'cloudblue']) {
      const ws = (await findWorkspaceBySlug(deps.db, slug))!;
      const services = (await listServices(deps.db, ws.id)).map((s) => s.slug);
      const list = await listActivities(deps.db, ws.id, 'processor');
      assert.deepEqual(list.map((a) => a.services), services.map((s) => [s]), slug);
    }
  });
});
