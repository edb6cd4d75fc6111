/**
 * Signing in to the customer portal without a password: a contact asks for a link by e-mail
 * address, or follows an invitation; spending the link (a POST: mail scanners open links)
 * opens a session whose cookie is stored only as its hash. Every request checks the session
 * against `customer_contacts`, so a contact removed from its customer loses access at once.
 */
import type { Db } from '../../db/schema.ts';
import { type Deps, inTransaction } from '../../shared/deps.ts';
import { AppError } from '../../shared/errors.ts';
import { newSecret, sha256 } from '../../shared/ids.ts';
import { InputReader } from '../../shared/input.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { enqueueMessage } from '../mail/enqueue-message.ts';
import { SUBSCRIBER_EMAIL_PATTERN } from '../subscribers/subscribers.ts';
import {
  contactActor, PORTAL_SESSION_TTL_MS, type PortalLinkPurpose, portalLinkUrl, type PortalSession, SIGNIN_LINKS_MAX, SIGNIN_TTL_MS, SIGNIN_WINDOW_MS,
} from './portal.ts';
import { signinMessage } from './portal-messages.ts';

export const SIGNIN_MESSAGE_KIND = 'portal.signin';

/** Whoever asks for a link is not known yet: the audit log names the contact row, not the asker. */
const REQUEST_ACTOR = { type: 'system' as const, id: null, label: 'portal sign-in request' };

/**
 * Asks for a sign-in link: when the address is a contact of customers of the workspace, one
 * e-mail with a 30-minute link per such customer is queued (the contact picks the customer by
 * picking the link). The caller learns nothing either way — an unknown address, a known one, or
 * one over its limit of links all return the same — so the form cannot tell who is a contact.
 */
export async function requestSigninLink(deps: Deps, workspaceId: string, raw: unknown): Promise<void> {
  const r = new InputReader(raw);
  const email = r.text('email', { required: true, max: 254, pattern: SUBSCRIBER_EMAIL_PATTERN, patternMessage: 'must be an e-mail address, like name@example.com' });
  r.done(null);
  await inTransaction(deps, async (tx) => {
    const now = tx.clock.now();
    const contacts = await tx.db.selectFrom('customer_contacts as k').innerJoin('customers as c', 'c.id', 'k.customer_id')
      .select(['k.id', 'k.customer_id', 'k.email', 'c.name as customer_name'])
      .where('k.workspace_id', '=', workspaceId).where('c.workspace_id', '=', workspaceId).where('k.email', '=', (email as string).toLowerCase())
      .orderBy('c.name').execute();
    if (contacts.length === 0) return;
    const since = new Date(now.getTime() - SIGNIN_WINDOW_MS).toISOString();
    const recent = await tx.db.selectFrom('portal_links').select('contact_id').where('contact_id', 'in', contacts.map((k) => k.id))
      .where('purpose', '=', 'signin').where('created_at', '>', since).execute();
    const allowed = contacts.filter((k) => recent.filter((x) => x.contact_id === k.id).length < SIGNIN_LINKS_MAX);
    if (allowed.length === 0) return;
    const workspace = await tx.db.selectFrom('workspaces').select(['slug', 'name']).where('id', '=', workspaceId).executeTakeFirstOrThrow();
    const links: Array<{ customerName: string; link: string }> = [];
    let firstHash = '';
    for (const k of allowed) {
      const token = newSecret('trp_');
      const id = sha256(token);
      firstHash ||= id;
      await tx.db.insertInto('portal_links').values({
        id, workspace_id: workspaceId, customer_id: k.customer_id, contact_id: k.id, purpose: 'signin',
        created_at: now.toISOString(), expires_at: new Date(now.getTime() + SIGNIN_TTL_MS).toISOString(), used_at: null,
      }).execute();
      await recordAuditEvent(tx, { workspaceId, actor: REQUEST_ACTOR, action: 'portal.signin_link_sent', subjectType: 'customer_contact', subjectId: k.id, after: { customerId: k.customer_id } });
      links.push({ customerName: k.customer_name, link: portalLinkUrl(tx.publicUrl, workspace.slug, token) });
    }
    await enqueueMessage(tx, {
      workspaceId, kind: SIGNIN_MESSAGE_KIND, recipientType: 'contact', recipientId: allowed[0].id, to: allowed[0].email,
      idempotencyKey: `${SIGNIN_MESSAGE_KIND}:${firstHash}`, ...signinMessage({ workspaceName: workspace.name, links }),
    });
  });
}

/** What the link's page shows before the contact presses "Sign in". */
export interface PortalLinkView {
  purpose: PortalLinkPurpose;
  customerName: string;
  expiresAt: string;
}

const linkInvalid = () => new AppError('portal_link_invalid', 404, 'this sign-in link is not valid: ask for a new one');
const linkUsed = () => new AppError('portal_link_used', 410, 'this sign-in link was already used: ask for a new one');
const linkExpired = () => new AppError('portal_link_expired', 410, 'this sign-in link has expired: ask for a new one');

