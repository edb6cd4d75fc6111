import type { AuditEventView } from '../../modules/audit/list-audit-events.queries.ts';
import type { VerifyResult } from '../../modules/audit/verify-audit-chain.ts';
import { html, type SafeHtml } from '../views/html.ts';
import { type Console, when } from './console.ts';

const REASONS: Record<VerifyResult['breaks'][number]['reason'], string> = {
  hash_mismatch: 'the event was changed after it was written (its hash does not match)',
  prev_hash_mismatch: 'the link to the previous event does not match (an event was changed, inserted or removed)',
  seq_gap: 'an event is missing before it',
};

function chainStatus(v: VerifyResult): SafeHtml {
  const first = v.breaks[0];
  return first
    ? html`<div class="error-summary" role="alert"><h2>Hash chain broken</h2><p>The first broken link is event #${first.seq}: ${REASONS[first.reason]}. Events from there on cannot be trusted.</p></div>`
    : html`<p class="notice"><strong>Hash chain intact.</strong> All ${v.events} events of this workspace were verified.</p>`;
}

function details(e: AuditEventView): SafeHtml | string {
  if (e.before === null && e.after === null) return '—';
  return html`<details><summary>Details of event #${e.seq}</summary>
${e.before !== null ? html`<p><strong>Before</strong></p><pre>${JSON.stringify(e.before, null, 2)}</pre>` : null}
${e.after !== null ? html`<p><strong>After</strong></p><pre>${JSON.stringify(e.after, null, 2)}</pre>` : null}</details>`;
}

/** The audit log page: chain verification, one page of events (newest first) and paging links. */
export function auditBody(c: Console, o: { verify: VerifyResult; events: AuditEventView[]; hasOlder: boolean; before?: number }): SafeHtml {
  const last = o.events[o.events.length - 1];
  return html`<h1>Audit log</h1>
${chainStatus(o.verify)}
<p>Every change in this workspace, with who made it. Each event is chained to the one before by a SHA-256 hash, so changing or removing one shows here.</p>
<section aria-labelledby="events-title"><h2 id="events-title">${o.before ? `Events before #${o.before}` : 'Latest events'}</h2>
${o.events.length === 0 ? html`<p>No events.</p>` : html`<table><caption>Audit events, newest first</caption>
<thead><tr><th scope="col">#</th><th scope="col">Time</th><th scope="col">Actor</th><th scope="col">Action</th><th scope="col">Subject</th><th scope="col">Details</th></tr></thead>
<tbody>${o.events.map((e) => html`<tr><td>${e.seq}</td><td>${when(e.at)}</td><td>${e.actor.label} <span class="muted">(${e.actor.type})</span></td><td><code>${e.action}</code></td>
<td>${e.subject.type}${e.subject.id ? html` <code>${e.subject.id}</code>` : null}</td><td>${details(e)}</td></tr>`)}</tbody></table>`}
<nav aria-label="Audit log pages"><p>${o.before ? html`<a href="${c.base}/audit">Newest events</a>` : null}${o.before && o.hasOlder ? ' · ' : null}${o.hasOlder && last ? html`<a href="${c.base}/audit?before=${last.seq}">Older events</a>` : null}</p></nav>
</section>`;
}
