import type { ListVersion, ListVersionSummary } from '../../modules/publishing/list-versions.queries.ts';
import type { Snapshot, SnapshotItem } from '../../modules/publishing/snapshot.ts';
import { type PublicChange, upcomingChanges } from '../../modules/public-list/public-changes.ts';
import { filterItems, groupItems } from '../../modules/public-list/public-list.ts';
import { countryName, dataCategoryNames, engagementRoleLabel, MECHANISM_LABELS } from '../../modules/vocab/vocab.ts';
import type { WorkspaceView } from '../../modules/workspaces/workspaces.ts';
import { renderChangelog } from '../views/changelog.ts';
import { html, type SafeHtml } from '../views/html.ts';
import { brandOf, layout } from '../views/layout.ts';
import { tableScroll } from '../views/table-scroll.ts';
import { subscribeForm, subscribeOptionsOf } from './subscribe.view.ts';

export interface ListFilters {
  service?: string;
  region?: string;
  country?: string;
}

const exampleBanner = (w: WorkspaceView) =>
  w.exampleSource ? html`<p class="warning"><strong>Example.</strong> ${w.exampleSource}</p>` : null;

/** Each engagement's place among its entity's engagements ("2 of 3"), for entities engaged more than once. */
function repeatedEntities(snap: Snapshot): Map<string, { index: number; of: number }> {
  const byEntity = new Map<string, string[]>();
  for (const i of snap.items) byEntity.set(i.entityId, [...(byEntity.get(i.entityId) ?? []), i.id]);
  const out = new Map<string, { index: number; of: number }>();
  for (const ids of byEntity.values()) if (ids.length > 1) ids.forEach((id, k) => out.set(id, { index: k + 1, of: ids.length }));
  return out;
}

/**
 * One engagement. An entity engaged several times gets one row per engagement, and its row header
 * names that engagement's services and countries, so rows read apart (also to a screen reader,
 * which announces the row header with every cell). Countries and the workspace's hosting regions
 * are separate columns: a region is not a country.
 */
function itemRow(item: SnapshotItem, snap: Snapshot, repeated: Map<string, { index: number; of: number }>): SafeHtml {
  const serviceNames = item.services.map((s) => snap.services.find((x) => x.slug === s)?.name ?? s);
  const countries = item.countries.map(countryName);
  const place = repeated.get(item.id);
  return html`<tr class="item">
<th scope="row">${item.name}${item.legalName && item.legalName !== item.name ? html`<br><span class="muted">${item.legalName}</span>` : null}${place
    ? html`<br><span class="muted">Engagement ${place.index} of ${place.of}: ${serviceNames.join(', ') || 'no service'}; ${countries.join(', ') || 'no country'}</span>`
    : null}</th>
<td>${item.purpose}${item.context === 'controller' ? html`<br><span class="muted">Acts as an independent controller.</span>` : null}</td>
<td>${serviceNames.join(', ') || '—'}</td>
<td>${countries.join(', ') || '—'}</td>
${snap.regions.length ? html`<td>${item.regions.length ? item.regions.map((slug, k) => html`${k ? ', ' : null}<a href="#region-${slug}">${snap.regions.find((r) => r.slug === slug)?.name ?? slug}</a>`) : '—'}</td>` : null}
<td>${dataCategoryNames(item.dataCategories).join(', ') || '—'}</td>
<td>${engagementRoleLabel(item.role, item.context)}</td>
<td>${item.transferMechanisms.map((m) => MECHANISM_LABELS[m]).join(', ') || '—'}</td>
</tr>`;
}

/**
 * What the count above the tables counts: rows. Grouped by service, an engagement for several
 * services is a row under each, so rows can outnumber engagements; the sentence then says both.
 */
export function shownCount(rows: number, shown: number, total: number): string {
  const engagements = `${shown} of ${total} ${total === 1 ? 'engagement' : 'engagements'}`;
  if (rows === shown) return `${rows} ${rows === 1 ? 'row' : 'rows'} shown: ${engagements}.`;
  return `${rows} rows shown: ${engagements}, an engagement for several services listed under each.`;
}

