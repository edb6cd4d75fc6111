import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { apiTokenHeaders, buildTestApp, signedInMember } from '../../../test/app.ts';
import { movableClock, NOW } from '../../../test/change-fixtures.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import { buildUser } from '../../../test/factories.ts';
import type { Db } from '../../db/schema.ts';
import { createSession } from '../../modules/access/sessions.ts';
import { listMembers } from '../../modules/access/users.ts';
import { sha256 } from '../../shared/ids.ts';
import { SESSION_COOKIE } from '../middleware/auth.ts';
import { consoleFixture, get, post } from './console.test-helpers.ts';

const clock = movableClock(NOW);

/** The path of the newest e-mail of `kind` to `email` that carries a link of `shape`. */
async function linkIn(db: Db, email: string, kind: string, shape: RegExp): Promise<string> {
  const m = await db.selectFrom('messages').select('text_body').where('to_address', '=', email).where('kind', '=', kind).orderBy('created_at', 'desc').executeTakeFirstOrThrow();
  const found = shape.exec(m.text_body);
  assert.ok(found, `a link in the ${kind} e-mail`);
  return found[0];
}
const INVITATION = /\/admin\/invitations\/[A-Za-z0-9_-]+/;

/** A session cookie for an existing user. */
const sessionOf = async (deps: Parameters<typeof createSession>[0], userId: string) => `${SESSION_COOKIE}=${await createSession(deps, userId, 'password')}`;

