import type { Row } from '../../db/schema.ts';
import type { NoticeDraft } from '../../modules/incidents/draft-notice.ts';
import { FILING_CHANNELS } from '../../modules/incidents/file-notice.ts';
import { clockText } from '../../modules/incidents/incidents.ts';
import { checkboxGroup, csrfField, errorSummary, type FormErrors, selectField, textArea, textField } from '../views/forms.ts';
import { html, type SafeHtml } from '../views/html.ts';
import { type Console, flash, type FormValues, notice, one, orDash, when } from './console.ts';

type Obligation = Row<'incident_obligations'> & { customer_name: string | null };

const breachText = (i: Row<'incidents'>) => (i.is_breach === null ? 'Not decided yet' : i.is_breach === 1 ? 'Personal data breach' : 'Not a personal data breach');
const recipientText = (o: Obligation) => (o.recipient === 'authority' ? 'Supervisory authority' : o.recipient === 'data_subjects' ? 'The people concerned' : `Customer ${o.customer_name ?? ''}`);
const INSTANT_HINT = 'ISO 8601 with its offset, e.g. 2026-03-10T21:45+01:00 or 2026-03-10T20:45Z.';

/** The register with each incident's nearest open clock, in words computed on the server. */
export function incidentListBody(c: Console, o: { items: Array<{ incident: Row<'incidents'>; obligations: Obligation[] }>; now: Date; flashQuery: Record<string, string> }): SafeHtml {
  const next = (obs: Obligation[]) => obs.find((x) => x.state === 'open' && x.due_at) ?? obs.find((x) => x.state === 'open');
  return html`<h1>Incidents</h1>
${flash(o.flashQuery, 'Incident')}
<p>Every incident, breach or not, with what happened, its effects and the measures taken (GDPR Art 33(5)). Clocks count real hours from the moment you became aware.</p>
${c.canEdit ? html`<p><a class="button" href="${c.base}/incidents/new">Record an incident</a></p>` : null}
${o.items.length === 0 ? html`<p>No incidents recorded.</p>` : html`<table><caption class="sr-only">Incidents</caption>
<thead><tr><th scope="col">Incident</th><th scope="col">Aware</th><th scope="col">Breach</th><th scope="col">Status</th><th scope="col">Open notices</th><th scope="col">Next clock</th></tr></thead>
<tbody>${o.items.map(({ incident: i, obligations }) => {
    const n = next(obligations);
    return html`<tr><th scope="row"><a href="${c.base}/incidents/${i.id}">${i.title}</a></th><td>${when(i.aware_at)}</td><td>${breachText(i)}</td><td>${i.status}</td>
<td>${obligations.filter((x) => x.state === 'open').length}</td><td>${n ? html`${recipientText(n)}: <strong>${clockText(n, o.now)}</strong>` : '—'}</td></tr>`;
  })}</tbody></table>`}`;
}

const FIELD_LABELS: Record<string, string> = {
  title: 'Title', description: 'What happened', startedAt: 'Started at', awareAt: 'Became aware at', dataCategories: 'Categories of data', subjectCategories: 'Categories of people',
  approxSubjects: 'Approximate number of people', approxRecords: 'Approximate number of records', consequences: 'Likely consequences', measuresTaken: 'Measures taken',
  measuresProposed: 'Measures proposed', contactPoint: 'Contact point', status: 'Status', reason: 'Reason', note: 'Add to the timeline', decision: 'Decision', channel: 'Channel', sentTo: 'Sent to', sentAt: 'Sent at',
};

