import type { LegalHoldView } from '../../modules/requests/exemptions/legal-holds.ts';
import type { RetentionRuleView } from '../../modules/requests/exemptions/retention-rules.ts';
import type { SystemView } from '../../modules/requests/systems/manage-systems.ts';
import { csrfField, errorSummary, type FormErrors, selectField, textArea, textField } from '../views/forms.ts';
import { html, type SafeHtml } from '../views/html.ts';
import { type Console, type FormValues, notice, one, when } from './console.ts';

export interface SetupPage {
  systems: SystemView[];
  rules: RetentionRuleView[];
  holds: LegalHoldView[];
  customers: Array<[string, string]>;
  failed?: { form: 'system' | 'rule' | 'hold'; errors: FormErrors; values: FormValues };
  q: Record<string, string>;
}

const scopeOf = (r: RetentionRuleView): string => {
  const a = r.appliesTo;
  return [a.collections?.length ? `collections ${a.collections.join(', ')}` : '', a.dataCategories?.length ? `categories ${a.dataCategories.join(', ')}` : '',
    a.where ? `${a.where.field} = ${String(a.where.equals)}` : '', r.retainFor ? `younger than ${r.retainFor} by ${a.ageField ?? '?'}` : ''].filter(Boolean).join('; ') || 'every row';
};

