import { escapeHtml } from '../../shared/html.ts';
import { countryName } from '../vocab/vocab.ts';
import { asciiSlug } from '../dpa/dpa-file-name.ts';
import type { TransferFinding } from './assess-engagements.ts';
import { TRANSFER_STATUS_LABELS, type TransferStatus } from './assess-transfer.ts';

/** Colours with at least 3:1 contrast on white, told apart by the legend's words too. */
export const STATUS_COLOURS: Record<TransferStatus, string> = {
  intra_eea: '#1a7f37', domestic: '#1a7f37', adequate: '#0b6bcb', safeguarded: '#8250df', derogation: '#9a6700', no_valid_basis: '#cf222e',
};

const LINE = 15;
/** Room for a label of two lines. */
const ROW = 36;
/** Advance of an average 13 px sans-serif character, rounded up so that widths are never short. */
const CHAR = 7.6;
/** Characters before a label wraps onto a second line. */
const WRAP = 30;
/** Horizontal run of a sub-processor → country link: long enough to keep links shallow. */
const RUN = 200;
const TOP = 96;
/** Spacing of the links arriving at a country's bar: closer than the rows, so that bars stay near their sub-processors. */
const SLOT = 14;

/**
 * A label's lines: whole, or split at the space that makes its longer line shortest. Never cut:
 * a long word keeps its line, and the column widens to fit (`columnWidth`).
 * @example wrapLabel('Amazon Web Services EMEA SARL (Luxembourg)') // ['Amazon Web Services', 'EMEA SARL (Luxembourg)']
 */
export function wrapLabel(text: string, max = WRAP): string[] {
  if (text.length <= max) return [text];
  let best: [string, string] | null = null;
  for (let i = text.indexOf(' '); i > 0; i = text.indexOf(' ', i + 1)) {
    const pair: [string, string] = [text.slice(0, i), text.slice(i + 1)];
    if (!best || Math.max(pair[0].length, pair[1].length) < Math.max(best[0].length, best[1].length)) best = pair;
  }
  return best ?? [text];
}

const columnWidth = (labels: string[][]) => Math.ceil(Math.max(60, ...labels.flat().map((l) => l.length * CHAR)));

/** The file name of a customer's data map: `data-map-acme-gmbh-2026-11-23.svg` (ASCII). */
export function dataMapFileName(customerName: string, date: string): string {
  return `data-map-${asciiSlug(customerName) || 'customer'}-${date}.svg`;
}

/**
 * Sub-processors next to their countries (a few passes of the barycentre heuristic): each
 * sub-processor goes where its countries are, each country where its sub-processors are.
 */
function orderLayers(flows: MapFlow[]): { subs: MapFlow[]; countries: string[] } {
  const subs = [...new Map(flows.map((f) => [f.id, f])).values()].sort((a, b) => a.name.localeCompare(b.name));
  const countriesOf = new Map(subs.map((s) => [s.id, [...new Set(flows.filter((f) => f.id === s.id).map((f) => f.country))]]));
  const subsOf = (c: string) => subs.filter((s) => countriesOf.get(s.id)!.includes(c));
  let countries = [...new Set(flows.map((f) => f.country))].sort((a, b) => subsOf(b).length - subsOf(a).length || a.localeCompare(b));
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(xs.length, 1);
  for (let pass = 0; pass < 4; pass++) {
    const cIndex = new Map(countries.map((c, k) => [c, k]));
    const subKey = new Map(subs.map((s) => [s.id, mean(countriesOf.get(s.id)!.map((c) => cIndex.get(c)!))]));
    subs.sort((a, b) => subKey.get(a.id)! - subKey.get(b.id)! || a.name.localeCompare(b.name));
    const sIndex = new Map(subs.map((s, j) => [s.id, j]));
    const cKey = new Map(countries.map((c) => [c, mean(subsOf(c).map((s) => sIndex.get(s.id)!))]));
    countries = [...countries].sort((a, b) => cKey.get(a)! - cKey.get(b)! || a.localeCompare(b));
  }
  return { subs, countries };
}

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
 * colour of its label, with a legend and a visible caption (customer and date), readable with
 * dozens of sub-processors: sub-processors sit next to their countries, each country is a bar
 * spanning the links that reach it (links stay shallow), regions reach their sub-processors by
 * horizontal branches of a vertical line, and names wrap onto two lines instead of being cut.
 * Server-rendered, no script; the title and description give a text alternative. The operators'
 * map colours flows by transfer status; the customer's by the neutral facts it may read.
 */
