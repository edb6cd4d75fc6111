/**
 * The HTTP app over a test database, driven with `app.inject` (no socket), plus helpers to act
 * as a member of a workspace through a session cookie (with its CSRF token) or an API token.
 */
import type { FastifyInstance } from 'fastify';
import type { Role } from '../src/db/schema.ts';
import { type AppOptions, buildApp } from '../src/http/app.ts';
import { SESSION_COOKIE } from '../src/http/middleware/auth.ts';
import { createApiToken } from '../src/modules/access/api-tokens.ts';
import { findSession } from '../src/modules/access/sessions.ts';
import type { Deps } from '../src/shared/deps.ts';
import { buildMember } from './factories.ts';

export const TEST_PUBLIC_URL = 'http://trustroom.test';

/**
 * The app as tests drive it. It trusts one proxy hop (unlike the default), so a test can give each
 * request its own client address with X-Forwarded-For (the rate limits key on it); `config` overrides.
 */
export async function buildTestApp(deps: Deps, config: Partial<AppOptions['config']> = {}): Promise<FastifyInstance> {
  const app = await buildApp({ deps, config: { publicUrl: TEST_PUBLIC_URL, secureCookies: false, trustProxy: 1, ...config }, logger: false });
  await app.ready();
  return app;
}

export interface SessionAgent {
  userId: string;
  email: string;
  cookie: string;
  csrf: string;
  /** Headers for inject: the session cookie, plus the CSRF header for API calls. */
  headers: Record<string, string>;
}

/** A new user with `role` in the workspace, signed in. */
export async function signedInMember(deps: Deps, workspaceId: string, role: Role): Promise<SessionAgent> {
  const m = await buildMember(deps, workspaceId, role);
  const session = await findSession(deps.db, m.session, deps.clock.now());
  const csrf = session!.csrfToken;
  const cookie = `${SESSION_COOKIE}=${m.session}`;
  return { userId: m.user.id, email: m.email, cookie, csrf, headers: { cookie, 'x-csrf-token': csrf } };
}

/** An API token of the workspace with `role`; returns the Authorization header. */
export async function apiTokenHeaders(deps: Deps, workspaceId: string, role: Exclude<Role, 'owner'>): Promise<Record<string, string>> {
  const { token } = await createApiToken(deps, { workspaceId, actor: { type: 'system', id: null, label: 'test' } }, { name: `test-${role}`, role });
  return { authorization: `Bearer ${token}` };
}

/** URL-encodes a form body the way a browser does (repeated keys for lists), adding `_csrf`. */
export function form(fields: Record<string, string | string[] | undefined>, csrf?: string): string {
  const p = new URLSearchParams();
  if (csrf) p.append('_csrf', csrf);
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) continue;
    for (const item of Array.isArray(v) ? v : [v]) p.append(k, item);
  }
  return p.toString();
}
