/** The errors of reading an import source: all HTTP 400 (CLI exit 2), about the field `source`. */
import { AppError } from '../../../shared/errors.ts';

export type SourceErrorCode =
  | 'source_not_found'
  | 'source_unreadable'
  | 'source_too_large'
  | 'source_unsupported'
  | 'source_invalid_url'
  | 'source_private_address'
  | 'source_unreachable'
  | 'source_timeout'
  | 'source_truncated'
  | 'source_too_many_redirects'
  | 'source_http_error';

/** `message` must start with `source: ` and carry no personal data (a URL's host, never its query). */
export function sourceError(code: SourceErrorCode, message: string, extra: Record<string, unknown> = {}, cause?: unknown): AppError {
  return new AppError(code, 400, message, { data: { field: 'source', ...extra }, cause });
}

/** `5 MB`, `64 KB`, `16 bytes`: limits as people set them. */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KB`;
  return `${n} bytes`;
}

/** `10 s`, `300 ms`. */
export function formatMs(ms: number): string {
  return ms >= 1000 ? `${ms / 1000} s` : `${ms} ms`;
}
