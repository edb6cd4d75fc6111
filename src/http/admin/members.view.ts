import type { Role } from '../../db/schema.ts';
import type { MemberView } from '../../modules/access/users.ts';
import { csrfField, errorSummary, type FormErrors, selectField, textField } from '../views/forms.ts';
import { html, type SafeHtml } from '../views/html.ts';
import { type Console, type FormValues, notice, one } from './console.ts';

const ROLE_TEXT: Record<Role, string> = {
  viewer: 'Viewer — reads everything', editor: 'Editor — changes the registry and publishes',
  admin: 'Admin — also members, API tokens and settings', owner: 'Owner — also owners',
};

/** The roles `c` may hand out: only owners make owners. */
export const grantableRoles = (c: Console): Role[] => (c.role === 'owner' ? ['viewer', 'editor', 'admin', 'owner'] : ['viewer', 'editor', 'admin']);

const roleOptions = (c: Console): Array<[string, string]> => grantableRoles(c).map((r) => [r, ROLE_TEXT[r]]);

const NOTICES: Record<string, string> = { added: 'Member added.', invited: 'Invitation sent.', saved: 'Role changed.', removed: 'Member removed.' };

function memberRow(c: Console, m: MemberView): SafeHtml {
  const editable = c.role === 'owner' || m.role !== 'owner';
  return html`<tr><th scope="row">${m.email}</th><td>${m.displayName}</td>
<td>${editable
    ? html`<form method="post" action="${c.base}/members/${m.userId}/role" class="inline">${csrfField(c.user.csrfToken)}<select name="role" aria-label="Role of ${m.email}">${grantableRoles(c).map((r) => html`<option value="${r}"${r === m.role ? html` selected` : null}>${r}</option>`)}</select> <button type="submit" class="secondary" aria-label="Change role of ${m.email}">Change role</button></form>`
    : m.role}</td>
<td>${editable
    ? html`<form method="post" action="${c.base}/members/${m.userId}/remove" class="inline">${csrfField(c.user.csrfToken)}<button type="submit" class="danger" aria-label="Remove ${m.email} from this workspace">Remove</button></form>`
    : html`<span class="muted">Only owners change owners</span>`}</td></tr>`;
}

/** Members (admin): the table with role changes and removal, and the add/create forms. */
export function membersBody(c: Console, o: { members: MemberView[]; q: Record<string, string>; problem?: string; add?: { values: FormValues; errors: FormErrors }; create?: { values: FormValues; errors: FormErrors } }): SafeHtml {
  const addV = o.add?.values ?? {};
  const addE = o.add?.errors ?? {};
  const newV = o.create?.values ?? {};
  const newE = o.create?.errors ?? {};
  const done = Object.keys(NOTICES).find((k) => o.q[k] === '1');
  return html`<h1>Members</h1>
${done ? notice(NOTICES[done]) : null}
${o.problem ? html`<div class="error-summary" role="alert"><p>${o.problem}</p></div>` : null}
<table><caption>Members of ${c.workspace.name}</caption>
<thead><tr><th scope="col">E-mail</th><th scope="col">Name</th><th scope="col">Role</th><th scope="col">Remove</th></tr></thead>
<tbody>${o.members.map((m) => memberRow(c, m))}</tbody></table>
<section aria-labelledby="add-title"><h2 id="add-title">Add a person</h2>
${errorSummary(addE)}
<form method="post" action="${c.base}/members">${csrfField(c.user.csrfToken)}
${textField({ name: 'email', label: 'E-mail', type: 'email', required: true, value: one(addV.email), error: addE.email, hint: 'They get an e-mail: someone with a Trustroom account accepts an invitation (valid 14 days); a new address gets an account and a sign-in link.' })}
${selectField({ name: 'role', label: 'Role', options: roleOptions(c), value: one(addV.role) || 'viewer', error: addE.role })}
<button type="submit">Send invitation</button></form></section>
<section aria-labelledby="new-title"><h2 id="new-title">Create a new user</h2>
<p>Creates an account and shows a one-time sign-in link (valid 24 hours) to pass on to them.</p>
${errorSummary(newE)}
<form method="post" action="${c.base}/members/new-user">${csrfField(c.user.csrfToken)}
${textField({ name: 'newEmail', label: 'E-mail of the new user', type: 'email', required: true, value: one(newV.newEmail), error: newE.newEmail })}
${selectField({ name: 'newRole', label: 'Role of the new user', options: roleOptions(c), value: one(newV.newRole) || 'viewer', error: newE.newRole })}
<button type="submit">Create user</button></form></section>`;
}

/** Shown once after creating a user: the sign-in link is not stored in clear and cannot be shown again. */
export function newUserBody(c: Console, o: { email: string; role: Role; link: string }): SafeHtml {
  return html`<h1>User created</h1>
<p role="status">${o.email} can now sign in to ${c.workspace.name} as ${o.role}.</p>
<p class="warning"><strong>Copy this sign-in link now: it is shown only once.</strong> It works once, within 24 hours. Send it to them privately.</p>
<div class="field"><label for="signin-link">One-time sign-in link</label><input type="text" id="signin-link" readonly value="${o.link}"></div>
<p><a href="${c.base}/members">Back to members</a></p>`;
}
