import type { FastifyInstance } from 'fastify';
import { listPublishedWorkspaces } from '../../modules/public-list/published-workspaces.ts';
import type { AppOptions } from '../app.ts';
import { html } from '../views/html.ts';
import { layout } from '../views/layout.ts';

/** The start page: each published workspace's public list (never an empty one), and the way to the console. */
export function registerHomeRoutes(app: FastifyInstance, { deps }: AppOptions) {
  app.get('/', async (_req, reply) => {
    const workspaces = await listPublishedWorkspaces(deps.db);
    const body = html`<h1>Trustroom</h1>
<p>Public sub-processor lists published with Trustroom:</p>
${workspaces.length ? html`<ul>${workspaces.map((w) => html`<li><a href="/w/${w.slug}/subprocessors">${w.name}</a>${w.exampleSource ? html` <span class="muted">(example from a public document)</span>` : null}</li>`)}</ul>` : html`<p>None yet.</p>`}
<p><a href="/admin">Operators: sign in to the console</a> · <a href="/api/docs">API documentation</a></p>`;
    return reply.type('text/html; charset=utf-8').send(layout({ title: 'Start', body }).value);
  });
}
