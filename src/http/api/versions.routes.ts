import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { diffVersions } from '../../modules/publishing/diff-versions.ts';
import { findVersion, type ListVersion, type ListVersionSummary, listVersions } from '../../modules/publishing/list-versions.queries.ts';
import { publishListVersion } from '../../modules/publishing/publish-list-version.ts';
import { notFound } from '../../shared/errors.ts';
import type { AppOptions } from '../app.ts';
import { requireWorkspace } from '../middleware/auth.ts';
import { data, doc, ERRORS, SlugParams } from './schemas.ts';
import { DiffParams, PublishBody, Version, VersionDiff, VersionParams, VersionSummary } from './versions.schemas.ts';

const presentSummary = (v: ListVersionSummary) => ({
  version: v.version, currentAsOf: v.currentAsOf, publishedAt: v.publishedAt, publishedBy: v.publishedBy, note: v.note, digest: v.digest, changelog: v.changelog,
});
const presentVersion = (v: ListVersion) => ({ ...presentSummary(v), snapshot: v.snapshot });

/** Publishing the registry as list versions, and reading them back. */
export function registerVersionRoutes(app: FastifyInstance, { deps }: AppOptions) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get('/api/w/:slug/versions', {
    schema: { ...doc('Versions', 'List published versions', 'viewer', 'Newest first, with changelogs, without snapshots.'), params: SlugParams, response: { 200: data(Type.Array(VersionSummary)), ...ERRORS } },
  }, async (req) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'viewer');
    return { data: (await listVersions(deps.db, scope.workspaceId)).map(presentSummary) };
  });

  r.post('/api/w/:slug/versions', {
    schema: {
      ...doc('Versions', 'Publish the registry as a new version', 'editor', 'Snapshots the registry and computes the changelog against the previous version.'),
      params: SlugParams, body: PublishBody, response: { 201: data(Version), ...ERRORS },
    },
  }, async (req, reply) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'editor');
    const published = await publishListVersion(deps, scope, req.body);
    return reply.code(201).send({ data: presentVersion(published) });
  });

  r.get('/api/w/:slug/versions/:version', {
    schema: { ...doc('Versions', 'Get a version with its snapshot', 'viewer'), params: VersionParams, response: { 200: data(Version), ...ERRORS } },
  }, async (req) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'viewer');
    const version = await findVersion(deps.db, scope.workspaceId, Number(req.params.version));
    if (!version) throw notFound('version');
    return { data: presentVersion(version) };
  });

  r.get('/api/w/:slug/versions/:from/diff/:to', {
    schema: { ...doc('Versions', 'Diff two versions', 'viewer', 'What was added, removed and changed from one version to the other.'), params: DiffParams, response: { 200: data(VersionDiff), ...ERRORS } },
  }, async (req) => {
    const { scope } = await requireWorkspace(deps, req, req.params.slug, 'viewer');
    return { data: await diffVersions(deps.db, scope.workspaceId, Number(req.params.from), Number(req.params.to)) };
  });
}
