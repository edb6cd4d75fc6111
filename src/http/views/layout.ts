import { html, type SafeHtml } from './html.ts';

export interface LayoutOptions {
  title: string;
  body: SafeHtml;
  /** Extra <head> content (alternate links, feeds). */
  head?: SafeHtml;
  /** Signed-in admin: shows the console navigation and a sign-out form. */
  admin?: { email: string; csrfToken: string; workspace?: { slug: string; name: string } } | null;
  /** Marks the active navigation entry (admin). */
  section?: string;
  /** A navigation of its own after the header (the customer portal's). */
  nav?: SafeHtml | null;
}

const ADMIN_NAV: Array<[string, string]> = [
  ['', 'Overview'], ['entities', 'Entities'], ['engagements', 'Engagements'], ['services', 'Services'], ['regions', 'Regions'], ['import', 'Import'],
  ['customers', 'Customers'], ['dpa', 'DPA'], ['records', 'Records'], ['transfers', 'Transfers'], ['measures', 'Measures'],
  ['subscribers', 'Subscribers'],
  ['changes', 'Changes'], ['outbox', 'Outbox'],
  ['versions', 'Publish & history'], ['audit', 'Audit log'], ['members', 'Members'], ['tokens', 'API tokens'], ['settings', 'Settings'],
];

/** The one page shell: landmarks, skip link, language, and the admin navigation when signed in. */
export function layout(o: LayoutOptions): SafeHtml {
  const ws = o.admin?.workspace;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${o.title} · Trustroom</title>
<link rel="stylesheet" href="/static/trustroom.css">
<link rel="icon" href="/favicon.ico" sizes="32x32">
${o.head}
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="top">
  <a class="brand" href="${o.admin ? '/admin' : '/'}">Trustroom</a>
  ${o.admin
    ? html`<nav aria-label="Account"><a href="/admin/account">Account</a>
      <form method="post" action="/admin/signout" class="inline"><input type="hidden" name="_csrf" value="${o.admin.csrfToken}"><button type="submit" class="link">Sign out</button></form></nav>`
    : null}
</header>
${ws
    ? html`<nav class="console" aria-label="Workspace ${ws.name}"><p class="ws">${ws.name}</p><ul>${ADMIN_NAV.map(
        ([path, label]) => html`<li><a href="/admin/w/${ws.slug}${path ? `/${path}` : ''}"${o.section === path ? html` aria-current="page"` : null}>${label}</a></li>`,
      )}</ul></nav>`
    : null}
${o.nav}
<main id="main">
${o.body}
</main>
<footer class="foot"><p>Trustroom — open-source privacy operations. Data categories: fideslang (CC BY 4.0, Ethyca).</p></footer>
</body>
</html>`;
}
