import { createHash, randomBytes, randomUUID } from 'node:crypto';

/** A new opaque id (UUID v4). */
export const newId = (): string => randomUUID();

/** A random secret for links and tokens, URL-safe, 32 bytes of entropy. */
export const newSecret = (prefix = ''): string => prefix + randomBytes(32).toString('base64url');

/** SHA-256 hex of a string: how secrets are stored (never in clear). */
export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
