/**
 * The key that encrypts access packages at rest (AES-256-GCM): 32 random bytes, base64 in a file
 * outside the database (TRUSTROOM_PACKAGE_KEY_FILE), so a copy of the database alone does not
 * reveal anyone's data. Created with mode 0600 the first time a package is stored.
 */
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { dirname } from 'node:path';
import { AppError } from '../../../shared/errors.ts';

const VARIABLE = 'TRUSTROOM_PACKAGE_KEY_FILE';
const KEY_BYTES = 32;

/** The key as read from its file. */
export type PackageKey = Buffer;

const badKey = (reason: string) => new AppError('config_error', 2, `invalid configuration: ${VARIABLE}: ${reason}`);

/**
 * Reads the key from `file`; null when the file does not exist. A file that cannot be read or
 * does not hold 32 bytes in base64 throws a config error naming the variable.
 */
export function loadPackageKey(file: string): PackageKey | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').trim();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw badKey(`cannot read the key file (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const key = Buffer.from(text, 'base64');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || key.length !== KEY_BYTES) throw badKey(`the file must hold ${KEY_BYTES} random bytes in base64 (44 characters)`);
  return key;
}

/** The key at `file`, generated there (mode 0600) when the file does not exist yet. */
export function ensurePackageKey(file: string): { key: PackageKey; created: boolean } {
  const existing = loadPackageKey(file);
  if (existing) return { key: existing, created: false };
  const key = randomBytes(KEY_BYTES);
  try {
    mkdirSync(dirname(file), { recursive: true });
    // 'wx': never overwrite a key another process wrote in the meantime.
    writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
      const other = loadPackageKey(file);
      if (other) return { key: other, created: false };
    }
    throw badKey(`cannot write the key file (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return { key, created: true };
}

export interface SealedPackage {
  ciphertext: Buffer;
  iv: Buffer;
  authTag: Buffer;
}

/**
 * AES-256-GCM with a fresh 96-bit IV. `bindTo` (the package's id) is authenticated data: a
 * ciphertext copied onto another package's row does not decrypt there.
 */
export function sealPackage(key: PackageKey, plaintext: Buffer, bindTo: string): SealedPackage {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(bindTo, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { ciphertext, iv, authTag: cipher.getAuthTag() };
}

/** Decrypts a sealed package; another key, another id or a changed byte is 500 `package_undecryptable`. */
export function openPackage(key: PackageKey, sealed: SealedPackage, bindTo: string): Buffer {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.iv);
    decipher.setAAD(Buffer.from(bindTo, 'utf8'));
    decipher.setAuthTag(sealed.authTag);
    return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]);
  } catch (cause) {
    throw new AppError('package_undecryptable', 500, `the access package cannot be decrypted with this server's key (${VARIABLE}): the key file changed or the stored package was altered`, { cause });
  }
}