/** The new/edit form of the register's facts. */
export function incidentFormBody(c: Console, o: { id?: string; values: FormValues; errors: FormErrors }): SafeHtml {
  const v = (k: string) => one(o.values[k]);
  const e = o.errors;
  return html`<h1>${o.id ? 'Update the incident' : 'Record an incident'}</h1>
${errorSummary(e, FIELD_LABELS)}
<form method="post" action="${o.id ? `${c.base}/incidents/${o.id}` : `${c.base}/incidents`}">${csrfField(c.user.csrfToken)}
${textField({ name: 'title', label: 'Title', required: true, value: v('title'), error: e.title })}
${textArea({ name: 'description', label: 'What happened', required: true, value: v('description'), error: e.description, rows: 4 })}
${textField({ name: 'startedAt', label: 'Started at', required: true, value: v('startedAt'), error: e.startedAt, hint: INSTANT_HINT })}
${textField({ name: 'awareAt', label: 'Became aware at', required: true, value: v('awareAt'), error: e.awareAt, hint: `The clocks start here. ${INSTANT_HINT}` })}
<div class="field check"><input type="checkbox" id="f-controllerData" name="controllerData" value="true"${v('controllerData') === 'true' ? html` checked` : null}><label for="f-controllerData">It touches data we control ourselves (our own customer accounts): the authority must be told (Art 33(1))</label></div>
${textField({ name: 'dataCategories', label: 'Categories of data', value: v('dataCategories'), error: e.dataCategories, hint: 'Separated by commas.' })}
${textField({ name: 'subjectCategories', label: 'Categories of people', value: v('subjectCategories'), error: e.subjectCategories, hint: 'Separated by commas.' })}
${textField({ name: 'approxSubjects', label: 'Approximate number of people', value: v('approxSubjects'), error: e.approxSubjects })}
${textField({ name: 'approxRecords', label: 'Approximate number of records', value: v('approxRecords'), error: e.approxRecords })}
${textArea({ name: 'consequences', label: 'Likely consequences', value: v('consequences'), error: e.consequences, rows: 3 })}
${textArea({ name: 'measuresTaken', label: 'Measures taken', value: v('measuresTaken'), error: e.measuresTaken, rows: 3 })}
${textArea({ name: 'measuresProposed', label: 'Measures proposed', value: v('measuresProposed'), error: e.measuresProposed, rows: 3 })}
${textField({ name: 'contactPoint', label: 'Contact point', value: v('contactPoint'), error: e.contactPoint, hint: 'The DPO or other contact for more information (Art 33(3)(b)).' })}
${o.id ? selectField({ name: 'status', label: 'Status', options: [['open', 'Open'], ['contained', 'Contained'], ['closed', 'Closed']], value: v('status'), error: e.status }) : null}
<button type="submit">${o.id ? 'Save' : 'Record incident'}</button> <a href="${o.id ? `${c.base}/incidents/${o.id}` : `${c.base}/incidents`}">Cancel</a>
</form>`;
}

/** Form values of a stored incident. */
export const incidentValues = (i: Row<'incidents'>): FormValues => ({
  title: i.title, description: i.description, startedAt: i.started_at, awareAt: i.aware_at, controllerData: i.controller_data === 1 ? 'true' : '',
  dataCategories: (JSON.parse(i.data_categories) as string[]).join(', '), subjectCategories: (JSON.parse(i.subject_categories) as string[]).join(', '),
  approxSubjects: i.approx_subjects?.toString() ?? '', approxRecords: i.approx_records?.toString() ?? '', consequences: i.consequences ?? '',
  measuresTaken: i.measures_taken ?? '', measuresProposed: i.measures_proposed ?? '', contactPoint: i.contact_point ?? '', status: i.status,
});

