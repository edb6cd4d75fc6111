import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Role } from '../../db/schema.ts';
import { isRole } from '../../modules/access/roles.ts';
import { createSigninLink } from '../../modules/access/sessions.ts';
import { changeMemberRole, removeMember } from '../../modules/access/manage-members.ts';
import { addPersonToWorkspace } from '../../modules/access/invitations.ts';
import { createUser, listMembers } from '../../modules/access/users.ts';
import { isAppError, notFound } from '../../shared/errors.ts';
import type { AppOptions } from '../app.ts';
import type { FormErrors } from '../views/forms.ts';
import { type Console, formFailure, type FormValues, formValues, one, openConsole, param, query, sendPage } from './console.ts';
import { grantableRoles, membersBody, newUserBody } from './members.view.ts';

type Forms = { add?: { values: FormValues; errors: FormErrors }; create?: { values: FormValues; errors: FormErrors } };

/** Members (admin): change roles, remove, add a person by address (invitation), create users with a sign-in link. */
export function registerMemberRoutes(app: FastifyInstance, { deps, config }: AppOptions) {
  const page = async (reply: FastifyReply, c: Console, o: Forms & { q?: Record<string, string>; problem?: string; status?: number } = {}) => {
    const members = await listMembers(deps.db, c.workspace.id);
    return sendPage(reply, c, { title: 'Members', section: 'members', body: membersBody(c, { members, q: o.q ?? {}, problem: o.problem, add: o.add, create: o.create }), status: o.status });
  };

  /** A role `c` may grant, or an error message for the role field. */
  const checkRole = (c: Console, role: string): string | null =>
    !isRole(role) ? `must be one of ${grantableRoles(c).join(', ')}` : grantableRoles(c).includes(role) ? null : 'only owners can make someone an owner';

  /** The member `userId` of the workspace (the use-cases refuse owner changes to non-owners). */
  const loadMember = async (c: Console, userId: string) => {
    const member = (await listMembers(deps.db, c.workspace.id)).find((m) => m.userId === userId);
    if (!member) throw notFound('member');
    return member;
  };

  /** Runs a membership change; "keep one owner" refusals are shown on the members page. */
  const change = async (reply: FastifyReply, c: Console, fn: () => Promise<unknown>, done: string) => {
    try {
      await fn();
    } catch (e) {
      if (isAppError(e) && e.code === 'last_owner') return page(reply, c, { problem: `Not changed: ${e.message}.`, status: 409 });
      throw e;
    }
    return reply.redirect(`${c.base}/members?${done}=1`, 303);
  };

  app.get('/admin/w/:slug/members', async (req, reply) => page(reply, await openConsole(deps, req, 'admin'), { q: query(req) }));

  app.post('/admin/w/:slug/members/:userId/role', async (req, reply) => {
    const c = await openConsole(deps, req, 'admin');
    const member = await loadMember(c, param(req, 'userId'));
    const role = one(formValues(req).role);
    const problem = checkRole(c, role);
    if (problem) return page(reply, c, { problem: `Role of ${member.email}: ${problem}.`, status: isRole(role) ? 403 : 400 });
    return change(reply, c, () => changeMemberRole(deps, c, member.userId, { role }), 'saved');
  });

  app.post('/admin/w/:slug/members/:userId/remove', async (req, reply) => {
    const c = await openConsole(deps, req, 'admin');
    const member = await loadMember(c, param(req, 'userId'));
    return change(reply, c, () => removeMember(deps, c, member.userId), 'removed');
  });

  // One answer whoever the address belongs to: an invitation (existing account) or a new account.
  app.post('/admin/w/:slug/members', async (req, reply) => {
    const c = await openConsole(deps, req, 'admin');
    const values = formValues(req);
    const role = one(values.role);
    const roleProblem = isRole(role) ? checkRole(c, role) : null;
    if (roleProblem) return page(reply, c, { add: { values, errors: { role: roleProblem } }, status: 403 });
    try {
      await addPersonToWorkspace(deps, c, { email: one(values.email).trim(), role });
    } catch (e) {
      if (isAppError(e) && e.code === 'already_member') return page(reply, c, { add: { values, errors: { email: 'is already a member of this workspace' } }, status: 409 });
      if (!isAppError(e) || e.code !== 'validation_error') throw e;
      const { status, errors } = formFailure(e, values);
      return page(reply, c, { add: { values, errors }, status });
    }
    return reply.redirect(`${c.base}/members?invited=1`, 303);
  });

  app.post('/admin/w/:slug/members/new-user', async (req, reply) => {
    const c = await openConsole(deps, req, 'admin');
    const values = formValues(req);
    const role = one(values.newRole);
    const roleProblem = checkRole(c, role);
    if (roleProblem) return page(reply, c, { create: { values, errors: { newRole: roleProblem } }, status: 400 });
    let user;
    try {
      user = await createUser(deps, c.user.actor, { email: values.newEmail });
    } catch (e) {
      const { status, errors } = formFailure(e, values, { email: 'newEmail' });
      return page(reply, c, { create: { values, errors }, status });
    }
    await changeMemberRole(deps, c, user.id, { role });
    const link = `${config.publicUrl}/admin/signin/link/${await createSigninLink(deps, user.id)}`;
    return sendPage(reply, c, { title: 'User created', section: 'members', body: newUserBody(c, { email: user.email, role: role as Role, link }), status: 201 });
  });
}
