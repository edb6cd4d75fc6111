import { transferFindingsTable } from '../views/transfer-findings.ts';
import { needsAttention, type TransferFinding } from '../../modules/transfers/assess-engagements.ts';
import type { TransferCheck } from '../../modules/transfers/operator-findings.ts';
import { countryName } from '../../modules/vocab/vocab.ts';
import { findingsList } from './transfers.view.ts';
import type { ChangeView } from '../../modules/changes/changes.queries.ts';
import type { PendingChanges } from '../../modules/publishing/find-pending-changes.ts';
import { renderChangelog } from '../views/changelog.ts';
import { html, type SafeHtml } from '../views/html.ts';
import { type Console, when } from './console.ts';
import { setupChecklistSection } from './setup-checklist.view.ts';
import { forwardingFindingsSection } from './forwarding-findings.view.ts';
import type { OverdueForwarding } from '../../modules/requests/forwarding/forwarding.queries.ts';
import type { SetupChecklist } from '../../modules/workspaces/setup-checklist.ts';

export interface RegistryCounts {
  entities: number;
  engagements: number;
  services: number;
  regions: number;
}

/** What is pending publication, as a section with an h2 (shared by the overview and the versions page). */
export function pendingSection(c: Console, p: PendingChanges): SafeHtml {
  return html`<section aria-labelledby="pending-title"><h2 id="pending-title">Changes not yet published</h2>
${p.hasChanges
    ? html`<p class="warning"><strong>Unpublished changes.</strong> The registry differs from ${p.latest ? `version ${p.latest.version}` : 'the public list, which has not been published yet'}.${c.canEdit ? html` <a href="${c.base}/versions#publish">Publish a new version</a>.` : null}</p>${renderChangelog(p.changelog)}`
    : html`<p class="notice">${p.latest ? `Everything is published: the public list matches the registry (version ${p.latest.version}).` : 'Nothing to publish yet: the registry has no engagements.'}</p>`}
</section>`;
}

