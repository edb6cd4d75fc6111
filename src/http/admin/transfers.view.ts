import { TRANSFER_STATUS_LABELS } from '../../modules/transfers/assess-transfer.ts';
import type { OperatorFinding, TransferCheck } from '../../modules/transfers/operator-findings.ts';
import { REGIME_LABELS, type Regime } from '../../modules/transfers/transfer-rules.ts';
import { SCC_MODULE_LABELS, SCC_MODULES, TIA_OUTCOME_LABELS, TIA_OUTCOMES, type TransferRecordView } from '../../modules/transfers/transfer-records.ts';
import { countryName } from '../../modules/vocab/vocab.ts';
import { csrfField, errorSummary, type FormErrors, selectField, textArea, textField } from '../views/forms.ts';
import { html, type SafeHtml } from '../views/html.ts';
import { type Console, type FormValues, notice, one } from './console.ts';

const sentence = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Where the record form of one transfer lives. */
export const recordPath = (c: Console, engagementId: string, country: string) => `${c.base}/transfers/${engagementId}/${country}`;

/** The operator's to-dos in words, never as colour alone. */
export function findingsList(findings: OperatorFinding[]): SafeHtml {
  return findings.length === 0 ? html`None` : html`<ul class="plain">${findings.map((f) => html`<li><strong>${f.message}</strong></li>`)}</ul>`;
}

function recordSummary(r: TransferRecordView | null): SafeHtml {
  if (!r) return html`<span class="muted">Nothing on file</span>`;
  const parts = [
    r.sccModule ? SCC_MODULE_LABELS[r.sccModule] : null,
    r.tiaDocument ? `TIA ${r.tiaDate ?? 'undated'}${r.tiaOutcome ? ` (${TIA_OUTCOME_LABELS[r.tiaOutcome].toLowerCase()})` : ''}` : null,
    r.dpfCertificateUrl ? `DPF certificate${r.dpfCheckedOn ? ` checked ${r.dpfCheckedOn}` : ', never checked'}` : null,
  ].filter((p): p is string => p !== null);
  return html`${parts.length ? parts.join('; ') : 'A note only'}`;
}

/**
 * Every engagement × country outside the exporter's area: the engine's status and reasons, the
 * sentence customers read, the record on file and the operator's findings, with a link to the
 * record's form for editors.
 */
