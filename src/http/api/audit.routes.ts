import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { latestAuditCheckpoint, presentCheckpoint } from '../../modules/audit/audit-checkpoints.ts';
import { listAuditEvents } from '../../modules/audit/list-audit-events.queries.ts';
import { notFound } from '../../shared/errors.ts';
import type { AppOptions } from '../app.ts';
import { requireWorkspace } from '../middleware/auth.ts';
import { AuditEvent, AuditQuery } from './access.schemas.ts';
import { data, doc, ERRORS, SlugParams, Text } from './schemas.ts';

const AuditHead = Type.Object({
  workspaceId: Type.String(),
  seq: Type.Integer({ description: 'Seq of the newest event when signed.' }),
  headHash: Type.String({ description: "That event's chain hash (SHA-256 hex)." }),
  signedAt: Type.String(),
  keyId: Type.String({ description: "First 16 hex of the SHA-256 of the public key's DER (SPKI)." }),
  signature: Type.String({ description: 'Base64 Ed25519 signature of "trustroom-audit-checkpoint/1\\n<workspaceId>\\n<seq>\\n<headHash>\\n<signedAt>".' }),
  publicKey: Text('The signing public key, SPKI PEM; null when this server does not hold the key that signed it.'),
});

const toNumber = (s: string | undefined) => (s === undefined ? undefined : Number(s));

/** The workspace's audit log, newest first, paged by sequence number; and its latest signed head. */
export function registerAuditRoutes(app: FastifyInstance, { deps, auditKey }: AppOptions) {
  // Viewer, not public: the head's seq tells how busy a workspace is. Witnesses (a customer's
  // auditor) get a viewer API token and keep copies; the signature needs no trust in this server.
  app.withTypeProvider<TypeBoxTypeProvider>().get('/api/w/:slug/audit/head', {
    schema: {
      ...doc('Audit', 'Latest signed checkpoint', 'viewer', 'The newest signed checkpoint of the audit chain head, for outside witnesses to keep. Give a kept headHash to `trustroom audit verify --expect` later: a history rewritten since is reported. 404 before the first checkpoint (signed within a minute of the first change).'),
      params: SlugParams, response: { 200: data(AuditHead), ...ERRORS },
    },
  }, async (req) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'viewer');
    const row = await latestAuditCheckpoint(deps.db, scope.workspaceId);
    if (!row) throw notFound('audit checkpoint');
    return { data: presentCheckpoint(row, auditKey ?? null) };
  });

  app.withTypeProvider<TypeBoxTypeProvider>().get('/api/w/:slug/audit', {
    schema: { ...doc('Audit', 'List audit events', 'viewer', 'Newest first. Page with ?before=<last seq>.'), params: SlugParams, querystring: AuditQuery, response: { 200: data(Type.Array(AuditEvent)), ...ERRORS } },
  }, async (req) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'viewer');
    return { data: await listAuditEvents(deps.db, scope.workspaceId, { limit: toNumber(req.query.limit), before: toNumber(req.query.before) }) };
  });
}
