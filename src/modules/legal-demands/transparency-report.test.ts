import assert from 'node:assert/strict';
import { it } from 'node:test';
import { forEachDialect } from '../../../test/dialects.ts';
import { buildCustomer, buildWorkspace } from '../../../test/factories.ts';
import type { Clock } from '../../shared/clock.ts';
import { recordOutcome, registerLegalDemand } from './manage-legal-demands.ts';
import { buildTransparencyReport, halfYearOf, SUPPRESSED_KEY, suppressCells } from './transparency-report.ts';

let current = new Date('2025-12-01T10:00:00Z');
const clock: Clock = { now: () => new Date(current) };

forEachDialect('transparency report', (ctx) => {
  it('counts ended half-years by authority type, country and outcome, merging small categories and never naming a customer', async () => {
    const { deps } = ctx.db;
    current = new Date('2025-12-01T10:00:00Z');
    const { workspace, scope } = await buildWorkspace(deps);
    await deps.db.updateTable('workspaces').set({ time_zone: 'Europe/Paris' }).where('id', '=', workspace.id).execute();
    const acme = await buildCustomer(deps, scope, { name: 'Acme Secret Customer SAS' });
    current = new Date('2027-02-01T10:00:00Z');
    const add = async (authorityType: string, country: string, receivedAt: string, outcome: string | null, extra: Record<string, unknown> = {}) => {
      const d = await registerLegalDemand(deps, scope, {
        authorityName: 'Unique Authority Name 42', authorityType, country, legalBasis: 'A statute', scope: 'Records of Acme', receivedAt, reference: 'CASE-ACME-7', customerIds: [acme.id], ...extra,
      });
      if (outcome) await recordOutcome(deps, scope, d.id, { outcome, disclosed: outcome.startsWith('disclosed') ? 'Sign-up records' : null });
    };
    for (const day of ['2026-01-10', '2026-02-11', '2026-03-12']) await add('law_enforcement', 'FR', day, 'disclosed_partial');
    await add('court', 'DE', '2026-04-01', 'nothing_disclosed');
    await add('court', 'DE', '2026-05-01', null);
    await add('intelligence', 'US', '2026-06-01', 'disclosed_full', { prohibited: true, prohibitionEndsOn: '2027-06-01' });
    // 23:30 UTC on 30 June is 1 July in Paris: the second half-year.
    await add('tax', 'FR', '2026-06-30T23:30:00Z', 'withdrawn');
    await add('regulator', 'FR', '2026-11-02', null);
    await add('regulator', 'FR', '2027-01-15', null);

    const report = await buildTransparencyReport(deps.db, workspace.id, clock.now());
    assert.deepEqual(report.current, { period: '2027-H1', reportedAfter: '2027-06-30' });
    assert.deepEqual(report.periods.map((p) => [p.period, p.total]), [['2026-H2', { count: null, fewerThan: 3 }], ['2026-H1', { count: 6 }], ['2025-H2', { count: 0 }]]);
    const h2 = report.periods[0]!;
    assert.deepEqual([h2.byAuthorityType, h2.byCountry, h2.byOutcome], [[], [], []]);
    const h1 = report.periods[1]!;
    assert.deepEqual(h1.byAuthorityType, [{ key: 'law_enforcement', label: 'Law enforcement', count: 3 }, { key: SUPPRESSED_KEY, label: 'Other (each fewer than 3)', count: 3 }]);
    assert.deepEqual(h1.byCountry, [{ key: 'FR', label: 'France (FR)', count: 3 }, { key: SUPPRESSED_KEY, label: 'Other (each fewer than 3)', count: 3 }]);
    assert.deepEqual(h1.byOutcome, [{ key: 'disclosed_partial', label: 'Data disclosed in part', count: 3 }, { key: SUPPRESSED_KEY, label: 'Other (each fewer than 3)', count: 3 }]);
    const text = JSON.stringify(report);
    for (const secret of ['Acme', acme.id, 'Unique Authority', 'CASE-ACME', 'Sign-up', 'Intelligence', 'Germany', 'United States', '2026-06-01']) assert.ok(!text.includes(secret), `report leaks ${secret}`);
  });
}, { clock });

it('shows a merged row of one or two demands as fewer than 3 and a half-year by its first month', () => {
  assert.deepEqual(suppressCells(new Map([['US', 1], ['DE', 1]]), (k) => k), [{ key: SUPPRESSED_KEY, label: 'Other (each fewer than 3)', count: null, fewerThan: 3 }]);
  assert.deepEqual([halfYearOf('2026-06-30'), halfYearOf('2026-07-01')], ['2026-H1', '2026-H2']);
});
