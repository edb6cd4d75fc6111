/**
 * The fulfilment part of a request's console page: what each system returned or erased, the rows
 * erasure withheld and why (row by row, with the legal basis), and the buttons that run access or
 * erasure in the systems that apply to the request's controller.
 */
import type { Row } from '../../db/schema.ts';
import { isOpen } from '../../modules/requests/requests.ts';
import { listSystemRuns, listWithheld } from '../../modules/requests/systems/system-runs.ts';
import type { Deps } from '../../shared/deps.ts';
import { csrfField } from '../views/forms.ts';
import { html, type SafeHtml } from '../views/html.ts';
import { type Console, when } from './console.ts';

const ACCESS_TYPES = new Set(['access', 'portability']);
const ERASE_TYPES = new Set(['erasure']);

const countsOf = (summary: Record<string, unknown>): string => {
  const collections = (summary.collections ?? {}) as Record<string, { rows?: number } | number>;
  const parts = Object.entries(collections).map(([k, v]) => `${k}: ${typeof v === 'number' ? v : v?.rows ?? 0}`);
  return parts.length ? parts.join(', ') : 'nothing found';
};

export async function requestExtras(deps: Deps, c: Console, r: Row<'dsr_requests'>): Promise<SafeHtml[]> {
  const [runs, withheld, messages] = await Promise.all([
    listSystemRuns(deps, c.scope, r.id), listWithheld(deps, c.scope, r.id),
    deps.db.selectFrom('messages').select(['id', 'subject', 'status', 'to_address', 'created_at', 'sent_at']).where('workspace_id', '=', r.workspace_id)
      .where('recipient_type', '=', 'requester').where('recipient_id', '=', r.id).orderBy('created_at').execute(),
  ]);
  const canRun = c.canEdit && isOpen(r.status) && r.verified_at && r.status !== 'forwarded' && r.status !== 'awaiting_instruction';
  const action = (path: string, label: string) => html`<form method="post" action="${c.base}/requests/${r.id}/${path}" class="inline">${csrfField(c.user.csrfToken)}<button type="submit">${label}</button></form> `;
  return [html`<h2>In the systems</h2>
${runs.length === 0 ? html`<p>No system searched yet.</p>` : html`<div class="table-scroll" tabindex="0" role="region" aria-label="System runs"><table><caption>What each system returned or erased</caption>
<thead><tr><th scope="col">System</th><th scope="col">Action</th><th scope="col">Outcome</th><th scope="col">Rows per collection</th><th scope="col">When</th></tr></thead>
<tbody>${runs.map((s) => html`<tr><th scope="row">${s.systemName}</th><td>${s.action}</td><td>${s.outcome}${s.error ? ` — ${s.error}` : ''}</td><td>${countsOf(s.summary)}</td><td>${when(s.finishedAt)}</td></tr>`)}</tbody></table></div>`}
${withheld.length ? html`<div class="table-scroll" tabindex="0" role="region" aria-label="Withheld rows"><table><caption>Kept despite the erasure, and why (${withheld.length} rows)</caption>
<thead><tr><th scope="col">System</th><th scope="col">Collection</th><th scope="col">Row</th><th scope="col">Fields kept</th><th scope="col">Exception</th><th scope="col">Legal basis</th></tr></thead>
<tbody>${withheld.map((w) => html`<tr><td>${w.systemName}</td><td>${w.collection}</td><td>${JSON.stringify(w.rowKey)}</td><td>${w.fields.join(', ')}</td><td>${w.ruleKey}</td><td>${w.legalBasis}</td></tr>`)}</tbody></table></div>` : null}
<h2>Messages to the requester</h2>
${messages.length ? html`<ul>${messages.map((m) => html`<li><a href="${c.base}/outbox/${m.id}">${m.subject}</a> — ${m.status}${m.sent_at ? html`, ${when(m.sent_at)}` : null}</li>`)}</ul>` : html`<p>None.</p>`}
${canRun ? html`<p>${ACCESS_TYPES.has(r.type) ? action('run-access', 'Search the systems and prepare the access package') : null}${ERASE_TYPES.has(r.type) ? action('run-erasure', 'Erase in the systems (exceptions and holds apply)') : null}</p>` : null}`];
}