export function renderFlowMap(o: { customerName: string; date: string; regions: { slug: string; name: string }[]; flows: MapFlow[]; legend: Array<{ colour: string; label: string }>; note?: string }): string {
  const e = escapeHtml;
  const left = o.regions.length ? o.regions : [{ slug: '*', name: 'All regions' }];
  const { subs, countries } = orderLayers(o.flows);
  const rowY = (j: number) => TOP + j * ROW + ROW / 2;
  const text = (x: number, yc: number, lines: string[], extra = '') =>
    `<text x="${x}" y="${yc + 4}" font-size="13"${extra}>${lines.map((l, i) => `<tspan x="${x}" y="${(yc + 4 + (i - (lines.length - 1) / 2) * LINE).toFixed(1)}">${e(l)}</tspan>`).join('')}</text>`;

  // Columns: regions, their vertical lines, sub-processors, links, country bars and names.
  const regionLines = left.map((r) => wrapLabel(r.name));
  const subLines = subs.map((s) => wrapLabel(s.name));
  const countryLines = countries.map((c) => wrapLabel(countryName(c)));
  const xRegion = 20;
  const xBus = (i: number) => xRegion + columnWidth(regionLines) + 14 + i * 10;
  const xSub = xBus(left.length - 1) + 24;
  const xLinkStart = xSub + columnWidth(subLines) + 10;
  const xBar = xLinkStart + RUN;
  const xCountry = xBar + 14;
  const caption = `Data map of ${o.customerName}, as of ${o.date}`;
  const width = Math.max(xCountry + columnWidth(countryLines) + 20, 40 + Math.ceil(caption.length * CHAR * 1.25));

  // Regions: a label, a vertical line spanning the sub-processors it reaches, a branch to each.
  const regionParts: string[] = [];
  let lastRegionY = -Infinity;
  left.forEach((r, i) => {
    const reached = subs.map((s, j) => ({ s, j })).filter(({ s }) => r.slug === '*' || s.regions.length === 0 || s.regions.includes(r.slug)).map(({ j }) => rowY(j));
    const yLabel = Math.max(reached[0] ?? rowY(0), lastRegionY + ROW);
    lastRegionY = yLabel;
    const x = xBus(i);
    regionParts.push(text(xRegion, yLabel, regionLines[i]!));
    if (!reached.length) return;
    const ys = [yLabel, ...reached];
    regionParts.push(`<line x1="${xRegion + columnWidth(regionLines) + 4}" y1="${yLabel}" x2="${x}" y2="${yLabel}" stroke="#6e7781" stroke-width="1.5"/>`);
    regionParts.push(`<line class="bus" x1="${x}" y1="${Math.min(...ys)}" x2="${x}" y2="${Math.max(...ys)}" stroke="#6e7781" stroke-width="1.5"/>`);
    for (const y of reached) regionParts.push(`<line x1="${x}" y1="${y}" x2="${xSub - 6}" y2="${y}" stroke="#6e7781" stroke-width="1.5"/><circle cx="${x}" cy="${y}" r="3" fill="#6e7781"/>`);
  });

  // Countries: a bar per country with one slot per link, centred on its sub-processors, never overlapping the one above.
  const subIndex = new Map(subs.map((s, j) => [s.id, j]));
  const slotOf = new Map<MapFlow, number>();
  const bands: Array<{ top: number; bottom: number }> = [];
  let lastSlot = -Infinity;
  countries.forEach((c) => {
    const links = o.flows.filter((f) => f.country === c).sort((a, b) => subIndex.get(a.id)! - subIndex.get(b.id)!);
    const centre = links.reduce((sum, f) => sum + rowY(subIndex.get(f.id)!), 0) / links.length;
    const first = Math.max(centre - ((links.length - 1) * SLOT) / 2, lastSlot + ROW);
    links.forEach((f, i) => slotOf.set(f, first + i * SLOT));
    lastSlot = first + (links.length - 1) * SLOT;
    bands.push({ top: first, bottom: lastSlot });
  });
  const flowPaths = o.flows.map((f) => {
    const y1 = rowY(subIndex.get(f.id)!), y2 = slotOf.get(f)!, xm = (xLinkStart + xBar) / 2;
    return `<path d="M ${xLinkStart} ${y1} C ${xm} ${y1} ${xm} ${y2} ${xBar} ${y2}" fill="none" stroke="${f.colour}" stroke-width="3"><title>${e(`${f.name} → ${countryName(f.country)}: ${f.label}`)}</title></path>`;
  });
  const emphasised = (country: string) => o.flows.find((f) => f.country === country && f.emphasis);
  const countryParts = countries.map((c, k) => {
    const b = bands[k]!, f = emphasised(c);
    return `<rect x="${xBar}" y="${b.top - 10}" width="5" height="${b.bottom - b.top + 20}" fill="#57606a"/>${text(xCountry, (b.top + b.bottom) / 2, countryLines[k]!, f ? ` fill="${f.colour}" font-weight="bold"` : '')}`;
  });

  const bottom = Math.max(rowY(Math.max(subs.length - 1, 0)), lastRegionY, lastSlot) + ROW / 2;
  const legendTop = bottom + 24;
  const height = legendTop + o.legend.length * 22 + 16;
  const legend = o.legend.map((l, i) =>
    `<rect x="20" y="${legendTop + i * 22}" width="24" height="6" fill="${l.colour}"/><text x="52" y="${legendTop + i * 22 + 7}" font-size="13">${e(l.label)}</text>`).join('');
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const desc = `${plural(subs.length, 'sub-processor', 'sub-processors')} in ${plural(countries.length, 'country', 'countries')} ${subs.length === 1 ? 'reaches' : 'reach'} ${o.customerName}'s data as of ${o.date}.${o.note ? ` ${o.note}` : ''}`;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="map-title map-desc" font-family="sans-serif">
<title id="map-title">${e(`Data map of ${o.customerName}`)}</title><desc id="map-desc">${e(desc)}</desc>
<rect width="100%" height="100%" fill="#ffffff"/>
<text class="caption" x="20" y="30" font-size="16" font-weight="bold">${e(caption)}</text>
<text x="${xRegion}" y="72" font-size="14" font-weight="bold">Regions</text><text x="${xSub}" y="72" font-size="14" font-weight="bold">Sub-processors</text><text x="${xCountry}" y="72" font-size="14" font-weight="bold">Countries</text>
${regionParts.join('\n')}
${flowPaths.join('\n')}
${subs.map((s, j) => text(xSub, rowY(j), subLines[j]!)).join('\n')}
${countryParts.join('\n')}
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
