import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildTestApp, form } from '../../../test/app.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import { buildUser } from '../../../test/factories.ts';
import { createSession, createSigninLink, findSession } from '../../modules/access/sessions.ts';
import { SESSION_COOKIE } from '../middleware/auth.ts';

const sessionCookie = (res: { headers: Record<string, unknown> }) =>
  [res.headers['set-cookie']].flat().find((c) => typeof c === 'string' && c.startsWith(`${SESSION_COOKIE}=`)) as string | undefined;

forEachDialect('console sign-in links and passwords', (ctx) => {
  let app: FastifyInstance;
  before(async () => {
    app = await buildTestApp(ctx.db.deps);
  });
  after(async () => app?.close());

  it('leaves a sign-in link usable after it is opened twice by GET, and signs in once with the POST of its page', async () => {
    const { deps } = ctx.db;
    const { user } = await buildUser(deps);
    const path = `/admin/signin/link/${await createSigninLink(deps, user.id)}`;
    for (let i = 0; i < 2; i++) {
      const page = await app.inject({ url: path });
      assert.equal(page.statusCode, 200);
      assert.equal(sessionCookie(page), undefined, 'opening the link does not sign in');
      assert.equal(page.headers['cache-control'], 'no-store');
      assert.match(page.body, new RegExp(`<form method="post" action="${path}">`));
    }
    const res = await app.inject({ method: 'POST', url: path });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/admin/account?welcome=1');
    const cookie = sessionCookie(res);
    assert.ok(cookie, 'the POST opens a session');
    assert.ok(await findSession(deps.db, cookie.split(';')[0].split('=')[1], deps.clock.now()));
    const again = await app.inject({ method: 'POST', url: path });
    assert.equal(again.statusCode, 400);
    assert.equal(sessionCookie(again), undefined, 'a spent link opens no second session');
    assert.equal((await app.inject({ url: path })).statusCode, 400, 'the page of a spent link says it does not work');
  });

  it('refuses a cross-site POST of a sign-in link and leaves the link usable', async () => {
    const { deps } = ctx.db;
    const { user } = await buildUser(deps);
    const path = `/admin/signin/link/${await createSigninLink(deps, user.id)}`;
    const cross = await app.inject({ method: 'POST', url: path, headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' } });
    assert.equal(cross.statusCode, 403);
    assert.equal(sessionCookie(cross), undefined);
    assert.equal((await app.inject({ method: 'POST', url: path, headers: { 'sec-fetch-site': 'same-origin' } })).statusCode, 303);
  });

  it('lets someone already signed in use a link through its page, whose form carries their CSRF token', async () => {
    const { deps } = ctx.db;
    const { user } = await buildUser(deps);
    const current = await createSession(deps, user.id, 'password');
    const cookie = `${SESSION_COOKIE}=${current}`;
    const path = `/admin/signin/link/${await createSigninLink(deps, user.id)}`;
    const page = await app.inject({ url: path, headers: { cookie } });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
    assert.ok(csrf, 'the form carries the session CSRF token');
    const res = await app.inject({ method: 'POST', url: path, headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: form({}, csrf) });
    assert.equal(res.statusCode, 303);
  });

  it('ends the other sessions of a user who changes their password and keeps the current one', async () => {
    const { deps } = ctx.db;
    const { user } = await buildUser(deps);
    const [current, other, third] = [await createSession(deps, user.id, 'password'), await createSession(deps, user.id, 'password'), await createSession(deps, user.id, 'link')];
    const { user: someoneElse } = await buildUser(deps);
    const theirs = await createSession(deps, someoneElse.id, 'password');
    const now = deps.clock.now();
    const csrf = (await findSession(deps.db, current, now))!.csrfToken;
    const res = await app.inject({
      method: 'POST', url: '/admin/account/password', headers: { cookie: `${SESSION_COOKIE}=${current}`, 'content-type': 'application/x-www-form-urlencoded' },
      payload: form({ password: 'a brand new passphrase' }, csrf),
    });
    assert.equal(res.statusCode, 303);
    assert.ok(await findSession(deps.db, current, now), 'the session that changed it stays');
    assert.equal(await findSession(deps.db, other, now), undefined, 'another session ended');
    assert.equal(await findSession(deps.db, third, now), undefined, 'a session from a link ended');
    assert.ok(await findSession(deps.db, theirs, now), "another user's session is untouched");
    assert.equal((await app.inject({ url: '/admin/account', headers: { cookie: `${SESSION_COOKIE}=${other}` } })).statusCode, 303, 'the ended session is sent to sign in');
    const event = await deps.db.selectFrom('audit_events').select(['action', 'after_json']).where('subject_id', '=', user.id).where('action', '=', 'user.password_set').executeTakeFirstOrThrow();
    assert.deepEqual(JSON.parse(event.after_json as string), { otherSessionsEnded: 2 });
  });

  it('refuses a too-short new password with a 400 naming the field and ends no session', async () => {
    const { deps } = ctx.db;
    const { user } = await buildUser(deps);
    const [current, other] = [await createSession(deps, user.id, 'password'), await createSession(deps, user.id, 'password')];
    const now = deps.clock.now();
    const csrf = (await findSession(deps.db, current, now))!.csrfToken;
    const res = await app.inject({
      method: 'POST', url: '/admin/account/password', headers: { cookie: `${SESSION_COOKIE}=${current}`, 'content-type': 'application/x-www-form-urlencoded' },
      payload: form({ password: 'short' }, csrf),
    });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /id="password-error"/);
    assert.ok(await findSession(deps.db, other, now), 'nothing changed');
  });
});
