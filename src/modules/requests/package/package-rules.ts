/**
 * Rule data of the access package (rules/package.yaml): how long the link works and the encrypted
 * copy is kept, each with its reason, and the rights the summary lists per regime.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/** How long a stored package can be downloaded, and how long its ciphertext is kept. */
export interface PackageRetention {
  linkValidDays: number;
  keepDays: number;
}

interface PackageRules {
  version: string;
  retention: PackageRetention & { linkReason: string; keepReason: string };
  rights: Record<string, string[]>;
}

let cached: PackageRules | null = null;
const rules = (): PackageRules => (cached ??= parse(readFileSync(new URL('./rules/package.yaml', import.meta.url), 'utf8')) as PackageRules);

/** The retention of rules/package.yaml (7 days for the link, 30 for the ciphertext). */
export function packageRetention(): PackageRetention & { linkReason: string; keepReason: string } {
  return { ...rules().retention };
}

/** The rights a person has after an access request under `regime`, in words for the summary. */
export function rightsAfterAccess(regime: string): string[] {
  const r = rules().rights;
  return r[regime] ?? r.default;
}

const DAY = 24 * 3600_000;

/** `at` plus whole days (UTC instants: retention counts elapsed time, not calendar days). */
export const addDays = (at: Date, days: number): Date => new Date(at.getTime() + days * DAY);
