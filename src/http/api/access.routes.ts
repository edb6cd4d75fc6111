import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { createApiToken, listApiTokens, revokeApiToken } from '../../modules/access/api-tokens.ts';
import { changeMemberRole, removeMember } from '../../modules/access/manage-members.ts';
import { addPersonToWorkspace, INVITATION_SENT, INVITATION_TTL_DAYS } from '../../modules/access/invitations.ts';
import { ROLES } from '../../modules/access/roles.ts';
import { listMembers } from '../../modules/access/users.ts';
import { notFound } from '../../shared/errors.ts';
import type { AppOptions } from '../app.ts';
import { requireWorkspace } from '../middleware/auth.ts';
import { CreatedToken, Member, MemberBody, MemberParams, Token, TokenBody, TokenParams } from './access.schemas.ts';
import { Body, data, doc, ERRORS, NoContent, SlugParams } from './schemas.ts';

const InvitationBody = Body({
  email: Type.String({ description: 'The address of the person to add.' }),
  role: Type.String({ description: `One of: ${ROLES.join(', ')}. Only owners grant owner.` }),
});

/** Workspace API tokens and members: admin only. */
export function registerAccessRoutes(app: FastifyInstance, { deps }: AppOptions) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get('/api/w/:slug/tokens', {
    schema: { ...doc('Tokens', 'List API tokens', 'admin', 'Revoked tokens included; never the secrets.'), params: SlugParams, response: { 200: data(Type.Array(Token)), ...ERRORS } },
  }, async (req) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'admin');
    return { data: await listApiTokens(deps.db, scope.workspaceId) };
  });

  r.post('/api/w/:slug/tokens', {
    schema: { ...doc('Tokens', 'Create an API token', 'admin', 'The response carries the secret once; store it now.'), params: SlugParams, body: TokenBody, response: { 201: data(CreatedToken), ...ERRORS } },
  }, async (req, reply) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'admin');
    const { token, view } = await createApiToken(deps, scope, req.body);
    return reply.code(201).send({ data: { token, ...view } });
  });

  r.delete('/api/w/:slug/tokens/:id', {
    schema: { ...doc('Tokens', 'Revoke an API token', 'admin'), params: TokenParams, response: { 204: NoContent, ...ERRORS } },
  }, async (req, reply) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'admin');
    await revokeApiToken(deps, scope, req.params.id);
    return reply.code(204).send(null);
  });

  r.get('/api/w/:slug/members', {
    schema: { ...doc('Members', 'List members', 'admin'), params: SlugParams, response: { 200: data(Type.Array(Member)), ...ERRORS } },
  }, async (req) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'admin');
    return { data: await listMembers(deps.db, scope.workspaceId) };
  });

  r.put('/api/w/:slug/members/:userId', {
    schema: { ...doc('Members', "Change a member's role", 'admin', 'Granting, changing or removing the owner role needs an owner; a workspace keeps at least one owner. Someone who is not a member is added through POST /invitations (404 here).'), params: MemberParams, body: MemberBody, response: { 200: data(Member), ...ERRORS } },
  }, async (req) => {
    const { scope, role } = await requireWorkspace(deps, req, req.params.slug, 'admin');
    // People join by invitation (they accept it), never directly by user id.
    if (!(await listMembers(deps.db, scope.workspaceId)).some((m) => m.userId === req.params.userId)) throw notFound('member');
    return { data: await changeMemberRole(deps, { scope, role }, req.params.userId, req.body) };
  });

  r.post('/api/w/:slug/invitations', {
    schema: {
      ...doc('Members', 'Add a person by e-mail address', 'admin', `Someone with an account on this instance is e-mailed an invitation to accept (valid ${INVITATION_TTL_DAYS} days, once); a new address gets an account with the role and a one-time sign-in link by e-mail. The answer is the same either way. 409 already_member for a member.`),
      params: SlugParams, body: InvitationBody, response: { 202: data(Type.Object({ message: Type.Literal(INVITATION_SENT) })), ...ERRORS },
    },
  }, async (req, reply) => {
    const { scope, role } = await requireWorkspace(deps, req, req.params.slug, 'admin');
    return reply.code(202).send({ data: await addPersonToWorkspace(deps, { scope, role }, req.body) });
  });

  r.delete('/api/w/:slug/members/:userId', {
    schema: { ...doc('Members', 'Remove a member', 'admin'), params: MemberParams, response: { 204: NoContent, ...ERRORS } },
  }, async (req, reply) => {
    const { scope, role } = await requireWorkspace(deps, req, req.params.slug, 'admin');
    await removeMember(deps, { scope, role }, req.params.userId);
    return reply.code(204).send(null);
  });
}
