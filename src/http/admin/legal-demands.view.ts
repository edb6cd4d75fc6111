/** Console views of legal demands (IN2): the register, the form, and one demand with its customers, timeline and actions. */
import type { CustomerView } from '../../modules/customers/customers.queries.ts';
import type { LegalDemandView } from '../../modules/legal-demands/legal-demands.queries.ts';
import { AUTHORITY_TYPE_LABELS, AUTHORITY_TYPES, DEMAND_OUTCOMES, NOTICE_LABELS, OUTCOME_LABELS, STATUS_LABELS } from '../../modules/legal-demands/legal-demands.ts';
import { countryName } from '../../modules/vocab/vocab.ts';
import { checkbox, checkboxGroup, csrfField, errorSummary, type FormErrors, selectField, textArea, textField } from '../views/forms.ts';
import { html, type SafeHtml } from '../views/html.ts';
import { type Console, flash, type FormValues, many, notice, one, orDash, when } from './console.ts';
import { COUNTRY_OPTIONS } from './country-options.ts';

const LABELS: Record<string, string> = {
  reference: "Authority's reference", authorityName: 'Authority', authorityType: 'Type of authority', country: 'Country', legalBasis: 'Legal basis', scope: 'Scope',
  receivedAt: 'Received on', deadline: 'Deadline', customerIds: 'Customers concerned', prohibited: 'Non-disclosure order', prohibitionReference: 'Order reference',
  prohibitionEndsOn: 'Prohibition ends on', notes: 'Challenge', outcome: 'Outcome', disclosed: 'What was disclosed',
};

const EVENT_LABELS: Record<string, string> = {
  registered: 'Registered', updated: 'Updated', customers_notified: 'Customers notified', notice_held: 'Notice held (non-disclosure order)',
  notice_released: 'Held notice sent', notice_unreachable: 'Not sent: the customer has no contact or webhook (add one, then save the demand)', prohibition_lifted: 'Prohibition lifted', challenged: 'Challenge recorded', outcome_recorded: 'Outcome recorded',
};

/** The prohibition in words, never by colour alone. */
function prohibitionText(d: LegalDemandView): string {
  const p = d.prohibition;
  if (!p.prohibited) return 'None';
  if (p.liftedAt) return `Lifted on ${p.liftedAt.slice(0, 10)}`;
  if (!p.inForce) return `Ended on ${p.endsOn}`;
  return p.endsOn ? `In force until ${p.endsOn}` : 'In force, indefinitely';
}

const noticeSummary = (d: LegalDemandView): string => {
  if (d.customers.length === 0) return 'No customer';
  const held = d.customers.filter((c) => c.noticeState === 'held').length;
  const sent = d.customers.filter((c) => c.noticeState === 'sent').length;
  return [sent ? `${sent} notified` : '', held ? `${held} held` : '', d.customers.length - sent - held ? `${d.customers.length - sent - held} not sent` : ''].filter(Boolean).join(', ');
};

/** The register, newest received first. */
export function demandListBody(c: Console, o: { demands: LegalDemandView[]; q: Record<string, string> }): SafeHtml {
  return html`<h1>Legal demands</h1>
${flash(o.q, 'Legal demand')}
<p>Demands from authorities for the data you process for customers (DPA: “promptly notify the Customer … unless prohibited”). Each customer concerned is told at once unless a non-disclosure order forbids it; a held notice goes out by itself when the order ends. The public <a href="/w/${c.workspace.slug}/transparency">transparency report</a> counts them per half-year.</p>
<p><a class="button" href="${c.base}/legal-demands/new">Register a demand</a></p>
${o.demands.length === 0 ? html`<p>No legal demands registered.</p>` : html`<table><caption class="sr-only">Legal demands</caption>
<thead><tr><th scope="col">Authority</th><th scope="col">Received</th><th scope="col">Deadline</th><th scope="col">Status</th><th scope="col">Non-disclosure order</th><th scope="col">Customers</th></tr></thead>
<tbody>${o.demands.map((d) => html`<tr><th scope="row"><a href="${c.base}/legal-demands/${d.id}">${d.authorityName}</a><br><span class="muted">${d.authorityTypeLabel}, ${countryName(d.country)}</span></th>
<td>${d.receivedAt.slice(0, 10)}</td><td>${orDash(d.deadline)}</td><td>${STATUS_LABELS[d.status]}${d.outcomeLabel ? html`<br>${d.outcomeLabel}` : null}</td><td>${prohibitionText(d)}</td><td>${noticeSummary(d)}</td></tr>`)}</tbody></table>`}`;
}