/** The link's row, only while its contact still belongs to its customer. */
async function findLink(db: Db, workspaceId: string, token: string) {
  return db.selectFrom('portal_links as l')
    .innerJoin('customer_contacts as k', (j) => j.onRef('k.id', '=', 'l.contact_id').onRef('k.customer_id', '=', 'l.customer_id'))
    .innerJoin('customers as c', 'c.id', 'l.customer_id')
    .select(['l.id', 'l.customer_id', 'l.contact_id', 'l.purpose', 'l.expires_at', 'l.used_at', 'c.name as customer_name'])
    .where('l.id', '=', sha256(token)).where('l.workspace_id', '=', workspaceId).executeTakeFirst();
}

function refuse(row: Awaited<ReturnType<typeof findLink>>, now: Date): asserts row is NonNullable<typeof row> {
  if (!row) throw linkInvalid();
  if (row.used_at) throw linkUsed();
  if (row.expires_at <= now.toISOString()) throw linkExpired();
}

/** Where a link stands, changing nothing (the GET page: mail scanners fetch links). */
export async function checkPortalLink(deps: Deps, workspaceId: string, token: string): Promise<PortalLinkView> {
  const row = await findLink(deps.db, workspaceId, token);
  refuse(row, deps.clock.now());
  return { purpose: row.purpose, customerName: row.customer_name, expiresAt: row.expires_at };
}

/**
 * Spends a link (once) and opens a session for its contact and customer. Returns the cookie
 * value; only its hash is stored.
 */
export async function usePortalLink(deps: Deps, workspaceId: string, token: string): Promise<{ cookie: string; session: PortalSession }> {
  return inTransaction(deps, async (tx) => {
    const now = tx.clock.now();
    const row = await findLink(tx.db, workspaceId, token);
    refuse(row, now);
    // Two POSTs at once: only the one that marks it used goes on.
    const spent = await tx.db.updateTable('portal_links').set({ used_at: now.toISOString() }).where('id', '=', row.id).where('used_at', 'is', null).executeTakeFirst();
    if (Number(spent.numUpdatedRows) !== 1) throw linkUsed();
    const cookie = newSecret('trs_');
    const session: PortalSession = {
      workspaceId, customerId: row.customer_id, contactId: row.contact_id, csrfToken: newSecret(), expiresAt: new Date(now.getTime() + PORTAL_SESSION_TTL_MS).toISOString(),
    };
    await tx.db.deleteFrom('portal_sessions').where('contact_id', '=', row.contact_id).where('expires_at', '<=', now.toISOString()).execute();
    await tx.db.insertInto('portal_sessions').values({
      id: sha256(cookie), workspace_id: workspaceId, customer_id: row.customer_id, contact_id: row.contact_id, csrf_token: session.csrfToken,
      created_at: now.toISOString(), expires_at: session.expiresAt,
    }).execute();
    await tx.db.updateTable('customer_contacts').set({ last_signed_in_at: now.toISOString() }).where('id', '=', row.contact_id).execute();
    await recordAuditEvent(tx, {
      workspaceId, actor: contactActor(row.contact_id), action: 'portal.signed_in', subjectType: 'customer_contact', subjectId: row.contact_id,
      after: { customerId: row.customer_id, via: row.purpose },
    });
    return { cookie, session };
  });
}

/**
 * The session of a cookie in a workspace: undefined when unknown, expired, of another
 * workspace, or when its contact no longer belongs to its customer.
 */
export async function findPortalSession(db: Db, workspaceId: string, cookie: string, now: Date): Promise<PortalSession | undefined> {
  const row = await db.selectFrom('portal_sessions as s')
    .innerJoin('customer_contacts as k', (j) => j.onRef('k.id', '=', 's.contact_id').onRef('k.customer_id', '=', 's.customer_id'))
    .select(['s.workspace_id', 's.customer_id', 's.contact_id', 's.csrf_token', 's.expires_at'])
    .where('s.id', '=', sha256(cookie)).where('s.workspace_id', '=', workspaceId).where('k.workspace_id', '=', workspaceId)
    .where('s.expires_at', '>', now.toISOString()).executeTakeFirst();
  return row && { workspaceId: row.workspace_id, customerId: row.customer_id, contactId: row.contact_id, csrfToken: row.csrf_token, expiresAt: row.expires_at };
}

/** Signs out: the session row is deleted, so the cookie is worthless even if kept. */
export async function endPortalSession(deps: Deps, session: PortalSession, cookie: string): Promise<void> {
  await inTransaction(deps, async (tx) => {
    await tx.db.deleteFrom('portal_sessions').where('id', '=', sha256(cookie)).execute();
    await recordAuditEvent(tx, { workspaceId: session.workspaceId, actor: contactActor(session.contactId), action: 'portal.signed_out', subjectType: 'customer_contact', subjectId: session.contactId });
  });
}
