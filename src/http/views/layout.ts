import { createHash } from 'node:crypto';
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
  /** The organisation whose page this is (public pages, portal): its name and logo in the header, its colour for accents. */
  brand?: PageBrand | null;
}

/** A workspace's look on its pages: name, logo (by URL, shown as <img> only) and accent colour (a stylesheet of its own: the CSP allows no inline style). */
export interface PageBrand {
  name: string;
  href: string;
  logoUrl: string | null;
  styleUrl: string | null;
}

/** A short version of a value for cache-busting URLs (the logo, the colour). */
const versionOf = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 12);

/**
 * The brand of a workspace's public pages and portal.
 * @example brandOf({ slug: 'acme', name: 'Acme', branding }) // { name: 'Acme', href: '/w/acme/subprocessors', logoUrl: '/w/acme/logo?v=…', styleUrl: … }
 */
export function brandOf(w: { slug: string; name: string; branding?: { brandColour: string | null; logoDataUri: string | null } }, href = `/w/${w.slug}/subprocessors`): PageBrand {
  const b = w.branding;
  return {
    name: w.name, href,
    logoUrl: b?.logoDataUri ? `/w/${w.slug}/logo?v=${versionOf(b.logoDataUri)}` : null,
    styleUrl: b?.brandColour ? `/w/${w.slug}/brand.css?v=${b.brandColour.slice(1)}` : null,
  };
}

const ADMIN_NAV: Array<[string, string]> = [
  ['', 'Overview'], ['entities', 'Entities'], ['engagements', 'Engagements'], ['services', 'Services'], ['regions', 'Regions'], ['import', 'Import'],
  ['customers', 'Customers'], ['dpa', 'DPA'], ['records', 'Records'], ['transfers', 'Transfers'], ['measures', 'Measures'],
  ['subscribers', 'Subscribers'], ['requests', 'Requests'], ['legal-demands', 'Legal demands'], ['incidents', 'Incidents'],
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
${o.brand?.styleUrl ? html`<link rel="stylesheet" href="${o.brand.styleUrl}">` : null}
${o.head}
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="top">
  ${o.brand
    ? html`<a class="brand org" href="${o.brand.href}">${o.brand.logoUrl ? html`<img class="brand-logo" src="${o.brand.logoUrl}" alt="" height="40">` : null}<span>${o.brand.name}</span></a>`
    : html`<a class="brand" href="${o.admin ? '/admin' : '/'}">Trustroom</a>`}
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
