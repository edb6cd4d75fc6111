import assert from 'node:assert/strict';
import { it } from 'node:test';
import { forEachDialect } from '../../../../test/dialects.ts';
import { buildCustomer, buildWorkspace } from '../../../../test/factories.ts';
import type { Clock } from '../../../shared/clock.ts';
import { listDemands } from '../legal-demands.queries.ts';
import { buildTransparencyReport } from '../transparency-report.ts';
import { seedDemoLegalDemands } from './seed-demo-legal-demands.ts';

let current = new Date('2026-12-04T10:00:00Z');
const clock: Clock = { now: () => new Date(current) };

forEachDialect('demo legal demands', (ctx) => {
  it("gives Scalingo a court order whose notice is held until the order's end, and three closed demands the report counts", async () => {
    const { deps } = ctx.db;
    const { workspace, scope } = await buildWorkspace(deps, { slug: `scalingo-${Date.now().toString(36)}` });
    const customer = await buildCustomer(deps, scope, { name: 'Example customer (fictitious)' });
    await seedDemoLegalDemands(deps, scope, 'scalingo');
    const demands = await listDemands(deps.db, workspace.id, clock.now());
    assert.equal(demands.length, 4);
    const held = demands[0]!;
    assert.deepEqual([held.authorityType, held.prohibition.inForce, held.prohibition.endsOn, held.customers.map((c) => [c.customerId, c.noticeState])], ['court', true, '2027-06-02', [[customer.id, 'held']]]);
    const report = await buildTransparencyReport(deps.db, workspace.id, clock.now());
    assert.deepEqual(report.periods[0], {
      period: '2026-H1', from: '2026-01-01', to: '2026-06-30', total: { count: 3 },
      byAuthorityType: [{ key: 'law_enforcement', label: 'Law enforcement', count: 3 }],
      byCountry: [{ key: 'FR', label: 'France (FR)', count: 3 }],
      byOutcome: [{ key: 'other_small', label: 'Other (each fewer than 3)', count: 3 }],
    });
    // Another demo workspace gets none.
    const other = await buildWorkspace(deps);
    await seedDemoLegalDemands(deps, other.scope, 'influxdata');
    assert.equal((await listDemands(deps.db, other.workspace.id, clock.now())).length, 0);
  });
}, { clock });
