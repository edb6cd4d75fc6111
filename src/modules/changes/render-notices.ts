import { html, raw, type SafeHtml } from '../../shared/html.ts';
import type { ObjectionResolution } from '../../db/schema.ts';
import { dataCategoryNames } from '../vocab/vocab.ts';
import { type NoticeEngagement, type NoticeFacts, OP_LABELS } from './notice-facts.ts';

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
}

/** Who a message is for: a customer (with its own dates and link) or a list subscriber. */
export interface NoticeAudience {
  customerName?: string;
  authorisation?: 'general' | 'specific';
  effectiveDate: string;
  windowEndsOn?: string;
  respondUrl?: string;
  /** Sentences about this customer's own contract, e.g. a transfer outside the EEA it has not authorised. */
  contractFlags?: string[];
  listUrl: string;
  unsubscribeUrl?: string;
}

const line = (label: string, value: string | null | undefined) => (value ? `  ${label}: ${value}\n` : '');

function engagementText(g: NoticeEngagement): string {
  return `  ${g.name}${g.legalName && g.legalName !== g.name ? ` (${g.legalName})` : ''}\n`
    + line('Established in', g.entityCountry) + line('Address', g.address) + line('Contact', g.contact) + line('Purpose', g.purpose)
    + line('Locations', g.countries.join(', ') || 'not stated') + line('Services', g.services.join(', '))
    + line('Regions', g.regions.join('; ')) + line('Transfer mechanism', g.transferMechanisms.join(', ') || 'none needed or not stated')
    + line('Data categories', dataCategoryNames(g.dataCategories).join(', ')) + line('Data subjects', g.dataSubjectCategories?.join(', '))
    + line('Transfer check', g.transferChecks?.join('; '));
}

function engagementHtml(g: NoticeEngagement): SafeHtml {
  const row = (label: string, value: string | null | undefined) => (value ? html`<tr><th scope="row" style="text-align:left;padding-right:1em">${label}</th><td>${value}</td></tr>` : '');
  return html`<table role="presentation" style="border-collapse:collapse;margin:0 0 1em">
<caption style="text-align:left;font-weight:bold">${g.name}${g.legalName && g.legalName !== g.name ? ` (${g.legalName})` : ''}</caption>
${row('Established in', g.entityCountry)}${row('Address', g.address)}${row('Contact', g.contact)}${row('Purpose', g.purpose)}
${row('Locations', g.countries.join(', ') || 'not stated')}${row('Services', g.services.join(', '))}${row('Regions', g.regions.join('; '))}
${row('Transfer mechanism', g.transferMechanisms.join(', ') || 'none needed or not stated')}${row('Data categories', dataCategoryNames(g.dataCategories).join(', '))}${row('Data subjects', g.dataSubjectCategories?.join(', '))}${row('Transfer check', g.transferChecks?.join('; '))}
</table>`;
}

function itemsText(facts: NoticeFacts): string {
  return facts.items.map((i) => `${OP_LABELS[i.op]}\n${i.after ? engagementText(i.after) : ''}${i.before ? `  Before the change:\n${engagementText(i.before).replace(/^ {2}/gm, '    ')}` : ''}`).join('\n');
}

function itemsHtml(facts: NoticeFacts): SafeHtml {
  return html`${facts.items.map((i) => html`<h2 style="font-size:1.1em">${OP_LABELS[i.op]}</h2>${i.after ? engagementHtml(i.after) : ''}${i.before ? html`<p>Before the change:</p>${engagementHtml(i.before)}` : ''}`)}`;
}

/**
 * A notice's HTML: the organisation's logo and name on top, its colour for the heading and links
 * (inline styles: mail clients read no stylesheet). The logo is an <img> of the public logo
 * address, next to the list's; a data: URI would be blocked by most mail clients.
 */
