/**
 * A system's connection reference: where Trustroom finds the way into a data system without ever
 * storing a password. `env:NAME` (an environment variable holding the URL), `secret:NAME` (an
 * entry of the TRUSTROOM_SECRETS_FILE), `sqlite:<path>`, `http:<file>`, or a URL without a
 * password (postgres://user@host/db with the password in PGPASSWORD or ~/.pgpass). References are
 * resolved when a request runs (shared/credentials.ts), so a rotated password needs no change here.
 */

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const CONNECTION_HELP = 'give env:NAME (an environment variable holding the URL) or secret:NAME (an entry of the TRUSTROOM_SECRETS_FILE), sqlite:<path>, http:<file>, or a postgres://, mysql:// or mariadb:// URL without a password';

/** Why a connection reference is refused, or null. Never repeats the reference (it may hold a password). */
export function connectionRefProblem(ref: string): string | null {
  if (/\s/.test(ref)) return `must not contain spaces: ${CONNECTION_HELP}`;
  if (/^env:/.test(ref)) return NAME.test(ref.slice(4)) ? null : 'env: must be followed by an environment variable name (letters, digits and _)';
  if (/^secret:/.test(ref)) return NAME.test(ref.slice(7)) ? null : 'secret: must be followed by a secret name (letters, digits and _)';
  if (/^sqlite:./.test(ref) || /^http:(?!\/\/)./.test(ref)) return null;
  const url = /^(postgres|postgresql|mysql|mariadb):\/\/([^/?#]*)/i.exec(ref);
  if (!url) return `must be a reference: ${CONNECTION_HELP}`;
  const authority = url[2] as string;
  const at = authority.lastIndexOf('@');
  const hasPassword = at >= 0 && authority.slice(0, at).includes(':');
  if (hasPassword || /[?&](password|pass|pwd|sslpassword)=/i.test(ref)) return `must not carry a password in clear: ${CONNECTION_HELP}`;
  return null;
}