function filterForm(base: string, snap: Snapshot, f: ListFilters): SafeHtml {
  const countries = [...new Set(snap.items.flatMap((i) => i.countries))].sort((a, b) => countryName(a).localeCompare(countryName(b)));
  const select = (name: keyof ListFilters, label: string, options: Array<[string, string]>) =>
    html`<div class="field"><label for="filter-${name}">${label}</label><select id="filter-${name}" name="${name}"><option value="">All</option>${options.map(
      ([v, l]) => html`<option value="${v}"${f[name]?.toLowerCase() === v.toLowerCase() ? html` selected` : null}>${l}</option>`,
    )}</select></div>`;
  return html`<form method="get" action="${base}" class="filters" role="search" aria-label="Filter the list">
${snap.services.length ? select('service', 'Service', snap.services.map((s) => [s.slug, s.name])) : null}
${snap.regions.length ? select('region', 'Region', snap.regions.map((r) => [r.slug, r.name])) : null}
${select('country', 'Country', countries.map((c) => [c, countryName(c)]))}
<button type="submit">Filter</button> ${f.service || f.region || f.country ? html`<a href="${base}">Clear filters</a>` : null}
</form>`;
}

function regionsSection(snap: Snapshot): SafeHtml | null {
  if (!snap.regions.length) return null;
  return html`<h2>Hosting regions</h2>${tableScroll('Hosting regions', html`<table><caption>Where customer data is hosted, by region</caption>
<thead><tr><th scope="col">Region</th><th scope="col">Provider</th><th scope="col">Data centres</th><th scope="col">Backups</th></tr></thead>
<tbody>${snap.regions.map((r) => html`<tr id="region-${r.slug}"><th scope="row">${r.name}</th><td>${r.provider ?? '—'}${r.providerRegion ? html` (${r.providerRegion})` : null}</td>
<td>${r.dataCentres.map((d) => `${d.label}, ${countryName(d.country)}`).join('; ') || '—'}</td>
<td>${r.backupLocation ?? '—'}${r.backupCountries.length ? html` (${r.backupCountries.map(countryName).join(', ')})` : null}</td></tr>`)}</tbody></table>`)}`;
}

/** Announced changes not yet in effect: title and date, soonest first. */
function upcomingSection(w: WorkspaceView, changes: PublicChange[]): SafeHtml | null {
  const upcoming = upcomingChanges(changes);
  if (!upcoming.length) return null;
  return html`<section aria-labelledby="upcoming-title"><h2 id="upcoming-title">Upcoming changes</h2>
<ul>${upcoming.map((c) => html`<li><a href="${publicChangePath(w.slug, c.id)}"><strong>${c.title}</strong></a>, from ${c.proposedDate}${c.items.length ? html`<ul>${c.items.map((i) => html`<li>${i}</li>`)}</ul>` : null}</li>`)}</ul></section>`;
}

/** Where people ask about their own personal data (the privacy request form). */
const privacyRequestLink = (w: WorkspaceView) =>
  html`<p>Your personal data: <a href="/w/${w.slug}/privacy-request">make a privacy request to ${w.name}</a> (a copy, correction, deletion and more).</p>`;

/** At the end of the list page: the transparency report on demands from authorities. */
const transparencyLink = (w: WorkspaceView) =>
  html`<p class="muted">Demands from authorities for customer data: <a href="/w/${w.slug}/transparency">transparency report of ${w.name}</a>.</p>`;

/** The public sub-processor list page (no JavaScript; printable). */
export function renderListPage(w: WorkspaceView, base: string, version: ListVersion | undefined, f: ListFilters, changes: PublicChange[] = []): string {
  const title = `Sub-processors of ${w.name}`;
  const head = html`<link rel="alternate" type="application/atom+xml" title="${title} (Atom)" href="${base}.atom">
<link rel="alternate" type="application/json" href="${base}.json"><link rel="alternate" type="application/ld+json" href="${base}.jsonld">`;
  if (!version) {
    // Not listed on the start page either; kept out of search engines until there is a list.
    return layout({ title, brand: brandOf(w), head: html`${head}<meta name="robots" content="noindex">`, body: html`<h1>${title}</h1>${exampleBanner(w)}<p>No list has been published yet.</p>${privacyRequestLink(w)}${upcomingSection(w, changes)}${subscribeForm(w, subscribeOptionsOf(undefined))}${transparencyLink(w)}` }).value;
  }
  const snap = version.snapshot;
  const items = filterItems(snap, f);
  const filtered = { ...snap, items };
  const groups = groupItems(filtered, w.groupBy);
  const repeated = repeatedEntities(snap);
  const rows = groups.reduce((n, g) => n + g.items.length, 0);
  const body = html`<h1>${title}</h1>
${exampleBanner(w)}
<p><strong>Current as of ${version.currentAsOf}</strong> (version ${version.version}). <a href="${base}/history">History of changes</a>.</p>
<p class="muted">A <em>sub-processor</em> has or may have access to customer personal data; a <em>sub-contractor</em> helps provide the services without access to it.</p>
<p>Also as <a href="${base}.json">JSON</a>, <a href="${base}.csv">CSV</a>, <a href="${base}.jsonld">JSON-LD</a> and an <a href="${base}.atom">Atom feed</a> of changes. <a href="#subscribe">Get notified of changes by e-mail</a>.</p>
${privacyRequestLink(w)}
${upcomingSection(w, changes)}
${filterForm(base, snap, f)}
<p role="status">${shownCount(rows, items.length, snap.items.length)}</p>
${groups.map((g) => html`<h2>${g.label}</h2>${tableScroll(g.label, html`<table><caption class="sr-only">${g.label}</caption>
<thead><tr><th scope="col">Entity</th><th scope="col">Purpose</th><th scope="col">Services</th><th scope="col">Countries</th>${snap.regions.length ? html`<th scope="col">Hosting regions</th>` : null}<th scope="col">Data categories</th><th scope="col">Role</th><th scope="col">Transfer mechanism</th></tr></thead>
<tbody>${g.items.map((i) => itemRow(i, snap, repeated))}</tbody></table>`)}`)}
${regionsSection(snap)}
${subscribeForm(w, subscribeOptionsOf(snap))}
${transparencyLink(w)}`;
  return layout({ title, brand: brandOf(w), head, body }).value;
}

