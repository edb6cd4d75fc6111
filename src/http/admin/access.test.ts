import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildTestApp, TEST_PUBLIC_URL } from '../../../test/app.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import { buildUser } from '../../../test/factories.ts';
import { listApiTokens } from '../../modules/access/api-tokens.ts';
import { listMembers } from '../../modules/access/users.ts';
import { acceptInvitation } from '../../modules/access/invitations.ts';
import type { Deps } from '../../shared/deps.ts';

/** Accepts the newest invitation e-mailed to `email`, as its recipient signed in. */
async function acceptLatestInvitation(deps: Deps, userId: string, email: string) {
  const m = await deps.db.selectFrom('messages').select('text_body').where('to_address', '=', email).where('kind', '=', 'workspace.invitation').orderBy('created_at', 'desc').executeTakeFirstOrThrow();
  await acceptInvitation(deps, userId, /\/admin\/invitations\/([A-Za-z0-9_-]+)/.exec(m.text_body)![1]);
}
import { findWorkspace } from '../../modules/workspaces/workspaces.ts';
import { consoleFixture, get, post, tagWithId } from './console.test-helpers.ts';

forEachDialect('console: tokens, members, settings and audit', (ctx) => {
  let app: FastifyInstance;
  before(async () => {
    app = await buildTestApp(ctx.db.deps);
  });
  after(async () => {
    await app?.close();
  });

  it('shows a new API token once, and the tokens list afterwards does not contain it', async () => {
    const { deps } = ctx.db;
    const { workspace, agent, base } = await consoleFixture(deps, 'admin');
    const res = await post(app, agent, `${base}/tokens`, { name: 'CI export', role: 'editor' });
    assert.equal(res.statusCode, 201);
    assert.equal(res.headers['cache-control'], 'no-store');
    const token = /value="(trt_[A-Za-z0-9_-]+)"/.exec(res.body)?.[1];
    assert.ok(token, 'the page shows the token');
    assert.match(res.body, /shown only once/);
    const list = await get(app, agent, `${base}/tokens`);
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /<th scope="row">CI export<\/th>/);
    assert.ok(!list.body.includes(token));
    const api = await app.inject({ method: 'GET', url: `${base}/tokens`, headers: { authorization: `Bearer ${token}` } });
    assert.equal(api.statusCode, 403, 'a token is no console session');

    const [view] = await listApiTokens(deps.db, workspace.id);
    assert.equal((await post(app, agent, `${base}/tokens/${view.id}/revoke`, {})).headers.location, `${base}/tokens?revoked=1`);
    assert.match((await get(app, agent, `${base}/tokens?revoked=1`)).body, /Revoked <time/);
  });

  it('keeps API tokens, members and settings from editors', async () => {
    const { deps } = ctx.db;
    const { agent, base } = await consoleFixture(deps, 'editor');
    for (const path of ['tokens', 'members', 'settings']) assert.equal((await get(app, agent, `${base}/${path}`)).statusCode, 403, path);
    assert.equal((await post(app, agent, `${base}/tokens`, { name: 'x', role: 'admin' })).statusCode, 403);
  });

  it('reports the audit chain intact', async () => {
    const { deps } = ctx.db;
    const { agent, base } = await consoleFixture(deps, 'viewer');
    const res = await get(app, agent, `${base}/audit`);
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<strong>Hash chain intact\.<\/strong> All 2 events of this workspace were verified\./);
    assert.match(res.body, /<caption>Audit events, newest first<\/caption>/);
  });

  it('reports the first broken link when an audit event was altered', async () => {
    const { deps } = ctx.db;
    const { workspace, agent, base } = await consoleFixture(deps, 'viewer');
    await deps.db.updateTable('audit_events').set({ actor_label: 'someone else' }).where('workspace_id', '=', workspace.id).where('seq', '=', 1).execute();
    const res = await get(app, agent, `${base}/audit`);
    assert.match(res.body, /<h2>Hash chain broken<\/h2><p>The first broken link is event #1: the event was changed after it was written/);
  });

  it('invites an existing user by e-mail, who becomes a member by accepting, and shows a bad address next to the field', async () => {
    const { deps } = ctx.db;
    const { workspace, agent, base } = await consoleFixture(deps, 'admin');
    const bad = await post(app, agent, `${base}/members`, { email: 'not an address', role: 'viewer' });
    assert.equal(bad.statusCode, 400);
    assert.match(tagWithId(bad.body, 'f-email'), /aria-invalid="true"/);
    assert.match(bad.body, /id="email-error">E-mail: must be an e-mail address/);
    const other = await buildUser(deps);
    assert.equal((await post(app, agent, `${base}/members`, { email: other.email, role: 'editor' })).headers.location, `${base}/members?invited=1`);
    await acceptLatestInvitation(deps, other.user.id, other.email);
    const members = await listMembers(deps.db, workspace.id);
    assert.equal(members.find((m) => m.userId === other.user.id)?.role, 'editor');
    assert.equal((await post(app, agent, `${base}/members/${other.user.id}/role`, { role: 'viewer' })).headers.location, `${base}/members?saved=1`);
    assert.equal((await post(app, agent, `${base}/members/${other.user.id}/role`, { role: 'owner' })).statusCode, 403, 'only owners make owners');
    assert.equal((await post(app, agent, `${base}/members/${other.user.id}/remove`, {})).headers.location, `${base}/members?removed=1`);
    assert.equal((await listMembers(deps.db, workspace.id)).some((m) => m.userId === other.user.id), false);
  });

  it('creates a new user and shows a one-time sign-in link that opens a session', async () => {
    const { deps } = ctx.db;
    const { agent, base } = await consoleFixture(deps, 'admin');
    const res = await post(app, agent, `${base}/members/new-user`, { newEmail: 'new.person@example.test', newRole: 'editor' });
    assert.equal(res.statusCode, 201);
    const link = new RegExp(`value="${TEST_PUBLIC_URL}(/admin/signin/link/[A-Za-z0-9_-]+)"`).exec(res.body)?.[1];
    assert.ok(link, 'the page shows the sign-in link');
    assert.equal((await app.inject({ method: 'GET', url: link })).statusCode, 200, 'the link opens a page with a button');
    const signin = await app.inject({ method: 'POST', url: link });
    assert.equal(signin.statusCode, 303);
    assert.match(String(signin.headers['set-cookie']), /trustroom_session=/);
    const again = await post(app, agent, `${base}/members/new-user`, { newEmail: 'new.person@example.test', newRole: 'viewer' });
    assert.equal(again.statusCode, 409);
    assert.match(again.body, /id="newEmail-error">E-mail of the new user: a user with this address already exists/);
  });

  it('renames the workspace and its slug, then redirects to the new address', async () => {
    const { deps } = ctx.db;
    const { workspace, agent, base } = await consoleFixture(deps, 'admin');
    const slug = `${workspace.slug}-renamed`;
    const res = await post(app, agent, `${base}/settings`, { name: 'Renamed Ltd', slug, groupBy: 'service' });
    assert.equal(res.headers.location, `/admin/w/${slug}/settings?saved=1`);
    const updated = await findWorkspace(deps.db, workspace.id);
    assert.deepEqual([updated?.name, updated?.slug, updated?.groupBy], ['Renamed Ltd', slug, 'service']);
    const bad = await post(app, agent, `/admin/w/${slug}/settings`, { name: '', slug: 'Not A Slug', groupBy: 'kind' });
    assert.equal(bad.statusCode, 400);
    assert.match(tagWithId(bad.body, 'f-name'), /aria-invalid="true"/);
    assert.match(tagWithId(bad.body, 'f-slug'), /value="Not A Slug"/);
  });
});
