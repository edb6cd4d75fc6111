/** Time source passed to use-cases so tests can fix "now". */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock stuck at `iso` (tests). */
export const fixedClock = (iso: string): Clock => ({ now: () => new Date(iso) });

/** YYYY-MM-DD of an instant in UTC. */
export const isoDate = (d: Date): string => d.toISOString().slice(0, 10);
