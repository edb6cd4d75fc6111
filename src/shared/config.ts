import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { AppError } from './errors.ts';

/** Everything Trustroom reads from the environment, parsed and validated once at start. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** postgres://… or unset (SQLite file under dataDir). */
  databaseUrl: string | null;
  publicUrl: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  ownerEmail: string;
  secureCookies: boolean;
  /** smtp(s)://… or null: messages then go to the outbox (database + .eml files under dataDir). */
  smtpUrl: string | null;
  /** From header of every message. */
  mailFrom: string;
  /** Lease of a claimed job; a process killed mid-job frees its jobs after this. */
  jobLeaseMs: number;
  /** Runs the job worker in this process (TRUSTROOM_WORKER=0 turns it off). */
  worker: boolean;
  /** Lets webhooks reach loopback and private addresses (tests, local development). */
  allowPrivateWebhooks: boolean;
  /**
   * Which proxies' X-Forwarded-For is believed (TRUSTROOM_TRUST_PROXY): false (the default: the
   * socket's address is the client's), a hop count, or a list of proxy IPs/CIDRs. Rate limits key on it.
   */
  trustProxy: TrustProxy;
  /** Ed25519 key (PKCS#8 PEM) signing audit checkpoints, outside the database; created on first start. */
  auditKeyFile: string;
  /** AES-256 key (base64) encrypting access packages at rest, outside the database; created when the first package is stored. */
  packageKeyFile: string;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Parses `env` into a Config; a bad value throws an AppError naming the variable (CLI exit 2). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const port = parsePort(env.PORT, problems);
  const host = env.HOST?.trim() || '127.0.0.1';
  const dataDir = resolve(env.TRUSTROOM_DATA_DIR?.trim() || 'data');
  const databaseUrl = env.DATABASE_URL?.trim() || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL: must start with postgres:// or postgresql:// (leave it unset for SQLite)');
  }
  const publicUrl = (env.TRUSTROOM_PUBLIC_URL?.trim() || `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+/.test(publicUrl)) problems.push('TRUSTROOM_PUBLIC_URL: must be an http(s) URL');
  const logLevel = (env.LOG_LEVEL?.trim() || 'info') as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL: must be one of ${LOG_LEVELS.join(', ')}`);
  const ownerEmail = env.TRUSTROOM_OWNER_EMAIL?.trim() || 'owner@localhost';
  if (!/^[^@\s]+@[^@\s]+$/.test(ownerEmail)) problems.push('TRUSTROOM_OWNER_EMAIL: must be an e-mail address');
  const smtpUrl = env.SMTP_URL?.trim() || null;
  if (smtpUrl && !/^smtps?:\/\/[^/]+/.test(smtpUrl)) problems.push('SMTP_URL: must start with smtp:// or smtps:// (leave it unset to keep messages in the outbox)');
  const mailHost = /^https?:\/\/([^/:]+)/.exec(publicUrl)?.[1] ?? 'localhost';
  const mailFrom = env.MAIL_FROM?.trim() || `Trustroom <no-reply@${mailHost}>`;
  const leaseSeconds = env.TRUSTROOM_JOB_LEASE_SECONDS?.trim() ? Number(env.TRUSTROOM_JOB_LEASE_SECONDS) : 300;
  if (!Number.isFinite(leaseSeconds) || leaseSeconds < 1 || leaseSeconds > 86400) problems.push('TRUSTROOM_JOB_LEASE_SECONDS: must be a number of seconds between 1 and 86400');
  const worker = parseFlag(env.TRUSTROOM_WORKER, true, 'TRUSTROOM_WORKER', problems);
  const allowPrivateWebhooks = parseFlag(env.TRUSTROOM_ALLOW_PRIVATE_WEBHOOKS, false, 'TRUSTROOM_ALLOW_PRIVATE_WEBHOOKS', problems);
  const trustProxy = parseTrustProxy(env.TRUSTROOM_TRUST_PROXY, problems);
  const auditKeyFile = env.TRUSTROOM_AUDIT_KEY_FILE?.trim() ? resolve(env.TRUSTROOM_AUDIT_KEY_FILE.trim()) : resolve(dataDir, 'audit-signing-key.pem');
  const packageKeyFile = env.TRUSTROOM_PACKAGE_KEY_FILE?.trim() ? resolve(env.TRUSTROOM_PACKAGE_KEY_FILE.trim()) : resolve(dataDir, 'package-key');
  if (problems.length) throw new AppError('config_error', 2, `invalid configuration: ${problems.join('; ')}`);
  return {
    port, host, dataDir, databaseUrl, publicUrl, logLevel, ownerEmail, secureCookies: publicUrl.startsWith('https:'),
    smtpUrl, mailFrom, jobLeaseMs: leaseSeconds * 1000, worker, allowPrivateWebhooks, trustProxy, auditKeyFile, packageKeyFile,
  };
}

function parseFlag(value: string | undefined, fallback: boolean, name: string, problems: string[]): boolean {
  const v = value?.trim().toLowerCase();
  if (!v) return fallback;
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  problems.push(`${name}: must be 1 or 0`);
  return fallback;
}

/** Fastify's `trustProxy`: off, the number of proxies in front, or the proxies' addresses. */
export type TrustProxy = false | number | string[];

/** `off` (default), a hop count, or comma-separated IPs/CIDRs (v4 or v6). */
export function parseTrustProxy(value: string | undefined, problems: string[]): TrustProxy {
  const v = value?.trim().toLowerCase();
  if (!v || ['0', 'off', 'false', 'no'].includes(v)) return false;
  if (/^\d+$/.test(v)) {
    const hops = Number(v);
    if (hops <= 32) return hops;
  } else {
    const items = v.split(',').map((s) => s.trim()).filter(Boolean);
    const valid = items.length > 0 && items.every((item) => {
      const [ip, bits, ...rest] = item.split('/');
      if (rest.length) return false;
      const kind = isIP(ip);
      if (!kind) return false;
      return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (kind === 4 ? 32 : 128));
    });
    if (valid) return items;
  }
  problems.push('TRUSTROOM_TRUST_PROXY: must be off, a hop count (1–32) or a comma-separated list of proxy IPs/CIDRs');
  return false;
}

function parsePort(value: string | undefined, problems: string[]): number {
  if (value === undefined || value.trim() === '') return 3000;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    problems.push('PORT: must be an integer between 0 and 65535');
    return 0;
  }
  return n;
}
