/**
 * One-time link secrets (sign-in, portal, DPA acceptance, change response, unsubscribe,
 * subscription confirmation and workspace invitation links) blanked out of a text: stored
 * messages shown to roles below admin, and URLs written to the log. One place, so a new link
 * shape is added once.
 */

/** What stands where a secret was. */
export const REDACTED_SECRET = '[redacted]';

/**
 * The path segments that precede a secret in every link Trustroom e-mails or prints:
 * `/w/<slug>/unsubscribe/<t>`, `/w/<slug>/subscribe/confirm/<t>`, `/w/<slug>/dpa/accept/<t>`,
 * `/w/<slug>/changes/respond/<t>`, `/portal/w/<slug>/link/<t>`, `/admin/signin/link/<t>`,
 * `/admin/invitations/<t>`, with its slashes plain or URL-encoded (a `?next=` address). The secret
 * runs up to the next character that cannot be part of a path segment in a URL as written in
 * text, HTML or a header.
 */
const SEP = '(?:/|%2F)';
const LINK_SECRET = new RegExp(`(${SEP}(?:unsubscribe|subscribe${SEP}confirm|dpa${SEP}accept|changes${SEP}respond|link|invitations)${SEP})([^\\s"'<>()/?#&%\\\\]+)`, 'gi');

/**
 * The text with every link secret replaced by `[redacted]`; the rest of the link stays, so a
 * reader still sees where it leads.
 *
 * @example redactLinkSecrets('https://x.example/w/acme/dpa/accept/abc') // 'https://x.example/w/acme/dpa/accept/[redacted]'
 */
export function redactLinkSecrets(text: string): string {
  return text.replace(LINK_SECRET, (_m, prefix: string) => `${prefix}${REDACTED_SECRET}`);
}
