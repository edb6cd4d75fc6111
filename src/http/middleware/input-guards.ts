import type { FastifyInstance } from 'fastify';
import { AppError, type FieldIssue, invalid } from '../../shared/errors.ts';

/** Where a NUL character hides in a parsed body: the paths of the strings holding one (keys too). */
export function nulFields(value: unknown, path = '', out: FieldIssue[] = []): FieldIssue[] {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) out.push({ field: path || 'body', message: 'must not contain a NUL character' });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => nulFields(v, `${path}[${i}]`, out));
  } else if (value && typeof value === 'object' && !Buffer.isBuffer(value)) {
    for (const [k, v] of Object.entries(value)) {
      const field = path ? `${path}.${k}` : k;
      if (k.includes('\u0000')) out.push({ field: 'body', message: 'must not contain a NUL character in a field name' });
      else nulFields(v, field, out);
    }
  }
  return out;
}

/**
 * A NUL character (U+0000) anywhere in the input is a 400, on SQLite and PostgreSQL alike
 * (PostgreSQL refuses it in text, which would otherwise surface as a 500): in the address
 * (path, parameters, query: `%00` is the only way to send one) before routing, in a parsed body
 * before validation.
 */
export function registerInputGuards(app: FastifyInstance) {
  app.addHook('onRequest', (req, _reply, done) => {
    done(req.url.includes('%00') ? new AppError('invalid_input', 400, 'url: must not contain a NUL character') : undefined);
  });
  app.addHook('preValidation', (req, _reply, done) => {
    const issues = req.body === undefined || req.body === null ? [] : nulFields(req.body);
    done(issues.length ? invalid(issues) : undefined);
  });
}