function page(title: string, body: SafeHtml, facts?: NoticeFacts, a?: { listUrl: string }): string {
  const colour = facts?.brand?.colour;
  const logoUrl = facts?.brand?.logoVersion && a && /\/subprocessors$/.test(a.listUrl) ? a.listUrl.replace(/\/subprocessors$/, `/logo?v=${facts.brand.logoVersion}`) : null;
  const head = facts ? html`<p style="margin:0 0 1em;font-weight:bold;font-size:1.1em${colour ? `;color:${colour}` : ''}">${logoUrl ? html`<img src="${logoUrl}" alt="" height="40" style="vertical-align:middle;margin-right:.5em">` : null}${facts.workspaceName}</p>` : null;
  const styled = colour ? body.toString().replace(/<h1 style="/g, `<h1 style="color:${colour};`).replace(/<a href=/g, `<a style="color:${colour}" href=`) : body.toString();
  return html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body style="font-family:sans-serif;line-height:1.4;max-width:40em">${head}${raw(styled)}</body></html>`.toString();
}

function howToRespond(a: NoticeAudience): { text: string; html: SafeHtml } {
  if (a.respondUrl && a.authorisation === 'specific') {
    // Specific authorisation: no notice period, no objection window; only consent brings the change into effect.
    const sentence = `Your contract requires your prior specific authorisation: this change takes effect for ${a.customerName ?? 'you'} only once you consent, and not before ${a.effectiveDate}. Without your consent it does not take effect for you.`;
    return { text: `${sentence} Give or refuse consent here:\n${a.respondUrl}\n`, html: html`<p>${sentence} <a href="${a.respondUrl}">Give or refuse consent</a>.</p>` };
  }
  if (a.respondUrl) {
    const t = `You may object to this change until the end of ${a.windowEndsOn}. To object, give your reasons here:\n${a.respondUrl}\n`;
    return { text: t, html: html`<p>You may object to this change until the end of ${a.windowEndsOn}. <a href="${a.respondUrl}">Object to this change</a> and give your reasons.</p>` };
  }
  const t = 'Customers receive their own notice with a link to object. If you are a customer and did not receive it, contact your account team.\n';
  return { text: t, html: html`<p>Customers receive their own notice with a link to object. If you are a customer and did not receive it, contact your account team.</p>` };
}

/** What the customer's own contract says about this change (transfers outside the EEA it has not authorised). */
function contractFlags(a: NoticeAudience): { text: string; html: SafeHtml } {
  if (!a.contractFlags?.length) return { text: '', html: html`` };
  return { text: `\nYour contract:\n${a.contractFlags.map((f) => `  - ${f}\n`).join('')}`, html: html`<div role="note"><p><strong>Your contract:</strong></p><ul>${a.contractFlags.map((f) => html`<li>${f}</li>`)}</ul></div>` };
}

function footer(a: NoticeAudience): { text: string; html: SafeHtml } {
  const text = `\nThe current list: ${a.listUrl}\n${a.unsubscribeUrl ? `Unsubscribe: ${a.unsubscribeUrl}\n` : ''}`;
  return { text, html: html`<hr><p><a href="${a.listUrl}">The current sub-processor list</a>${a.unsubscribeUrl ? html` · <a href="${a.unsubscribeUrl}">Unsubscribe</a>` : ''}</p>` };
}

/** The notice sent when a change is announced (CH2). */
export function renderAnnouncement(facts: NoticeFacts, a: NoticeAudience): RenderedMessage {
  const subject = `${facts.workspaceName}: sub-processor change from ${a.effectiveDate} — ${facts.title}`;
  const respond = howToRespond(a);
  const flags = contractFlags(a);
  const foot = footer(a);
  const intro = `${facts.workspaceName} intends to make this change to its sub-processors${a.customerName ? ` used for ${a.customerName}` : ''}.`;
  const when = a.authorisation === 'specific' ? `Proposed date: ${a.effectiveDate} (in effect for you only with your consent)` : `Effective date${a.customerName ? ' for you' : ''}: ${a.effectiveDate}`;
  const text = `${intro}\n\n${facts.title}\nReason: ${facts.reason}\n${when}\n\n${itemsText(facts)}${flags.text}\n${respond.text}${foot.text}`;
  const body = html`<h1 style="font-size:1.3em">${facts.title}</h1><p>${intro}</p><p><strong>${when}</strong></p><p>Reason: ${facts.reason}</p>${itemsHtml(facts)}${flags.html}${respond.html}${foot.html}`;
  return { subject, text, html: page(subject, body, facts, a) };
}

/** Reminds a customer on specific authorisation that the change waits for its answer (sent once, before the proposed date). */
export function renderConsentReminder(facts: NoticeFacts, a: NoticeAudience): RenderedMessage {
  const subject = `${facts.workspaceName}: your consent is requested — ${facts.title}`;
  const foot = footer(a);
  const sentence = `${facts.workspaceName} asked for ${a.customerName ?? 'your'} consent to this sub-processor change and has no answer yet. It takes effect for you only once you consent, and not before ${a.effectiveDate}; without your consent it does not take effect for you.`;
  const text = `${sentence}\n\n${facts.title}\nReason: ${facts.reason}\n\n${itemsText(facts)}\nGive or refuse consent in your portal (sign in with your e-mail address):\n${a.respondUrl ?? a.listUrl}\n${foot.text}`;
  const body = html`<h1 style="font-size:1.3em">${facts.title}</h1><p>${sentence}</p><p>Reason: ${facts.reason}</p>${itemsHtml(facts)}<p><a href="${a.respondUrl ?? a.listUrl}">Give or refuse consent in your portal</a> (sign in with your e-mail address).</p>${foot.html}`;
  return { subject, text, html: page(subject, body, facts, a) };
}

/** Sent when the change applies (to subscribers) or when it takes effect for one customer. */
export function renderInEffect(facts: NoticeFacts, a: NoticeAudience): RenderedMessage {
  const subject = `${facts.workspaceName}: sub-processor change now in effect — ${facts.title}`;
  const foot = footer(a);
  const text = `This change to ${facts.workspaceName}'s sub-processors is in effect${a.customerName ? ` for ${a.customerName}` : ''} since ${a.effectiveDate}.\n\n${itemsText(facts)}${foot.text}`;
  const body = html`<h1 style="font-size:1.3em">${facts.title}</h1><p>This change to ${facts.workspaceName}'s sub-processors is in effect${a.customerName ? ` for ${a.customerName}` : ''} since ${a.effectiveDate}.</p>${itemsHtml(facts)}${foot.html}`;
  return { subject, text, html: page(subject, body, facts, a) };
}

/** Sent to everyone who had the announcement when the change is withdrawn. */
export function renderWithdrawn(facts: NoticeFacts, a: NoticeAudience & { reason: string }): RenderedMessage {
  const subject = `${facts.workspaceName}: sub-processor change withdrawn — ${facts.title}`;
  const foot = footer(a);
  const text = `The announced change "${facts.title}" will not take place.\nReason: ${a.reason}\n${foot.text}`;
  const body = html`<h1 style="font-size:1.3em">Change withdrawn: ${facts.title}</h1><p>The announced change will not take place.</p><p>Reason: ${a.reason}</p>${foot.html}`;
  return { subject, text, html: page(subject, body, facts, a) };
}

export const RESOLUTION_LABELS: Record<ObjectionResolution, string> = {
  change_withdrawn: 'The change is withdrawn',
  alternative_offered: 'An alternative is offered to you',
  customer_terminates: 'The affected services will be terminated for you',
  objection_withdrawn: 'Your objection is withdrawn',
};

/** Tells the customer how its objection was resolved (CH3). */
export function renderObjectionResolved(facts: NoticeFacts, a: NoticeAudience & { resolution: ObjectionResolution; note: string }): RenderedMessage {
  const subject = `${facts.workspaceName}: your objection to "${facts.title}" — ${RESOLUTION_LABELS[a.resolution]}`;
  const foot = footer(a);
  const text = `Your objection to the sub-processor change "${facts.title}" has been resolved.\nOutcome: ${RESOLUTION_LABELS[a.resolution]}.\n${a.note}\n${foot.text}`;
  const body = html`<h1 style="font-size:1.3em">Your objection: ${facts.title}</h1><p>Outcome: <strong>${RESOLUTION_LABELS[a.resolution]}</strong>.</p><p>${a.note}</p>${foot.html}`;
  return { subject, text, html: page(subject, body, facts, a) };
}

/** Confirms to the customer that its objection or consent decision was recorded. */
export function renderResponseReceipt(facts: NoticeFacts, a: NoticeAudience & { what: string }): RenderedMessage {
  const subject = `${facts.workspaceName}: ${a.what} recorded — ${facts.title}`;
  const foot = footer(a);
  const text = `${a.what} about the sub-processor change "${facts.title}" was recorded for ${a.customerName ?? 'you'}.\n${a.respondUrl ? `See or change it here: ${a.respondUrl}\n` : ''}${foot.text}`;
  const body = html`<p>${a.what} about the sub-processor change "${facts.title}" was recorded for ${a.customerName ?? 'you'}.</p>${a.respondUrl ? html`<p><a href="${a.respondUrl}">See it here</a>.</p>` : ''}${foot.html}`;
  return { subject, text, html: page(subject, body, facts, a) };
}

/** Tells the workspace's owners and admins that a customer objected or refused consent. */
export function renderOperatorAlert(facts: NoticeFacts, a: { customerName: string; what: string; reason: string | null; consoleUrl: string }): RenderedMessage {
  const subject = `${facts.workspaceName}: ${a.customerName} — ${a.what} — ${facts.title}`;
  const text = `${a.customerName}: ${a.what} about the sub-processor change "${facts.title}".\n${a.reason ? `Reason given: ${a.reason}\n` : ''}\nResolve it in the console: ${a.consoleUrl}\n`;
  const body = html`<p>${a.customerName}: ${a.what} about the sub-processor change “${facts.title}”.</p>${a.reason ? html`<p>Reason given: ${a.reason}</p>` : ''}<p><a href="${a.consoleUrl}">Resolve it in the console</a>.</p>`;
  return { subject, text, html: page(subject, body) };
}
