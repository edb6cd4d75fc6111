/**
 * The page of one change (status timeline, operations, customers and what each one still owes,
 * objections with their resolve forms, notifications, withdrawal) and its printable evidence.
 */
import type { MessageStatus, ObjectionResolution } from '../../db/schema.ts';
import type { ChangeEvidence, EvidenceNotification } from '../../modules/changes/build-change-evidence.ts';
import type { ChangeCustomerView, ChangeView, ObjectionView } from '../../modules/changes/changes.queries.ts';
import type { NoticeFacts } from '../../modules/changes/notice-facts.ts';
import { RESOLUTIONS } from '../../modules/changes/resolve-objection.ts';
import { AUTHORISATION_LABELS } from '../../modules/customers/customers.ts';
import { renderChangeItems } from '../views/change-items.ts';
import { csrfField, type FormErrors } from '../views/forms.ts';
import { html, type SafeHtml } from '../views/html.ts';
import { CHANGE_STATUS_LABELS } from './changes.view.ts';
import { type Console, type FormValues, notice, one, when } from './console.ts';

export const RESOLUTION_OPTIONS: Record<ObjectionResolution, string> = {
  alternative_offered: 'An alternative is offered to the customer',
  customer_terminates: 'The customer terminates the affected services',
  objection_withdrawn: 'The customer withdrew its objection (the change may take effect for it)',
  change_withdrawn: 'Withdraw the whole change (everyone is told)',
};

const CUSTOMER_STATUS: Record<ChangeCustomerView['status'], string> = { notified: 'Notified', in_effect: 'In effect', not_in_effect: 'Not in effect', withdrawn: 'Withdrawn' };

const FLASH: Record<string, string> = {
  created: 'Draft saved. Add operations if needed, then announce it.', saved: 'Draft saved.', added: 'Operation added.', removed: 'Operation removed.',
  announced: 'Change announced: the notices and webhooks are queued.', withdrawn: 'Change withdrawn: everyone who had the announcement is told.',
  resolved: 'Objection resolved: the customer is told.',
};

/** Who the change waits for, and why, in words. */
export function outstandingText(c: ChangeCustomerView): string {
  if (c.outstanding === 'consent') {
    return c.consent === 'refused'
      ? `${c.customerName} refused consent${c.consentName ? ` (${c.consentName})` : ''}: the change cannot take effect for it`
      : `${c.customerName}: its consent (specific authorisation), not given yet`;
  }
  if (c.outstanding === 'objection') {
    const open = c.objections.filter((o) => o.status === 'open').length;
    return `You: resolve ${c.customerName}'s ${open === 1 ? 'objection' : `${open} objections`}`;
  }
  return '—';
}

/** Customers whose notice period puts their date after the proposed one (the announcement's warnings). */
export const laterCustomers = (change: ChangeView, customers: ChangeCustomerView[]) => customers.filter((c) => c.effectiveDate > change.proposedDate);

function timeline(change: ChangeView): SafeHtml {
  return html`<ol class="timeline">
<li>Created ${when(change.createdAt)} by ${change.createdBy}</li>
${change.announcedAt ? html`<li>Announced ${when(change.announcedAt)}${change.announcedBy ? ` by ${change.announcedBy}` : ''}</li>` : null}
${change.status === 'announced' ? html`<li>Takes effect in the registry on ${change.proposedDate} (${when(change.effectiveAt)})</li>` : null}
${change.appliedAt ? html`<li>In effect ${when(change.appliedAt)}${change.versionAfter ? ` (list version ${change.versionAfter})` : ''}</li>` : null}
${change.withdrawnAt ? html`<li>Withdrawn ${when(change.withdrawnAt)}: ${change.withdrawnReason ?? ''}</li>` : null}
</ol>`;
}

