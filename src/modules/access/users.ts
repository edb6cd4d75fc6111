import { mapUnique } from '../../db/errors.ts';
import type { Db, Role } from '../../db/schema.ts';
import { type Actor, type Deps, inTransaction } from '../../shared/deps.ts';
import { conflict, invalid, notFound } from '../../shared/errors.ts';
import { newId, sha256 } from '../../shared/ids.ts';
import { EMAIL_PATTERN, InputReader } from '../../shared/input.ts';
import { INSTANCE_CHAIN, recordAuditEvent } from '../audit/record-audit-event.ts';
import { hashPassword, MIN_PASSWORD_LENGTH } from './passwords.ts';
import { ROLES } from './roles.ts';

export interface UserView {
  id: string;
  email: string;
  displayName: string;
  isInstanceAdmin: boolean;
  hasPassword: boolean;
}

export interface MemberView {
  userId: string;
  email: string;
  displayName: string;
  role: Role;
}

export async function findUser(db: Db, id: string): Promise<UserView | undefined> {
  const u = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  return u && { id: u.id, email: u.email, displayName: u.display_name, isInstanceAdmin: u.is_instance_admin === 1, hasPassword: u.password_hash !== null };
}

export async function findUserIdByEmail(db: Db, email: string): Promise<string | undefined> {
  return (await db.selectFrom('users').select('id').where('email', '=', email.trim().toLowerCase()).executeTakeFirst())?.id;
}

export function checkPassword(password: unknown, field = 'password'): string {
  if (typeof password !== 'string' || password.length < MIN_PASSWORD_LENGTH) throw invalid(field, `must be at least ${MIN_PASSWORD_LENGTH} characters`);
  if (password.length > 1024) throw invalid(field, 'must be at most 1024 characters');
  return password;
}

/** Creates a person who can sign in; `password` may be left out (they sign in by link first). */
export async function createUser(deps: Deps, actor: Actor, raw: unknown, opts: { instanceAdmin?: boolean } = {}): Promise<UserView> {
  const r = new InputReader(raw);
  const email = r.text('email', { required: true, max: 320, pattern: EMAIL_PATTERN, patternMessage: 'must be an e-mail address' });
  const displayName = r.text('displayName', { name: true, max: 200 });
  const password = r.text('password', { max: 1024, verbatim: true });
  r.done(null);
  const passwordHash = password === null ? null : await hashPassword(checkPassword(password));
  return inTransaction(deps, async (tx) => {
    const id = newId();
    const normalised = (email as string).toLowerCase();
    await mapUnique(
      () => tx.db.insertInto('users').values({
        id, email: normalised, display_name: displayName ?? normalised.split('@')[0], password_hash: passwordHash,
        is_instance_admin: opts.instanceAdmin ? 1 : 0, created_at: tx.clock.now().toISOString(),
      }).execute(),
      'email: a user with this address already exists', 'user_exists',
    );
    const after = (await findUser(tx.db, id)) as UserView;
    await recordAuditEvent(tx, { workspaceId: INSTANCE_CHAIN, actor, action: 'user.created', subjectType: 'user', subjectId: id, after });
    return after;
  });
}

/**
 * Sets a user's password and ends every other session of theirs (someone who had the old password
 * may hold one); `keepSession`, the cookie value of the session making the change, stays open.
 */
export async function setPassword(deps: Deps, actor: Actor, userId: string, password: unknown, opts: { keepSession?: string } = {}): Promise<void> {
  const hashed = await hashPassword(checkPassword(password));
  await inTransaction(deps, async (tx) => {
    const res = await tx.db.updateTable('users').set({ password_hash: hashed }).where('id', '=', userId).executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) throw notFound('user');
    let others = tx.db.deleteFrom('sessions').where('user_id', '=', userId);
    if (opts.keepSession) others = others.where('id', '!=', sha256(opts.keepSession));
    const ended = Number((await others.executeTakeFirst()).numDeletedRows);
    await recordAuditEvent(tx, { workspaceId: INSTANCE_CHAIN, actor, action: 'user.password_set', subjectType: 'user', subjectId: userId, after: { otherSessionsEnded: ended } });
  });
}

export async function listMembers(db: Db, workspaceId: string): Promise<MemberView[]> {
  const rows = await db.selectFrom('memberships as m').innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.email', 'u.display_name', 'm.role']).where('m.workspace_id', '=', workspaceId).orderBy('u.email').execute();
  return rows.map((r) => ({ userId: r.id, email: r.email, displayName: r.display_name, role: r.role }));
}

/** Gives a user a role in a workspace (adds or changes the membership). Keeps at least one owner. */
export async function setMembership(deps: Deps, actor: Actor, workspaceId: string, userId: string, role: unknown): Promise<void> {
  if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) throw invalid('role', `must be one of ${ROLES.join(', ')}`);
  await inTransaction(deps, async (tx) => {
    if (!(await findUser(tx.db, userId))) throw notFound('user');
    const before = await tx.db.selectFrom('memberships').select('role').where('workspace_id', '=', workspaceId).where('user_id', '=', userId).executeTakeFirst();
    if (before?.role === 'owner' && role !== 'owner') await assertAnotherOwner(tx.db, workspaceId, userId);
    if (before) await tx.db.updateTable('memberships').set({ role: role as Role }).where('workspace_id', '=', workspaceId).where('user_id', '=', userId).execute();
    else await tx.db.insertInto('memberships').values({ workspace_id: workspaceId, user_id: userId, role: role as Role, created_at: tx.clock.now().toISOString() }).execute();
    await recordAuditEvent(tx, { workspaceId, actor, action: 'membership.set', subjectType: 'user', subjectId: userId, before: before ?? null, after: { role } });
  });
}

export async function removeMembership(deps: Deps, actor: Actor, workspaceId: string, userId: string): Promise<void> {
  await inTransaction(deps, async (tx) => {
    const before = await tx.db.selectFrom('memberships').select('role').where('workspace_id', '=', workspaceId).where('user_id', '=', userId).executeTakeFirst();
    if (!before) throw notFound('member');
    if (before.role === 'owner') await assertAnotherOwner(tx.db, workspaceId, userId);
    await tx.db.deleteFrom('memberships').where('workspace_id', '=', workspaceId).where('user_id', '=', userId).execute();
    await recordAuditEvent(tx, { workspaceId, actor, action: 'membership.removed', subjectType: 'user', subjectId: userId, before });
  });
}

async function assertAnotherOwner(db: Db, workspaceId: string, userId: string) {
  const other = await db.selectFrom('memberships').select('user_id').where('workspace_id', '=', workspaceId).where('role', '=', 'owner').where('user_id', '!=', userId).executeTakeFirst();
  if (!other) throw conflict('a workspace must keep at least one owner', 'last_owner');
}