function obligationRow(c: Console, i: Row<'incidents'>, o: Obligation, draft: NoticeDraft | undefined, now: Date): SafeHtml {
  const label = recipientText(o);
  const canSend = c.canEdit && o.state !== 'void' && o.decision !== 'does_not_apply';
  return html`<tr><th scope="row">${label}</th><td>${o.regime}<br><span class="muted">${o.due_basis}</span></td><td>${o.due_at ? when(o.due_at) : 'Without undue delay'}</td>
<td><strong>${clockText(o, now)}</strong></td><td>${o.decision.replace(/_/g, ' ')}${o.decision_reason ? html`<br><span class="muted">${o.decision_reason}</span>` : null}</td><td>${o.state.replace(/_/g, ' ')}</td>
<td>${c.canEdit && o.state !== 'void' ? html`<form method="post" action="${c.base}/incidents/${i.id}/obligations/${o.id}/decide">${csrfField(c.user.csrfToken)}
<div class="field"><label for="f-decision-${o.id}">Decision</label><select id="f-decision-${o.id}" name="decision" required><option value="">Choose</option>${(['applies', 'does_not_apply'] as const).map((d) => html`<option value="${d}"${o.decision === d ? html` selected` : null}>${d === 'applies' ? 'Applies' : 'Does not apply'}</option>`)}</select></div>
<div class="field"><label for="f-reason-${o.id}">Reason</label><input id="f-reason-${o.id}" name="reason" required></div><button type="submit">Decide</button></form>` : null}
${canSend && o.customer_id ? html`<form method="post" action="${c.base}/incidents/${i.id}/obligations/${o.id}/notify">${csrfField(c.user.csrfToken)}<button type="submit">${o.state === 'filed' ? 'Send an update' : 'Send the notice'} to ${label}</button></form>` : null}
${canSend ? html`<details><summary>Record a notice sent elsewhere to ${label}</summary><form method="post" action="${c.base}/incidents/${i.id}/obligations/${o.id}/filings">${csrfField(c.user.csrfToken)}
<div class="field"><label for="f-channel-${o.id}">Channel</label><select id="f-channel-${o.id}" name="channel">${FILING_CHANNELS.map((ch) => html`<option value="${ch}">${ch.replace(/_/g, ' ')}</option>`)}</select></div>
<div class="field"><label for="f-sentTo-${o.id}">Sent to</label><input id="f-sentTo-${o.id}" name="sentTo" required></div>
<div class="field"><label for="f-sentAt-${o.id}">Sent at</label><input id="f-sentAt-${o.id}" name="sentAt" aria-describedby="h-sentAt-${o.id}"><p class="hint" id="h-sentAt-${o.id}">Empty: now. ${INSTANT_HINT}</p></div>
<div class="field"><label for="f-reference-${o.id}">Reference number</label><input id="f-reference-${o.id}" name="reference"></div>
<button type="submit">Record filing</button></form></details>` : null}
${draft ? html`<details><summary>Draft notice to ${label}</summary><pre class="notice-draft">${draft.text}</pre></details>` : null}</td></tr>`;
}

