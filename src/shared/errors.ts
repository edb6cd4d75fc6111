/**
 * The one error type of Trustroom. Each edge (HTTP API, pages, CLI) renders it in one place.
 * `message` is safe to show: it never carries personal data.
 */
export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly data?: unknown;
  readonly reportable: boolean;

  constructor(code: string, status: number, message: string, opts: { data?: unknown; cause?: unknown; reportable?: boolean } = {}) {
    super(message, { cause: opts.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = status;
    this.data = opts.data;
    this.reportable = opts.reportable ?? status >= 500;
  }
}

/** One problem with one input field, e.g. `{ field: "countries[1]", message: "must be an ISO 3166-1 alpha-2 code" }`. */
export interface FieldIssue {
  field: string;
  message: string;
}

/** Bad input: HTTP 400 `validation_error`, CLI exit 2. The message names every field. */
export function invalid(issues: FieldIssue[] | string, message?: string): AppError {
  const list = typeof issues === 'string' ? [{ field: issues, message: message ?? 'is invalid' }] : issues;
  const text = list.map((i) => `${i.field}: ${i.message}`).join('; ');
  return new AppError('validation_error', 400, text, { data: { fields: list } });
}

export const notFound = (what = 'resource') => new AppError('not_found', 404, `${what} not found`);
export const unauthorized = (message = 'sign-in required') => new AppError('unauthorized', 401, message);
export const forbidden = (message = 'not allowed') => new AppError('forbidden', 403, message);
export const conflict = (message: string, code = 'conflict') => new AppError(code, 409, message);
export const tooManyRequests = (message = 'too many attempts, try again later') =>
  new AppError('rate_limited', 429, message);

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
