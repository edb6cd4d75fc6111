/**
 * The public pages of subscribing to a sub-processor list: the form (also part of the cached list
 * page, so it holds nothing per request), "check your inbox", confirm and unsubscribe. Plain HTML
 * forms: everything works without JavaScript.
 */
import type { Snapshot } from '../../modules/publishing/snapshot.ts';
import type { WorkspaceView } from '../../modules/workspaces/workspaces.ts';
import { CONFIRM_TTL_DAYS } from '../../modules/subscribers/subscribers.ts';
import { checkboxGroup, errorSummary, type FormErrors, textField } from '../views/forms.ts';
import { html, type SafeHtml } from '../views/html.ts';
import { layout } from '../views/layout.ts';

type Ws = Pick<WorkspaceView, 'slug' | 'name'>;

/** The services and regions a subscriber may pick, as [slug, name]. */
export interface SubscribeOptions {
  services: Array<[string, string]>;
  regions: Array<[string, string]>;
}

export interface SubscribeValues {
  email: string;
  services: string[];
  regions: string[];
}

/** The choices offered: the services and regions of the published list, as the public sees it. */
export const subscribeOptionsOf = (snap: Pick<Snapshot, 'services' | 'regions'> | undefined): SubscribeOptions => ({
  services: (snap?.services ?? []).map((s) => [s.slug, s.name]),
  regions: (snap?.regions ?? []).map((r) => [r.slug, r.name]),
});

const EMPTY: SubscribeValues = { email: '', services: [], regions: [] };

const listPage = (w: Ws) => `/w/${w.slug}/subprocessors`;
const subscribePage = (w: Ws) => `/w/${w.slug}/subscribe`;

/**
 * The "get notified" form. It always posts to /w/<slug>/subscribe, also from /subprocessors on a
 * single-workspace instance. `headingLevel` 0 leaves the heading out (the page has its own h1).
 */
export function subscribeForm(w: Ws, options: SubscribeOptions, o: { values?: SubscribeValues; errors?: FormErrors; headingLevel?: 0 | 2 } = {}): SafeHtml {
  const values = o.values ?? EMPTY;
  const errors = o.errors ?? {};
  const hint = 'Leave all unticked to hear about every change.';
  const form = html`<p>Get an e-mail when ${w.name} announces a change to this list. We first send a link to confirm your address; every notice has a link to unsubscribe. Your address is used for nothing else.</p>
${errorSummary(errors)}
<form method="post" action="${subscribePage(w)}">
${textField({ name: 'email', label: 'E-mail address', type: 'email', autocomplete: 'email', required: true, value: values.email, error: errors.email })}
${options.services.length ? checkboxGroup({ name: 'services', legend: 'Only changes to these services (optional)', options: options.services, values: values.services, error: errors.services, hint }) : null}
${options.regions.length ? checkboxGroup({ name: 'regions', legend: 'Only changes to these hosting regions (optional)', options: options.regions, values: values.regions, error: errors.regions, hint }) : null}
<button type="submit">Subscribe</button>
</form>`;
  if (o.headingLevel === 0) return form;
  return html`<section id="subscribe" aria-labelledby="subscribe-title"><h2 id="subscribe-title">Get notified of changes</h2>
${form}
</section>`;
}

/** The form on a page of its own: reached directly, and shown again with errors next to the fields. */
export function renderSubscribePage(w: Ws, options: SubscribeOptions, values: SubscribeValues = EMPTY, errors: FormErrors = {}): string {
  const title = `Get notified of changes to ${w.name}'s sub-processors`;
  const body = html`<h1>${title}</h1>
${subscribeForm(w, options, { values, errors, headingLevel: 0 })}
<p><a href="${listPage(w)}">Back to the sub-processor list</a></p>`;
  return layout({ title: Object.keys(errors).length ? `Error: ${title}` : title, body }).value;
}

/** The same page whoever subscribed, so it tells nobody whether an address was already on the list. */
export function renderCheckInboxPage(w: Ws): string {
  const body = html`<h1>Check your inbox</h1>
<p role="status">If this address is not subscribed yet, we have sent it an e-mail with a link to confirm the subscription to ${w.name}'s sub-processor list. The link works for ${CONFIRM_TTL_DAYS} days.</p>
<p>Nothing arrived? Look in your spam folder, or <a href="${subscribePage(w)}">subscribe again</a> to get a new link.</p>
<p>Already subscribed? Nothing has changed. To choose other services or regions, unsubscribe with the link in any notice, then subscribe again.</p>
<p><a href="${listPage(w)}">Back to the sub-processor list</a></p>`;
  return layout({ title: 'Check your inbox', body }).value;
}

/** What the subscriber chose, by name. */
function filtersList(f: { services: string[]; regions: string[] }): SafeHtml {
  return html`<ul><li>Services: ${f.services.length ? f.services.join(', ') : 'all'}</li><li>Hosting regions: ${f.regions.length ? f.regions.join(', ') : 'all'}</li></ul>`;
}

/** GET of a confirmation link: a button, because mail scanners open links without meaning to confirm. */
export function renderConfirmPage(w: Ws, action: string, filters: { services: string[]; regions: string[] }): string {
  const body = html`<h1>Confirm your subscription</h1>
<p>Someone, hopefully you, asked to be told by e-mail about changes to ${w.name}'s sub-processor list, for:</p>
${filtersList(filters)}
<form method="post" action="${action}"><button type="submit">Confirm subscription</button></form>
<p>Did not ask for this? Close this page: nothing is sent until the subscription is confirmed.</p>`;
  return layout({ title: 'Confirm your subscription', body }).value;
}

export function renderConfirmedPage(w: Ws, unsubscribeAction: string, filters: { services: string[]; regions: string[] }): string {
  const body = html`<h1>You are subscribed</h1>
<p role="status">You will get an e-mail when ${w.name} announces a change to its sub-processor list, for:</p>
${filtersList(filters)}
<p>Every notice has a link to unsubscribe. Changed your mind already? <a href="${unsubscribeAction}">Unsubscribe</a>.</p>
<p><a href="${listPage(w)}">See the sub-processor list</a></p>`;
  return layout({ title: 'You are subscribed', body }).value;
}

export function renderExpiredPage(w: Ws): string {
  const body = html`<h1>This link has expired</h1>
<p>Confirmation links work for ${CONFIRM_TTL_DAYS} days. <a href="${subscribePage(w)}">Subscribe again</a> to get a new one.</p>`;
  return layout({ title: 'This link has expired', body }).value;
}

/** GET of an unsubscribe link: a button (the RFC 8058 one-click POST needs no page). */
export function renderUnsubscribePage(w: Ws, action: string): string {
  const body = html`<h1>Unsubscribe from ${w.name}'s sub-processor list?</h1>
<p>You will no longer get e-mails about changes to this list.</p>
<form method="post" action="${action}"><button type="submit">Unsubscribe</button></form>
<p><a href="${listPage(w)}">Keep my subscription and see the list</a></p>`;
  return layout({ title: 'Unsubscribe', body }).value;
}

export function renderUnsubscribedPage(w: Ws): string {
  const body = html`<h1>You are unsubscribed</h1>
<p role="status">You will no longer get e-mails about changes to ${w.name}'s sub-processor list.</p>
<p>Changed your mind? <a href="${subscribePage(w)}">Subscribe again</a>.</p>`;
  return layout({ title: 'You are unsubscribed', body }).value;
}
