/**
 * Helpers for the console tests: a workspace with a signed-in member, and GET/POST through
 * `app.inject` the way a browser without JavaScript sends them.
 */
import type { FastifyInstance } from 'fastify';
import type { Role } from '../../db/schema.ts';
import { form, type SessionAgent, signedInMember } from '../../../test/app.ts';
import { buildWorkspace } from '../../../test/factories.ts';
import type { Deps } from '../../shared/deps.ts';

export async function consoleFixture(deps: Deps, role: Role) {
  const { workspace, scope } = await buildWorkspace(deps);
  const agent = await signedInMember(deps, workspace.id, role);
  return { workspace, scope, agent, base: `/admin/w/${workspace.slug}` };
}

export const get = (app: FastifyInstance, agent: SessionAgent, url: string) => app.inject({ method: 'GET', url, headers: { cookie: agent.cookie } });

/** A form POST with the session's CSRF field (leave it out with `{ csrf: false }`). */
export const post = (app: FastifyInstance, agent: SessionAgent, url: string, fields: Record<string, string | string[] | undefined>, o: { csrf?: boolean } = {}) =>
  app.inject({
    method: 'POST', url, headers: { cookie: agent.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: form(fields, o.csrf === false ? undefined : agent.csrf),
  });

/** The opening tag of the element with `id`, to check its attributes. */
export function tagWithId(body: string, id: string): string {
  const m = new RegExp(`<[a-z]+ [^>]*id="${id}"[^>]*>`).exec(body);
  if (!m) throw new Error(`no element with id ${id}`);
  return m[0];
}
