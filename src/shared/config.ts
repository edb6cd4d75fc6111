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
  if (problems.length) throw new AppError('config_error', 2, `invalid configuration: ${problems.join('; ')}`);
  return { port, host, dataDir, databaseUrl, publicUrl, logLevel, ownerEmail, secureCookies: publicUrl.startsWith('https:') };
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
