/**
 * Helpers of the portal's HTTP tests: the one-time links read from the outbox, and signing in
 * through them as a browser does (the link page, then its POST), keeping the session cookie.
 */
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/schema.ts';

let ip = 0;
/** A different client address per call: the portal's POSTs are rate-limited per address. */
export const freshIp = () => ({ 'x-forwarded-for': `203.0.113.${++ip % 250}` });

/** The newest portal link path (`/portal/w/<slug>/link/<token>`) sent to an address. */
export async function latestLinkPath(db: Db, to: string): Promise<string> {
  const row = await db.selectFrom('messages').select('text_body').where('to_address', '=', to).where('kind', 'like', 'portal.%')
    .orderBy('created_at', 'desc').limit(1).executeTakeFirstOrThrow();
  const m = /http:\/\/trustroom\.test(\/portal\/w\/[^/\s]+\/link\/[^\s/]+)/.exec(row.text_body);
  assert.ok(m, 'a portal link in the message');
  return m[1];
}

/** Follows a link: its page changes nothing; its POST signs in. Returns the Cookie header value. */
export async function signInThrough(app: FastifyInstance, path: string): Promise<string> {
  const page = await app.inject({ url: path });
  assert.equal(page.statusCode, 200, 'the link page');
  assert.equal(page.headers['set-cookie'], undefined, 'opening the link does not sign in');
  const res = await app.inject({ method: 'POST', url: path, headers: freshIp() });
  assert.equal(res.statusCode, 303);
  const set = [res.headers['set-cookie']].flat().find((c) => c?.startsWith('trustroom_portal='));
  assert.ok(set, 'a session cookie');
  return set.split(';')[0];
}

/** The session's CSRF token, read from a page's sign-out form. */
export const csrfOf = (page: string): string => {
  const m = /name="_csrf" value="([^"]+)"/.exec(page);
  assert.ok(m, 'a CSRF field on the page');
  return m[1];
};
