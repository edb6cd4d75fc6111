/** The public transparency report page of a workspace (no JavaScript; printable). */
import type { ReportCell, ReportPeriod, TransparencyReport } from '../../modules/legal-demands/transparency-report.ts';
import type { WorkspaceView } from '../../modules/workspaces/workspaces.ts';
import { html, type SafeHtml } from '../views/html.ts';
import { brandOf, layout } from '../views/layout.ts';

export const transparencyPath = (slug: string): string => `/w/${encodeURIComponent(slug)}/transparency`;

const countText = (c: { count: number | null; fewerThan?: number }): string => (c.count === null ? `fewer than ${c.fewerThan}` : String(c.count));

const MONTHS: Record<string, string> = { '1': 'January to June', '2': 'July to December' };
const periodTitle = (p: string): string => `${MONTHS[p.slice(6)]} ${p.slice(0, 4)}`;

function breakdown(id: string, title: string, heading: string, cells: ReportCell[]): SafeHtml {
  return html`<table id="${id}"><caption>${title}</caption>
<thead><tr><th scope="col">${heading}</th><th scope="col">Demands</th></tr></thead>
<tbody>${cells.map((c) => html`<tr><th scope="row">${c.label}</th><td>${countText(c)}</td></tr>`)}</tbody></table>`;
}

function periodSection(p: ReportPeriod): SafeHtml {
  const id = `p-${p.period}`;
  return html`<section aria-labelledby="${id}"><h2 id="${id}">${periodTitle(p.period)}</h2>
<p>Demands received from ${p.from} to ${p.to}: <strong>${countText(p.total)}</strong>.</p>
${p.total.count === null ? html`<p>With so few demands, no breakdown is shown.</p>` : p.total.count === 0 ? null : html`
${breakdown(`${id}-type`, `By type of authority, ${periodTitle(p.period)}`, 'Type of authority', p.byAuthorityType)}
${breakdown(`${id}-country`, `By country, ${periodTitle(p.period)}`, 'Country', p.byCountry)}
${breakdown(`${id}-outcome`, `By outcome, ${periodTitle(p.period)}`, 'Outcome', p.byOutcome)}`}
</section>`;
}

/** The report: one section per ended half-year, newest first. */
export function renderTransparencyPage(w: WorkspaceView, report: TransparencyReport): string {
  const title = `Transparency report of ${w.name}: legal demands`;
  const path = transparencyPath(w.slug);
  const body = html`<h1>${title}</h1>
<p>How many demands for customer data ${w.name} received from authorities (law enforcement, courts, regulators, tax and intelligence authorities), per half-year, by type of authority, country and outcome. ${w.name} tells the customers concerned of each demand unless the law forbids it.</p>
<p>A half-year is reported once it has ended. So that no customer and no single demand can be recognised, types, countries and outcomes with fewer than ${report.suppressBelow} demands are counted together as “${`Other (each fewer than ${report.suppressBelow})`}”, and a half-year with fewer than ${report.suppressBelow} demands shows only that.</p>
<p>Also as <a href="${path}.json">JSON</a>. <a href="/w/${w.slug}/subprocessors">Sub-processors of ${w.name}</a>.</p>
${report.periods.length === 0
    ? html`<p>No half-year has ended since the register began. The first report covers ${periodTitle(report.current.period)} and appears after ${report.current.reportedAfter}.</p>`
    : report.periods.map(periodSection)}
<p class="muted">${periodTitle(report.current.period)} is reported after ${report.current.reportedAfter}.</p>`;
  return layout({ title, brand: brandOf(w), body }).value;
}