function customersTable(customers: ChangeCustomerView[]): SafeHtml {
  if (customers.length === 0) return html`<p>No customer was notified.</p>`;
  return html`<table><caption>Customers the change reaches</caption>
<thead><tr><th scope="col">Customer</th><th scope="col">Authorisation</th><th scope="col">Notice</th><th scope="col">Effective date</th><th scope="col">Last day to object</th><th scope="col">Status</th><th scope="col">Consent</th><th scope="col">Outstanding</th></tr></thead>
<tbody>${customers.map((c) => html`<tr><th scope="row">${c.customerName}</th><td>${AUTHORISATION_LABELS[c.authorisation]}</td><td>${c.authorisation === 'specific' ? 'None: its consent' : c.noticeLabel}${c.calendar ? html` <span class="muted">(holidays of ${c.calendar})</span>` : null}</td>
<td>${c.authorisation === 'specific' ? 'Once it consents, not before ' : ''}${c.effectiveDate} <span class="muted">(${c.timeZone})</span></td><td>${c.authorisation === 'specific' ? '—' : c.windowEndsOn}</td><td>${CUSTOMER_STATUS[c.status]}</td>
<td>${c.authorisation === 'specific' ? (c.consent ? html`${c.consent === 'given' ? 'Given' : 'Refused'}${c.consentName ? ` by ${c.consentName}` : ''}${c.consentTitle ? `, ${c.consentTitle}` : ''} ${when(c.consentAt)}` : 'Not yet') : 'Not needed'}</td>
<td>${outstandingText(c)}</td></tr>`)}</tbody></table>`;
}

function resolveForm(c: Console, o: ObjectionView, values: FormValues, errors: FormErrors): SafeHtml {
  const id = (f: string) => `f-${f}-${o.id}`;
  const err = (f: string, label: string) => (errors[f] ? html`<p class="error" id="${id(f)}-error">${label}: ${errors[f]}</p>` : null);
  const invalid = (f: string) => (errors[f] ? html` aria-invalid="true" aria-describedby="${id(f)}-error"` : null);
  const chosen = one(values.resolution);
  return html`<form method="post" action="${c.base}/objections/${o.id}/resolve">${csrfField(c.user.csrfToken)}
<fieldset id="${id('resolution')}" class="field${errors.resolution ? ' has-error' : ''}"${errors.resolution ? html` aria-describedby="${id('resolution')}-error"` : null}><legend>Resolution of ${o.customerName}'s objection</legend>
${RESOLUTIONS.map((r) => html`<div class="check"><input type="radio" id="${id('resolution')}-${r}" name="resolution" value="${r}" required${chosen === r ? html` checked` : null}><label for="${id('resolution')}-${r}">${RESOLUTION_OPTIONS[r]}</label></div>`)}
${err('resolution', 'Resolution')}</fieldset>
<div class="field${errors.note ? ' has-error' : ''}"><label for="${id('note')}">Note to the customer (required)</label>
<textarea id="${id('note')}" name="note" rows="3" required${invalid('note')}>${one(values.note)}</textarea>${err('note', 'Note')}</div>
<button type="submit">Resolve objection</button></form>`;
}

function objectionsSection(c: Console, objections: ObjectionView[], resolve: { objectionId: string; values: FormValues; errors: FormErrors } | null, editable: boolean): SafeHtml {
  return html`<section aria-labelledby="objections-title" id="objections"><h2 id="objections-title">Objections</h2>
${objections.length === 0 ? html`<p>No objections.</p>` : objections.map((o) => html`<article aria-labelledby="objection-${o.id}">
<h3 id="objection-${o.id}">${o.customerName}: ${o.status === 'open' ? 'open' : 'resolved'}</h3>
<p>By ${o.submittedName}, ${when(o.submittedAt)}.</p>
<blockquote><p>${o.reason}</p></blockquote>
${o.status === 'resolved'
    ? html`<p>Resolved ${when(o.resolvedAt)}${o.resolvedBy ? ` by ${o.resolvedBy}` : ''}: <strong>${o.resolution ? RESOLUTION_OPTIONS[o.resolution] : ''}</strong>.${o.resolutionNote ? html` ${o.resolutionNote}` : null}</p>`
    : editable ? resolveForm(c, o, resolve?.objectionId === o.id ? resolve.values : {}, resolve?.objectionId === o.id ? resolve.errors : {}) : null}
</article>`)}
</section>`;
}

