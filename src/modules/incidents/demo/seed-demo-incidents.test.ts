import assert from 'node:assert/strict';
import { it } from 'node:test';
import { forEachDialect } from '../../../../test/dialects.ts';
import { buildCustomer, buildWorkspace } from '../../../../test/factories.ts';
import { createRegion } from '../../registry/manage-regions.ts';
import { listFilings, listIncidents, listObligations } from '../incidents.queries.ts';
import { seedDemoIncidents } from './seed-demo-incidents.ts';

forEachDialect('demo incidents', (ctx) => {
  it("gives Scalingo a breach at its region's provider: the customers on that region found from the data map and told, and the authority's 72-hour clock for its own accounts", async () => {
    const { deps } = ctx.db;
    const { workspace, scope } = await buildWorkspace(deps, { slug: `scalingo-${Date.now().toString(36)}` });
    await createRegion(deps, scope, { slug: 'osc-fr1', name: 'osc-fr1', provider: 'Outscale' });
    await createRegion(deps, scope, { slug: 'osc-secnum-fr1', name: 'osc-secnum-fr1', provider: 'Outscale' });
    await buildCustomer(deps, scope, { name: 'On fr1 SAS', regions: ['osc-fr1'] });
    await buildCustomer(deps, scope, { name: 'On SecNumCloud SA', regions: ['osc-secnum-fr1'] });
    await seedDemoIncidents(deps, scope, 'scalingo');
    const [incident] = await listIncidents(deps.db, workspace.id);
    assert.ok(incident);
    const obligations = await listObligations(deps.db, workspace.id, incident.id);
    const authority = obligations.find((o) => o.recipient === 'authority')!;
    assert.equal(new Date(authority.due_at!).getTime() - new Date(incident.aware_at).getTime(), 72 * 3_600_000);
    assert.deepEqual(obligations.filter((o) => o.customer_id).map((o) => [o.customer_name, o.state]), [['On fr1 SAS', 'filed']], 'the customer on the other region is not affected');
    assert.deepEqual((await listFilings(deps.db, workspace.id, incident.id)).map((f) => f.channel), ['email']);

    const other = await buildWorkspace(deps);
    await seedDemoIncidents(deps, other.scope, 'influxdata');
    assert.deepEqual(await listIncidents(deps.db, other.workspace.id), [], 'another demo workspace gets none');
  });
});