/** One incident: the register's facts, classification, scope, obligations with clocks, filings and timeline. */
export function incidentDetailBody(c: Console, o: {
  incident: Row<'incidents'>; obligations: Obligation[]; drafts: Map<string, NoticeDraft>; filings: Row<'incident_filings'>[]; events: Row<'incident_events'>[];
  scope: Row<'incident_scope'>[]; options: Record<'entities' | 'engagements' | 'regions' | 'services', Array<[string, string]>>; now: Date; q: Record<string, string>; errors?: FormErrors;
}): SafeHtml {
  const i = o.incident;
  const list = (s: string) => orDash(JSON.parse(s) as string[]);
  const inScope = (kind: string) => o.scope.filter((s) => s.kind === kind).map((s) => s.ref_id);
  const shown = o.obligations.filter((x) => x.state !== 'void');
  return html`<h1>${i.title}</h1>
${flash(o.q, 'Incident')}${o.q.sent ? notice('Notice sent and recorded.') : null}${o.q.filed ? notice('Filing recorded.') : null}${o.q.decided ? notice('Decision recorded.') : null}
${o.errors ? errorSummary(o.errors, FIELD_LABELS) : null}
<p><a href="${c.base}/incidents">All incidents</a>${c.canEdit ? html` · <a href="${c.base}/incidents/${i.id}/edit">Update the facts</a>` : null}</p>
<dl><dt>What happened</dt><dd>${i.description}</dd><dt>Started</dt><dd>${when(i.started_at)}</dd><dt>Became aware</dt><dd>${when(i.aware_at)}</dd>
<dt>Breach</dt><dd>${breachText(i)}${i.breach_reason ? html` — ${i.breach_reason}` : null}</dd><dt>High risk to people</dt><dd>${i.high_risk === null ? 'Not assessed' : i.high_risk === 1 ? 'Yes' : 'No'}</dd>
<dt>Our own data (controller)</dt><dd>${i.controller_data === 1 ? 'Yes' : 'No'}</dd><dt>Categories of data</dt><dd>${list(i.data_categories)}</dd><dt>Categories of people</dt><dd>${list(i.subject_categories)}</dd>
<dt>Approximate numbers</dt><dd>${i.approx_subjects ?? '?'} people, ${i.approx_records ?? '?'} records</dd><dt>Likely consequences</dt><dd>${orDash(i.consequences)}</dd>
<dt>Measures taken</dt><dd>${orDash(i.measures_taken)}</dd><dt>Measures proposed</dt><dd>${orDash(i.measures_proposed)}</dd><dt>Contact point</dt><dd>${orDash(i.contact_point)}</dd><dt>Status</dt><dd>${i.status}</dd></dl>
<section aria-labelledby="obligations-title"><h2 id="obligations-title">Notices owed</h2>
${shown.length === 0 ? html`<p>No notice is owed yet: set the scope below, or mark the incident as touching your own data.</p>` : html`<table><caption class="sr-only">Notices owed</caption>
<thead><tr><th scope="col">Recipient</th><th scope="col">Rule</th><th scope="col">Due</th><th scope="col">Clock</th><th scope="col">Decision</th><th scope="col">State</th><th scope="col">Actions</th></tr></thead>
<tbody>${shown.map((x) => obligationRow(c, i, x, o.drafts.get(x.id), o.now))}</tbody></table>`}</section>
${c.canEdit ? html`<section aria-labelledby="classify-title"><h2 id="classify-title">Breach or not</h2>
<form method="post" action="${c.base}/incidents/${i.id}/classify">${csrfField(c.user.csrfToken)}
<fieldset><legend>Is it a personal data breach?</legend><div class="check"><input type="radio" id="f-isBreach-yes" name="isBreach" value="true"${i.is_breach === 1 ? html` checked` : null}><label for="f-isBreach-yes">Yes</label></div>
<div class="check"><input type="radio" id="f-isBreach-no" name="isBreach" value="false"${i.is_breach === 0 ? html` checked` : null}><label for="f-isBreach-no">No</label></div></fieldset>
${selectField({ name: 'highRisk', label: 'High risk to the people (Art 34)', options: [['true', 'Yes'], ['false', 'No']], value: i.high_risk === null ? '' : i.high_risk === 1 ? 'true' : 'false', blank: 'Not assessed yet' })}
${textArea({ name: 'reason', label: 'Reason', required: true, value: '', rows: 2, error: o.errors?.reason })}
<button type="submit">Record the decision</button></form></section>
<section aria-labelledby="scope-title"><h2 id="scope-title">Scope on the data map</h2>
<p class="hint">The customers affected are those whose data these touched as things stood when the incident started.</p>
<form method="post" action="${c.base}/incidents/${i.id}/scope">${csrfField(c.user.csrfToken)}
${checkboxGroup({ name: 'entities', legend: 'Sub-processors', options: o.options.entities, values: inScope('entity') })}
${checkboxGroup({ name: 'regions', legend: 'Regions', options: o.options.regions, values: inScope('region') })}
${checkboxGroup({ name: 'services', legend: 'Services', options: o.options.services, values: inScope('service') })}
<button type="submit">Save the scope</button></form></section>` : null}
<section aria-labelledby="filings-title"><h2 id="filings-title">Filings</h2>
${o.filings.length === 0 ? html`<p>Nothing sent yet.</p>` : html`<table><caption class="sr-only">Filings</caption><thead><tr><th scope="col">Sent</th><th scope="col">Phase</th><th scope="col">Channel</th><th scope="col">To</th><th scope="col">By</th><th scope="col">Reference</th></tr></thead>
<tbody>${o.filings.map((f) => html`<tr><td>${when(f.sent_at)}</td><td>${f.phase}</td><td>${f.channel.replace(/_/g, ' ')}</td><td>${f.sent_to}</td><td>${f.sent_by}</td><td>${orDash(f.reference)}</td></tr>`)}</tbody></table>`}</section>
<section aria-labelledby="timeline-title"><h2 id="timeline-title">Timeline</h2>
<ol>${o.events.map((e) => html`<li>${when(e.at)} — ${e.kind.replace(/_/g, ' ')} by ${e.actor_label}${e.note ? html`: ${e.note}` : null}</li>`)}</ol>
${c.canEdit ? html`<form method="post" action="${c.base}/incidents/${i.id}/notes">${csrfField(c.user.csrfToken)}${textArea({ name: 'note', label: 'Add to the timeline', required: true, value: '', rows: 2, error: o.errors?.note })}<button type="submit">Add</button></form>` : null}</section>`;
}