const countList = (counts: Record<string, number>) => {
  const entries = Object.entries(counts).filter(([, n]) => n > 0);
  return entries.length ? entries.map(([s, n]) => `${n} ${s}`).join(', ') : 'none';
};

export function webhookCounts(e: ChangeEvidence): Record<string, number> {
  const out: Record<string, number> = {};
  for (const n of e.customers.flatMap((c) => c.notifications).filter((x) => x.channel === 'webhook')) out[n.status] = (out[n.status] ?? 0) + 1;
  return out;
}

export interface ChangePageData {
  evidence: ChangeEvidence;
  /** The notice as it is (announced) or as it would read now (draft). */
  items: NoticeFacts['items'];
  messages: Record<MessageStatus, number>;
  q: Record<string, string>;
  /** Why the last action was refused (announce, remove an operation). */
  problems?: string[];
  withdraw?: { values: FormValues; errors: FormErrors };
  resolve?: { objectionId: string; values: FormValues; errors: FormErrors };
}

/** The change page: everything about one change, with the actions its status allows. */
export function changePageBody(c: Console, d: ChangePageData): SafeHtml {
  const { change, customers } = d.evidence;
  const base = `${c.base}/changes/${change.id}`;
  const flashKey = Object.keys(FLASH).find((k) => d.q[k] === '1');
  const later = laterCustomers(change, customers);
  const objections = customers.flatMap((x) => x.objections).sort((a, b) => a.submittedAt.localeCompare(b.submittedAt));
  const isDraft = change.status === 'draft';
  const canWithdraw = c.canEdit && (change.status === 'draft' || change.status === 'announced');
  const withdrawErrors = d.withdraw?.errors ?? {};
  return html`<h1>${change.title}</h1>
${flashKey ? notice(FLASH[flashKey]) : null}
${d.problems?.length ? html`<div class="error-summary" role="alert" tabindex="-1"><h2>That did not work</h2><ul>${d.problems.map((p) => html`<li>${p}</li>`)}</ul></div>` : null}
<p>Status: <strong>${CHANGE_STATUS_LABELS[change.status]}</strong>. Proposed date: <strong>${change.proposedDate}</strong>.</p>
${change.lastError ? html`<p class="warning"><strong>Applying the change failed</strong> and is retried: ${change.lastError}</p>` : null}
<section aria-labelledby="timeline-title"><h2 id="timeline-title">Timeline</h2>${timeline(change)}</section>
<section aria-labelledby="reason-title"><h2 id="reason-title">Reason</h2><p>${change.reason}</p></section>
<section aria-labelledby="items-title"><h2 id="items-title">Operations</h2>
${isDraft ? html`<p class="muted">As the notice would describe them with the registry as it is now.</p>` : null}
${renderChangeItems(d.items, 3)}
${isDraft && c.canEdit ? html`<h3 id="ops-edit-title">Edit the operations</h3>
${change.operations.length > 1 ? html`<ul aria-labelledby="ops-edit-title">${change.operations.map((_op, i) => html`<li>Operation ${i + 1} <form method="post" action="${base}/operations/${i}/delete" class="inline">${csrfField(c.user.csrfToken)}<button type="submit" class="link" aria-label="Remove operation ${i + 1}">Remove</button></form></li>`)}</ul>` : null}
<p><a href="${base}/operations/new">Add another operation</a></p>` : null}
</section>
${isDraft && c.canEdit ? html`<section aria-labelledby="draft-title"><h2 id="draft-title">Draft</h2>
<p><a href="${base}/edit">Edit title, reason and date</a> · <a href="${base}/delete">Delete the draft</a></p>
<p>Announcing fixes each customer's dates and queues every notice and webhook. It cannot be undone, only withdrawn. You will see every customer reached, its dates and conflicts, and the notices, before you confirm.</p>
<p><a href="${base}/announce" class="button">Review and announce the change</a></p></section>` : null}
${later.length ? html`<section aria-labelledby="later-title"><h2 id="later-title">Customers with a later date</h2>
<p class="warning">Their notice period puts their date after the proposed one:</p>
<ul>${later.map((x) => html`<li>${x.customerName}: ${x.noticeLabel}' notice puts its date at ${x.effectiveDate}</li>`)}</ul></section>` : null}
${isDraft ? null : html`<section aria-labelledby="customers-title"><h2 id="customers-title">Customers</h2>${customersTable(customers)}</section>
${objectionsSection(c, objections, d.resolve ?? null, c.canEdit && change.status !== 'withdrawn')}
<section aria-labelledby="notifications-title"><h2 id="notifications-title">Notifications</h2>
<ul><li>E-mails: ${countList(d.messages)}. <a href="${c.base}/outbox?changeId=${change.id}">See them in the outbox</a></li>
<li>Webhook deliveries: ${countList(webhookCounts(d.evidence))}. <a href="${c.base}/webhook-deliveries?changeId=${change.id}">See the delivery log</a></li>
<li>List subscribers notified: ${d.evidence.subscribers.notified}</li></ul></section>`}
<p><a href="${base}/evidence">Evidence</a> (printable) · <a href="/api/w/${c.workspace.slug}/changes/${change.id}/evidence?download=1">Download the evidence as JSON</a></p>
${canWithdraw ? html`<section aria-labelledby="withdraw-title"><h2 id="withdraw-title">Withdraw the change</h2>
${change.status === 'announced' ? html`<p>Everyone who had the announcement is told, with this reason, and the change never takes effect.</p>` : html`<p>The draft is kept as withdrawn. To remove it entirely, delete it instead.</p>`}
<form method="post" action="${base}/withdraw">${csrfField(c.user.csrfToken)}
<div class="field${withdrawErrors.reason ? ' has-error' : ''}"><label for="f-reason">Reason (required)</label>
<textarea id="f-reason" name="reason" rows="3" required${withdrawErrors.reason ? html` aria-invalid="true" aria-describedby="reason-error"` : null}>${one(d.withdraw?.values.reason)}</textarea>
${withdrawErrors.reason ? html`<p class="error" id="reason-error">Reason: ${withdrawErrors.reason}</p>` : null}</div>
<button type="submit" class="danger">Withdraw the change</button></form></section>` : null}
<p><a href="${c.base}/changes">All changes</a></p>`;
}

