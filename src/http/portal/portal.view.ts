/**
 * The customer portal's page shell and its sign-in, overview, sub-processor and data map pages.
 * Plain HTML: everything works without JavaScript; every POST form carries the session's CSRF token.
 */
import type { CustomerView } from '../../modules/customers/customers.queries.ts';
import type { PortalLinkView } from '../../modules/portal/portal-signin.ts';
import type { CustomerViewAt } from '../../modules/customer-view/customer-view.ts';
import { dataMapFileName } from '../../modules/transfers/render-data-map.ts';
import { countryName } from '../../modules/vocab/vocab.ts';
import type { WorkspaceView } from '../../modules/workspaces/workspaces.ts';
import { csrfField, errorSummary, type FormErrors, textField } from '../views/forms.ts';
import { html, raw, type SafeHtml } from '../views/html.ts';
import { brandOf, layout } from '../views/layout.ts';

/** What every signed-in portal page knows. */
export interface PortalContext {
  workspace: WorkspaceView;
  customer: CustomerView;
  csrfToken: string;
  /** `/portal/w/<slug>`: every portal link starts here. */
  base: string;
}

const NAV: Array<[string, string]> = [['', 'Overview'], ['subprocessors', 'Sub-processors'], ['data-map', 'Data map'], ['dpa', 'DPA'], ['changes', 'Changes'], ['requests', 'Requests']];

/** A signed-in portal page: the portal navigation (with sign-out) and no console navigation. */
export function portalPage(c: PortalContext, o: { title: string; section: string; body: SafeHtml }): string {
  const nav = html`<nav class="console" aria-label="Customer portal"><p class="ws">${c.customer.name} · portal of ${c.workspace.name}</p><ul>${NAV.map(
    ([path, label]) => html`<li><a href="${c.base}${path ? `/${path}` : ''}"${o.section === path ? html` aria-current="page"` : null}>${label}</a></li>`,
  )}<li><form method="post" action="${c.base}/signout" class="inline">${csrfField(c.csrfToken)}<button type="submit" class="link">Sign out</button></form></li></ul></nav>`;
  return layout({ title: `${o.title} · ${c.customer.name}`, body: o.body, nav, brand: brandOf(c.workspace, c.base) }).value;
}

/** A page of the portal before sign-in (no navigation). */
export const publicPortalPage = (title: string, body: SafeHtml): string => layout({ title, body }).value;

/** Asking for a sign-in link; after sending, the same words whoever the address belongs to. */
export function signinPageBody(w: WorkspaceView, o: { email?: string; errors?: FormErrors; sent?: boolean; reason?: string }): SafeHtml {
  const action = `/portal/w/${w.slug}/signin`;
  return html`<h1>Sign in to the ${w.name} customer portal</h1>
${o.sent
    ? html`<p class="notice" role="status">If this address is a contact of a customer of ${w.name}, a sign-in link is on its way to it. The link works once, for 30 minutes. Nothing arrived? Check the spam folder, or ask the person who looks after your contract at ${w.name} to add your address.</p>`
    : null}
${o.reason ? html`<p class="warning" role="status">${o.reason}</p>` : null}
<p>The portal is for the contacts of ${w.name}'s customers: it shows your sub-processors, where your data goes, your data processing agreement and the changes announced to you. There is no password: enter your work e-mail address and we send you a link.</p>
${errorSummary(o.errors ?? {})}
<form method="post" action="${action}">
${textField({ name: 'email', label: 'Your e-mail address', type: 'email', value: o.email ?? '', required: true, autocomplete: 'email', error: o.errors?.email })}
<button type="submit">Send me a sign-in link</button>
</form>`;
}

/** The page of a one-time link: a button, because mail scanners open links and only a POST signs in. */
export function linkPageBody(w: WorkspaceView, link: PortalLinkView, action: string): SafeHtml {
  return html`<h1>Sign in for ${link.customerName}</h1>
<p>${link.purpose === 'invite' ? `${w.name} invited you to its customer portal.` : 'You asked for a sign-in link to the customer portal.'} Press the button to sign in; the link then stops working.</p>
<form method="post" action="${action}"><button type="submit">Sign in</button></form>`;
}

/** A link that is unknown, used or expired: the way to a new one. */
export function linkProblemBody(w: WorkspaceView, message: string): SafeHtml {
  return html`<h1>This link does not work any more</h1>
<p>${message.charAt(0).toUpperCase()}${message.slice(1)}.</p>
<p><a href="/portal/w/${w.slug}/signin">Ask for a new sign-in link</a></p>`;
}

export interface OverviewFacts {
  subprocessors: number;
  countries: number;
  changes: number;
  awaitingConsent: Array<{ id: string; title: string }>;
  openObjections: Array<{ changeId: string; title: string }>;
  /** Transfers outside the EEA in effect that the customer's contract does not authorise. */
  notAuthorised: number;
  dpa: { published: boolean; needsAcceptance: boolean; version: number | null; acceptedVersion: number | null };
  /** Data-subject requests passed on to the customer and waiting for its instruction (due instant as words). */
  requestsAwaiting?: Array<{ id: string; reference: string; due: string }>;
}

