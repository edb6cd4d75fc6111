import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { listAuditEvents } from '../../modules/audit/list-audit-events.queries.ts';
import type { AppOptions } from '../app.ts';
import { requireWorkspace } from '../middleware/auth.ts';
import { AuditEvent, AuditQuery } from './access.schemas.ts';
import { data, doc, ERRORS, SlugParams } from './schemas.ts';

const toNumber = (s: string | undefined) => (s === undefined ? undefined : Number(s));

/** The workspace's audit log, newest first, paged by sequence number. */
export function registerAuditRoutes(app: FastifyInstance, { deps }: AppOptions) {
  app.withTypeProvider<TypeBoxTypeProvider>().get('/api/w/:slug/audit', {
    schema: { ...doc('Audit', 'List audit events', 'viewer', 'Newest first. Page with ?before=<last seq>.'), params: SlugParams, querystring: AuditQuery, response: { 200: data(Type.Array(AuditEvent)), ...ERRORS } },
  }, async (req) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'viewer');
    return { data: await listAuditEvents(deps.db, scope.workspaceId, { limit: toNumber(req.query.limit), before: toNumber(req.query.before) }) };
  });
}
