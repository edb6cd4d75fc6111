import { conflict } from '../shared/errors.ts';

/** True when `e` is a unique-constraint violation on either dialect. */
export function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string } | null;
  return err?.code === 'SQLITE_CONSTRAINT_UNIQUE' || err?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || err?.code === '23505';
}

/** Runs `fn`; a unique violation becomes `conflict(message)` so no caller sees a driver code. */
export async function mapUnique<T>(fn: () => Promise<T>, message: string, code = 'conflict'): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict(message, code);
    throw e;
  }
}
