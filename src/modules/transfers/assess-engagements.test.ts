import assert from 'node:assert/strict';
import { it } from 'node:test';
import { forEachDialect } from '../../../test/dialects.ts';
import { buildEngagement, buildEntity, buildWorkspace } from '../../../test/factories.ts';
import { loadDemoWorkspaces } from '../demo/load-demo-workspaces.ts';
import { findWorkspaceBySlug } from '../workspaces/workspaces.ts';
import { assessEngagements, needsAttention } from './assess-engagements.ts';

forEachDialect('assessing every engagement', (ctx) => {
  it("flags the Scalingo demo's Intercom engagement, on Privacy Shield, as having no valid basis today", async () => {
    const { deps } = ctx.db;
    await loadDemoWorkspaces(deps, { ownerUserId: null });
    const scalingo = (await findWorkspaceBySlug(deps.db, 'scalingo'))!;
    const findings = await assessEngagements(deps.db, scalingo.id, '2026-11-23');
    const intercom = findings.filter((f) => f.entityName === 'Intercom');
    assert.ok(intercom.length > 0);
    assert.ok(intercom.every((f) => f.status === 'no_valid_basis' && f.rules.includes('privacy-shield')));
    const before = await assessEngagements(deps.db, scalingo.id, '2019-06-01');
    assert.ok(before.filter((f) => f.entityName === 'Intercom').every((f) => f.status === 'adequate'), 'Privacy Shield was valid in 2019');
  });

  it('takes the best status among an engagement’s mechanisms and flags a DPF reliance with its warning', async () => {
    const { deps } = ctx.db;
    const { scope } = await buildWorkspace(deps);
    const e = await buildEntity(deps, scope, { name: 'Cloudy Inc.', country: 'US' });
    await buildEngagement(deps, scope, { entityId: e.id, purpose: 'Hosting', countries: ['US', 'DE'], transferMechanisms: ['privacy-shield', 'scc-2021'] });
    await buildEngagement(deps, scope, { entityId: e.id, purpose: 'Support', countries: ['US'], transferMechanisms: ['dpf'] });
    const findings = await assessEngagements(deps.db, scope.workspaceId, '2026-11-23');
    assert.deepEqual(findings.map((f) => [f.purpose, f.country, f.status, needsAttention(f)]), [
      ['Hosting', 'US', 'safeguarded', true],
      ['Hosting', 'DE', 'intra_eea', false],
      ['Support', 'US', 'adequate', true],
    ]);
  });
});
