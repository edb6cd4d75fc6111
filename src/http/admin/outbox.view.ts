/**
 * The outbox and delivery log: every e-mail of the workspace with its status, and one message
 * with its parts. The HTML part is never put into the console page itself: it is shown in a
 * sandboxed frame (no scripts, no same origin) and as escaped source.
 */
import type { ChangeView } from '../../modules/changes/changes.queries.ts';
import { MESSAGE_STATUSES, type MessageFilter, type MessageSummary, type MessageView } from '../../modules/mail/messages.queries.ts';
import { selectField } from '../views/forms.ts';
import { html, type SafeHtml } from '../views/html.ts';
import { type Console, when } from './console.ts';

export const MESSAGE_STATUS_LABELS: Record<MessageSummary['status'], string> = {
  queued: 'Queued', sent: 'Sent (SMTP)', outboxed: 'Kept in the outbox', failed: 'Failed',
};

/** Whether this process sends e-mail, and how. */
export function mailModeBanner(mode: 'smtp' | 'outbox' | undefined): SafeHtml {
  if (mode === 'smtp') return html`<p class="notice"><strong>E-mail is sent through SMTP</strong> by this process: a message's status becomes "Sent" when the server accepts it.</p>`;
  if (mode === 'outbox') {
    return html`<p class="warning"><strong>No SMTP server is configured: messages are kept in the outbox.</strong> This process stores each message (status "Kept in the outbox", and as an .eml file in the data folder) instead of sending it. Set <code>SMTP_URL</code> to send e-mail.</p>`;
  }
  return html`<p class="warning"><strong>This process runs no job worker.</strong> Messages stay queued until a Trustroom process with a worker (<code>trustroom serve</code>) sends them or keeps them in its outbox.</p>`;
}

/** The messages table with filters by status and change. */
export function outboxBody(c: Console, o: { messages: MessageSummary[]; filter: MessageFilter; changes: ChangeView[]; mode: 'smtp' | 'outbox' | undefined; limit: number }): SafeHtml {
  const titles = new Map(o.changes.map((ch) => [ch.id, ch.title]));
  const filtered = Boolean(o.filter.status || o.filter.changeId);
  return html`<h1>Outbox</h1>
${mailModeBanner(o.mode)}
<p>Every e-mail Trustroom wrote for this workspace: notices of changes, answers to objections, subscription confirmations. Newest first${o.messages.length >= o.limit ? html`, the latest ${o.limit} shown` : null}.</p>
<form method="get" action="${c.base}/outbox" class="filters" role="search" aria-label="Filter messages">
${selectField({ name: 'status', label: 'Status', options: MESSAGE_STATUSES.map((s) => [s, MESSAGE_STATUS_LABELS[s]]), value: o.filter.status ?? '', blank: 'All statuses' })}
${selectField({ name: 'changeId', label: 'Change', options: o.changes.map((ch) => [ch.id, ch.title]), value: o.filter.changeId ?? '', blank: 'All messages' })}
<button type="submit">Filter</button>${filtered ? html` <a href="${c.base}/outbox">Clear filters</a>` : null}
</form>
<p role="status">${o.messages.length} ${o.messages.length === 1 ? 'message' : 'messages'}${filtered ? ' match these filters' : ''}.</p>
${o.messages.length === 0 ? null : html`<table><caption>Messages${filtered ? ' (filtered)' : ''}, newest first</caption>
<thead><tr><th scope="col">Subject</th><th scope="col">To</th><th scope="col">Kind</th><th scope="col">Status</th><th scope="col">Attempts</th><th scope="col">Written</th><th scope="col">Sent</th><th scope="col">Change</th></tr></thead>
<tbody>${o.messages.map((m) => html`<tr><th scope="row"><a href="${c.base}/outbox/${m.id}">${m.subject}</a></th><td>${m.to}</td><td><code>${m.kind}</code></td>
<td>${MESSAGE_STATUS_LABELS[m.status]}${m.lastError ? html`<br><span class="muted">${m.lastError}</span>` : null}</td><td>${m.attempts}</td><td>${when(m.createdAt)}</td><td>${when(m.sentAt)}</td>
<td>${m.changeId ? html`<a href="${c.base}/changes/${m.changeId}">${titles.get(m.changeId) ?? 'Change'}</a>` : '—'}</td></tr>`)}</tbody></table>`}`;
}

/** One message: its envelope, the text part, and the HTML part framed and as source. */
export function messageBody(c: Console, m: MessageView, mode: 'smtp' | 'outbox' | undefined): SafeHtml {
  const extra = Object.entries(m.headers);
  return html`<h1>${m.subject}</h1>
${mailModeBanner(mode)}
<table><caption>Envelope and status</caption><tbody>
<tr><th scope="row">To</th><td>${m.to} <span class="muted">(${m.recipientType})</span></td></tr>
<tr><th scope="row">Kind</th><td><code>${m.kind}</code></td></tr>
<tr><th scope="row">Status</th><td>${MESSAGE_STATUS_LABELS[m.status]}</td></tr>
<tr><th scope="row">Attempts</th><td>${m.attempts}</td></tr>
<tr><th scope="row">Last error</th><td>${m.lastError ?? '—'}</td></tr>
<tr><th scope="row">Written</th><td>${when(m.createdAt)}</td></tr>
<tr><th scope="row">Sent</th><td>${when(m.sentAt)}</td></tr>
<tr><th scope="row">Message-ID</th><td><code>${m.messageId}</code></td></tr>
${extra.map(([k, v]) => html`<tr><th scope="row">${k}</th><td><code>${v}</code></td></tr>`)}
${m.changeId ? html`<tr><th scope="row">Change</th><td><a href="${c.base}/changes/${m.changeId}">See the change</a></td></tr>` : null}
</tbody></table>
<section aria-labelledby="text-title"><h2 id="text-title">Text part</h2><pre class="wrap">${m.text}</pre></section>
<section aria-labelledby="html-title"><h2 id="html-title">HTML part</h2>
<p class="hint">Shown in a sandboxed frame: no scripts run and it cannot reach this page.</p>
<iframe class="message-preview" sandbox="" referrerpolicy="no-referrer" title="HTML part of the message" srcdoc="${m.html}"></iframe>
<details><summary>HTML source</summary><pre class="wrap">${m.html}</pre></details></section>
<p><a href="${c.base}/outbox">Back to the outbox</a></p>`;
}
