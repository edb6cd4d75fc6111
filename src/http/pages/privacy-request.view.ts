/**
 * The public pages of a data-subject request: the form, the private status page behind the link
 * e-mailed to the requester (code, new code, answer a question, withdraw), the withdrawal
 * confirmation, the verification link's page and the pages for links that no longer work. Plain
 * HTML forms: everything works without JavaScript.
 */
import { REQUEST_TYPE_LABELS, REQUEST_TYPES } from '../../modules/requests/requests.ts';
import type { RequestFormFacts, RequesterView, VerifyLinkState } from '../../modules/requests/requests.present.ts';
import type { WorkspaceView } from '../../modules/workspaces/workspaces.ts';
import { errorSummary, type FormErrors, textArea, textField } from '../views/forms.ts';
import { html, type SafeHtml } from '../views/html.ts';
import { brandOf, layout } from '../views/layout.ts';

type Ws = Pick<WorkspaceView, 'slug' | 'name' | 'branding'>;

export const requestFormPath = (w: Pick<Ws, 'slug'>) => `/w/${encodeURIComponent(w.slug)}/privacy-request`;
export const statusPath = (w: Pick<Ws, 'slug'>, token: string) => `${requestFormPath(w)}/status/${encodeURIComponent(token)}`;
export const verifyPath = (w: Pick<Ws, 'slug'>, token: string) => `${requestFormPath(w)}/verify/${encodeURIComponent(token)}`;

/** The form's fields as typed (echoed back after an error). */
export const FORM_FIELDS = ['type', 'requester', 'name', 'email', 'agentName', 'agentEmail', 'authority', 'details', 'usesCompany', 'company'] as const;
export type RequestFormValues = Partial<Record<(typeof FORM_FIELDS)[number], string>>;

/** Words for the fields in the error summary. */
const FIELD_LABELS: Record<string, string> = {
  type: 'What you ask for', requester: 'Who you are asking for', name: 'Name', email: 'E-mail address', agentName: 'Your name (agent, parent or guardian)',
  agentEmail: 'Your e-mail address (agent, parent or guardian)', authority: 'What shows you may act for them', details: 'Details', usesCompany: 'Company question',
  company: 'Name of the company', code: 'Code', answer: 'Your answer',
};

const REQUESTER_LABELS: Array<[string, string]> = [
  ['self', 'Myself'], ['agent', 'Someone else, as their authorised agent'], ['parent', 'My child, as their parent or guardian'],
];

const NUMBER_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];
/** "1 month" → "one month"; larger numbers stay digits ("45 days"). */
export const inWords = (period: string) => period.replace(/^(\d+) /, (m, n: string) => (Number(n) <= 12 ? `${NUMBER_WORDS[Number(n)]} ` : m));

