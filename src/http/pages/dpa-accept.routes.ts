/**
 * The public page of a DPA acceptance link (CU2): read the agreement, download it, accept it. No
 * sign-in: the token in the URL is the credential, so responses are never cached, never indexed
 * and never send it on as a referrer. The form carries no CSRF token (no session to bind it to);
 * posts a browser marks as cross-site are refused, and each address may post a few times a minute.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { renderDocumentPdf } from '../../modules/documents/render-document-pdf.ts';
import { acceptDpaByLink, type AcceptanceLinkView, linkInvalid, viewAcceptanceLink } from '../../modules/dpa/accept-dpa-by-link.ts';
import { type FieldIssue, isAppError } from '../../shared/errors.ts';
import type { AppOptions } from '../app.ts';
import { attachmentDisposition } from '../download.ts';
import { errorsByField } from '../views/forms.ts';
import { type AcceptForm, renderAcceptPage } from './dpa-accept.view.ts';
import { refuseCrossSite } from './respond.routes.ts';

const HTML = 'text/html; charset=utf-8';
const POST_LIMIT = { rateLimit: { max: 10, timeWindow: '1 minute' } };
const FIELDS = ['name', 'title', 'email', 'authority'];

const text = (v: unknown): string => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '').slice(0, 400);

export function registerDpaAcceptRoutes(app: FastifyInstance, { deps, config }: AppOptions) {
  app.addHook('onSend', (_req, reply, payload, done) => {
    reply.header('referrer-policy', 'no-referrer').header('cache-control', 'no-store').header('x-robots-tag', 'noindex');
    done(null, payload);
  });

  const params = (req: FastifyRequest) => req.params as { slug: string; token: string };
  const pageUrl = (req: FastifyRequest) => `/w/${encodeURIComponent(params(req).slug)}/dpa/accept/${encodeURIComponent(params(req).token)}`;
  /** The link's state, only under its own workspace's address. */
  const current = async (req: FastifyRequest): Promise<AcceptanceLinkView> => {
    const v = await viewAcceptanceLink(deps, params(req).token);
    if (v.workspace.slug !== params(req).slug) throw linkInvalid();
    return v;
  };
  /** A link that no longer works is gone for good: 410, except the receipt right after accepting. */
  const send = (reply: FastifyReply, req: FastifyRequest, v: AcceptanceLinkView, o: { form?: AcceptForm; accepted?: boolean; status?: number } = {}) =>
    reply.code(o.status ?? (v.state === 'open' || o.accepted ? 200 : 410)).type(HTML).send(renderAcceptPage(v, pageUrl(req), o));

  app.get('/w/:slug/dpa/accept/:token', async (req, reply) => {
    const v = await current(req);
    return send(reply, req, v, { accepted: v.state === 'used' && (req.query as Record<string, unknown>).accepted === '1' });
  });

  app.get('/w/:slug/dpa/accept/:token/pdf', async (req, reply) => {
    const v = await current(req);
    if (v.state !== 'open') return send(reply, req, v);
    return reply.type('application/pdf').header('content-disposition', attachmentDisposition(v.rendered.fileName))
      .header('x-content-sha256', v.rendered.sha256).send(await renderDocumentPdf(v.rendered.document));
  });

  app.post('/w/:slug/dpa/accept/:token', { config: POST_LIMIT }, async (req, reply) => {
    refuseCrossSite(req, config.publicUrl);
    await current(req);
    const body = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>;
    const values = Object.fromEntries(FIELDS.map((f) => [f, text(body[f])]));
    try {
      await acceptDpaByLink(deps, params(req).token, { ...values, documentSha256: text(body.documentSha256) });
    } catch (e) {
      if (!isAppError(e) || ![400, 409, 410].includes(e.status)) throw e;
      const v = await current(req);
      if (e.status === 400) return send(reply, req, v, { form: { values, errors: errorsByField((e.data as { fields?: FieldIssue[] } | undefined)?.fields) }, status: 400 });
      if (e.code === 'dpa_document_changed' && v.state === 'open') {
        return send(reply, req, v, { status: 409, form: { values, errors: {}, problem: 'The agreement changed while you were reading it. Nothing was recorded: read the current text below and accept again.' } });
      }
      return send(reply, req, v, { status: e.status });
    }
    return reply.redirect(`${pageUrl(req)}?accepted=1`, 303);
  });
}
