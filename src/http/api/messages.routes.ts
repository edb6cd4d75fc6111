import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { findMessage, listMessages, MESSAGES_PAGE_MAX, parseMessageFilter } from '../../modules/mail/messages.queries.ts';
import { roleAtLeast } from '../../modules/access/roles.ts';
import { notFound } from '../../shared/errors.ts';
import type { AppOptions } from '../app.ts';
import { requireWorkspace } from '../middleware/auth.ts';
import { Message, MessageParams, MessageQuery, MessageSummary } from './changes.schemas.ts';
import { data, doc, ERRORS, SlugParams } from './schemas.ts';

/** The outbox and delivery log: every e-mail of the workspace (viewer). */
export function registerMessageRoutes(app: FastifyInstance, { deps }: AppOptions) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get('/api/w/:slug/messages', {
    schema: {
      ...doc('Outbox', 'List messages', 'viewer', `Newest first, at most ${MESSAGES_PAGE_MAX}, without their bodies.`),
      params: SlugParams, querystring: MessageQuery, response: { 200: data(Type.Array(MessageSummary)), ...ERRORS },
    },
  }, async (req) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'viewer');
    return { data: await listMessages(deps.db, scope.workspaceId, parseMessageFilter(req.query)) };
  });

  r.get('/api/w/:slug/messages/:messageId', {
    schema: { ...doc('Outbox', 'Get a message with its text and HTML parts', 'viewer', 'One-time links in the message (sign-in, portal, DPA acceptance, change response, unsubscribe, confirmation, invitation) are redacted below the admin role.'), params: MessageParams, response: { 200: data(Message), ...ERRORS } },
  }, async (req) => {
    const { scope, role } = await requireWorkspace(deps, req, req.params.slug, 'viewer');
    const found = await findMessage(deps.db, scope.workspaceId, req.params.messageId, { revealSecrets: roleAtLeast(role, 'admin') });
    if (!found) throw notFound('message');
    return { data: found };
  });
}
