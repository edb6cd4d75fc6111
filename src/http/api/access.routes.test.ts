import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildTestApp, signedInMember } from '../../../test/app.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import { buildEntity, buildUser, buildWorkspace } from '../../../test/factories.ts';
import { setMembership } from '../../modules/access/users.ts';
import { SYSTEM_ACTOR } from '../../shared/deps.ts';
import { sha256 } from '../../shared/ids.ts';
import { auditActions, call, workspaceWithToken } from './api.test-helpers.ts';

forEachDialect('access API', (ctx) => {
  let app: FastifyInstance;
  before(async () => {
    app = await buildTestApp(ctx.db.deps);
  });
  after(async () => {
    await app?.close();
  });

  it('returns a new token secret once, never lists it or its hash, and refuses it once revoked', async () => {
    const { deps } = ctx.db;
    const { slug, headers, workspace } = await workspaceWithToken(deps, 'admin');
    const created = await call(app, 'POST', `/api/w/${slug}/tokens`, headers, { name: 'CI export', role: 'viewer' });
    assert.equal(created.status, 201);
    const secret: string = created.body.data.token;
    assert.match(secret, /^trt_/);
    assert.deepEqual(Object.keys(created.body.data).sort(), ['createdAt', 'hint', 'id', 'lastUsedAt', 'name', 'revokedAt', 'role', 'token']);

    const listed = await call(app, 'GET', `/api/w/${slug}/tokens`, headers);
    const text = JSON.stringify(listed.body);
    assert.ok(!text.includes(secret), 'the secret is listed');
    assert.ok(!text.includes(sha256(secret)), 'the hash is listed');
    assert.ok(listed.body.data.every((t: Record<string, unknown>) => !('token' in t) && !('tokenHash' in t) && !('token_hash' in t)));

    const asNew = { authorization: `Bearer ${secret}` };
    assert.equal((await call(app, 'GET', `/api/w/${slug}/entities`, asNew)).status, 200);
    const revoked = await call(app, 'DELETE', `/api/w/${slug}/tokens/${created.body.data.id}`, headers);
    assert.equal(revoked.status, 204);
    const refused = await call(app, 'GET', `/api/w/${slug}/entities`, asNew);
    assert.deepEqual([refused.status, refused.body.error], [401, 'invalid_token']);
    assert.equal((await call(app, 'DELETE', `/api/w/${slug}/tokens/${created.body.data.id}`, headers)).status, 404);
    assert.deepEqual((await auditActions(deps, workspace.id)).slice(-2), ['api_token.created', 'api_token.revoked']);
  });

  it('keeps tokens, members and settings to admins', async () => {
    const { slug, headers } = await workspaceWithToken(ctx.db.deps, 'editor');
    for (const [method, path] of [['GET', 'tokens'], ['POST', 'tokens'], ['GET', 'members'], ['PUT', 'members/u1'], ['DELETE', 'members/u1']] as const) {
      const res = await call(app, method, `/api/w/${slug}/${path}`, headers, method === 'PUT' || method === 'POST' ? { name: 'x', role: 'viewer' } : undefined);
      assert.deepEqual([res.status, res.body.error], [403, 'forbidden'], `${method} ${path}`);
    }
    assert.equal((await call(app, 'PATCH', `/api/w/${slug}`, headers, { name: 'Renamed' })).status, 403);
  });

  it('lists members, changes a role and removes a member; only owners touch the owner role', async () => {
    const { deps } = ctx.db;
    const { workspace } = await buildWorkspace(deps);
    const owner = await signedInMember(deps, workspace.id, 'owner');
    const admin = await signedInMember(deps, workspace.id, 'admin');
    const { user } = await buildUser(deps);
    const base = `/api/w/${workspace.slug}/members`;

    assert.deepEqual((await call(app, 'PUT', `${base}/${user.id}`, admin.headers, { role: 'editor' })).status, 404, 'nobody joins without accepting an invitation');
    await setMembership(deps, SYSTEM_ACTOR, workspace.id, user.id, 'viewer');
    const added = await call(app, 'PUT', `${base}/${user.id}`, admin.headers, { role: 'editor' });
    assert.deepEqual([added.status, added.body.data.role, added.body.data.userId], [200, 'editor', user.id]);
    const listed = await call(app, 'GET', base, admin.headers);
    assert.deepEqual(listed.body.data.map((m: { role: string }) => m.role).sort(), ['admin', 'editor', 'owner']);
    assert.ok(!JSON.stringify(listed.body).includes('password'));

    const grant = await call(app, 'PUT', `${base}/${user.id}`, admin.headers, { role: 'owner' });
    assert.deepEqual([grant.status, grant.body.error], [403, 'forbidden']);
    assert.equal((await call(app, 'DELETE', `${base}/${owner.userId}`, admin.headers)).status, 403);
    const badRole = await call(app, 'PUT', `${base}/${user.id}`, admin.headers, { role: 'king' });
    assert.deepEqual([badRole.status, badRole.body.message], [400, 'role: must be one of viewer, editor, admin, owner']);

    assert.equal((await call(app, 'PUT', `${base}/${user.id}`, owner.headers, { role: 'owner' })).status, 200);
    assert.equal((await call(app, 'DELETE', `${base}/${user.id}`, owner.headers)).status, 204);
    const last = await call(app, 'DELETE', `${base}/${owner.userId}`, owner.headers);
    assert.deepEqual([last.status, last.body.error], [409, 'last_owner']);
    assert.equal((await call(app, 'DELETE', `${base}/no-such-user`, owner.headers)).status, 404);
  });

  it('lists the workspaces of a token and of a signed-in member with their roles', async () => {
    const { deps } = ctx.db;
    const { slug, headers, workspace } = await workspaceWithToken(deps, 'viewer');
    const byToken = await call(app, 'GET', '/api/workspaces', headers);
    assert.deepEqual(byToken.body.data, [{ id: workspace.id, slug, name: workspace.name, groupBy: 'kind', role: 'viewer', noticePeriod: '30d', noticeDays: 30, calendar: null, timeZone: 'UTC' }]);
    const other = await buildWorkspace(deps);
    const member = await signedInMember(deps, other.workspace.id, 'editor');
    const bySession = await call(app, 'GET', '/api/workspaces', { cookie: member.cookie });
    assert.deepEqual(bySession.body.data.map((w: { slug: string; role: string }) => [w.slug, w.role]), [[other.workspace.slug, 'editor']]);
    assert.equal((await call(app, 'GET', '/api/workspaces')).status, 401);
  });

  it('reads and changes workspace settings, keeping fields that are not sent', async () => {
    const { deps } = ctx.db;
    const { slug, headers, workspace } = await workspaceWithToken(deps, 'admin');
    const read = await call(app, 'GET', `/api/w/${slug}`, headers);
    assert.deepEqual([read.body.data.slug, read.body.data.role], [slug, 'admin']);
    const patched = await call(app, 'PATCH', `/api/w/${slug}`, headers, { groupBy: 'service' });
    assert.deepEqual([patched.status, patched.body.data.name, patched.body.data.groupBy], [200, workspace.name, 'service']);
    const bad = await call(app, 'PATCH', `/api/w/${slug}`, headers, { slug: 'Not A Slug' });
    assert.deepEqual([bad.status, bad.body.data.fields[0].field], [400, 'slug']);
    assert.deepEqual((await auditActions(deps, workspace.id)).slice(-1), ['workspace.updated']);
  });

  it('pages the audit log newest first', async () => {
    const { deps } = ctx.db;
    const { slug, headers, scope } = await workspaceWithToken(deps, 'viewer');
    await buildEntity(deps, scope, { name: 'Stripe' });
    await buildEntity(deps, scope, { name: 'Zendesk' });
    const page = await call(app, 'GET', `/api/w/${slug}/audit?limit=2`, headers);
    assert.equal(page.status, 200);
    assert.deepEqual(page.body.data.map((e: { seq: number; action: string }) => [e.seq, e.action]), [[4, 'entity.created'], [3, 'entity.created']]);
    assert.equal(page.body.data[0].after.name, 'Zendesk');
    assert.deepEqual(Object.keys(page.body.data[0]).sort(), ['action', 'actor', 'after', 'at', 'before', 'hash', 'seq', 'subject']);
    const next = await call(app, 'GET', `/api/w/${slug}/audit?before=3`, headers);
    assert.deepEqual(next.body.data.map((e: { action: string }) => e.action), ['api_token.created', 'workspace.created']);
    const bad = await call(app, 'GET', `/api/w/${slug}/audit?limit=ten`, headers);
    assert.deepEqual([bad.status, bad.body.data.fields[0].field], [400, 'limit']);
  });
});
