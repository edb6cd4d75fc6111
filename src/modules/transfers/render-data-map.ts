import { escapeHtml } from '../../shared/html.ts';
import { countryName } from '../vocab/vocab.ts';
import type { TransferFinding } from './assess-engagements.ts';
import { TRANSFER_STATUS_LABELS, type TransferStatus } from './assess-transfer.ts';

/** Colours with at least 3:1 contrast on white, told apart by the legend's words too. */
export const STATUS_COLOURS: Record<TransferStatus, string> = {
  intra_eea: '#1a7f37', domestic: '#1a7f37', adequate: '#0b6bcb', safeguarded: '#8250df', derogation: '#9a6700', no_valid_basis: '#cf222e',
};

const ROW = 28;
const COL = [20, 260, 540];
const WIDTH = 760;

/** One line of a data map: a sub-processor's flow to a country, drawn in a colour the legend explains. */
export interface MapFlow {
  id: string;
  name: string;
  /** Region slugs of the engagement; empty: every region. */
  regions: string[];
  country: string;
  colour: string;
  /** What the colour means for this flow, e.g. "no valid basis" or "Inside the EEA". */
  label: string;
  /** Drawn in bold on the country (a flow that needs attention). */
  emphasis?: boolean;
}

/**
 * A data map (CU6) as a standalone SVG: regions → sub-processors → countries, each flow in the
 * colour of its label, with a legend. Server-rendered, no script; the title and description give a
 * text alternative. The operators' map colours flows by transfer status; the customer's by the
 * neutral facts it may read (customer-view).
 */
export function renderFlowMap(o: { customerName: string; date: string; regions: { slug: string; name: string }[]; flows: MapFlow[]; legend: Array<{ colour: string; label: string }>; note?: string }): string {
  const e = escapeHtml;
  const left = o.regions.length ? o.regions : [{ slug: '*', name: 'All regions' }];
  const subs = [...new Map(o.flows.map((f) => [f.id, f])).values()];
  const countries = [...new Set(o.flows.map((f) => f.country))].sort();
  const rows = Math.max(left.length, subs.length, countries.length, 1);
  const top = 70;
  const height = top + rows * ROW + 40 + o.legend.length * 22;
  const y = (i: number) => top + i * ROW;
  const links: string[] = [];
  subs.forEach((s, j) => {
    left.forEach((r, i) => {
      if (r.slug === '*' || s.regions.length === 0 || s.regions.includes(r.slug)) links.push(`<line x1="${COL[0]! + 200}" y1="${y(i)}" x2="${COL[1]}" y2="${y(j)}" stroke="#6e7781" stroke-width="1"/>`);
    });
  });
  for (const f of o.flows) {
    const j = subs.findIndex((s) => s.id === f.id);
    const k = countries.indexOf(f.country);
    links.push(`<line x1="${COL[1]! + 220}" y1="${y(j)}" x2="${COL[2]}" y2="${y(k)}" stroke="${f.colour}" stroke-width="3"><title>${e(`${f.name} → ${countryName(f.country)}: ${f.label}`)}</title></line>`);
  }
  const label = (x: number, i: number, text: string, extra = '') => `<text x="${x}" y="${y(i) + 4}" font-size="13"${extra}>${e(text.length > 32 ? `${text.slice(0, 31)}…` : text)}</text>`;
  const emphasised = (country: string) => o.flows.find((f) => f.country === country && f.emphasis);
  const legendTop = top + rows * ROW + 20;
  const legend = o.legend.map((l, i) =>
    `<rect x="20" y="${legendTop + i * 22}" width="24" height="6" fill="${l.colour}"/><text x="52" y="${legendTop + i * 22 + 7}" font-size="13">${e(l.label)}</text>`).join('');
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const desc = `${plural(subs.length, 'sub-processor', 'sub-processors')} in ${plural(countries.length, 'country', 'countries')} ${subs.length === 1 ? 'reaches' : 'reach'} ${o.customerName}'s data as of ${o.date}.${o.note ? ` ${o.note}` : ''}`;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-labelledby="map-title map-desc" font-family="sans-serif">
<title id="map-title">${e(`Data map of ${o.customerName}`)}</title><desc id="map-desc">${e(desc)}</desc>
<rect width="100%" height="100%" fill="#ffffff"/>
<text x="${COL[0]}" y="40" font-size="14" font-weight="bold">Regions</text><text x="${COL[1]}" y="40" font-size="14" font-weight="bold">Sub-processors</text><text x="${COL[2]}" y="40" font-size="14" font-weight="bold">Countries</text>
${links.join('\n')}
${left.map((r, i) => label(COL[0]!, i, r.name)).join('')}
${subs.map((s, j) => label(COL[1]!, j, s.name)).join('')}
${countries.map((c, k) => { const f = emphasised(c); return label(COL[2]!, k, countryName(c), f ? ` fill="${f.colour}" font-weight="bold"` : ''); }).join('')}
${legend}
</svg>`;
}

/** The operators' data map of a customer: flows coloured by transfer status (console only). */
export function renderDataMap(o: { customerName: string; date: string; regions: { slug: string; name: string }[]; findings: TransferFinding[] }): string {
  const failing = o.findings.filter((f) => f.status === 'no_valid_basis');
  return renderFlowMap({
    customerName: o.customerName, date: o.date, regions: o.regions,
    flows: o.findings.map((f) => ({ id: f.engagementId, name: f.entityName, regions: f.regions, country: f.country, colour: STATUS_COLOURS[f.status], label: TRANSFER_STATUS_LABELS[f.status], emphasis: f.status === 'no_valid_basis' })),
    legend: (Object.keys(STATUS_COLOURS) as TransferStatus[]).map((s) => ({ colour: STATUS_COLOURS[s], label: TRANSFER_STATUS_LABELS[s] })),
    note: failing.length ? `No valid transfer basis: ${failing.map((f) => `${f.entityName} to ${countryName(f.country)}`).join(', ')}.` : undefined,
  });
}
