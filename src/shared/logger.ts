import pino, { type DestinationStream, type Logger } from 'pino';
import { redactLinkSecrets } from './redact-secrets.ts';

/**
 * Paths pino blanks out wherever they appear: personal data and secrets must never reach a log.
 * Fastify's request logs carry headers; bodies are never logged.
 */
export const REDACT_PATHS = [
  'email', '*.email', 'name', '*.name', 'password', '*.password', 'token', '*.token',
  'req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]',
  'contactEmail', '*.contactEmail', 'ip', '*.ip', 'req.remoteAddress',
];

/**
 * A request as it is logged: method, host and the URL with its link secrets blanked (sign-in,
 * portal, DPA and unsubscribe links carry their secret in the path). It replaces Fastify's own
 * `req` serializer, which logs the URL as it came and the caller's address.
 */
export const serializeRequest = (req: { method?: string; url?: string; host?: string }) => ({
  method: req.method, url: typeof req.url === 'string' ? redactLinkSecrets(req.url) : req.url, host: req.host,
});

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino({ level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, serializers: { req: serializeRequest } }, destination);
}
