import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * Paths pino blanks out wherever they appear: personal data and secrets must never reach a log.
 * Fastify's request logs carry headers; bodies are never logged.
 */
export const REDACT_PATHS = [
  'email', '*.email', 'name', '*.name', 'password', '*.password', 'token', '*.token',
  'req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]',
  'contactEmail', '*.contactEmail', 'ip', '*.ip', 'req.remoteAddress',
];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino({ level, redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, destination);
}
