import type { Changelog } from '../../modules/publishing/diff-snapshots.ts';
import type { PendingChanges } from '../../modules/publishing/find-pending-changes.ts';
import type { ListVersion, ListVersionSummary } from '../../modules/publishing/list-versions.queries.ts';
import { countryName, KIND_LABELS, MECHANISM_LABELS, ROLE_LABELS } from '../../modules/vocab/vocab.ts';
import { renderChangelog } from '../views/changelog.ts';
import { csrfField, errorSummary, type FormErrors, textArea, textField } from '../views/forms.ts';
import { html, type SafeHtml } from '../views/html.ts';
import { type Console, type FormValues, notice, one, orDash, when } from './console.ts';
import { pendingSection } from './overview.view.ts';

export interface Comparison {
  from: string;
  to: string;
  changelog?: Changelog;
  error?: string;
}

function publishForm(c: Console, next: number, values: FormValues, errors: FormErrors): SafeHtml {
  return html`<section aria-labelledby="publish"><h2 id="publish">Publish version ${next}</h2>
<p>Publishing freezes the registry as it stands into version ${next} of the public list, with the changes above as its changelog.</p>
${errorSummary(errors)}
<form method="post" action="${c.base}/versions">${csrfField(c.user.csrfToken)}
${textField({ name: 'currentAsOf', label: 'Current as of', type: 'date', required: true, value: one(values.currentAsOf), error: errors.currentAsOf, hint: 'The date shown on the public list, as YYYY-MM-DD.' })}
${textArea({ name: 'note', label: 'Note', value: one(values.note), error: errors.note, hint: 'Optional; shown with the version in the history.' })}
<button type="submit">Publish version ${next}</button>
</form></section>`;
}

function compareSection(c: Console, versions: ListVersionSummary[], cmp: Comparison | null): SafeHtml | null {
  if (versions.length < 2) return null;
  const opts = versions.map((v) => [String(v.version), `Version ${v.version} (${v.currentAsOf})`] as [string, string]);
  const pick = (name: 'from' | 'to', label: string, value: string) =>
    html`<div class="field"><label for="cmp-${name}">${label}</label><select id="cmp-${name}" name="${name}">${opts.map(([v, l]) => html`<option value="${v}"${v === value ? html` selected` : null}>${l}</option>`)}</select></div>`;
  return html`<section aria-labelledby="compare-title"><h2 id="compare-title">Compare two versions</h2>
<form method="get" action="${c.base}/versions" class="filters">${pick('from', 'From version', cmp?.from ?? String(versions[1].version))}${pick('to', 'To version', cmp?.to ?? String(versions[0].version))}<button type="submit">Compare</button></form>
${cmp?.error ? html`<p class="error" role="alert">${cmp.error}</p>` : null}
${cmp?.changelog ? html`<h3 id="compare-result">Changes from version ${cmp.from} to version ${cmp.to}</h3>${renderChangelog(cmp.changelog, 'h4')}` : null}
</section>`;
}

/** Publish & history: pending changes, the publish form (editors), compare, and every version's changelog. */
export function versionsBody(c: Console, o: { pending: PendingChanges; versions: ListVersionSummary[]; compare: Comparison | null; values: FormValues; errors: FormErrors; published?: string }): SafeHtml {
  const next = (o.versions[0]?.version ?? 0) + 1;
  return html`<h1>Publish &amp; history</h1>
${o.published ? notice(`Version ${o.published} published.`) : null}
${pendingSection(c, o.pending)}
${c.canEdit ? publishForm(c, next, o.values, o.errors) : null}
${compareSection(c, o.versions, o.compare)}
<section aria-labelledby="all-versions"><h2 id="all-versions">All versions</h2>
${o.versions.length === 0 ? html`<p>No version has been published yet.</p>` : o.versions.map((v) => html`<section aria-labelledby="v${v.version}-title"><h3 id="v${v.version}-title"><a href="${c.base}/versions/${v.version}">Version ${v.version}</a> — current as of ${v.currentAsOf}</h3>
<p class="muted">Published ${when(v.publishedAt)} by ${v.publishedBy}.${v.note ? ` Note: ${v.note}` : ''}</p>${renderChangelog(v.changelog, 'h4')}</section>`)}
</section>`;
}

/** One version: its details, changelog and the full snapshot it published. */
export function versionBody(c: Console, v: ListVersion): SafeHtml {
  const snap = v.snapshot;
  const serviceName = new Map(snap.services.map((s) => [s.slug, s.name]));
  const regionName = new Map(snap.regions.map((r) => [r.slug, r.name]));
  return html`<h1>Version ${v.version}</h1>
<p><a href="${c.base}/versions">All versions</a></p>
<dl><dt>Current as of</dt><dd>${v.currentAsOf}</dd><dt>Published</dt><dd>${when(v.publishedAt)} by ${v.publishedBy}</dd>
${v.note ? html`<dt>Note</dt><dd>${v.note}</dd>` : null}<dt>Digest (SHA-256)</dt><dd><code>${v.digest}</code></dd></dl>
<h2>Changes from the previous version</h2>${renderChangelog(v.changelog)}
<h2>Engagements</h2>
${snap.items.length === 0 ? html`<p>This version lists no engagements.</p>` : html`<table><caption>Engagements published in version ${v.version}</caption>
<thead><tr><th scope="col">Entity</th><th scope="col">Role</th><th scope="col">Kind</th><th scope="col">Purpose</th><th scope="col">Services</th><th scope="col">Countries</th><th scope="col">Regions</th><th scope="col">Transfer mechanisms</th><th scope="col">DPA on file</th></tr></thead>
<tbody>${snap.items.map((i) => html`<tr><th scope="row">${i.name}${i.legalName && i.legalName !== i.name ? html`<br><span class="muted">${i.legalName}</span>` : null}</th>
<td>${ROLE_LABELS[i.role]}</td><td>${KIND_LABELS[i.kind]}</td><td>${i.purpose}${i.context === 'controller' ? html`<br><span class="muted">Independent controller</span>` : null}</td>
<td>${orDash(i.services.map((s) => serviceName.get(s) ?? s))}</td><td>${orDash(i.countries.map(countryName))}</td><td>${orDash(i.regions.map((r) => regionName.get(r) ?? r))}</td>
<td>${orDash(i.transferMechanisms.map((m) => MECHANISM_LABELS[m]))}</td><td>${i.dpaOnFile ? 'Yes' : 'No'}</td></tr>`)}</tbody></table>`}
<h2>Services</h2>${snap.services.length ? html`<ul>${snap.services.map((s) => html`<li>${s.name} <code>${s.slug}</code></li>`)}</ul>` : html`<p>None.</p>`}
<h2>Hosting regions</h2>${snap.regions.length ? html`<ul>${snap.regions.map((r) => html`<li>${r.name}${r.provider ? ` — ${r.provider}` : ''}${r.dataCentres.length ? `: ${r.dataCentres.map((d) => `${d.label} (${d.country})`).join(', ')}` : ''}</li>`)}</ul>` : html`<p>None.</p>`}`;
}