/** Form values of an existing demand. */
export const demandValues = (d: LegalDemandView): FormValues => ({
  reference: d.reference ?? '', authorityName: d.authorityName, authorityType: d.authorityType, country: d.country, legalBasis: d.legalBasis, scope: d.scope,
  receivedAt: d.receivedAt.slice(0, 10), deadline: d.deadline ?? '', customerIds: d.customers.map((x) => x.customerId),
  // A lifted order stays recorded (saving keeps it lifted): unticking would erase its reference and dates.
  prohibited: d.prohibition.prohibited ? 'true' : '', prohibitionReference: d.prohibition.reference ?? '', prohibitionEndsOn: d.prohibition.endsOn ?? '',
  liftedOn: d.prohibition.liftedAt?.slice(0, 10) ?? '',
});

/** The register/edit form; `id` is set when editing. */
export function demandFormBody(c: Console, o: { id?: string; values: FormValues; errors: FormErrors; customers: CustomerView[] }): SafeHtml {
  const v = (k: string) => one(o.values[k]);
  const e = o.errors;
  const back = o.id ? `${c.base}/legal-demands/${o.id}` : `${c.base}/legal-demands`;
  return html`<h1>${o.id ? 'Edit legal demand' : 'Register a legal demand'}</h1>
${errorSummary(e, LABELS)}
<form method="post" action="${o.id ? `${c.base}/legal-demands/${o.id}` : `${c.base}/legal-demands`}">${csrfField(c.user.csrfToken)}
<fieldset><legend>The demand</legend>
${textField({ name: 'authorityName', label: 'Authority', required: true, value: v('authorityName'), error: e.authorityName, hint: 'Who sent it, e.g. Parquet de Paris, US District Court for the Northern District of California.' })}
${selectField({ name: 'authorityType', label: 'Type of authority', required: true, options: AUTHORITY_TYPES.map((t): [string, string] => [t, AUTHORITY_TYPE_LABELS[t]]), value: v('authorityType'), error: e.authorityType, blank: 'Choose a type' })}
${selectField({ name: 'country', label: 'Country', required: true, options: [...COUNTRY_OPTIONS], value: v('country'), error: e.country, blank: 'Choose a country', hint: 'The jurisdiction the authority acts in.' })}
${textField({ name: 'reference', label: "Authority's reference", value: v('reference'), error: e.reference, hint: 'Case or order number, if any.' })}
${textArea({ name: 'legalBasis', label: 'Legal basis', required: true, value: v('legalBasis'), error: e.legalBasis, rows: 2, hint: 'The law or order the demand relies on.' })}
${textArea({ name: 'scope', label: 'Scope', required: true, value: v('scope'), error: e.scope, rows: 3, hint: 'What is demanded: accounts, categories of data, period.' })}
${textField({ name: 'receivedAt', label: 'Received on', type: 'date', required: true, value: v('receivedAt'), error: e.receivedAt, hint: 'YYYY-MM-DD, not in the future.' })}
${textField({ name: 'deadline', label: 'Deadline', type: 'date', value: v('deadline'), error: e.deadline, hint: 'When the authority wants an answer, if it says.' })}
</fieldset>
${checkboxGroup({ name: 'customerIds', legend: 'Customers concerned', options: o.customers.map((x): [string, string] => [x.id, x.name]), values: many(o.values.customerIds), error: e.customerIds, hint: 'Each is told by e-mail to its contacts and by a signed webhook, unless a non-disclosure order forbids it.' })}
<fieldset><legend>Non-disclosure order</legend>
${checkbox({ name: 'prohibited', label: 'The demand forbids telling the customers (their notice is held)', checked: v('prohibited') === 'true' || v('prohibited') === 'on' })}
${v('liftedOn') ? html`<p class="hint">This order was lifted on ${v('liftedOn')}; it stays recorded as lifted.</p><input type="hidden" name="liftedOn" value="${v('liftedOn')}">` : null}
${e.prohibited ? html`<p class="error" id="prohibited-error">Non-disclosure order: ${e.prohibited}</p>` : null}
${textField({ name: 'prohibitionReference', label: 'Order reference', value: v('prohibitionReference'), error: e.prohibitionReference, hint: "Where the order's text is kept." })}
${textField({ name: 'prohibitionEndsOn', label: 'Prohibition ends on', type: 'date', value: v('prohibitionEndsOn'), error: e.prohibitionEndsOn, hint: 'Empty: indefinite. On this date the held notices go out by themselves.' })}
</fieldset>
<button type="submit">${o.id ? 'Save demand' : 'Register demand'}</button> <a href="${back}">Cancel</a>
</form>`;
}

const detailLine = (detail: Record<string, unknown>): string => {
  const parts: string[] = [];
  for (const key of ['customerIds', 'customersAdded', 'customersRemoved']) {
    const ids = detail[key];
    if (Array.isArray(ids) && ids.length) parts.push(`${key === 'customersRemoved' ? 'removed' : key === 'customersAdded' ? 'added' : 'customers'}: ${ids.length}`);
  }
  if (typeof detail.until === 'string') parts.push(`until ${detail.until}`);
  if (typeof detail.outcome === 'string') parts.push(OUTCOME_LABELS[detail.outcome as keyof typeof OUTCOME_LABELS] ?? detail.outcome);
  if (typeof detail.notes === 'string') parts.push(detail.notes);
  if (typeof detail.disclosed === 'string') parts.push(`disclosed: ${detail.disclosed}`);
  return parts.join('; ');
};

