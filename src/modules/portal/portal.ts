/**
 * The customer portal: where a customer's contacts (people at the controller) sign in to see
 * their own sub-processors, data map, DPA and changes. Lifetimes, who acts, and the links the
 * portal's e-mails carry. No I/O.
 */
import type { Actor } from '../../shared/deps.ts';

/** An invitation is opened at the contact's leisure. */
export const INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000;
/** A sign-in link is asked for just before use: short-lived, like a one-time code. */
export const SIGNIN_TTL_MS = 30 * 60 * 1000;
/** A working day; after it the contact asks for a new link. */
export const PORTAL_SESSION_TTL_MS = 8 * 60 * 60 * 1000;
/** At most this many sign-in links per contact in SIGNIN_WINDOW_MS: a form cannot be used to flood an inbox. */
export const SIGNIN_LINKS_MAX = 3;
export const SIGNIN_WINDOW_MS = 15 * 60 * 1000;

export const PORTAL_COOKIE = 'trustroom_portal';

export type PortalLinkPurpose = 'invite' | 'signin';

/**
 * Who acts when a contact signs in or out: the contact row's id, never the address or name
 * (the audit chain cannot be erased; the contact row can).
 */
export const contactActor = (contactId: string): Actor => ({ type: 'system', id: null, label: `portal contact ${contactId}` });

/** The portal's home for a workspace, relative to `publicUrl` (pass '' for a path). */
export const portalUrl = (publicUrl: string, workspaceSlug: string): string => `${publicUrl}/portal/w/${encodeURIComponent(workspaceSlug)}`;

/** The page a one-time link opens (it shows a "Sign in" button: only the POST signs in). */
export const portalLinkUrl = (publicUrl: string, workspaceSlug: string, token: string): string =>
  `${portalUrl(publicUrl, workspaceSlug)}/link/${encodeURIComponent(token)}`;

/** A signed-in contact: everything a portal page may scope its queries by. */
export interface PortalSession {
  workspaceId: string;
  customerId: string;
  contactId: string;
  csrfToken: string;
  expiresAt: string;
}