/** An announced change with what it still waits for. */
export interface ChangeSummary {
  change: ChangeView;
  openObjections: number;
  outstandingConsents: number;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Announced changes not yet in effect, with their dates and what is outstanding. */
function changesSection(c: Console, changes: ChangeSummary[]): SafeHtml {
  return html`<section aria-labelledby="changes-title"><h2 id="changes-title">Changes</h2>
${changes.length === 0
    ? html`<p>No announced change is waiting to take effect.</p>`
    : html`<ul>${changes.map((s) => html`<li><a href="${c.base}/changes/${s.change.id}">${s.change.title}</a>: takes effect ${s.change.proposedDate}, announced ${when(s.change.announcedAt)}. ${plural(s.openObjections, 'open objection', 'open objections')}, ${plural(s.outstandingConsents, 'consent outstanding', 'consents outstanding')}.</li>`)}</ul>`}
<p><a href="${c.base}/changes">All changes</a></p>
</section>`;
}

/** The workspace start page: counts, latest version, pending changes and the public list link. */
export function overviewBody(c: Console, o: { counts: RegistryCounts; pending: PendingChanges; changes?: ChangeSummary[]; transfers?: { date: string; findings: TransferFinding[]; checks?: TransferCheck[] }; measures?: { total: number; overdue: number }; dpa?: DpaSummary; setup?: SetupChecklist; overdueForwardings?: OverdueForwarding[] }): SafeHtml {
  const link = (path: string, n: number, label: string) => html`<li><a href="${c.base}/${path}">${n} ${label}</a></li>`;
  const latest = o.pending.latest;
  return html`<h1>${c.workspace.name}</h1>
<p>Your role in this workspace: <strong>${c.role}</strong>.${c.workspace.exampleSource ? html` <em>Example workspace:</em> ${c.workspace.exampleSource}` : null}</p>
${setupChecklistSection(c, o.setup)}
<section aria-labelledby="registry-title"><h2 id="registry-title">Registry</h2>
<ul>${link('entities', o.counts.entities, o.counts.entities === 1 ? 'entity' : 'entities')}${link('engagements', o.counts.engagements, o.counts.engagements === 1 ? 'engagement' : 'engagements')}${link('services', o.counts.services, o.counts.services === 1 ? 'service' : 'services')}${link('regions', o.counts.regions, o.counts.regions === 1 ? 'hosting region' : 'hosting regions')}</ul>
</section>
<section aria-labelledby="published-title"><h2 id="published-title">Public list</h2>
${latest
    ? html`<p>Latest version: <a href="${c.base}/versions/${latest.version}">version ${latest.version}</a>, current as of ${latest.currentAsOf}, published ${when(latest.publishedAt)} by ${latest.publishedBy}.</p>`
    : html`<p>No version has been published yet.</p>`}
<p><a href="/w/${c.workspace.slug}/subprocessors">View the public sub-processor list</a></p>
</section>
${pendingSection(c, o.pending)}
${o.overdueForwardings?.length ? forwardingFindingsSection(c, o.overdueForwardings) : null}
${o.changes ? changesSection(c, o.changes) : null}
${o.transfers ? transfersSection(c, o.transfers.date, o.transfers.findings, o.transfers.checks ?? []) : null}
${o.measures ? measuresSection(c, o.measures) : null}
${o.dpa ? dpaSection(c, o.dpa) : null}`;
}


/**
 * Transfer checks (CU5) that need attention: every engagement, each country, as of today; then
 * the operator's findings on what is on file (a TIA, a DPF certificate), linking to the transfers page.
 */
function transfersSection(c: Console, date: string, findings: TransferFinding[], checks: TransferCheck[]): SafeHtml {
  const todo = checks.filter((x) => x.operatorFindings.length > 0);
  const shown = findings.filter(needsAttention).sort((a, b) => (a.status === 'no_valid_basis' ? 0 : 1) - (b.status === 'no_valid_basis' ? 0 : 1));
  const failing = shown.filter((f) => f.status === 'no_valid_basis').length;
  return html`<section aria-labelledby="transfers-title"><h2 id="transfers-title">Transfers</h2>
<p>Every engagement checked on ${date}, for each country it processes data in: ${findings.length} ${findings.length === 1 ? 'check' : 'checks'}, ${failing} without a valid basis.</p>
${shown.length === 0 ? html`<p>Nothing needs attention.</p>` : transferFindingsTable('Transfers that need attention', shown, { entityLink: (f) => `${c.base}/engagements/${f.engagementId}/edit` })}
<p>${todo.length} ${todo.length === 1 ? 'transfer lacks' : 'transfers lack'} something on file (a transfer impact assessment, a checked DPF certificate).</p>
${todo.length === 0 ? null : html`<table><caption>Transfer records with findings</caption>
<thead><tr><th scope="col">Sub-processor</th><th scope="col">Country</th><th scope="col">Findings</th></tr></thead>
<tbody>${todo.map((x) => html`<tr><th scope="row">${x.finding.entityName}</th><td>${countryName(x.finding.country)}</td><td>${findingsList(x.operatorFindings)}</td></tr>`)}</tbody></table>`}
<p><a href="${c.base}/transfers">All transfers and their records</a></p>
</section>`;
}

/** The DPA (CU2): the version in force and the customers who have not accepted it. */
export interface DpaSummary {
  version: number | null;
  customers: number;
  notAccepted: number;
}

function dpaSection(c: Console, d: DpaSummary): SafeHtml {
  return html`<section aria-labelledby="dpa-title"><h2 id="dpa-title">DPA</h2>
<p>${d.version === null ? 'No version is published yet: customers have nothing to accept.' : html`Version ${d.version} is in force. ${d.notAccepted === 0 ? `Every customer (${d.customers}) has accepted it.` : `${plural(d.notAccepted, 'customer has', 'customers have')} not accepted it yet.`}`}</p>
<p><a href="${c.base}/dpa">Versions and acceptances</a></p>
</section>`;
}

/** Technical and organisational measures (CU4): how many, and how many are due for review. */
function measuresSection(c: Console, m: { total: number; overdue: number }): SafeHtml {
  return html`<section aria-labelledby="measures-title"><h2 id="measures-title">Measures</h2>
<p>${plural(m.total, 'measure', 'measures')}, ${m.overdue} overdue for review.${m.overdue ? html` <a href="${c.base}/measures?overdue=1">Review the overdue measures</a>` : null}</p>
<p><a href="${c.base}/measures">All measures</a></p>
</section>`;
}
