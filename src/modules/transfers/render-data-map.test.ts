import assert from 'node:assert/strict';
import { it } from 'node:test';
import { forEachDialect } from '../../../test/dialects.ts';
import { listCustomers } from '../customers/customers.queries.ts';
import { loadDemoWorkspaces } from '../demo/load-demo-workspaces.ts';
import { listEngagements } from '../registry/registry.queries.ts';
import { findWorkspaceBySlug } from '../workspaces/workspaces.ts';
import { assessForCustomer } from './assess-engagements.ts';
import { TRANSFER_STATUS_LABELS } from './assess-transfer.ts';
import { dataMapFileName, type MapFlow, renderDataMap, renderFlowMap, STATUS_COLOURS, wrapLabel } from './render-data-map.ts';
import { escapeHtml } from '../../shared/html.ts';

const UNESCAPE: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

/** The text a reader sees in each <text> of an SVG: its lines joined by a space. */
export function svgTexts(svg: string): string[] {
  return [...svg.matchAll(/<text\b[^>]*>([\s\S]*?)<\/text>/g)].map((m) => {
    const lines = [...m[1]!.matchAll(/<tspan\b[^>]*>([\s\S]*?)<\/tspan>/g)].map((t) => t[1]!);
    return (lines.length ? lines.join(' ') : m[1]!).replace(/&(amp|lt|gt|quot|#39);/g, (x) => UNESCAPE[x]!);
  });
}

/** The steepest link of a map: |Δy / Δx| of every curve's end points and every non-vertical line. */
function steepestSlope(svg: string): number {
  let max = 0;
  for (const m of svg.matchAll(/<path d="M ([\d.]+) ([\d.]+) C [\d. ]+ ([\d.]+) ([\d.]+)"/g)) max = Math.max(max, Math.abs(+m[4]! - +m[2]!) / Math.abs(+m[3]! - +m[1]!));
  for (const m of svg.matchAll(/<line (?:class="(\w+)" )?x1="([\d.]+)" y1="([\d.]+)" x2="([\d.]+)" y2="([\d.]+)"/g)) {
    if (m[1] === 'bus') assert.equal(m[2], m[4], 'a region line is vertical');
    else max = Math.max(max, Math.abs(+m[5]! - +m[3]!) / Math.abs(+m[4]! - +m[2]!));
  }
  return max;
}

/** 25 sub-processors with long names in five countries, five of them in a second country too. */
function crowdedFlows(): MapFlow[] {
  const countries = ['US', 'US', 'US', 'US', 'US', 'US', 'US', 'US', 'US', 'US', 'US', 'US', 'IE', 'IE', 'IE', 'IE', 'IE', 'IE', 'DE', 'DE', 'DE', 'GB', 'GB', 'IN', 'IN'];
  return countries.flatMap((country, i) => {
    const flow = { id: `g${i}`, name: `Sub-processor Number ${i + 1} International Holdings & Cloud Services GmbH (${country})`, regions: i % 3 ? ['eu'] : [], country, colour: '#1a7f37', label: 'Inside the EEA' };
    return i % 5 === 0 ? [flow, { ...flow, country: country === 'US' ? 'IE' : 'US' }] : [flow];
  });
}

it('wraps a long name onto two lines at a space, and never cuts a word', () => {
  assert.deepEqual(wrapLabel('Amazon Web Services EMEA SARL (Luxembourg)'), ['Amazon Web Services', 'EMEA SARL (Luxembourg)']);
  assert.deepEqual(wrapLabel('Short Ltd'), ['Short Ltd']);
  assert.deepEqual(wrapLabel('Supercalifragilisticexpialidocious-Datenverarbeitung'), ['Supercalifragilisticexpialidocious-Datenverarbeitung']);
});

it('shows every one of 25 long sub-processor names whole in the SVG text, none cut with an ellipsis', () => {
  const flows = crowdedFlows();
  const svg = renderFlowMap({ customerName: 'Acme', date: '2026-11-23', regions: [{ slug: 'eu', name: 'European Union hosting (Frankfurt and Dublin)' }, { slug: 'us', name: 'US' }], flows, legend: [] });
  const texts = svgTexts(svg);
  for (const f of flows) assert.ok(texts.includes(f.name), `${f.name} is drawn whole`);
  assert.ok(texts.includes('European Union hosting (Frankfurt and Dublin)'));
  assert.doesNotMatch(svg, /…/);
  const width = Number(/viewBox="0 0 (\d+) /.exec(svg)![1]);
  const longestLine = Math.max(...texts.flatMap((t) => wrapLabel(t)).map((l) => l.length));
  assert.ok(width > longestLine * 7, 'the columns are wide enough for their lines');
});

it('keeps the links of a map with 25 sub-processors shallow: no link steeper than 2 to 1, regions joined by horizontal branches', () => {
  const svg = renderFlowMap({ customerName: 'Acme', date: '2026-11-23', regions: [{ slug: 'eu', name: 'EU' }, { slug: 'us', name: 'US' }], flows: crowdedFlows(), legend: [] });
  assert.ok(steepestSlope(svg) <= 2, `steepest link ${steepestSlope(svg).toFixed(2)}`);
  assert.equal([...svg.matchAll(/<path d="M /g)].length, crowdedFlows().length, 'one link per flow');
});

it('captions the map visibly with the customer and the date', () => {
  const svg = renderFlowMap({ customerName: 'Müller & Søn GmbH', date: '2026-11-23', regions: [], flows: crowdedFlows().slice(0, 2), legend: [] });
  assert.match(svg, /<text class="caption" x="20" y="30" font-size="16" font-weight="bold">Data map of Müller &amp; Søn GmbH, as of 2026-11-23<\/text>/);
});

it('names the download after the customer and the date, in ASCII', () => {
  assert.equal(dataMapFileName('Müller & Søn GmbH', '2026-11-23'), 'data-map-muller-son-gmbh-2026-11-23.svg');
  assert.equal(dataMapFileName('東京株式会社', '2026-11-23'), 'data-map-customer-2026-11-23.svg');
});

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
    for (const g of connect) assert.ok(svgTexts(svg).includes(g.entityName), `${g.entityName} is drawn`);
    for (const [status, label] of Object.entries(TRANSFER_STATUS_LABELS)) assert.ok(svg.includes(`fill="${STATUS_COLOURS[status as keyof typeof STATUS_COLOURS]}"/><text x="52" y="`) && svg.includes(`>${escapeHtml(label)}</text>`), `the legend names ${status}`);
  });

  it('colours a link with no valid basis red and names it in the description', async () => {
    const svg = renderDataMap({
      customerName: 'Acme <Corp>', date: '2026-11-23', regions: [{ slug: 'eu', name: 'EU' }],
      findings: [{ engagementId: 'g1', entityName: 'Intercom', purpose: 'Chat', country: 'US', services: [], regions: [], transferMechanisms: ['privacy-shield'], status: 'no_valid_basis', customerFact: 'Transfer mechanism: EU-US Privacy Shield', regime: 'eu', law: 'GDPR', mechanism: null, reasons: ['x'], rules: ['privacy-shield'], warnings: [] }],
    });
    assert.match(svg, new RegExp(`fill="none" stroke="${STATUS_COLOURS.no_valid_basis}" stroke-width="3"><title>Intercom → United States of America: no valid basis</title>`));
    assert.match(svg, /<desc id="map-desc">1 sub-processor in 1 country reaches Acme &lt;Corp&gt;&#39;s data as of 2026-11-23\. No valid transfer basis: Intercom to United States of America\.<\/desc>/);
  });
});
