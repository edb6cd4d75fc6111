/**
 * Credentials by reference, so that a password or token is never stored (or typed) in clear where
 * a reference will do: `env:NAME` reads an environment variable, `secret:NAME` a line of the
 * secrets file named by TRUSTROOM_SECRETS_FILE (`NAME=value` per line, or a JSON object), or when
 * that is unset the file NAME in TRUSTROOM_SECRETS_DIR (else systemd's CREDENTIALS_DIRECTORY), as
 * systems/connection-ref.ts reads it. The secrets file must not be readable by other users of the
 * machine. Messages name the reference, never a value.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { invalid, isAppError } from './errors.ts';

export const SECRETS_FILE_ENV = 'TRUSTROOM_SECRETS_FILE';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** A file name in a secrets directory (systemd credential names may hold . and -). */
const FILE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
const REFERENCE = /^(env|secret):(.*)$/s;

/** Whether the text is an `env:NAME` or `secret:NAME` reference (rather than a value). */
export const isCredentialReference = (value: string) => REFERENCE.test(value);

/** The secrets file as NAME → value; an AppError (exit 2) naming the problem, never a value. */
export function readSecretsFile(env: NodeJS.ProcessEnv = process.env): Map<string, string> {
  const path = env[SECRETS_FILE_ENV];
  if (!path) throw invalid(SECRETS_FILE_ENV, 'is not set: it names the file secret:NAME references are read from');
  let text: string;
  try {
    const st = statSync(path);
    // Other users able to read it would see every credential in it.
    if (st.mode & 0o004) throw invalid(SECRETS_FILE_ENV, `names a file every user of the machine can read (mode ${(st.mode & 0o777).toString(8)}): make it private with chmod 600`);
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if (isAppError(e)) throw e;
    throw invalid(SECRETS_FILE_ENV, 'names a file that cannot be read');
  }
  const out = new Map<string, string>();
  if (text.trimStart().startsWith('{')) {
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch {
      throw invalid(SECRETS_FILE_ENV, 'is not valid JSON (a file starting with { is read as a JSON object of names to values)');
    }
    for (const [k, v] of Object.entries(doc as Record<string, unknown>)) {
      if (!NAME.test(k) || typeof v !== 'string') throw invalid(SECRETS_FILE_ENV, 'must map names (letters, digits, _) to text values');
      out.set(k, v);
    }
    return out;
  }
  text.split(/\r?\n/).forEach((line, i) => {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#')) return;
    const eq = trimmed.indexOf('=');
    const name = trimmed.slice(0, eq).trim();
    // The line itself may hold a secret: only its number is named.
    if (eq < 1 || !NAME.test(name)) throw invalid(SECRETS_FILE_ENV, `line ${i + 1} must be NAME=value`);
    out.set(name, trimmed.slice(eq + 1).trim().replace(/^(["'])(.*)\1$/s, '$2'));
  });
  return out;
}

/**
 * The value of `env:NAME` or `secret:NAME`, or `value` itself when it is no reference. `field`
 * names the input in messages (`--connection`, `headers.Authorization`).
 * @example resolveCredential('secret:SHOP_DB', '--connection') // the URL stored under SHOP_DB
 */
export function resolveCredential(value: string, field: string, env: NodeJS.ProcessEnv = process.env): string {
  const m = REFERENCE.exec(value);
  if (!m) return value;
  const [, kind, name] = m as unknown as [string, 'env' | 'secret', string];
  const dir = env.TRUSTROOM_SECRETS_DIR?.trim() || env.CREDENTIALS_DIRECTORY?.trim();
  if (kind === 'secret' && !env[SECRETS_FILE_ENV] && dir) {
    if (!FILE_NAME.test(name)) throw invalid(field, 'secret:NAME must name a file of letters, digits, _ . and -');
    let v = '';
    try {
      v = readFileSync(join(dir, name), 'utf8').trim();
    } catch {}
    if (!v) throw invalid(field, `names the secret ${name}, whose file in the secrets directory cannot be read or is empty`);
    return v;
  }
  if (!NAME.test(name)) throw invalid(field, `${kind}:NAME must name a variable of letters, digits and _`);
  if (kind === 'env') {
    const v = env[name];
    if (!v) throw invalid(field, `names the environment variable ${name}, which is not set`);
    return v;
  }
  const v = readSecretsFile(env).get(name);
  if (!v) throw invalid(field, `names the secret ${name}, which is not in the ${SECRETS_FILE_ENV} file`);
  return v;
}