forEachDialect('adding people to a workspace by invitation', (ctx) => {
  let app: FastifyInstance;
  before(async () => {
    app = await buildTestApp(ctx.db.deps);
  });
  after(async () => app?.close());

  it('e-mails someone who has an account an invitation, stored as a hash, and adds them only when they accept it signed in', async () => {
    const { deps } = ctx.db;
    const { workspace, agent, base } = await consoleFixture(deps, 'admin');
    const person = await buildUser(deps);
    const res = await post(app, agent, `${base}/members`, { email: person.email.toUpperCase(), role: 'editor' });
    assert.deepEqual([res.statusCode, res.headers.location], [303, `${base}/members?invited=1`]);
    assert.match((await get(app, agent, `${base}/members?invited=1`)).body, /Invitation sent\./);
    assert.equal((await listMembers(deps.db, workspace.id)).some((m) => m.userId === person.user.id), false, 'not a member yet');

    const path = await linkIn(deps.db, person.email, 'workspace.invitation', INVITATION);
    const token = path.split('/').pop()!;
    const row = await deps.db.selectFrom('workspace_invitations').selectAll().where('workspace_id', '=', workspace.id).executeTakeFirstOrThrow();
    assert.deepEqual([row.token_hash, row.email, row.role, row.accepted_at], [sha256(token), person.email, 'editor', null]);
    assert.equal(Date.parse(row.expires_at) - Date.parse(row.created_at), 14 * 86_400_000);
    assert.ok(!JSON.stringify(await deps.db.selectFrom('workspace_invitations').selectAll().execute()).includes(token), 'no clear secret stored');

    // Not signed in: the link leads to the sign-in page, which comes back to it.
    const anonymous = await app.inject({ url: path });
    assert.deepEqual([anonymous.statusCode, anonymous.headers.location], [303, `/admin/signin?next=${encodeURIComponent(path)}`]);

    const cookie = await sessionOf(deps, person.user.id);
    for (let i = 0; i < 2; i++) {
      const page = await app.inject({ url: path, headers: { cookie } });
      assert.equal(page.statusCode, 200);
      assert.equal(page.headers['cache-control'], 'no-store');
      assert.match(page.body, /<button type="submit">Accept the invitation<\/button>/);
    }
    assert.equal((await listMembers(deps.db, workspace.id)).some((m) => m.userId === person.user.id), false, 'opening the link adds nobody');
    const csrf = /name="_csrf" value="([^"]+)"/.exec((await app.inject({ url: path, headers: { cookie } })).body)![1];
    const accept = (c: string) => app.inject({ method: 'POST', url: path, headers: { cookie: c, 'content-type': 'application/x-www-form-urlencoded' }, payload: `_csrf=${encodeURIComponent(csrf)}` });
    const accepted = await accept(cookie);
    assert.deepEqual([accepted.statusCode, accepted.headers.location], [303, `/admin/w/${workspace.slug}`]);
    assert.equal((await listMembers(deps.db, workspace.id)).find((m) => m.userId === person.user.id)?.role, 'editor');
    assert.equal((await accept(cookie)).statusCode, 400, 'single use');
    const actions = await deps.db.selectFrom('audit_events').select('action').where('workspace_id', '=', workspace.id).orderBy('seq').execute();
    assert.ok(['member.invited', 'membership.set', 'member.invitation_accepted'].every((a) => actions.some((x) => x.action === a)));
  });

  it('refuses an invitation to another signed-in account, and after 14 days', async () => {
    const { deps } = ctx.db;
    const { workspace, agent, base } = await consoleFixture(deps, 'admin');
    const person = await buildUser(deps);
    const intruder = await buildUser(deps);
    await post(app, agent, `${base}/members`, { email: person.email, role: 'viewer' });
    const path = await linkIn(deps.db, person.email, 'workspace.invitation', INVITATION);
    const intruderCookie = await sessionOf(deps, intruder.user.id);
    assert.equal((await app.inject({ url: path, headers: { cookie: intruderCookie } })).statusCode, 403);
    assert.equal((await listMembers(deps.db, workspace.id)).some((m) => m.userId === intruder.user.id), false);

    clock.set(new Date(Date.parse(NOW) + 14 * 86_400_000 + 60_000).toISOString());
    try {
      assert.equal((await app.inject({ url: path, headers: { cookie: await sessionOf(deps, person.user.id) } })).statusCode, 400, 'expired after 14 days');
    } finally {
      clock.set(NOW);
    }
    assert.equal((await app.inject({ url: path, headers: { cookie: await sessionOf(deps, person.user.id) } })).statusCode, 200, 'still open for its invitee before');
  });

  it('answers the same in the console whether or not the address has an account, and gives a new address an account with a sign-in link', async () => {
    const { deps } = ctx.db;
    const { workspace, agent, base } = await consoleFixture(deps, 'admin');
    const existing = await buildUser(deps);
    const answers = [];
    for (const email of [existing.email, 'brand.new@example.test']) {
      const res = await post(app, agent, `${base}/members`, { email, role: 'viewer' });
      answers.push({ status: res.statusCode, location: res.headers.location, body: res.body, type: res.headers['content-type'] });
    }
    assert.deepEqual(answers[1], answers[0]);
    const created = (await listMembers(deps.db, workspace.id)).find((m) => m.email === 'brand.new@example.test');
    assert.equal(created?.role, 'viewer', 'a new address gets the account and the role, as creating a user does');
    const signin = await linkIn(deps.db, 'brand.new@example.test', 'workspace.new_member', /\/admin\/signin\/link\/[A-Za-z0-9_-]+/);
    assert.equal((await app.inject({ method: 'POST', url: signin })).statusCode, 303, 'the e-mailed sign-in link works');
  });

  it('answers the same through the API whether or not the address has an account, and names a bad field', async () => {
    const { deps } = ctx.db;
    const { workspace } = await consoleFixture(deps, 'owner');
    const admin = await apiTokenHeaders(deps, workspace.id, 'admin');
    const url = `/api/w/${workspace.slug}/invitations`;
    const existing = await buildUser(deps);
    const answers = [];
    for (const email of [existing.email, 'api.new@example.test']) {
      const res = await app.inject({ method: 'POST', url, headers: admin, payload: { email, role: 'editor' } });
      answers.push({ status: res.statusCode, body: res.body });
    }
    assert.deepEqual(answers[1], answers[0]);
    assert.deepEqual([answers[0].status, JSON.parse(answers[0].body)], [202, { data: { message: 'invitation sent' } }]);
    assert.equal((await listMembers(deps.db, workspace.id)).some((m) => m.userId === existing.user.id), false, 'invited, not added');

    const before = await deps.db.selectFrom('workspace_invitations').select('id').execute();
    const bad = await app.inject({ method: 'POST', url, headers: admin, payload: { email: 'nope', role: 'king' } });
    assert.deepEqual([bad.statusCode, bad.json().error, bad.json().message], [400, 'validation_error', 'email: must be an e-mail address; role: must be one of viewer, editor, admin, owner']);
    const owner = await app.inject({ method: 'POST', url, headers: admin, payload: { email: 'boss@example.test', role: 'owner' } });
    assert.equal(owner.statusCode, 403, 'only owners make owners');
    assert.equal((await deps.db.selectFrom('workspace_invitations').select('id').execute()).length, before.length, 'nothing changed');
    assert.equal(await deps.db.selectFrom('users').select('id').where('email', '=', 'boss@example.test').executeTakeFirst(), undefined);
  });

  it('shows a viewer the outbox invitation without its secret', async () => {
    const { deps } = ctx.db;
    const { workspace, agent, base } = await consoleFixture(deps, 'admin');
    const person = await buildUser(deps);
    await post(app, agent, `${base}/members`, { email: person.email, role: 'viewer' });
    const token = (await linkIn(deps.db, person.email, 'workspace.invitation', INVITATION)).split('/').pop()!;
    const message = await deps.db.selectFrom('messages').select('id').where('to_address', '=', person.email).executeTakeFirstOrThrow();
    const viewer = await signedInMember(deps, workspace.id, 'viewer');
    const shown = await app.inject({ url: `${base}/outbox/${message.id}`, headers: { cookie: viewer.cookie } });
    assert.equal(shown.statusCode, 200);
    assert.ok(!shown.body.includes(token));
  });
}, { clock });
