import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildTestApp, form } from '../../../test/app.ts';
import { movableClock, NOW } from '../../../test/change-fixtures.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import { buildUser } from '../../../test/factories.ts';
import { signinBlockMs } from '../../modules/access/signin-backoff.ts';
import type { Config } from '../../shared/config.ts';

const clock = movableClock();
let ip = 0;
let unknown = 0;

/** One sign-in as a browser sends it (the form first, for its pre-session token), from `xff` if given. */
async function signIn(app: FastifyInstance, email: string, password: string, xff?: string) {
  const page = await app.inject('/admin/signin');
  const pre = /name="_pre" value="([^"]+)"/.exec(page.body)![1];
  const cookie = (page.headers['set-cookie'] as string).split(';')[0];
  return app.inject({
    method: 'POST', url: '/admin/signin', payload: form({ _pre: pre, email, password }),
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, ...(xff ? { 'x-forwarded-for': xff } : {}) },
  });
}

const rotating = () => `198.51.100.${++ip % 250}`;
const nobody = () => `nobody-${++unknown}-${process.pid}@example.test`;

forEachDialect('sign-in limits per address and proxy trust', (ctx) => {
  const apps: FastifyInstance[] = [];
  after(async () => {
    for (const app of apps) await app.close();
  });
  const appWith = async (trustProxy: Config['trustProxy']) => {
    const app = await buildTestApp(ctx.db.deps, { trustProxy });
    apps.push(app);
    return app;
  };

  it('ignores X-Forwarded-For by default: 60 wrong passwords from rotating forwarded addresses are limited like without it', async () => {
    const app = await appWith(false);
    const statuses: number[] = [];
    for (let i = 0; i < 60; i++) statuses.push((await signIn(app, nobody(), 'wrong password here', rotating())).statusCode);
    assert.deepEqual(statuses, [...Array(10).fill(401), ...Array(50).fill(429)]);
  });

  it('honours X-Forwarded-For behind one trusted proxy hop, and behind a proxy named by its CIDR', async () => {
    for (const trust of [1, ['127.0.0.0/8']] as const) {
      const app = await appWith(trust as Config['trustProxy']);
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) statuses.push((await signIn(app, nobody(), 'wrong password here', rotating())).statusCode);
      assert.deepEqual(statuses, Array(12).fill(401), String(trust));
    }
  });

  it('does not believe X-Forwarded-For from a proxy outside the configured list', async () => {
    const app = await appWith(['192.0.2.1']);
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await signIn(app, nobody(), 'wrong password here', rotating())).statusCode);
    assert.deepEqual(statuses, [...Array(10).fill(401), 429]);
  });
});

forEachDialect('sign-in back-off per account', (ctx) => {
  let app: FastifyInstance;
  before(async () => {
    app = await buildTestApp(ctx.db.deps);
  });
  after(async () => app?.close());
  const userRow = (id: string) => ctx.db.deps.db.selectFrom('users').select(['failed_signins', 'signin_blocked_until']).where('id', '=', id).executeTakeFirstOrThrow();

  it('waits one minute after five wrong passwords in a row, doubling each time up to fifteen minutes', () => {
    assert.deepEqual([4, 5, 6, 7, 8, 9, 30].map((n) => signinBlockMs(n) / 60_000), [0, 1, 2, 4, 8, 15, 15]);
  });

  it('refuses an account after five wrong passwords in a row with 429 and Retry-After, even the right password, until the block ends', async () => {
    clock.set(NOW);
    const u = await buildUser(ctx.db.deps);
    for (let i = 0; i < 5; i++) assert.equal((await signIn(app, u.email, 'wrong password here', rotating())).statusCode, 401);
    const refused = await signIn(app, u.email, u.password, rotating());
    assert.equal(refused.statusCode, 429);
    assert.equal(refused.headers['retry-after'], '60');
    assert.match(refused.body, /Too many wrong passwords for this account\. Try again in 1 minute\(s\)\./);
    assert.ok(!refused.headers['set-cookie']?.toString().includes('trustroom_session='));
    assert.deepEqual(await userRow(u.user.id), { failed_signins: 5, signin_blocked_until: '2030-03-04T09:01:00.000Z' });
    const events = await ctx.db.deps.db.selectFrom('audit_events').select('action').where('subject_id', '=', u.user.id).where('action', 'like', 'session.signin_%').orderBy('seq').execute();
    assert.deepEqual(events.map((e) => e.action), [...Array(4).fill('session.signin_failed'), 'session.signin_blocked']);
    // Another process on the same database (its own in-memory rate limits) refuses it too.
    const other = await buildTestApp(ctx.db.deps);
    try {
      assert.equal((await signIn(other, u.email, u.password, rotating())).statusCode, 429);
    } finally {
      await other.close();
    }
  });

  it('doubles the wait after each further wrong password, and a right password after the wait signs in and starts the count again', async () => {
    clock.set(NOW);
    const u = await buildUser(ctx.db.deps);
    for (let i = 0; i < 5; i++) await signIn(app, u.email, 'wrong password here', rotating());
    clock.set('2030-03-04T09:01:01.000Z');
    assert.equal((await signIn(app, u.email, 'wrong password here', rotating())).statusCode, 401);
    const again = await signIn(app, u.email, u.password, rotating());
    assert.equal(again.statusCode, 429);
    assert.equal(again.headers['retry-after'], '120');
    clock.set('2030-03-04T09:03:02.000Z');
    const ok = await signIn(app, u.email, u.password, rotating());
    assert.equal(ok.statusCode, 303);
    assert.deepEqual(await userRow(u.user.id), { failed_signins: 0, signin_blocked_until: null });
    // The count starts again: four wrong passwords do not block.
    for (let i = 0; i < 4; i++) assert.equal((await signIn(app, u.email, 'wrong password here', rotating())).statusCode, 401);
    assert.equal((await signIn(app, u.email, u.password, rotating())).statusCode, 303);
  });

  it('answers an address without an account exactly like an existing one, so the 429 does not reveal which exists', async () => {
    clock.set(NOW);
    const u = await buildUser(ctx.db.deps);
    const ghost = nobody();
    const answers = async (email: string) => {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await signIn(app, email, 'wrong password here', rotating())).statusCode);
      const last = await signIn(app, email, 'wrong password here', rotating());
      statuses.push(last.statusCode);
      return { statuses, retryAfter: last.headers['retry-after'], body: last.body.replaceAll(email, 'EMAIL').replace(/name="_pre" value="[^"]+"/, '') };
    };
    const known = await answers(u.email);
    const unknownAnswer = await answers(ghost);
    assert.deepEqual(known.statuses, [401, 401, 401, 401, 401, 429]);
    assert.deepEqual(unknownAnswer, known);
  });
}, { clock });
