/**
 * The portal's e-mails, as plain text and HTML: the invitation an operator sends, and the
 * sign-in link a contact asks for. Each says where the link leads, how long it works, and what
 * to do if it was not expected.
 */
import { html } from '../../shared/html.ts';

export interface RenderedPortalMessage {
  subject: string;
  text: string;
  html: string;
}

const page = (title: string, body: ReturnType<typeof html>) =>
  html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body style="font-family:sans-serif;line-height:1.4;max-width:40em">${body}</body></html>`.value;

/** The invitation to a customer's portal space (valid 7 days). */
export function invitationMessage(f: { workspaceName: string; customerName: string; link: string; portalUrl: string }): RenderedPortalMessage {
  const subject = `${f.workspaceName} invites you to the ${f.customerName} customer portal`.replace(/\s+/g, ' ');
  const intro = `${f.workspaceName} invites you to its customer portal, where ${f.customerName} can see the sub-processors that handle its data, where that data goes, its data processing agreement, and the changes announced to it — and object or give consent.`;
  const validity = 'The link works once, for 7 days. Later, ask for a sign-in link with your e-mail address at:';
  const text = [intro, '', 'To sign in, open this link and press "Sign in":', f.link, '', validity, f.portalUrl, '', 'If you did not expect this message, you can ignore it.', ''].join('\n');
  const body = html`<p>${intro}</p>
<p>To sign in, open this link and press “Sign in”:<br><a href="${f.link}">${f.link}</a></p>
<p>${validity} <a href="${f.portalUrl}">${f.portalUrl}</a></p>
<p>If you did not expect this message, you can ignore it.</p>`;
  return { subject, text, html: page(subject, body) };
}

/** The sign-in links a contact asked for: one per customer the address is a contact of (valid 30 minutes). */
export function signinMessage(f: { workspaceName: string; links: Array<{ customerName: string; link: string }> }): RenderedPortalMessage {
  const subject = `Your sign-in link to the ${f.workspaceName} customer portal`.replace(/\s+/g, ' ');
  const one = f.links.length === 1;
  const intro = `Someone, hopefully you, asked to sign in to the ${f.workspaceName} customer portal with this address.`;
  const validity = `${one ? 'The link works' : 'Each link works'} once, for 30 minutes. If you did not ask for this, ignore this message: nobody can sign in without it.`;
  const text = [
    intro, '',
    ...(one ? [`To sign in for ${f.links[0].customerName}, open this link and press "Sign in":`, f.links[0].link] : ['You are a contact of several customers; open the link of the one you want and press "Sign in":', ...f.links.flatMap((l) => [`- ${l.customerName}:`, `  ${l.link}`])]),
    '', validity, '',
  ].join('\n');
  const body = html`<p>${intro}</p>
${one
    ? html`<p>To sign in for ${f.links[0].customerName}, open this link and press “Sign in”:<br><a href="${f.links[0].link}">${f.links[0].link}</a></p>`
    : html`<p>You are a contact of several customers; open the link of the one you want and press “Sign in”:</p><ul>${f.links.map((l) => html`<li>${l.customerName}: <a href="${l.link}">${l.link}</a></li>`)}</ul>`}
<p>${validity}</p>`;
  return { subject, text, html: page(subject, body) };
}
