/**
 * The public download link of an access package (issue 12 §5): GET shows what it is and a
 * download button; POST sends the decrypted zip once. No sign-in: the token in the URL is the
 * credential, so responses are never cached, indexed or referred. The form carries no CSRF token
 * (no session to bind it to); posts a browser marks as cross-site are refused, and each address
 * may post a few times a minute. A used, expired or deleted link answers 410 with a page that
 * reveals nothing more.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { downloadAccessPackage, packageLinkInvalid, type PackageLinkView, viewAccessPackage } from '../../modules/requests/package/download-access-package.ts';
import { loadPackageKey } from '../../modules/requests/package/package-key.ts';
import { AppError, isAppError } from '../../shared/errors.ts';
import type { AppOptions } from '../app.ts';
import { attachmentDisposition } from '../download.ts';
import { renderPackagePage } from './access-package.view.ts';
import { refuseCrossSite } from './respond.routes.ts';

const HTML = 'text/html; charset=utf-8';
const POST_LIMIT = { rateLimit: { max: 10, timeWindow: '1 minute' } };

export function registerAccessPackageRoutes(app: FastifyInstance, { deps, config }: AppOptions) {
  app.addHook('onSend', (_req, reply, payload, done) => {
    reply.header('referrer-policy', 'no-referrer').header('cache-control', 'no-store').header('x-robots-tag', 'noindex');
    done(null, payload);
  });

  const params = (req: FastifyRequest) => req.params as { slug: string; token: string };
  const pageUrl = (req: FastifyRequest) => `/w/${encodeURIComponent(params(req).slug)}/requests/package/${encodeURIComponent(params(req).token)}`;
  /** The link's state, only under its own workspace's address. */
  const current = async (req: FastifyRequest): Promise<PackageLinkView> => {
    const v = await viewAccessPackage(deps, params(req).token);
    if (v.workspace.slug !== params(req).slug) throw packageLinkInvalid();
    return v;
  };
  const send = (reply: FastifyReply, req: FastifyRequest, v: PackageLinkView) =>
    reply.code(v.state === 'open' ? 200 : 410).type(HTML).send(renderPackagePage(v, pageUrl(req)));

  app.get('/w/:slug/requests/package/:token', async (req, reply) => send(reply, req, await current(req)));

  app.post('/w/:slug/requests/package/:token', { config: POST_LIMIT }, async (req, reply) => {
    refuseCrossSite(req, config.publicUrl);
    const v = await current(req);
    if (v.state !== 'open') return send(reply, req, v);
    const key = config.packageKeyFile ? loadPackageKey(config.packageKeyFile) : null;
    if (!key) throw new AppError('package_key_missing', 503, 'access packages cannot be decrypted on this server: its package key file (TRUSTROOM_PACKAGE_KEY_FILE) is missing');
    try {
      const file = await downloadAccessPackage(deps, key, params(req).token);
      return reply.type('application/zip').header('content-disposition', attachmentDisposition(file.fileName))
        .header('x-content-type-options', 'nosniff').header('x-content-sha256', file.sha256).send(file.bytes);
    } catch (e) {
      // Spent between the check above and the download (another click, another tab).
      if (isAppError(e) && e.code === 'package_link_gone') return send(reply, req, { workspace: v.workspace, state: 'gone' });
      throw e;
    }
  });
}
