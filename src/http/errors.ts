/**
 * The only place errors become HTTP responses: JSON `{ ok: false, error, message, status, data? }`
 * for the API and feeds, a friendly HTML page elsewhere. Unknown errors become a 500 carrying the
 * request id; their details go only to the log.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type FieldIssue, invalid, isAppError } from '../shared/errors.ts';
import { setSecurityHeaders } from './middleware/security-headers.ts';
import { html } from './views/html.ts';
import { layout } from './views/layout.ts';

const wantsJson = (req: FastifyRequest) => req.url.startsWith('/api/') || /\.(json|jsonld|csv|atom)(\?|$)/.test(req.url);

/** Fastify's schema errors (Ajv) → our validation_error naming each field. */
function fromValidation(err: FastifyError): AppError {
  const issues: FieldIssue[] = (err.validation ?? []).map((v) => {
    const path = (v.instancePath ?? '').replace(/^\//, '').replace(/\/(\d+)/g, '[$1]').replace(/\//g, '.');
    const missing = (v.params as { missingProperty?: string })?.missingProperty;
    const field = missing ? (path ? `${path}.${missing}` : missing) : path || (err.validationContext ?? 'body');
    return { field, message: missing ? 'is required' : (v.message ?? 'is invalid') };
  });
  return invalid(issues.length ? issues : [{ field: err.validationContext ?? 'body', message: 'is invalid' }]);
}

export function toAppError(err: unknown): AppError {
  if (isAppError(err)) return err;
  const fe = err as FastifyError;
  if (fe?.validation) return fromValidation(fe);
  if (fe?.statusCode === 429) return new AppError('rate_limited', 429, 'too many requests, try again later');
  if (fe?.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    const code = fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 'unsupported_media_type' : fe.statusCode === 413 ? 'payload_too_large' : 'bad_request';
    return new AppError(code, fe.statusCode, fe.statusCode === 413 ? 'request body is too large' : 'the request could not be read');
  }
  return new AppError('internal_error', 500, 'something went wrong on our side', { cause: err, reportable: true });
}

export function sendError(req: FastifyRequest, reply: FastifyReply, err: unknown) {
  const e = toAppError(err);
  if (e.reportable) req.log.error({ err: e.cause ?? e, requestId: req.id }, 'request failed');
  const message = e.status >= 500 ? `${e.message} (request ${req.id})` : e.message;
  if (e.status === 401 && req.method === 'GET' && req.url.startsWith('/admin')) return reply.redirect(`/admin/signin?next=${encodeURIComponent(req.url)}`, 303);
  reply.status(e.status);
  // Error responses may come from scopes without the security-headers hook (the public list).
  reply.type(wantsJson(req) ? 'application/json; charset=utf-8' : 'text/html; charset=utf-8');
  setSecurityHeaders(reply);
  if (wantsJson(req)) return reply.send({ ok: false, error: e.code, message, status: e.status, ...(e.data ? { data: e.data } : {}) });
  const body = html`<h1>${titleFor(e.status)}</h1><p>${message}</p><p><a href="/">Back to the start page</a></p>`;
  return reply.send(layout({ title: titleFor(e.status), body }).value);
}

function titleFor(status: number): string {
  return ({ 400: 'That did not work', 401: 'Please sign in', 403: 'Not allowed', 404: 'Not found', 409: 'Conflict', 429: 'Slow down' } as Record<number, string>)[status] ?? 'Something went wrong';
}

export function registerErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((err, req, reply) => sendError(req, reply, err));
  app.setNotFoundHandler((req, reply) => sendError(req, reply, new AppError('not_found', 404, 'no such page or resource')));
}