/** One demand: its fields, the customers with their notice state, the timeline and the actions. */
export function demandDetailBody(c: Console, o: { demand: LegalDemandView; q: Record<string, string>; values?: FormValues; errors?: FormErrors }): SafeHtml {
  const d = o.demand;
  const e = o.errors ?? {};
  const v = (k: string) => one(o.values?.[k]);
  const q = o.q;
  const open = d.status !== 'closed';
  return html`<h1>Legal demand from ${d.authorityName}</h1>
${flash(q, 'Legal demand')}${q.challenged ? notice('Challenge recorded.') : null}${q.closed ? notice('Outcome recorded.') : null}${q.lifted ? notice('Prohibition lifted; the held notices are sent.') : null}
<p><a href="${c.base}/legal-demands">All legal demands</a> · <a href="${c.base}/legal-demands/${d.id}/edit">Edit</a></p>
<dl><dt>Type of authority</dt><dd>${d.authorityTypeLabel}</dd><dt>Country</dt><dd>${countryName(d.country)} (${d.country})</dd>
<dt>Authority's reference</dt><dd>${orDash(d.reference)}</dd><dt>Legal basis</dt><dd>${d.legalBasis}</dd><dt>Scope</dt><dd>${d.scope}</dd>
<dt>Received</dt><dd>${when(d.receivedAt)}</dd><dt>Deadline</dt><dd>${orDash(d.deadline)}</dd>
<dt>Status</dt><dd>${STATUS_LABELS[d.status]}${d.outcomeLabel ? html` — ${d.outcomeLabel}` : null}</dd>
${d.disclosed ? html`<dt>What was disclosed</dt><dd>${d.disclosed}</dd>` : null}
${d.challengeNotes ? html`<dt>Challenge</dt><dd>${d.challengeNotes}</dd>` : null}
<dt>Non-disclosure order</dt><dd>${prohibitionText(d)}${d.prohibition.reference ? html`<br><span class="muted">Order: ${d.prohibition.reference}</span>` : null}</dd></dl>
${d.prohibition.inForce ? html`<form method="post" action="${c.base}/legal-demands/${d.id}/lift">${csrfField(c.user.csrfToken)}<button type="submit">Lift the prohibition and notify now</button></form>` : null}
<section aria-labelledby="customers-title"><h2 id="customers-title">Customers concerned</h2>
${d.customers.length === 0 ? html`<p>No customer.</p>` : html`<table><caption class="sr-only">Customers concerned and their notice</caption>
<thead><tr><th scope="col">Customer</th><th scope="col">Notice</th><th scope="col">Notified</th></tr></thead>
<tbody>${d.customers.map((x) => html`<tr><th scope="row"><a href="${c.base}/customers/${x.customerId}">${x.name}</a></th><td>${NOTICE_LABELS[x.noticeState]}</td><td>${when(x.notifiedAt)}</td></tr>`)}</tbody></table>`}
</section>
${open ? html`<section aria-labelledby="actions-title"><h2 id="actions-title">Record a step</h2>
${errorSummary(e, LABELS)}
<form method="post" action="${c.base}/legal-demands/${d.id}/challenge">${csrfField(c.user.csrfToken)}
<fieldset><legend>Challenge</legend>
${textArea({ name: 'notes', label: 'How the demand is challenged', required: true, value: v('notes'), error: e.notes, rows: 3 })}
<button type="submit">Record challenge</button></fieldset></form>
<form method="post" action="${c.base}/legal-demands/${d.id}/outcome">${csrfField(c.user.csrfToken)}
<fieldset><legend>Outcome and disclosure</legend>
${selectField({ name: 'outcome', label: 'Outcome', required: true, options: DEMAND_OUTCOMES.map((x): [string, string] => [x, OUTCOME_LABELS[x]]), value: v('outcome'), error: e.outcome, blank: 'Choose an outcome' })}
${textArea({ name: 'disclosed', label: 'What was disclosed', value: v('disclosed'), error: e.disclosed, rows: 3, hint: 'Required when data was disclosed: a description, never the data itself.' })}
<button type="submit">Record outcome and close</button></fieldset></form></section>` : null}
<section aria-labelledby="timeline-title"><h2 id="timeline-title">Timeline</h2>
<ol class="timeline">${d.timeline.map((t) => html`<li>${when(t.at)} — ${EVENT_LABELS[t.kind] ?? t.kind} <span class="muted">(${t.actor})</span>${detailLine(t.detail) ? html`: ${detailLine(t.detail)}` : null}</li>`)}</ol>
</section>`;
}
