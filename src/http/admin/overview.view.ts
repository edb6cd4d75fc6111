import type { PendingChanges } from '../../modules/publishing/find-pending-changes.ts';
import { renderChangelog } from '../views/changelog.ts';
import { html, type SafeHtml } from '../views/html.ts';
import { type Console, when } from './console.ts';

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

/** The workspace start page: counts, latest version, pending changes and the public list link. */
export function overviewBody(c: Console, o: { counts: RegistryCounts; pending: PendingChanges }): SafeHtml {
  const link = (path: string, n: number, label: string) => html`<li><a href="${c.base}/${path}">${n} ${label}</a></li>`;
  const latest = o.pending.latest;
  return html`<h1>${c.workspace.name}</h1>
<p>Your role in this workspace: <strong>${c.role}</strong>.${c.workspace.exampleSource ? html` <em>Example workspace:</em> ${c.workspace.exampleSource}` : null}</p>
<section aria-labelledby="registry-title"><h2 id="registry-title">Registry</h2>
<ul>${link('entities', o.counts.entities, o.counts.entities === 1 ? 'entity' : 'entities')}${link('engagements', o.counts.engagements, o.counts.engagements === 1 ? 'engagement' : 'engagements')}${link('services', o.counts.services, o.counts.services === 1 ? 'service' : 'services')}${link('regions', o.counts.regions, o.counts.regions === 1 ? 'hosting region' : 'hosting regions')}</ul>
</section>
<section aria-labelledby="published-title"><h2 id="published-title">Public list</h2>
${latest
    ? html`<p>Latest version: <a href="${c.base}/versions/${latest.version}">version ${latest.version}</a>, current as of ${latest.currentAsOf}, published ${when(latest.publishedAt)} by ${latest.publishedBy}.</p>`
    : html`<p>No version has been published yet.</p>`}
<p><a href="/w/${c.workspace.slug}/subprocessors">View the public sub-processor list</a></p>
</section>
${pendingSection(c, o.pending)}`;
}
