import { createDb, type DbHandle, targetFromConfig } from '../db/connect.ts';
import { migrateOrThrow } from '../db/migrate.ts';
import { systemClock } from '../shared/clock.ts';
import { loadConfig } from '../shared/config.ts';
import type { Deps } from '../shared/deps.ts';

/** Opens and migrates the configured database for a CLI command; call `close` when done. */
export async function openConfiguredDb(): Promise<{ handle: DbHandle; deps: Deps; close: () => Promise<void> }> {
  const config = loadConfig();
  const handle = createDb(targetFromConfig(config));
  await migrateOrThrow(handle.db);
  return { handle, deps: { db: handle.db, caps: handle.caps, clock: systemClock, publicUrl: config.publicUrl }, close: () => handle.close() };
}

/** Runs `fn` with an open database and always closes it. */
export async function withDb<T>(fn: (deps: Deps) => Promise<T>): Promise<T> {
  const { deps, close } = await openConfiguredDb();
  try {
    return await fn(deps);
  } finally {
    await close();
  }
}
