/**
 * The customer page's contact table with the portal: when each contact was invited and last
 * signed in, and (editors) the buttons to invite one contact or all of them.
 */
import type { CustomerView } from '../../modules/customers/customers.queries.ts';
import { csrfField } from '../views/forms.ts';
import { html, type SafeHtml } from '../views/html.ts';
import { type Console, orDash, when } from './console.ts';

export type ContactPortalStatus = Map<string, { invitedAt: string | null; lastSignedInAt: string | null }>;

/** The contacts of a customer with their portal status. */
export function contactsTable(c: Console, x: CustomerView, portal: ContactPortalStatus = new Map()): SafeHtml {
  const action = `${c.base}/customers/${x.id}/portal-invitations`;
  const invite = (contactId: string, label: string) =>
    html`<form method="post" action="${action}" class="inline">${csrfField(c.user.csrfToken)}<input type="hidden" name="contactIds" value="${contactId}"><button type="submit" class="secondary" aria-label="${label}">Invite to the portal</button></form>`;
  return html`<table><caption>Contacts of ${x.name}</caption>
<thead><tr><th scope="col">Name</th><th scope="col">E-mail address</th><th scope="col">Customer portal</th>${c.canEdit ? html`<th scope="col">Actions</th>` : null}</tr></thead>
<tbody>${x.contacts.map((k) => {
    const s = portal.get(k.id);
    return html`<tr><td>${orDash(k.name)}</td><td><a href="mailto:${k.email}">${k.email}</a></td>
<td>${s?.invitedAt ? html`Invited ${when(s.invitedAt)}` : 'Not invited'}<br>${s?.lastSignedInAt ? html`Last signed in ${when(s.lastSignedInAt)}` : 'Never signed in'}</td>
${c.canEdit ? html`<td>${invite(k.id, `Invite to the portal: ${k.name ?? k.email}`)}</td>` : null}</tr>`;
  })}</tbody></table>
${c.canEdit ? html`<form method="post" action="${action}">${csrfField(c.user.csrfToken)}<button type="submit">Invite all contacts</button></form>
<p class="hint">Each invited contact receives a one-time link to the customer portal, valid for 7 days. Contacts can also ask for a sign-in link at <a href="/portal/w/${c.workspace.slug}/signin">/portal/w/${c.workspace.slug}/signin</a>.</p>` : null}`;
}