/** 2027-03-01 → "1 March 2027". */
export const longDate = (iso: string) =>
  new Date(`${iso}T12:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

const page = (w: Ws, title: string, body: SafeHtml, hasErrors = false) =>
  layout({ title: hasErrors ? `Error: ${title}` : title, brand: brandOf(w), body, head: html`<meta name="robots" content="noindex">` }).value;

/** A group of radio buttons in a fieldset with its legend; the error summary links to the fieldset. */
function radioGroup(o: { name: string; legend: string; options: Array<[string, string]>; value?: string; error?: string; hint?: string; required?: boolean }): SafeHtml {
  const described = [o.hint ? `${o.name}-hint` : '', o.error ? `${o.name}-error` : ''].filter(Boolean).join(' ');
  return html`<fieldset id="f-${o.name}" tabindex="-1" class="field${o.error ? ' has-error' : ''}"${described ? html` aria-describedby="${described}"` : null}><legend>${o.legend}${o.required ? ' (required)' : ''}</legend>
${o.hint ? html`<p class="hint" id="${o.name}-hint">${o.hint}</p>` : null}${o.error ? html`<p class="error" id="${o.name}-error">${o.legend}: ${o.error}</p>` : null}
${o.options.map(([v, l]) => html`<div class="check"><input type="radio" id="f-${o.name}-${v}" name="${o.name}" value="${v}"${o.value === v ? html` checked` : null}${o.required ? html` required` : null}><label for="f-${o.name}-${v}">${l}</label></div>`)}
</fieldset>`;
}

/** What happens after sending, in words from the workspace's regime. */
function nextSteps(w: Ws, f: RequestFormFacts): SafeHtml {
  return html`<section aria-labelledby="next-title"><h2 id="next-title">What happens next</h2>
<ol>
<li>We e-mail a code to the address you give (to your own address when you ask for someone else). Enter it on your request's page within ${f.codeValidHours} hours, or open the link in the e-mail and press "Confirm". This shows the address is yours; we do not ask for identity documents. Requests to object, to opt out or to withdraw consent need no code.</li>
<li>We answer within ${inWords(f.duePeriod)} of receiving your request (${f.regimeTitle}).${f.extendedPeriod ? ` If the request is complex, or we receive many, we may take up to ${inWords(f.extendedPeriod)} in total; we would tell you why within the first ${inWords(f.duePeriod).replace(/^one /, '')}.` : ''} Where we need the code or an answer from you first, the time may count from when we get it.</li>
<li>When someone asks for another person, we also check what shows they may act for them before we act.</li>
<li>On your request's private page you can follow it, answer our questions and withdraw it. The link to it is in our e-mail.</li>
</ol>
<p>We use what you write here only to answer your request. ${w.name} keeps a record of the request as the law requires.</p>
</section>`;
}

/** The request form; shown again with each error next to its field and the values kept. */
export function renderRequestFormPage(w: Ws, facts: RequestFormFacts, values: RequestFormValues = {}, errors: FormErrors = {}): string {
  const title = `Make a privacy request to ${w.name}`;
  const v = values;
  const body = html`<h1>${title}</h1>
<p>Use this form to exercise your rights over the personal data ${w.name} holds about you: to get a copy, correct it, delete it, limit or object to its use, or withdraw your consent.</p>
${errorSummary(errors, FIELD_LABELS)}
<form method="post" action="${requestFormPath(w)}" novalidate>
${radioGroup({ name: 'type', legend: 'What do you ask for?', options: REQUEST_TYPES.map((t) => [t, REQUEST_TYPE_LABELS[t]]), value: v.type, error: errors.type, required: true })}
<fieldset class="field"><legend>The person the request is about</legend>
${textField({ name: 'name', label: 'Name', autocomplete: 'name', value: v.name, error: errors.name, hint: 'Optional. If you ask for yourself, this is you.' })}
${textField({ name: 'email', label: 'E-mail address', type: 'email', autocomplete: 'email', required: true, value: v.email, error: errors.email, hint: `The address ${w.name} knows the person by: we look for their data with it.` })}
</fieldset>
${radioGroup({ name: 'requester', legend: 'Who are you asking for?', options: REQUESTER_LABELS, value: v.requester ?? 'self', error: errors.requester })}
<fieldset class="field"><legend>Only if you ask for someone else</legend>
<p class="hint">An authorised agent or a parent or guardian gives their own name and address: our messages, and the code, go to them.</p>
${textField({ name: 'agentName', label: 'Your name', autocomplete: 'name', value: v.agentName, error: errors.agentName })}
${textField({ name: 'agentEmail', label: 'Your e-mail address', type: 'email', autocomplete: 'email', value: v.agentEmail, error: errors.agentEmail })}
${textArea({ name: 'authority', label: 'What shows you may act for them', value: v.authority, error: errors.authority, hint: 'For example: a signed authorisation and how you can show it to us, or that you are the parent of a child under the age of consent.' })}
</fieldset>
${textArea({ name: 'details', label: 'Details', rows: 5, value: v.details, error: errors.details, hint: 'Optional. Anything that helps us find the data or understand the request, such as an account name or what to correct. Do not send identity documents.' })}
<fieldset id="f-usesCompany" tabindex="-1" class="field${errors.company ? ' has-error' : ''}"><legend>Do you use a service of a company that uses ${w.name}?</legend>
<p class="hint" id="usesCompany-hint">Many companies use ${w.name} to run their own services. If you are a customer or user of such a company, that company decides what happens to your data (it is the <em>controller</em>); ${w.name} only processes the data for it. We then pass your request on to that company, and it answers you.</p>
<div class="check"><input type="radio" id="f-usesCompany-no" name="usesCompany" value="no"${v.usesCompany !== 'yes' ? html` checked` : null} aria-describedby="usesCompany-hint"><label for="f-usesCompany-no">No, my request is about ${w.name} itself</label></div>
<div class="check"><input type="radio" id="f-usesCompany-yes" name="usesCompany" value="yes"${v.usesCompany === 'yes' ? html` checked` : null} aria-describedby="usesCompany-hint"><label for="f-usesCompany-yes">Yes, through a company (name it below)</label></div>
${textField({ name: 'company', label: 'Name of the company whose service you use', autocomplete: 'organization', value: v.company, error: errors.company })}
</fieldset>
${nextSteps(w, facts)}
<button type="submit">Send request</button>
</form>`;
  return page(w, title, body, Object.keys(errors).length > 0);
}

const NOTICES: Record<string, string> = {
  sent: 'Your request was sent. We have e-mailed you a code: enter it below to confirm your e-mail address.',
  verified: 'Thank you: your e-mail address is confirmed.',
  resent: 'We have e-mailed you a new code. Earlier codes no longer work.',
  answered: 'Thank you: your answer was sent.',
  withdrawn: 'Your request is withdrawn.',
};

export interface StatusForms {
  /** Which action just succeeded (after its redirect). */
  done?: string;
  code?: { error: string };
  answer?: { value: string; error: string };
  /** A step that could not be done (409), in words. */
  problem?: string;
}

function deadlineRows(v: RequesterView): SafeHtml {
  if (!v.extendedDueOn) return html`<tr><th scope="row">Answer due by</th><td>${longDate(v.dueOn)}</td></tr>`;
  return html`<tr><th scope="row">Answer due by</th><td>${longDate(v.extendedDueOn)} (extended from ${longDate(v.dueOn)})${v.extensionReason ? html`<br>Why: ${v.extensionReason}` : null}</td></tr>`;
}

/** The private page of one request: its facts, what can be done now, and what has happened. */
export function renderStatusPage(w: Ws, token: string, v: RequesterView, f: StatusForms = {}): string {
  const base = statusPath(w, token);
  const title = `Your privacy request ${v.reference}`;
  const notice = f.done === 'sent' && !v.awaitingCode ? 'Your request was sent. We have e-mailed you a receipt with the link to this page.' : f.done ? NOTICES[f.done] : undefined;
  const errors: FormErrors = { ...(f.code ? { code: f.code.error } : {}), ...(f.answer ? { answer: f.answer.error } : {}) };
  const body = html`<h1>${title}</h1>
${notice ? html`<p class="notice" role="status">${notice}</p>` : null}
${f.problem ? html`<p class="warning" role="alert">${f.problem}</p>` : null}
${errorSummary(errors, FIELD_LABELS)}
<table><caption>Your request to ${w.name}</caption><tbody>
<tr><th scope="row">Reference</th><td>${v.reference}</td></tr>
<tr><th scope="row">What you asked for</th><td>${v.typeLabel}</td></tr>
<tr><th scope="row">Status</th><td>${v.statusLabel}</td></tr>
<tr><th scope="row">Received</th><td>${longDate(v.receivedOn)}</td></tr>
${v.isOpen ? deadlineRows(v) : null}
${v.controllerName ? html`<tr><th scope="row">Decided by</th><td>${v.controllerName} (the controller of your data; ${w.name} processes it on its behalf)</td></tr>` : null}
</tbody></table>
${v.awaitingCode ? html`<section aria-labelledby="code-title"><h2 id="code-title">Confirm your e-mail address</h2>
<p>Enter the code from our e-mail. Until then we cannot act on the request.</p>
<form method="post" action="${base}/verify">
${textField({ name: 'code', label: 'Code', autocomplete: 'one-time-code', required: true, error: errors.code, hint: 'The digits from our e-mail, for example 123456.' })}
<button type="submit">Confirm</button>
</form>
<form method="post" action="${base}/resend"><p>No e-mail, or the code expired? <button type="submit" class="secondary">Send me a new code</button></p></form>
</section>` : null}
${v.awaitingAuthority ? html`<p>Your e-mail address is confirmed. We are now checking what shows you may act for the person concerned; we will write to you if we need more.</p>` : null}
${v.openQuestion !== null || v.status === 'awaiting_clarification' ? html`<section aria-labelledby="question-title"><h2 id="question-title">Our question to you</h2>
${v.openQuestion ? html`<blockquote><p>${v.openQuestion}</p></blockquote>` : null}
<p>The time to answer your request waits until we have your answer.</p>
<form method="post" action="${base}/answer">
${textArea({ name: 'answer', label: 'Your answer', rows: 5, required: true, value: f.answer?.value, error: errors.answer })}
<button type="submit">Send answer</button>
</form></section>` : null}
<section aria-labelledby="timeline-title"><h2 id="timeline-title">What has happened</h2>
<ol class="timeline">${v.timeline.map((e) => html`<li><strong>${longDate(e.on)}</strong>: ${e.text}${e.quote ? html` <q>${e.quote}</q>` : null}</li>`)}</ol>
</section>
${v.isOpen ? html`<section aria-labelledby="withdraw-title"><h2 id="withdraw-title">Withdraw your request</h2>
<p>If you no longer want us to act on this request, you can withdraw it. You will be asked to confirm.</p>
<form method="post" action="${base}/withdraw"><button type="submit" class="secondary">Withdraw this request…</button></form></section>` : null}
<p>Keep the link to this page private: anyone with it can see and withdraw this request.</p>`;
  return page(w, title, body, Object.keys(errors).length > 0);
}

/** The confirmation step of withdrawing. */
export function renderWithdrawPage(w: Ws, token: string, v: RequesterView): string {
  const base = statusPath(w, token);
  const body = html`<h1>Withdraw request ${v.reference}?</h1>
<p>We will stop working on your request (${v.typeLabel.toLowerCase()}). This cannot be undone; you can make a new request at any time.</p>
<form method="post" action="${base}/withdraw"><input type="hidden" name="confirm" value="yes"><button type="submit" class="danger">Yes, withdraw my request</button></form>
<p><a href="${base}">No, keep my request</a></p>`;
  return page(w, `Withdraw request ${v.reference}?`, body);
}

/** An unknown status link: nothing more than that. */
export function renderUnknownLinkPage(w: Ws): string {
  const body = html`<h1>This link is not valid</h1>
<p>Check that you copied the whole link from our e-mail.</p>
<p><a href="${requestFormPath(w)}">Make a new privacy request</a></p>`;
  return page(w, 'This link is not valid', body);
}

/** The verification link's page: a button to confirm (GET changes nothing), or what the link's state means. */
export function renderVerifyPage(w: Ws, token: string, state: VerifyLinkState | 'just_confirmed'): string {
  const bodies: Record<typeof state, SafeHtml> = {
    open: html`<h1>Confirm your privacy request</h1>
<p>Someone, hopefully you, made a privacy request to ${w.name} with this e-mail address. Press the button to confirm that the address is yours, so that we can act on the request.</p>
<form method="post" action="${verifyPath(w, token)}"><button type="submit">Confirm</button></form>
<p>Did not make this request? Close this page: nothing happens without the confirmation.</p>`,
    just_confirmed: html`<h1>Your e-mail address is confirmed</h1>
<p class="notice" role="status">Thank you. We are working on your request.</p>
<p>You can follow it on its page: the link is in our first e-mail about the request.</p>`,
    confirmed: html`<h1>Already confirmed</h1>
<p>This e-mail address was already confirmed for the request. You can follow it on its page: the link is in our first e-mail about the request.</p>`,
    gone: html`<h1>This link has expired</h1>
<p>Confirmation links work for a limited time, and only the newest one works. Open your request's page (the link is in our first e-mail about the request) and ask for a new code there.</p>`,
    closed: html`<h1>This request is closed</h1>
<p>The request was withdrawn or closed, so there is nothing left to confirm. You can <a href="${requestFormPath(w)}">make a new privacy request</a>.</p>`,
  };
  const titles: Record<typeof state, string> = {
    open: 'Confirm your privacy request', just_confirmed: 'Your e-mail address is confirmed', confirmed: 'Already confirmed', gone: 'This link has expired', closed: 'This request is closed',
  };
  return page(w, titles[state], bodies[state]);
}