/** Where requests are fulfilled, what erasure keeps and why, and who is on legal hold. */
export function requestsSetupBody(c: Console, p: SetupPage): SafeHtml {
  const f = p.failed;
  const v = (form: string, k: string) => (f?.form === form ? one(f.values[k]) : '');
  const e = (form: string) => (f?.form === form ? f.errors : {});
  const customerName = new Map(p.customers);
  const button = (action: string, label: string, aria: string) => html`<form method="post" action="${c.base}/requests/setup/${action}" class="inline">${csrfField(c.user.csrfToken)}<button type="submit" aria-label="${aria}">${label}</button></form>`;
  return html`<p><a href="${c.base}/requests">All requests</a></p>
<h1>Request fulfilment: systems, exceptions and holds</h1>
${p.q.done ? notice(`Done: ${p.q.done.replace(/-/g, ' ')}.`) : null}
<h2 id="systems">Systems</h2>
<p>Databases and services that hold personal data, described by a Fides dataset. Connections are references to the environment (<code>env:NAME</code>) or the secrets file (<code>secret:NAME</code>): passwords are never stored here.</p>
${p.systems.length ? html`<div class="table-scroll" tabindex="0" role="region" aria-label="Systems"><table><caption>Systems searched for requests</caption>
<thead><tr><th scope="col">Name</th><th scope="col">Whose data</th><th scope="col">Connection</th><th scope="col">Collections</th>${c.canEdit ? html`<th scope="col">Actions</th>` : null}</tr></thead>
<tbody>${p.systems.map((s) => html`<tr><th scope="row">${s.name}</th><td>${s.customerId ? customerName.get(s.customerId) ?? 'A customer' : c.workspace.name}</td><td><code>${s.connectionRef}</code></td><td>${s.collections.join(', ')}</td>
${c.canEdit ? html`<td>${button(`systems/${s.id}/remove`, 'Remove', `Remove the system ${s.name}`)}</td>` : null}</tr>`)}</tbody></table></div>` : html`<p>No system yet: requests can be answered only by hand.</p>`}
${c.canEdit ? html`<form method="post" action="${c.base}/requests/setup/systems" aria-labelledby="add-system-h">${csrfField(c.user.csrfToken)}
<h3 id="add-system-h">Add a system</h3>${f?.form === 'system' ? errorSummary(f.errors) : null}
${textField({ name: 'name', label: 'Name', required: true, value: v('system', 'name'), error: e('system').name })}
${selectField({ name: 'customerId', label: 'Whose data it holds', value: v('system', 'customerId'), error: e('system').customerId, blank: `${c.workspace.name} (our own)`, options: p.customers, hint: 'A customer’s system is searched only for requests that customer instructs.' })}
${textField({ name: 'connection', label: 'Connection', required: true, value: v('system', 'connection'), error: e('system').connection, hint: 'env:NAME, secret:NAME, sqlite:/path/to/file.db, or http:/path/to/connector.yml' })}
${textArea({ name: 'dataset', label: 'Fides dataset (YAML)', required: true, value: v('system', 'dataset'), error: e('system').dataset, rows: 10 })}
<button type="submit">Add the system</button></form>` : null}

<h2 id="exceptions">Retention exceptions</h2>
<p>Rows an erasure leaves as they are, with the legal basis the requester is told. Each withheld row is listed on its request.</p>
${p.rules.length ? html`<div class="table-scroll" tabindex="0" role="region" aria-label="Retention exceptions"><table><caption>Retention exceptions</caption>
<thead><tr><th scope="col">Exception</th><th scope="col">Legal basis</th><th scope="col">Keeps</th><th scope="col">Active</th>${c.canEdit ? html`<th scope="col">Actions</th>` : null}</tr></thead>
<tbody>${p.rules.map((r) => html`<tr><th scope="row">${r.label} <small>(${r.key})</small></th><td>${r.legalBasis}</td><td>${scopeOf(r)}</td><td>${r.active ? 'Yes' : 'No'}</td>
${c.canEdit ? html`<td>${button(`rules/${r.id}/${r.active ? 'deactivate' : 'activate'}`, r.active ? 'Deactivate' : 'Activate', `${r.active ? 'Deactivate' : 'Activate'} ${r.label}`)}</td>` : null}</tr>`)}</tbody></table></div>` : html`<p>No exception: erasure erases every row it reaches.</p>`}
${c.canEdit ? html`<div class="actions">${button('rules/adopt-defaults', 'Add the usual exceptions', 'Add the usual exceptions: network logs, fraud, terms violations, legal retention')}</div>
<form method="post" action="${c.base}/requests/setup/rules" aria-labelledby="add-rule-h">${csrfField(c.user.csrfToken)}
<h3 id="add-rule-h">Add an exception</h3>${f?.form === 'rule' ? errorSummary(f.errors) : null}
${textField({ name: 'key', label: 'Key', required: true, value: v('rule', 'key'), error: e('rule').key, hint: 'Lower-case letters, digits and hyphens, e.g. chargebacks.' })}
${textField({ name: 'label', label: 'Name', required: true, value: v('rule', 'label'), error: e('rule').label })}
${textArea({ name: 'legalBasis', label: 'Legal basis', required: true, value: v('rule', 'legalBasis'), error: e('rule').legalBasis, hint: 'E.g. GDPR Art 17(3)(b): a legal obligation to keep accounting records.' })}
${textField({ name: 'collections', label: 'Collections', value: v('rule', 'collections'), error: e('rule').collections, hint: '<fides_key>:<collection>, separated by commas; empty: any.' })}
${textField({ name: 'dataCategories', label: 'Data categories', value: v('rule', 'dataCategories'), error: e('rule').dataCategories, hint: 'Fideslang keys, e.g. user.financial; empty: any.' })}
${textField({ name: 'whereField', label: 'Only rows whose field…', value: v('rule', 'whereField'), error: e('rule').whereField })}
${textField({ name: 'whereEquals', label: '…equals', value: v('rule', 'whereEquals'), error: e('rule').whereEquals })}
${textField({ name: 'ageField', label: 'Date field of the row', value: v('rule', 'ageField'), error: e('rule').ageField })}
${textField({ name: 'retainFor', label: 'Kept for', value: v('rule', 'retainFor'), error: e('rule').retainFor, hint: 'ISO 8601 period from the date field, e.g. P12M or P10Y; empty: as long as the rule is active.' })}
<button type="submit">Add the exception</button></form>` : null}

<h2 id="holds">Legal holds</h2>
<p>A hold stops every erasure of that person’s data. When it is released, erasures it stopped run again by themselves.</p>
${p.holds.length ? html`<div class="table-scroll" tabindex="0" role="region" aria-label="Legal holds"><table><caption>Legal holds</caption>
<thead><tr><th scope="col">Person</th><th scope="col">Reason</th><th scope="col">Placed</th><th scope="col">Released</th>${c.canEdit ? html`<th scope="col">Actions</th>` : null}</tr></thead>
<tbody>${p.holds.map((h) => html`<tr><th scope="row">${h.subjectEmail}</th><td>${h.reason}</td><td>${when(h.placedAt)} by ${h.placedBy}</td><td>${h.releasedAt ? html`${when(h.releasedAt)} by ${h.releasedBy ?? ''}` : '—'}</td>
${c.canEdit ? html`<td>${h.active ? button(`holds/${h.id}/release`, 'Release', `Release the hold on ${h.subjectEmail}`) : null}</td>` : null}</tr>`)}</tbody></table></div>` : html`<p>No legal hold.</p>`}
${c.canEdit ? html`<form method="post" action="${c.base}/requests/setup/holds" aria-labelledby="add-hold-h">${csrfField(c.user.csrfToken)}
<h3 id="add-hold-h">Place a hold</h3>${f?.form === 'hold' ? errorSummary(f.errors) : null}
${textField({ name: 'email', label: 'E-mail address of the person', type: 'email', required: true, value: v('hold', 'email'), error: e('hold').email, autocomplete: 'off' })}
${textArea({ name: 'reason', label: 'Reason', required: true, value: v('hold', 'reason'), error: e('hold').reason, hint: 'E.g. the litigation or the authority’s order that requires keeping the data.' })}
<button type="submit">Place the hold</button></form>` : null}`;
}
