import type { FastifyInstance } from 'fastify';
import { listAuditEvents } from '../../modules/audit/list-audit-events.queries.ts';
import { verifyAuditChain } from '../../modules/audit/verify-audit-chain.ts';
import type { AppOptions } from '../app.ts';
import { auditBody } from './audit.view.ts';
import { openConsole, query, sendPage } from './console.ts';

const PAGE_SIZE = 50;

/** The workspace's audit log with its hash-chain check (viewer). */
export function registerAuditRoutes(app: FastifyInstance, { deps }: AppOptions) {
  app.get('/admin/w/:slug/audit', async (req, reply) => {
    const c = await openConsole(deps, req, 'viewer');
    const raw = query(req).before;
    const before = raw && /^\d{1,12}$/.test(raw) ? Number(raw) : undefined;
    // One more than a page tells whether there are older events.
    const [verify, events] = await Promise.all([verifyAuditChain(deps.db, c.workspace.id), listAuditEvents(deps.db, c.workspace.id, { before, limit: PAGE_SIZE + 1 })]);
    const body = auditBody(c, { verify, events: events.slice(0, PAGE_SIZE), hasOlder: events.length > PAGE_SIZE, before });
    return sendPage(reply, c, { title: 'Audit log', section: 'audit', body });
  });
}
