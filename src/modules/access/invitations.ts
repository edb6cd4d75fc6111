/**
 * Adding a person to a workspace by e-mail address. Someone who already has an account on the
 * instance is sent an invitation link (14 days, single use, stored as its hash) and becomes a
 * member only by accepting it while signed in; a new address gets an account, the role and a
 * one-time sign-in link by e-mail. The operator is told the same ("invitation sent") either way,
 * so the form does not reveal which addresses have an account.
 */
import type { Role } from '../../db/schema.ts';
import { type Deps, inTransaction, type TxDeps } from '../../shared/deps.ts';
import { AppError, conflict, forbidden } from '../../shared/errors.ts';
import { html } from '../../shared/html.ts';
import { newId, newSecret, sha256 } from '../../shared/ids.ts';
import { EMAIL_PATTERN, InputReader } from '../../shared/input.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { enqueueMessage } from '../mail/enqueue-message.ts';
import type { MemberAccess } from './manage-members.ts';
import { ROLES } from './roles.ts';
import { createSigninLink, SIGNIN_LINK_TTL_MS } from './sessions.ts';
import { createUser, setMembership } from './users.ts';

export const INVITATION_TTL_DAYS = 14;
export const INVITATION_MESSAGE_KIND = 'workspace.invitation';
export const NEW_MEMBER_MESSAGE_KIND = 'workspace.new_member';

/** What the operator is told, whoever the address belongs to. */
export const INVITATION_SENT = 'invitation sent';

export const invitationUrl = (publicUrl: string, token: string): string => `${publicUrl}/admin/invitations/${encodeURIComponent(token)}`;

const unknownInvitation = () => new AppError('invitation_invalid', 400, 'this invitation link is unknown, used or expired');

export interface AddPersonInput {
  email: string;
  role: Role;
}

/** Reads `{ email, role }`; one 400 names every bad field. */
export function parseAddPersonInput(raw: unknown): AddPersonInput {
  const r = new InputReader(raw);
  const email = r.text('email', { required: true, max: 320, pattern: EMAIL_PATTERN, patternMessage: 'must be an e-mail address' });
  const role = r.choice('role', ROLES, { required: true });
  return r.done({ email: (email ?? '').toLowerCase(), role: role as Role });
}

/**
 * Adds a person by address (see the file's comment): an invitation for an existing account, an
 * account and a sign-in link for a new address; an e-mail either way, in the same transaction as
 * the audit event. 409 `already_member` for a current member (the operator sees the members).
 *
 * @example await addPersonToWorkspace(deps, { scope, role: 'admin' }, { email: 'jo@example.com', role: 'editor' })
 */
export async function addPersonToWorkspace(deps: Deps, access: MemberAccess, raw: unknown): Promise<{ message: typeof INVITATION_SENT }> {
  const input = parseAddPersonInput(raw);
  if (input.role === 'owner' && access.role !== 'owner') throw forbidden('only an owner can grant, change or remove the owner role');
  const { workspaceId, actor } = access.scope;
  await inTransaction(deps, async (tx) => {
    const workspace = await tx.db.selectFrom('workspaces').select(['name', 'slug']).where('id', '=', workspaceId).executeTakeFirstOrThrow();
    const user = await tx.db.selectFrom('users').select('id').where('email', '=', input.email).executeTakeFirst();
    if (user) {
      const member = await tx.db.selectFrom('memberships').select('role').where('workspace_id', '=', workspaceId).where('user_id', '=', user.id).executeTakeFirst();
      if (member) throw conflict('email: is already a member of this workspace', 'already_member');
      await invite(tx, workspaceId, workspace.name, input, actor.id ?? actor.label);
      await recordAuditEvent(tx, { workspaceId, actor, action: 'member.invited', subjectType: 'user', subjectId: user.id, after: { role: input.role } });
      return;
    }
    // A new address: the account and the role now, and a sign-in link by e-mail (as creating a user does).
    const created = await createUser(tx, actor, { email: input.email });
    await setMembership(tx, actor, workspaceId, created.id, input.role);
    const link = `${tx.publicUrl}/admin/signin/link/${await createSigninLink(tx, created.id)}`;
    const hours = SIGNIN_LINK_TTL_MS / 3600_000;
    await enqueueMessage(tx, {
      workspaceId, kind: NEW_MEMBER_MESSAGE_KIND, recipientType: 'user', recipientId: created.id, to: input.email,
      idempotencyKey: `${NEW_MEMBER_MESSAGE_KIND}:${workspaceId}:${created.id}`,
      ...memberMessage(workspace.name, input.role, link, `It works once, within ${hours} hours; then set a password on your account page.`, 'Sign in'),
    });
    await recordAuditEvent(tx, { workspaceId, actor, action: 'member.invited', subjectType: 'user', subjectId: created.id, after: { role: input.role, newAccount: true } });
  });
  return { message: INVITATION_SENT };
}

