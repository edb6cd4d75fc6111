import type { FastifyInstance, FastifyReply } from 'fastify';
import { diffSnapshots } from '../../modules/publishing/diff-snapshots.ts';
import { findPendingChanges } from '../../modules/publishing/find-pending-changes.ts';
import { findVersion, listVersions } from '../../modules/publishing/list-versions.queries.ts';
import { publishListVersion } from '../../modules/publishing/publish-list-version.ts';
import { isoDate } from '../../shared/clock.ts';
import { notFound } from '../../shared/errors.ts';
import type { AppOptions } from '../app.ts';
import type { FormErrors } from '../views/forms.ts';
import { type Console, formFailure, type FormValues, formValues, openConsole, param, query, sendPage } from './console.ts';
import { type Comparison, versionBody, versionsBody } from './versions.view.ts';

/** Publish & history: pending changes and versions (viewer), publishing (editor), version pages. */
export function registerVersionRoutes(app: FastifyInstance, { deps }: AppOptions) {
  const versionNumber = (s: string | undefined) => (s && /^\d{1,9}$/.test(s) ? Number(s) : null);

  /** `?from=&to=`: the diff of two versions, or the reason there is none. */
  const compare = async (c: Console, q: Record<string, string>): Promise<Comparison | null> => {
    if (!q.from && !q.to) return null;
    const [from, to] = [versionNumber(q.from), versionNumber(q.to)];
    const [a, b] = await Promise.all([from === null ? undefined : findVersion(deps.db, c.workspace.id, from), to === null ? undefined : findVersion(deps.db, c.workspace.id, to)]);
    if (!a || !b) return { from: q.from ?? '', to: q.to ?? '', error: 'Choose two published versions to compare.' };
    return { from: String(a.version), to: String(b.version), changelog: diffSnapshots(a.snapshot, b.snapshot) };
  };

  const page = async (reply: FastifyReply, c: Console, o: { q: Record<string, string>; values?: FormValues; errors?: FormErrors; status?: number }) => {
    const [pending, versions, cmp] = await Promise.all([findPendingChanges(deps.db, c.workspace.id), listVersions(deps.db, c.workspace.id), compare(c, o.q)]);
    const values = o.values ?? { currentAsOf: isoDate(deps.clock.now()) };
    const body = versionsBody(c, { pending, versions, compare: cmp, values, errors: o.errors ?? {}, published: versionNumber(o.q.published)?.toString() });
    return sendPage(reply, c, { title: 'Publish & history', section: 'versions', body, status: o.status ?? (cmp?.error ? 400 : 200) });
  };

  app.get('/admin/w/:slug/versions', async (req, reply) => page(reply, await openConsole(deps, req, 'viewer'), { q: query(req) }));

  app.post('/admin/w/:slug/versions', async (req, reply) => {
    const c = await openConsole(deps, req, 'editor');
    const values = formValues(req);
    try {
      const v = await publishListVersion(deps, c.scope, values);
      return reply.redirect(`${c.base}/versions?published=${v.version}`, 303);
    } catch (e) {
      return page(reply, c, { q: {}, values, ...formFailure(e, values) });
    }
  });

  app.get('/admin/w/:slug/versions/:n', async (req, reply) => {
    const c = await openConsole(deps, req, 'viewer');
    const n = versionNumber(param(req, 'n'));
    const v = n === null ? undefined : await findVersion(deps.db, c.workspace.id, n);
    if (!v) throw notFound('version');
    return sendPage(reply, c, { title: `Version ${v.version}`, section: 'versions', body: versionBody(c, v) });
  });
}
