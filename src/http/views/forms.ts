/**
 * Accessible form controls: every control has a label; an error is shown next to its field,
 * linked with aria-describedby, and the field is marked aria-invalid.
 */
import type { FieldIssue } from '../../shared/errors.ts';
import { html, type SafeHtml } from './html.ts';

export type FormErrors = Record<string, string>;

/** Turns a validation error's field list into { field: message } (first message per field; `x[2]` → `x`). */
export function errorsByField(issues: FieldIssue[] | undefined): FormErrors {
  const out: FormErrors = {};
  for (const i of issues ?? []) {
    const key = i.field.replace(/\[.*$/, '');
    out[key] ??= i.field === key ? i.message : `${i.field.slice(key.length)} ${i.message}`;
  }
  return out;
}

interface FieldOpts {
  name: string;
  label: string;
  value?: string | null;
  error?: string;
  hint?: string;
  required?: boolean;
  type?: 'text' | 'email' | 'password' | 'url' | 'date';
  autocomplete?: string;
}

const describedBy = (o: { name: string; error?: string; hint?: string }) =>
  [o.hint ? `${o.name}-hint` : '', o.error ? `${o.name}-error` : ''].filter(Boolean).join(' ') || null;

function extras(o: FieldOpts): SafeHtml {
  return html`${o.hint ? html`<p class="hint" id="${o.name}-hint">${o.hint}</p>` : null}${o.error ? html`<p class="error" id="${o.name}-error">${o.label}: ${o.error}</p>` : null}`;
}

function attrs(o: FieldOpts): SafeHtml {
  const d = describedBy(o);
  return html`id="f-${o.name}" name="${o.name}"${o.required ? html` required` : null}${o.error ? html` aria-invalid="true"` : null}${d ? html` aria-describedby="${d}"` : null}${o.autocomplete ? html` autocomplete="${o.autocomplete}"` : null}`;
}

export function textField(o: FieldOpts): SafeHtml {
  return html`<div class="field${o.error ? ' has-error' : ''}"><label for="f-${o.name}">${o.label}${o.required ? ' (required)' : ''}</label>
<input type="${o.type ?? 'text'}" ${attrs(o)} value="${o.value ?? ''}">${extras(o)}</div>`;
}

export function textArea(o: FieldOpts & { rows?: number }): SafeHtml {
  return html`<div class="field${o.error ? ' has-error' : ''}"><label for="f-${o.name}">${o.label}${o.required ? ' (required)' : ''}</label>
<textarea ${attrs(o)} rows="${o.rows ?? 3}">${o.value ?? ''}</textarea>${extras(o)}</div>`;
}

export function selectField(o: FieldOpts & { options: Array<[string, string]>; blank?: string }): SafeHtml {
  return html`<div class="field${o.error ? ' has-error' : ''}"><label for="f-${o.name}">${o.label}${o.required ? ' (required)' : ''}</label>
<select ${attrs(o)}>${o.blank !== undefined ? html`<option value="">${o.blank}</option>` : null}${o.options.map(
    ([v, l]) => html`<option value="${v}"${v === (o.value ?? '') ? html` selected` : null}>${l}</option>`,
  )}</select>${extras(o)}</div>`;
}

/** A group of checkboxes submitting `name` once per checked box. */
export function checkboxGroup(o: { name: string; legend: string; options: Array<[string, string]>; values: string[]; error?: string; hint?: string }): SafeHtml {
  return html`<fieldset id="f-${o.name}" tabindex="-1" class="field${o.error ? ' has-error' : ''}"${describedBy(o) ? html` aria-describedby="${describedBy(o)}"` : null}><legend>${o.legend}</legend>
${o.options.length === 0 ? html`<p class="hint">None defined yet.</p>` : null}
${o.options.map(([v, l], i) => html`<div class="check"><input type="checkbox" id="f-${o.name}-${i}" name="${o.name}" value="${v}"${o.values.includes(v) ? html` checked` : null}><label for="f-${o.name}-${i}">${l}</label></div>`)}
${o.hint ? html`<p class="hint" id="${o.name}-hint">${o.hint}</p>` : null}${o.error ? html`<p class="error" id="${o.name}-error">${o.legend}: ${o.error}</p>` : null}</fieldset>`;
}

export function checkbox(o: { name: string; label: string; checked: boolean }): SafeHtml {
  return html`<div class="field check"><input type="checkbox" id="f-${o.name}" name="${o.name}" value="true"${o.checked ? html` checked` : null}><label for="f-${o.name}">${o.label}</label></div>`;
}

export const csrfField = (token: string): SafeHtml => html`<input type="hidden" name="_csrf" value="${token}">`;

/** A summary of all errors at the top of a form, focusable for screen readers; `labels` name fields in words (else the field's name). */
export function errorSummary(errors: FormErrors, labels: Record<string, string> = {}): SafeHtml | null {
  const entries = Object.entries(errors);
  if (!entries.length) return null;
  return html`<div class="error-summary" role="alert" tabindex="-1"><h2>Please correct ${entries.length === 1 ? 'this field' : 'these fields'}</h2><ul>${entries.map(
    ([f, m]) => html`<li><a href="#f-${f}">${labels[f] ?? f}: ${m}</a></li>`,
  )}</ul></div>`;
}
