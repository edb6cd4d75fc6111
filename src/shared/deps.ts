import type { Kysely } from 'kysely';
import type { Capabilities } from '../db/capabilities.ts';
import type { Database, Db } from '../db/schema.ts';
import type { Clock } from './clock.ts';

/** Who did something: a signed-in user, an API token, or Trustroom itself (scheduler, CLI setup). */
export interface Actor {
  type: 'user' | 'token' | 'system';
  id: string | null;
  label: string;
}

export const SYSTEM_ACTOR: Actor = { type: 'system', id: null, label: 'trustroom' };

/** What every use-case receives: explicit, so the CLI and tests call use-cases without HTTP. */
export interface Deps {
  db: Kysely<Database>;
  caps: Capabilities;
  clock: Clock;
  /** Base URL of public pages, for links in e-mails and webhooks (TRUSTROOM_PUBLIC_URL). */
  publicUrl: string;
}

/** A use-case's view inside a transaction. */
export interface TxDeps extends Omit<Deps, 'db'> {
  db: Db;
}

/**
 * Runs `fn` in one transaction: the change and its audit event commit together or not at all.
 * Inside an open transaction it joins it, so use-cases compose (an import creating many
 * entities and engagements commits them all or none).
 */
export function inTransaction<T>(deps: Deps | TxDeps, fn: (tx: TxDeps) => Promise<T>): Promise<T> {
  if (deps.db.isTransaction) return fn(deps as TxDeps);
  return (deps.db as Kysely<Database>).transaction().execute((trx) => fn({ ...deps, db: trx }));
}

/** The workspace a use-case acts in, and who acts. Authorisation happens at the edge before this. */
export interface Scope {
  workspaceId: string;
  actor: Actor;
}