/** Writes the invitation (only the hash of its secret) and its e-mail; an earlier open one to the same address ends. */
async function invite(tx: TxDeps, workspaceId: string, workspaceName: string, input: AddPersonInput, invitedBy: string): Promise<void> {
  const token = newSecret('tri_');
  const now = tx.clock.now();
  await tx.db.deleteFrom('workspace_invitations').where('workspace_id', '=', workspaceId).where('email', '=', input.email).where('accepted_at', 'is', null).execute();
  const id = newId();
  await tx.db.insertInto('workspace_invitations').values({
    id, workspace_id: workspaceId, email: input.email, role: input.role, token_hash: sha256(token), invited_by: invitedBy,
    created_at: now.toISOString(), expires_at: new Date(now.getTime() + INVITATION_TTL_DAYS * 86_400_000).toISOString(), accepted_at: null,
  }).execute();
  await enqueueMessage(tx, {
    workspaceId, kind: INVITATION_MESSAGE_KIND, recipientType: 'user', recipientId: null, to: input.email,
    idempotencyKey: `${INVITATION_MESSAGE_KIND}:${id}`,
    ...memberMessage(workspaceName, input.role, invitationUrl(tx.publicUrl, token), `The invitation works once, within ${INVITATION_TTL_DAYS} days. Sign in with your Trustroom account to accept it.`, 'Accept the invitation'),
  });
}

function memberMessage(workspaceName: string, role: Role, link: string, validity: string, action: string): { subject: string; text: string; html: string } {
  const subject = `You are invited to ${workspaceName} on Trustroom`.replace(/\s+/g, ' ');
  const intro = `You are invited to the Trustroom workspace of ${workspaceName} as ${role}.`;
  const text = [intro, '', `${action}: ${link}`, '', validity, 'If you did not expect this, ignore this message.', ''].join('\n');
  const body = html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${subject}</title></head><body>
<p>${intro}</p>
<p><a href="${link}">${action}</a><br>${link}</p>
<p>${validity} If you did not expect this, ignore this message.</p>
</body></html>`;
  return { subject, text, html: body.value };
}

/** An open invitation: where it leads. */
export interface InvitationView {
  workspaceName: string;
  workspaceSlug: string;
  role: Role;
}

async function findOpenInvitation(tx: { db: Deps['db']; clock: Deps['clock'] }, token: string) {
  if (token.length === 0 || token.length > 200) return undefined;
  return tx.db.selectFrom('workspace_invitations as i').innerJoin('workspaces as w', 'w.id', 'i.workspace_id')
    .select(['i.id', 'i.workspace_id', 'i.email', 'i.role', 'w.name', 'w.slug'])
    .where('i.token_hash', '=', sha256(token)).where('i.accepted_at', 'is', null).where('i.expires_at', '>', tx.clock.now().toISOString()).executeTakeFirst();
}

/**
 * Where an invitation link leads, without using it (its page asks for a press of a button).
 * 400 `invitation_invalid` when unknown, used or expired; 403 when it was sent to another account.
 */
export async function checkInvitation(deps: Deps, userId: string, token: string): Promise<InvitationView> {
  const found = await findOpenInvitation(deps, token);
  if (!found) throw unknownInvitation();
  await assertInvitee(deps, userId, found.email);
  return { workspaceName: found.name, workspaceSlug: found.slug, role: found.role };
}

async function assertInvitee(deps: { db: Deps['db'] }, userId: string, email: string) {
  const user = await deps.db.selectFrom('users').select('email').where('id', '=', userId).executeTakeFirst();
  if (user?.email !== email) throw forbidden('this invitation was sent to another account: sign in with the address it was sent to');
}

/** Accepts an invitation for the signed-in user it was sent to (once): they become a member with its role. */
export async function acceptInvitation(deps: Deps, userId: string, token: string): Promise<InvitationView> {
  return inTransaction(deps, async (tx) => {
    const found = await findOpenInvitation(tx, token);
    if (!found) throw unknownInvitation();
    await assertInvitee(tx, userId, found.email);
    const spent = await tx.db.updateTable('workspace_invitations').set({ accepted_at: tx.clock.now().toISOString() }).where('id', '=', found.id).where('accepted_at', 'is', null).executeTakeFirst();
    if (Number(spent.numUpdatedRows) !== 1) throw unknownInvitation();
    const actor = { type: 'user' as const, id: userId, label: userId };
    const member = await tx.db.selectFrom('memberships').select('role').where('workspace_id', '=', found.workspace_id).where('user_id', '=', userId).executeTakeFirst();
    if (!member) await setMembership(tx, actor, found.workspace_id, userId, found.role);
    await recordAuditEvent(tx, { workspaceId: found.workspace_id, actor, action: 'member.invitation_accepted', subjectType: 'user', subjectId: userId, after: { role: member?.role ?? found.role } });
    return { workspaceName: found.name, workspaceSlug: found.slug, role: member?.role ?? found.role };
  });
}
