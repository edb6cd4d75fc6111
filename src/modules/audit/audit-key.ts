import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { AppError } from '../../shared/errors.ts';

/** The public half of the audit signing key: what outsiders need to check checkpoints. */
export interface AuditPublicKey {
  publicKey: KeyObject;
  /** SPKI PEM, published with every checkpoint. */
  publicKeyPem: string;
  /** First 16 hex characters of the SHA-256 of the public key's DER (SPKI). */
  keyId: string;
}

/** The Ed25519 key that signs audit checkpoints; kept in a file outside the database. */
export interface AuditKey extends AuditPublicKey {
  privateKey: KeyObject;
}

const VARIABLE = 'TRUSTROOM_AUDIT_KEY_FILE';

/** The key id of a public key: first 16 hex of SHA-256 over its DER (SPKI) encoding. */
export function auditKeyId(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

/** The public half of a key, with its PEM and key id. */
export function auditPublicKey(publicKey: KeyObject): AuditPublicKey {
  return { publicKey, publicKeyPem: String(publicKey.export({ type: 'spki', format: 'pem' })), keyId: auditKeyId(publicKey) };
}

const badKey = (reason: string) => new AppError('config_error', 2, `invalid configuration: ${VARIABLE}: ${reason}`);

/**
 * Reads the signing key from `file`; null when the file does not exist. A file that cannot be
 * read or is not an Ed25519 private key (PKCS#8 PEM) throws a config error naming the variable.
 */
export function loadAuditKey(file: string): AuditKey | null {
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw badKey(`cannot read the key file (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem);
  } catch {
    throw badKey('the file is not a PEM private key');
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') throw badKey('the key must be Ed25519');
  return { privateKey, ...auditPublicKey(createPublicKey(privateKey)) };
}

/**
 * The signing key at `file`, generated there (mode 0600) when the file does not exist yet. A new
 * key is announced through `print`: where it is, and that it must live outside the database and
 * be backed up (without it, old checkpoints cannot be checked and new ones cannot be signed).
 */
export function ensureAuditKey(file: string, print: (line: string) => void = () => {}): { key: AuditKey; created: boolean } {
  const existing = loadAuditKey(file);
  if (existing) return { key: existing, created: false };
  const { privateKey } = generateKeyPairSync('ed25519');
  try {
    mkdirSync(dirname(file), { recursive: true });
    // 'wx': never overwrite a key another process wrote in the meantime.
    writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
      const other = loadAuditKey(file);
      if (other) return { key: other, created: false };
    }
    throw badKey(`cannot write the key file (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const key = { privateKey, ...auditPublicKey(createPublicKey(privateKey)) };
  print(`Audit signing key created at ${file} (key id ${key.keyId}). It signs checkpoints of the audit log: keep it outside the database and back it up (set ${VARIABLE} to move it).`);
  return { key, created: true };
}
