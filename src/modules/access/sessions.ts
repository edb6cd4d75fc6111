import type { Db, Role } from '../../db/schema.ts';
import { type Deps, inTransaction } from '../../shared/deps.ts';
import { AppError } from '../../shared/errors.ts';
import { newSecret, sha256 } from '../../shared/ids.ts';
import { INSTANCE_CHAIN, recordAuditEvent } from '../audit/record-audit-event.ts';
import { dummyHash, verifyPassword } from './passwords.ts';
import { recordSigninFailure, recordUnknownAccountFailure, signinBlocked, unknownAccountBlockedUntil } from './signin-backoff.ts';
import { findUser, type UserView } from './users.ts';

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
export const SIGNIN_LINK_TTL_MS = 24 * 60 * 60 * 1000;

export interface SessionView {
  user: UserView;
  csrfToken: string;
  /** workspace id → role */
  memberships: Map<string, Role>;
}

const badCredentials = () => new AppError('invalid_credentials', 401, 'e-mail or password is wrong');

/** Opens a session for `userId`; returns the cookie value (stored only as its hash). */
export async function createSession(deps: Deps, userId: string, how: 'password' | 'link'): Promise<string> {
  const token = newSecret();
  const now = deps.clock.now();
  await inTransaction(deps, async (tx) => {
    await tx.db.insertInto('sessions').values({
      id: sha256(token), user_id: userId, csrf_token: newSecret(), created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + SESSION_TTL_MS).toISOString(),
    }).execute();
    // Signed in: the count of wrong passwords in a row starts again (signin-backoff.ts).
    await tx.db.updateTable('users').set({ failed_signins: 0, signin_blocked_until: null }).where('id', '=', userId).where('failed_signins', '>', 0).execute();
    await recordAuditEvent(tx, { workspaceId: INSTANCE_CHAIN, actor: { type: 'user', id: userId, label: userId }, action: `session.signed_in_by_${how}`, subjectType: 'user', subjectId: userId });
  });
  return token;
}

/**
 * Checks e-mail and password (Argon2id) and opens a session. Same error and timing for unknown
 * e-mails. After five wrong passwords in a row an account is refused for a while (429
 * `signin_blocked`, longer each time), an unknown address alike.
 */
export async function signInWithPassword(deps: Deps, email: string, password: string): Promise<string> {
  const address = String(email).trim().toLowerCase();
  const now = deps.clock.now();
  const user = await deps.db.selectFrom('users').select(['id', 'password_hash', 'signin_blocked_until']).where('email', '=', address).executeTakeFirst();
  const blockedUntil = user ? user.signin_blocked_until : unknownAccountBlockedUntil(address, now);
  if (blockedUntil && blockedUntil > now.toISOString()) throw signinBlocked(blockedUntil, now);
  const ok = await verifyPassword(user?.password_hash ?? (await dummyHash()), String(password));
  if (!user || !user.password_hash || !ok) {
    if (user) await recordSigninFailure(deps, user.id);
    else recordUnknownAccountFailure(address, now);
    throw badCredentials();
  }
  return createSession(deps, user.id, 'password');
}

export async function findSession(db: Db, token: string, now: Date): Promise<SessionView | undefined> {
  const row = await db.selectFrom('sessions').selectAll().where('id', '=', sha256(token)).executeTakeFirst();
  if (!row || row.expires_at <= now.toISOString()) return undefined;
  const user = await findUser(db, row.user_id);
  if (!user) return undefined;
  const members = await db.selectFrom('memberships').select(['workspace_id', 'role']).where('user_id', '=', user.id).execute();
  return { user, csrfToken: row.csrf_token, memberships: new Map(members.map((m) => [m.workspace_id, m.role])) };
}

export async function endSession(db: Db, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sha256(token)).execute();
}

/** A one-time sign-in link secret for `userId`, valid 24 hours. */
export async function createSigninLink(deps: Deps, userId: string): Promise<string> {
  const secret = newSecret();
  const now = deps.clock.now();
  await deps.db.insertInto('signin_links').values({
    id: sha256(secret), user_id: userId, created_at: now.toISOString(), expires_at: new Date(now.getTime() + SIGNIN_LINK_TTL_MS).toISOString(), used_at: null,
  }).execute();
  return secret;
}

const linkInvalid = () => new AppError('link_invalid', 400, 'this sign-in link is unknown, used or expired');

/**
 * Whether a sign-in link still works, without spending it: the page the link opens asks for a
 * press of its button (mail scanners fetch links; only the POST signs in).
 */
export async function checkSigninLink(deps: Deps, secret: string): Promise<void> {
  const now = deps.clock.now().toISOString();
  const row = secret.length > 200 ? undefined : await deps.db.selectFrom('signin_links').select('id')
    .where('id', '=', sha256(secret)).where('used_at', 'is', null).where('expires_at', '>', now).executeTakeFirst();
  if (!row) throw linkInvalid();
}

/** Spends a sign-in link (once) and opens a session. */
export async function useSigninLink(deps: Deps, secret: string): Promise<string> {
  const now = deps.clock.now().toISOString();
  const res = await deps.db.updateTable('signin_links').set({ used_at: now })
    .where('id', '=', sha256(secret)).where('used_at', 'is', null).where('expires_at', '>', now).executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw linkInvalid();
  const row = await deps.db.selectFrom('signin_links').select('user_id').where('id', '=', sha256(secret)).executeTakeFirstOrThrow();
  return createSession(deps, row.user_id, 'link');
}
