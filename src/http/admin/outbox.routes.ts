import type { FastifyInstance } from 'fastify';
import { listChanges } from '../../modules/changes/changes.queries.ts';
import { findMessage, listMessages, MESSAGE_STATUSES, type MessageFilter, MESSAGES_PAGE_MAX } from '../../modules/mail/messages.queries.ts';
import { notFound } from '../../shared/errors.ts';
import type { AppOptions } from '../app.ts';
import { openConsole, param, query, sendPage } from './console.ts';
import { messageBody, outboxBody } from './outbox.view.ts';

/** The outbox and delivery log (viewer): the messages table and one message with its parts. */
export function registerOutboxRoutes(app: FastifyInstance, { deps, background }: AppOptions) {
  const mode = () => background?.mailer.mode;

  app.get('/admin/w/:slug/outbox', async (req, reply) => {
    const c = await openConsole(deps, req, 'viewer');
    const q = query(req);
    const filter: MessageFilter = {
      ...(MESSAGE_STATUSES.find((s) => s === q.status) ? { status: q.status as MessageFilter['status'] } : {}),
      ...(q.changeId ? { changeId: q.changeId } : {}),
    };
    const [messages, changes] = await Promise.all([listMessages(deps.db, c.workspace.id, filter), listChanges(deps.db, c.workspace.id)]);
    return sendPage(reply, c, { title: 'Outbox', section: 'outbox', body: outboxBody(c, { messages, filter, changes, mode: mode(), limit: MESSAGES_PAGE_MAX }) });
  });

  app.get('/admin/w/:slug/outbox/:messageId', async (req, reply) => {
    const c = await openConsole(deps, req, 'viewer');
    const message = await findMessage(deps.db, c.workspace.id, param(req, 'messageId'), { revealSecrets: c.isAdmin });
    if (!message) throw notFound('message');
    return sendPage(reply, c, { title: message.subject, section: 'outbox', body: messageBody(c, message, mode()) });
  });
}