/** The public page of one announced change (what the Atom feed's entry links to). */
export const publicChangePath = (slug: string, id: string): string => `/w/${encodeURIComponent(slug)}/changes/${encodeURIComponent(id)}`;

/** One change as announced publicly: title, status and date, reason, and its items. No customer data. */
export function renderChangePage(w: WorkspaceView, c: PublicChange): string {
  const base = `/w/${w.slug}/subprocessors`;
  const title = `${c.title} — sub-processor change of ${w.name}`;
  const body = html`<h1>${c.title}</h1>${exampleBanner(w)}
<p><strong>${c.status === 'in_effect' ? `In effect since ${c.proposedDate}` : `Announced; proposed to take effect on ${c.proposedDate}`}.</strong>
Announced ${c.announcedAt.slice(0, 10)}.</p>
<p>${c.reason}</p>
${c.items.length ? html`<h2>What changes</h2><ul>${c.items.map((i) => html`<li>${i}</li>`)}</ul>` : null}
<p><a href="${base}">Current list of sub-processors</a> · <a href="${base}/history">History of changes</a> · <a href="${base}.atom">Atom feed</a></p>`;
  return layout({ title, brand: brandOf(w), body }).value;
}

/** Every published version with its changelog, and the diff of two chosen versions. */
export function renderHistoryPage(w: WorkspaceView, base: string, versions: ListVersionSummary[], compare: { from: number; to: number; changelog: import('../../modules/publishing/diff-snapshots.ts').Changelog } | null): string {
  const title = `History of ${w.name}'s sub-processor list`;
  const options = versions.map((v) => [String(v.version), `Version ${v.version} (${v.currentAsOf})`] as [string, string]);
  const pick = (name: string, label: string, value: number | undefined) =>
    html`<div class="field"><label for="cmp-${name}">${label}</label><select id="cmp-${name}" name="${name}">${options.map(([v, l]) => html`<option value="${v}"${Number(v) === value ? html` selected` : null}>${l}</option>`)}</select></div>`;
  const body = html`<h1>${title}</h1>${exampleBanner(w)}
<p><a href="${base}">Current list</a> · <a href="${base}.atom">Atom feed</a></p>
${versions.length > 1 ? html`<h2>Compare two versions</h2><form method="get" action="${base}/history" class="filters">${pick('from', 'From', compare?.from ?? versions[versions.length - 1].version)}${pick('to', 'To', compare?.to ?? versions[0].version)}<button type="submit">Compare</button></form>` : null}
${compare ? html`<section aria-labelledby="cmp-title"><h2 id="cmp-title">Changes from version ${compare.from} to version ${compare.to}</h2>${renderChangelog(compare.changelog)}</section>` : null}
<h2>All versions</h2>
${versions.length === 0 ? html`<p>No list has been published yet.</p>` : versions.map((v) => html`<section id="v${v.version}" aria-labelledby="v${v.version}-title"><h3 id="v${v.version}-title">Version ${v.version} — current as of ${v.currentAsOf}</h3>
<p class="muted">Published ${v.publishedAt.slice(0, 16).replace('T', ' ')} UTC.${v.note ? ` ${v.note}` : ''}</p>${renderChangelog(v.changelog, 'h4')}</section>`)}`;
  return layout({ title, brand: brandOf(w), body }).value;
}