export function transfersBody(c: Console, o: { date: string; regime: Regime; exporterCountry: string | null; checks: TransferCheck[]; flashQuery: Record<string, string> }): SafeHtml {
  const open = o.checks.filter((x) => x.operatorFindings.length > 0).length;
  const q = o.flashQuery;
  return html`<h1>Transfers</h1>
${q.saved === '1' ? notice('Transfer record saved.') : null}${q.deleted === '1' ? notice('Transfer record deleted.') : null}
<p>Every engagement, for each country outside ${o.regime === 'eu' ? 'the EEA' : o.regime === 'uk' ? 'the United Kingdom' : 'Switzerland'}, assessed on ${o.date} under ${REGIME_LABELS[o.regime]}: ${o.exporterCountry
    ? html`your organisation is in ${countryName(o.exporterCountry)}.`
    : html`your organisation's country is not set, so it is read as an exporter in the EEA (<a href="${c.base}/settings">Settings</a>).`}
Customers only ever read the column “For customers”; the status, the reasons and the findings are for you.</p>
<p role="status">${o.checks.length} ${o.checks.length === 1 ? 'transfer' : 'transfers'}, ${open} with findings.</p>
${o.checks.length === 0 ? html`<p>No engagement sends data outside ${o.regime === 'eu' ? 'the EEA' : 'your country'}.</p>` : html`<table><caption>Transfers and what is on file</caption>
<thead><tr><th scope="col">Sub-processor</th><th scope="col">Purpose</th><th scope="col">Country</th><th scope="col">Status</th><th scope="col">For customers</th><th scope="col">Why</th><th scope="col">On file</th><th scope="col">Findings</th>${c.canEdit ? html`<th scope="col">Actions</th>` : null}</tr></thead>
<tbody>${o.checks.map(({ finding: f, record, operatorFindings }) => {
    const status = sentence(TRANSFER_STATUS_LABELS[f.status]);
    return html`<tr><th scope="row"><a href="${c.base}/engagements/${f.engagementId}/edit">${f.entityName}</a></th><td>${f.purpose}</td><td>${countryName(f.country)}</td>
<td>${f.status === 'no_valid_basis' ? html`<strong>${status}</strong>` : status}</td><td>${f.customerFact}</td><td>${[...f.reasons, ...f.warnings].join(' ')}</td>
<td>${recordSummary(record)}</td><td>${findingsList(operatorFindings)}</td>${c.canEdit ? html`<td><a href="${recordPath(c, f.engagementId, f.country)}">${record ? 'Edit record' : 'Add record'}<span class="sr-only"> of ${f.entityName} to ${countryName(f.country)}</span></a></td>` : null}</tr>`;
  })}</tbody></table>`}`;
}

/** Form values of a stored record. */
export const recordValues = (r: TransferRecordView | null): FormValues => ({
  sccModule: r?.sccModule ?? '', dpfCertificateUrl: r?.dpfCertificateUrl ?? '', dpfCheckedOn: r?.dpfCheckedOn ?? '',
  tiaDocument: r?.tiaDocument ?? '', tiaDate: r?.tiaDate ?? '', tiaOutcome: r?.tiaOutcome ?? '', note: r?.note ?? '',
});

/** The record form of one transfer, with what the engine and the findings say about it. */
export function recordFormBody(c: Console, o: { check: TransferCheck; values: FormValues; errors: FormErrors; today: string }): SafeHtml {
  const { finding: f, record } = o.check;
  const v = (k: string) => one(o.values[k]);
  const where = `${f.entityName} to ${countryName(f.country)}`;
  return html`<h1>Transfer record: ${where}</h1>
<p><a href="${c.base}/transfers">All transfers</a></p>
<dl><dt>Purpose</dt><dd>${f.purpose}</dd>
<dt>Status on ${o.today}</dt><dd>${sentence(TRANSFER_STATUS_LABELS[f.status])}</dd>
<dt>For customers</dt><dd>${f.customerFact}</dd>
<dt>Findings</dt><dd>${findingsList(o.check.operatorFindings)}</dd></dl>
${errorSummary(o.errors)}
<form method="post" action="${recordPath(c, f.engagementId, f.country)}">${csrfField(c.user.csrfToken)}
<fieldset><legend>Clauses</legend>
${selectField({ name: 'sccModule', label: 'Clauses signed', options: SCC_MODULES.map((m): [string, string] => [m, SCC_MODULE_LABELS[m]]), value: v('sccModule'), error: o.errors.sccModule, blank: 'None recorded', hint: 'The module of the 2021 clauses, or the UK or Swiss instrument.' })}
</fieldset>
<fieldset><legend>Transfer impact assessment</legend>
${textField({ name: 'tiaDocument', label: 'Document', value: v('tiaDocument'), error: o.errors.tiaDocument, hint: 'Its address or name.' })}
${textField({ name: 'tiaDate', label: 'Date', type: 'date', value: v('tiaDate'), error: o.errors.tiaDate, hint: `YYYY-MM-DD, not after today (${o.today}).` })}
${selectField({ name: 'tiaOutcome', label: 'Outcome', options: TIA_OUTCOMES.map((t): [string, string] => [t, TIA_OUTCOME_LABELS[t]]), value: v('tiaOutcome'), error: o.errors.tiaOutcome, blank: 'Not recorded', hint: 'Needs the date.' })}
</fieldset>
<fieldset><legend>Data Privacy Framework</legend>
${textField({ name: 'dpfCertificateUrl', label: 'Certificate address', type: 'url', value: v('dpfCertificateUrl'), error: o.errors.dpfCertificateUrl, hint: "The importer's entry on the Data Privacy Framework list (http or https)." })}
${textField({ name: 'dpfCheckedOn', label: 'Last checked on', type: 'date', value: v('dpfCheckedOn'), error: o.errors.dpfCheckedOn, hint: 'YYYY-MM-DD; a check older than 12 months is a finding.' })}
</fieldset>
${textArea({ name: 'note', label: 'Note', value: v('note'), error: o.errors.note, rows: 3 })}
<button type="submit">Save record</button> <a href="${c.base}/transfers">Cancel</a>
</form>
${record ? html`<form method="post" action="${recordPath(c, f.engagementId, f.country)}/delete">${csrfField(c.user.csrfToken)}<button type="submit" class="danger">Delete record</button></form>` : null}`;
}
