/**
 * The public transparency report of a workspace (IN2): `/w/:slug/transparency` as a page without
 * JavaScript and `/w/:slug/transparency.json`. Only counts per ended half-year leave the server
 * (modules/legal-demands/transparency-report.ts says why and how small counts are hidden).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { buildTransparencyReport } from '../../modules/legal-demands/transparency-report.ts';
import { findWorkspaceBySlug, type WorkspaceView } from '../../modules/workspaces/workspaces.ts';
import { notFound } from '../../shared/errors.ts';
import type { AppOptions } from '../app.ts';
import { renderTransparencyPage } from './transparency.view.ts';

const CACHE_CONTROL = 'public, max-age=300';

export function registerTransparencyRoutes(app: FastifyInstance, { deps }: AppOptions) {
  const load = async (req: FastifyRequest): Promise<{ w: WorkspaceView; report: Awaited<ReturnType<typeof buildTransparencyReport>> }> => {
    const w = await findWorkspaceBySlug(deps.db, (req.params as { slug: string }).slug);
    if (!w) throw notFound('workspace');
    return { w, report: await buildTransparencyReport(deps.db, w.id, deps.clock.now()) };
  };

  app.get('/w/:slug/transparency', async (req, reply) => {
    const { w, report } = await load(req);
    return reply.header('cache-control', CACHE_CONTROL).type('text/html; charset=utf-8').send(renderTransparencyPage(w, report));
  });

  app.get('/w/:slug/transparency.json', async (req, reply) => {
    const { w, report } = await load(req);
    return reply.header('cache-control', CACHE_CONTROL).type('application/json; charset=utf-8').send(JSON.stringify({ workspace: { slug: w.slug, name: w.name }, ...report }));
  });
}
