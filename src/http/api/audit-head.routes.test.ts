import assert from 'node:assert/strict';
import { verify } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { apiTokenHeaders, TEST_PUBLIC_URL } from '../../../test/app.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import { buildEntity, buildWorkspace } from '../../../test/factories.ts';
import { checkpointText, signAuditCheckpoints } from '../../modules/audit/audit-checkpoints.ts';
import { type AuditKey, ensureAuditKey } from '../../modules/audit/audit-key.ts';
import { buildApp } from '../app.ts';
import { call, workspaceWithToken } from './api.test-helpers.ts';

forEachDialect('GET /api/w/:slug/audit/head', (ctx) => {
  let app: FastifyInstance;
  let dir: string;
  let key: AuditKey;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'trustroom-head-'));
    key = ensureAuditKey(join(dir, 'key.pem')).key;
    app = await buildApp({ deps: ctx.db.deps, config: { publicUrl: TEST_PUBLIC_URL, secureCookies: false }, logger: false, auditKey: key });
    await app.ready();
  });
  after(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 401 without credentials', async () => {
    const { slug } = await workspaceWithToken(ctx.db.deps, 'viewer');
    const r = await call(app, 'GET', `/api/w/${slug}/audit/head`);
    assert.equal(r.status, 401);
  });

  it('answers 404 to a member of another workspace, without telling whether it exists', async () => {
    const { slug } = await workspaceWithToken(ctx.db.deps, 'viewer');
    const other = await workspaceWithToken(ctx.db.deps, 'viewer');
    const r = await call(app, 'GET', `/api/w/${slug}/audit/head`, other.headers);
    assert.deepEqual([r.status, r.body.message], [404, 'workspace not found']);
  });

  it('answers 404 not_found before the first checkpoint', async () => {
    const { slug, headers } = await workspaceWithToken(ctx.db.deps, 'viewer');
    const r = await call(app, 'GET', `/api/w/${slug}/audit/head`, headers);
    assert.deepEqual([r.status, r.body.error, r.body.message], [404, 'not_found', 'audit checkpoint not found']);
  });

  it('gives a viewer the latest signed checkpoint with the public key that verifies it', async () => {
    const { deps } = ctx.db;
    const { slug, scope, headers } = await workspaceWithToken(deps, 'viewer');
    await signAuditCheckpoints(deps, key, { workspaceId: scope.workspaceId });
    await buildEntity(deps, scope);
    await signAuditCheckpoints(deps, key, { workspaceId: scope.workspaceId });
    const head = await deps.db.selectFrom('audit_events').select(['seq', 'hash']).where('workspace_id', '=', scope.workspaceId).orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    const r = await call(app, 'GET', `/api/w/${slug}/audit/head`, headers);
    assert.equal(r.status, 200);
    const h = r.body.data;
    assert.deepEqual(Object.keys(h).sort(), ['headHash', 'keyId', 'publicKey', 'seq', 'signature', 'signedAt', 'workspaceId']);
    assert.deepEqual([h.workspaceId, h.seq, h.headHash, h.keyId, h.publicKey], [scope.workspaceId, head.seq, head.hash, key.keyId, key.publicKeyPem]);
    assert.ok(verify(null, Buffer.from(checkpointText(h)), h.publicKey, Buffer.from(h.signature, 'base64')));
  });

  it('gives null as public key for a checkpoint signed by a key this server does not hold', async () => {
    const { deps } = ctx.db;
    const { workspace, scope } = await buildWorkspace(deps);
    const other = ensureAuditKey(join(dir, 'other.pem')).key;
    await signAuditCheckpoints(deps, other, { workspaceId: scope.workspaceId });
    const r = await call(app, 'GET', `/api/w/${workspace.slug}/audit/head`, await apiTokenHeaders(deps, workspace.id, 'viewer'));
    assert.deepEqual([r.status, r.body.data.keyId, r.body.data.publicKey], [200, other.keyId, null]);
  });

  it('is documented in the OpenAPI document for viewers', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    const op = JSON.parse(res.body).paths['/api/w/{slug}/audit/head']?.get;
    assert.ok(op, 'documented');
    assert.deepEqual([op.tags, op['x-min-role']], [['Audit'], 'viewer']);
    assert.ok(op.responses['200'].content['application/json'].schema.properties.data.properties.publicKey);
  });
});
