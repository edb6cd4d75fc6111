import type { ApiTokenView } from '../../modules/access/api-tokens.ts';
import { csrfField, errorSummary, type FormErrors, selectField, textField } from '../views/forms.ts';
import { html, type SafeHtml } from '../views/html.ts';
import { type Console, type FormValues, notice, one, when } from './console.ts';

export const TOKEN_ROLES: Array<[string, string]> = [
  ['viewer', 'Viewer — read only'], ['editor', 'Editor — change the registry and publish'], ['admin', 'Admin — also members and settings'],
];

/** API tokens (admin): the list with revoke buttons and the create form. The secrets are never shown here. */
export function tokensBody(c: Console, o: { tokens: ApiTokenView[]; q: Record<string, string>; values: FormValues; errors: FormErrors }): SafeHtml {
  return html`<h1>API tokens</h1>
${o.q.revoked === '1' ? notice('Token revoked.') : null}
<p>Tokens let scripts use the JSON API (under <code>/api/</code>) for this workspace only, with the role chosen here. Send one as <code>Authorization: Bearer trt_…</code>.</p>
${o.tokens.length === 0 ? html`<p>No tokens yet.</p>` : html`<table><caption>API tokens of ${c.workspace.name}</caption>
<thead><tr><th scope="col">Name</th><th scope="col">Starts with</th><th scope="col">Role</th><th scope="col">Created</th><th scope="col">Last used</th><th scope="col">Status</th></tr></thead>
<tbody>${o.tokens.map((t) => html`<tr><th scope="row">${t.name}</th><td><code>${t.hint}…</code></td><td>${t.role}</td><td>${when(t.createdAt)}</td><td>${t.lastUsedAt ? when(t.lastUsedAt) : 'Never'}</td>
<td>${t.revokedAt
    ? html`Revoked ${when(t.revokedAt)}`
    : html`Active <form method="post" action="${c.base}/tokens/${t.id}/revoke" class="inline">${csrfField(c.user.csrfToken)}<button type="submit" class="danger" aria-label="Revoke the token ${t.name}">Revoke</button></form>`}</td></tr>`)}</tbody></table>`}
<section aria-labelledby="create-title"><h2 id="create-title">Create a token</h2>
${errorSummary(o.errors)}
<form method="post" action="${c.base}/tokens">${csrfField(c.user.csrfToken)}
${textField({ name: 'name', label: 'Name', required: true, value: one(o.values.name), error: o.errors.name, hint: 'What uses it, e.g. "CI export".' })}
${selectField({ name: 'role', label: 'Role', options: TOKEN_ROLES, value: one(o.values.role) || 'viewer', error: o.errors.role })}
<button type="submit">Create token</button></form></section>`;
}

/** Shown once after creating a token: only its hash is stored. */
export function newTokenBody(c: Console, o: { name: string; role: string; token: string }): SafeHtml {
  return html`<h1>API token created</h1>
<p role="status">The token “${o.name}” (${o.role}) is ready.</p>
<p class="warning"><strong>Copy the token now: it is shown only once.</strong> Trustroom keeps only a hash of it. If you lose it, revoke it and create a new one.</p>
<div class="field"><label for="api-token">API token</label><input type="text" id="api-token" readonly value="${o.token}"></div>
<p><a href="${c.base}/tokens">Back to API tokens</a></p>`;
}