/** What the customer has and what needs its action. */
export function overviewBody(c: PortalContext, f: OverviewFacts): SafeHtml {
  const actions: SafeHtml[] = [];
  for (const r of f.requestsAwaiting ?? []) actions.push(html`<li><a href="${c.base}/requests/${r.id}">Give your instruction on request ${r.reference}</a> by ${r.due}</li>`);
  if (f.dpa.needsAcceptance) actions.push(html`<li><a href="${c.base}/dpa">Accept version ${String(f.dpa.version ?? '')} of the data processing agreement</a></li>`);
  for (const ch of f.awaitingConsent) actions.push(html`<li><a href="${c.base}/changes/${ch.id}">Give or refuse consent: ${ch.title}</a></li>`);
  for (const o of f.openObjections) actions.push(html`<li><a href="${c.base}/changes/${o.changeId}">Your objection is open: ${o.title}</a> (${c.workspace.name} will answer it)</li>`);
  if (f.notAuthorised) actions.push(html`<li><a href="${c.base}/subprocessors">${String(f.notAuthorised)} ${f.notAuthorised === 1 ? 'transfer' : 'transfers'} outside the EEA that your contract does not authorise</a></li>`);
  return html`<h1>${c.customer.name}</h1>
<p>Your space in the customer portal of ${c.workspace.name}.</p>
<h2>Needs your attention</h2>
${actions.length ? html`<ul>${actions}</ul>` : html`<p>Nothing needs your action now.</p>`}
<h2>At a glance</h2>
<dl>
<dt>Sub-processors handling your data</dt><dd><a href="${c.base}/subprocessors">${String(f.subprocessors)}</a>, in ${String(f.countries)} ${f.countries === 1 ? 'country' : 'countries'}</dd>
<dt>Changes announced to you</dt><dd><a href="${c.base}/changes">${String(f.changes)}</a></dd>
<dt>Data processing agreement</dt><dd><a href="${c.base}/dpa">${!f.dpa.published ? 'No version published yet' : f.dpa.needsAcceptance ? `Version ${f.dpa.version} awaits your acceptance` : `Version ${f.dpa.acceptedVersion} accepted`}</a></dd>
</dl>`;
}


/** The sub-processors in effect for the customer, then the changes proposed to it and not yet in effect for it. */
export function subprocessorsBody(c: PortalContext, v: CustomerViewAt): SafeHtml {
  const n = v.inEffect.length;
  const factsOf = (id: string) => v.transfers.filter((t) => t.engagementId === id);
  return html`<h1>Sub-processors</h1>
<p>${n === 1 ? 'The sub-processor' : `The ${String(n)} sub-processors`} of ${c.workspace.name} in effect for ${c.customer.name} on ${v.date}, for your services and hosting regions, with the countries your data goes to and the transfer mechanism recorded for each.</p>
${n === 0 ? html`<p>No sub-processor handles your data.</p>` : html`<table><caption>Sub-processors in effect for ${c.customer.name}</caption>
<thead><tr><th scope="col">Sub-processor</th><th scope="col">Purpose</th><th scope="col">Address and contact</th><th scope="col">Countries and transfers</th></tr></thead>
<tbody>${v.inEffect.map((g) => html`<tr><th scope="row">${g.name}${g.legalName && g.legalName !== g.name ? html`<br><span class="muted">${g.legalName}</span>` : null}</th><td>${g.purpose}</td>
<td>${[g.entityAddress, g.entityCountry ? countryName(g.entityCountry) : null].filter(Boolean).join(', ') || '—'}${g.entityContact ? html`<br>${g.entityContact}` : null}</td>
<td><ul class="plain">${factsOf(g.id).map((t) => html`<li>${countryName(t.country)}: ${t.fact}${t.notAuthorisedByContract ? html` <strong>— outside the EEA, which your contract does not authorise</strong>` : null}</li>`)}</ul></td></tr>`)}</tbody></table>`}
<h2>Proposed, not yet in effect for you</h2>
${v.proposed.length === 0 ? html`<p>No change is pending for you.</p>` : html`<ul>${v.proposed.map((x) => html`<li><a href="${c.base}/changes/${x.changeId}">${x.title}</a>: ${x.stateLabel}.</li>`)}</ul>`}`;
}

/** The data map inline, with its download. */
export function dataMapBody(c: PortalContext, svg: string, date: string): SafeHtml {
  return html`<h1>Data map</h1>
<p>Where ${c.customer.name}'s data goes: your hosting regions, the sub-processors and their countries, as of ${date}. <a href="${c.base}/data-map.svg" download="${dataMapFileName(c.customer.name, date)}">Download the data map (SVG)</a></p>
<figure class="data-map">${raw(svg)}</figure>`;
}
