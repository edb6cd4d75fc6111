/** Time source passed to use-cases so tests can fix "now". */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock stuck at `iso` (tests). */
export const fixedClock = (iso: string): Clock => ({ now: () => new Date(iso) });

/** Whether `s` is a calendar date written YYYY-MM-DD (2025-13-01 and 2026-02-30 are not). */
export function isRealDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const t = Date.parse(`${s}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().startsWith(s);
}

/** YYYY-MM-DD of an instant in UTC. */
export const isoDate = (d: Date): string => d.toISOString().slice(0, 10);