function notificationsTable(caption: string, list: EvidenceNotification[]): SafeHtml {
  if (list.length === 0) return html`<p>No notifications.</p>`;
  return html`<table><caption>${caption}</caption>
<thead><tr><th scope="col">Channel</th><th scope="col">Kind</th><th scope="col">To</th><th scope="col">Status</th><th scope="col">Attempts</th><th scope="col">Queued</th><th scope="col">Sent (e-mail) or delivered (webhook)</th><th scope="col">Last error</th></tr></thead>
<tbody>${list.map((n) => html`<tr><td>${n.channel === 'email' ? 'E-mail' : 'Webhook'}</td><td><code>${n.kind}</code></td><td>${n.to}${n.messageId ? html`<br><span class="muted">${n.messageId}</span>` : null}</td>
<td>${n.statusLabel}</td><td>${n.attempts}</td><td>${when(n.queuedAt)}</td><td>${n.sentAt || n.deliveredAt ? when(n.sentAt ?? n.deliveredAt) : '—'}</td><td>${n.lastError ?? '—'}</td></tr>`)}</tbody></table>`;
}

/** The evidence packet as a printable page: the same content as the JSON download. */
export function evidenceBody(c: Console, e: ChangeEvidence, items: NoticeFacts['items']): SafeHtml {
  const ch = e.change;
  const version = (v: ChangeEvidence['versions']['before']) => (v ? html`version ${v.version}, current as of ${v.currentAsOf}, digest <code>${v.digest}</code>` : 'none');
  return html`<div class="evidence">
<h1>Evidence: ${ch.title}</h1>
<p>${e.workspace.name} (<code>${e.workspace.slug}</code>). Generated ${when(e.generatedAt)}. Format <code>${e.format}</code>.</p>
<p class="no-print"><a href="/api/w/${c.workspace.slug}/changes/${ch.id}/evidence?download=1">Download as JSON</a> · <a href="${c.base}/changes/${ch.id}">Back to the change</a></p>
<h2>The change</h2>
<table><caption>Change ${ch.id}</caption><tbody>
<tr><th scope="row">Status</th><td>${CHANGE_STATUS_LABELS[ch.status]}</td></tr>
<tr><th scope="row">Reason</th><td>${ch.reason}</td></tr>
<tr><th scope="row">Proposed date</th><td>${ch.proposedDate}</td></tr>
<tr><th scope="row">Created</th><td>${when(ch.createdAt)} by ${ch.createdBy}</td></tr>
<tr><th scope="row">Announced</th><td>${ch.announcedAt ? html`${when(ch.announcedAt)} by ${ch.announcedBy ?? ''}` : '—'}</td></tr>
<tr><th scope="row">Takes effect</th><td>${when(ch.effectiveAt)}</td></tr>
<tr><th scope="row">In effect</th><td>${when(ch.appliedAt)}</td></tr>
<tr><th scope="row">Withdrawn</th><td>${ch.withdrawnAt ? html`${when(ch.withdrawnAt)}: ${ch.withdrawnReason ?? ''}` : '—'}</td></tr>
<tr><th scope="row">List before</th><td>${version(e.versions.before)}</td></tr>
<tr><th scope="row">List after</th><td>${version(e.versions.after)}</td></tr>
</tbody></table>
<h2>Operations</h2>
${renderChangeItems(items, 3)}
<h2>Timeline</h2>
${e.timeline.length === 0 ? html`<p>No events.</p>` : html`<table><caption>Audit events of the change, in order</caption>
<thead><tr><th scope="col">Time</th><th scope="col">Action</th><th scope="col">Actor</th><th scope="col">Detail</th></tr></thead>
<tbody>${e.timeline.map((t) => html`<tr><td>${when(t.at)}</td><td><code>${t.action}</code></td><td>${t.actor}</td><td>${t.detail === null ? '—' : html`<pre>${JSON.stringify(t.detail, null, 2)}</pre>`}</td></tr>`)}</tbody></table>`}
<h2>Customers</h2>
${e.customers.length === 0 ? html`<p>No customer was notified.</p>` : customersTable(e.customers)}
${e.customers.map((cu) => html`<section aria-labelledby="ev-${cu.customerId}"><h3 id="ev-${cu.customerId}">${cu.customerName}</h3>
<p>${AUTHORISATION_LABELS[cu.authorisation]}; ${cu.authorisation === 'specific' ? 'no notice period (consent per change)' : `${cu.noticeLabel}' notice`} in ${cu.timeZone}; effective ${cu.effectiveDate} (${when(cu.effectiveAt)}); last day to object ${cu.windowEndsOn}; status ${CUSTOMER_STATUS[cu.status]}${cu.settledAt ? html`, settled ${when(cu.settledAt)}` : null}.
${cu.consent ? html` Consent ${cu.consent} by ${cu.consentName ?? ''}${cu.consentTitle ? `, ${cu.consentTitle}` : ''} ${when(cu.consentAt)}.` : null}</p>
${cu.objections.length ? html`<ul>${cu.objections.map((o) => html`<li>Objection by ${o.submittedName}, ${when(o.submittedAt)}: “${o.reason}” — ${o.status === 'resolved' ? html`resolved ${when(o.resolvedAt)}: ${o.resolution ? RESOLUTION_OPTIONS[o.resolution] : ''}${o.resolutionNote ? `. ${o.resolutionNote}` : ''}` : 'open'}</li>`)}</ul>` : null}
${notificationsTable(`Notifications to ${cu.customerName}`, cu.notifications)}</section>`)}
<h2>Subscribers of the public list</h2>
<p>${e.subscribers.notified} subscribers received the announcement. Messages by status: ${countList(e.subscribers.byStatus)}.</p>
${notificationsTable('Messages to subscribers', e.subscribers.notifications)}
</div>`;
}
