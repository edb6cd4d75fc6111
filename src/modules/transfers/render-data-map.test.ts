import assert from 'node:assert/strict';
import { it } from 'node:test';
import { forEachDialect } from '../../../test/dialects.ts';
import { listCustomers } from '../customers/customers.queries.ts';
import { loadDemoWorkspaces } from '../demo/load-demo-workspaces.ts';
import { listEngagements } from '../registry/registry.queries.ts';
import { findWorkspaceBySlug } from '../workspaces/workspaces.ts';
import { assessForCustomer } from './assess-engagements.ts';
import { TRANSFER_STATUS_LABELS } from './assess-transfer.ts';
import { renderDataMap, STATUS_COLOURS } from './render-data-map.ts';
import { escapeHtml } from '../../shared/html.ts';

forEachDialect('data map', (ctx) => {
  it('shows a CloudBlue customer on Connect exactly the Connect sub-processors, and draws them with their countries', async () => {
    const { deps } = ctx.db;
    await loadDemoWorkspaces(deps, { ownerUserId: null });
    const cloudblue = (await findWorkspaceBySlug(deps.db, 'cloudblue'))!;
    const [reseller] = await listCustomers(deps.db, cloudblue.id);
    const findings = await assessForCustomer(deps.db, cloudblue.id, reseller!, '2026-11-23');
    const connect = (await listEngagements(deps.db, cloudblue.id)).filter((g) => g.services.includes('connect') || (g.services.length === 0 && g.regions.length === 0));
    assert.deepEqual([...new Set(findings.map((f) => f.engagementId))].sort(), connect.map((g) => g.id).sort());
    const svg = renderDataMap({ customerName: reseller!.name, date: '2026-11-23', regions: [], findings });
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*role="img" aria-labelledby="map-title map-desc"/);
    assert.match(svg, /<title id="map-title">Data map of Example Reseller GmbH \(fictitious example customer\)<\/title>/);
    for (const g of connect) assert.ok(svg.includes(`>${g.entityName.length > 32 ? g.entityName.slice(0, 31) : g.entityName}`), `${g.entityName} is drawn`);
    for (const [status, label] of Object.entries(TRANSFER_STATUS_LABELS)) assert.ok(svg.includes(`fill="${STATUS_COLOURS[status as keyof typeof STATUS_COLOURS]}"/><text x="52" y="`) && svg.includes(`>${escapeHtml(label)}</text>`), `the legend names ${status}`);
  });

  it('colours a link with no valid basis red and names it in the description', async () => {
    const svg = renderDataMap({
      customerName: 'Acme <Corp>', date: '2026-11-23', regions: [{ slug: 'eu', name: 'EU' }],
      findings: [{ engagementId: 'g1', entityName: 'Intercom', purpose: 'Chat', country: 'US', services: [], regions: [], transferMechanisms: ['privacy-shield'], status: 'no_valid_basis', customerFact: 'Transfer mechanism: EU-US Privacy Shield', regime: 'eu', law: 'GDPR', mechanism: null, reasons: ['x'], rules: ['privacy-shield'], warnings: [] }],
    });
    assert.match(svg, new RegExp(`stroke="${STATUS_COLOURS.no_valid_basis}" stroke-width="3"><title>Intercom → United States of America: no valid basis</title>`));
    assert.match(svg, /<desc id="map-desc">1 sub-processor in 1 country reaches Acme &lt;Corp&gt;&#39;s data as of 2026-11-23\. No valid transfer basis: Intercom to United States of America\.<\/desc>/);
  });
});
