import assert from 'node:assert/strict';
import { it } from 'node:test';
import { forEachDialect } from '../../../test/dialects.ts';
import { buildCustomer, buildEngagement, buildEntity, buildService, buildWorkspace } from '../../../test/factories.ts';
import { createRegion } from '../registry/manage-regions.ts';
import { loadDemoWorkspaces } from '../demo/load-demo-workspaces.ts';
import { findWorkspaceBySlug } from '../workspaces/workspaces.ts';
import { assessEngagements, assessForCustomer, needsAttention } from './assess-engagements.ts';

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

  it("gives a customer the processor-context engagements of its services and regions, reading an unlisted kind as all of that kind", async () => {
    const { deps } = ctx.db;
    const { scope } = await buildWorkspace(deps);
    await buildService(deps, scope, { slug: 'app', name: 'App' });
    await buildService(deps, scope, { slug: 'mail', name: 'Mail' });
    await createRegion(deps, scope, { slug: 'fr', name: 'France' });
    await createRegion(deps, scope, { slug: 'us', name: 'United States' });
    const add = async (name: string, over: Record<string, unknown>) => buildEngagement(deps, scope, { entityId: (await buildEntity(deps, scope, { name })).id, purpose: name, ...over });
    await add('FR host', { services: ['app'], regions: ['fr'], countries: ['FR'] });
    await add('US host', { services: ['app'], regions: ['us'], countries: ['US'], transferMechanisms: ['scc-2021'] });
    await add('App monitoring, every region', { services: ['app'], countries: ['DE'] });
    await add('Mail relay', { services: ['mail'], countries: ['IE'] });
    await add('Own CRM', { context: 'controller', countries: ['US'], transferMechanisms: ['dpf'] });
    const names = async (c: { services: string[]; regions: string[] }) => (await assessForCustomer(deps.db, scope.workspaceId, c, '2026-11-23')).map((f) => f.entityName).sort();
    // Only its region listed: every service, but only the French region's hosting.
    assert.deepEqual(await names({ services: [], regions: ['fr'] }), ['App monitoring, every region', 'FR host', 'Mail relay']);
    // Only its service listed: every region of that service, nothing of the other service.
    assert.deepEqual(await names({ services: ['mail'], regions: [] }), ['Mail relay']);
    // The processor's own CRM (controller context) never appears for a customer.
    const everything = await buildCustomer(deps, scope, { services: [], regions: [] });
    assert.deepEqual(await names(everything), ['App monitoring, every region', 'FR host', 'Mail relay', 'US host']);
  });
});
