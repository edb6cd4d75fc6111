import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildTestApp, form } from '../../../test/app.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import { buildUser } from '../../../test/factories.ts';

/** GET the form to obtain the pre-session CSRF pair, as a browser would. */
async function signinForm(app: FastifyInstance) {
  const res = await app.inject('/admin/signin');
  const pre = /name="_pre" value="([^"]+)"/.exec(res.body)![1];
  const cookie = (res.headers['set-cookie'] as string).split(';')[0];
  return { pre, cookie };
}

forEachDialect('signing in', (ctx) => {
  let app: FastifyInstance;
  let user: { email: string; password: string };
  before(async () => {
    user = await buildUser(ctx.db.deps);
    app = await buildTestApp(ctx.db.deps);
  });
  after(async () => app?.close());

  const post = async (fields: Record<string, string>, withPre = true) => {
    const { pre, cookie } = await signinForm(app);
    return app.inject({
      method: 'POST', url: '/admin/signin', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      payload: form({ ...(withPre ? { _pre: pre } : {}), ...fields }),
    });
  };

  it('redirects an anonymous visitor of the console to the sign-in page', async () => {
    const res = await app.inject('/admin/w/anything/entities');
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/admin/signin?next=%2Fadmin%2Fw%2Fanything%2Fentities');
  });

  it('opens an HttpOnly, SameSite=Lax session for the right password and follows a local next address only', async () => {
    const ok = await post({ email: user.email.toUpperCase(), password: user.password, next: '/admin/account' });
    assert.equal(ok.statusCode, 303);
    assert.equal(ok.headers.location, '/admin/account');
    const cookie = [ok.headers['set-cookie']].flat().find((c) => c?.startsWith('trustroom_session='))!;
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Lax/);
    const offsite = await post({ email: user.email, password: user.password, next: '//evil.example/phish' });
    assert.equal(offsite.headers.location, '/admin');
  });

  it('refuses a wrong password and an unknown e-mail with the same message, and a form without its token', async () => {
    const wrong = await post({ email: user.email, password: 'not the password at all' });
    const unknown = await post({ email: 'nobody@example.test', password: 'not the password at all' });
    assert.equal(wrong.statusCode, 401);
    assert.equal(unknown.statusCode, 401);
    assert.match(wrong.body, /E-mail or password is wrong/);
    assert.match(unknown.body, /E-mail or password is wrong/);
    assert.equal((await post({ email: user.email, password: user.password }, false)).statusCode, 403);
  });

  it('slows down repeated sign-in attempts with HTTP 429', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await post({ email: user.email, password: 'wrong password here' })).statusCode);
    assert.ok(statuses.includes(429), `statuses: ${statuses.join(',')}`);
  });
});
