import { sql } from 'kysely';
import { type Deps, inTransaction } from '../../shared/deps.ts';
import { AppError } from '../../shared/errors.ts';
import { sha256 } from '../../shared/ids.ts';
import { INSTANCE_CHAIN, recordAuditEvent } from '../audit/record-audit-event.ts';

/** Wrong passwords in a row before an account is refused for a while. */
export const SIGNIN_FAILURES_ALLOWED = 5;
const FIRST_BLOCK_MS = 60_000;
const LONGEST_BLOCK_MS = 15 * 60_000;

/** How long an account is refused after `failures` wrong passwords in a row: 1 min, doubling each time, at most 15. */
export function signinBlockMs(failures: number): number {
  if (failures < SIGNIN_FAILURES_ALLOWED) return 0;
  return Math.min(LONGEST_BLOCK_MS, FIRST_BLOCK_MS * 2 ** Math.min(failures - SIGNIN_FAILURES_ALLOWED, 10));
}

/** 429 for an account that is refused for now; the same whether or not the account exists. */
export function signinBlocked(until: string, now: Date): AppError {
  const retryAfterSeconds = Math.max(1, Math.ceil((Date.parse(until) - now.getTime()) / 1000));
  return new AppError('signin_blocked', 429, 'too many wrong passwords for this account: try again later', { data: { retryAfterSeconds } });
}

/**
 * Addresses without an account get the same back-off, kept in this process only (keyed by a hash,
 * never the address), so that a 429 does not tell that an account exists. Bounded: oldest first out.
 */
const unknownAccounts = new Map<string, { failures: number; blockedUntil: string | null }>();
const UNKNOWN_ACCOUNTS_KEPT = 10_000;

/** The moment until which sign-in for `email` is refused, if it is now. */
export function unknownAccountBlockedUntil(email: string, now: Date): string | null {
  const until = unknownAccounts.get(sha256(email))?.blockedUntil ?? null;
  return until && until > now.toISOString() ? until : null;
}

/** Counts a wrong password for an address without an account. */
export function recordUnknownAccountFailure(email: string, now: Date): void {
  const key = sha256(email);
  const failures = (unknownAccounts.get(key)?.failures ?? 0) + 1;
  unknownAccounts.delete(key);
  const ms = signinBlockMs(failures);
  unknownAccounts.set(key, { failures, blockedUntil: ms ? new Date(now.getTime() + ms).toISOString() : null });
  if (unknownAccounts.size > UNKNOWN_ACCOUNTS_KEPT) unknownAccounts.delete(unknownAccounts.keys().next().value as string);
}

/**
 * Counts a wrong password for the user (in the database: every process sees it) and, from the
 * fifth in a row, refuses the account until `signin_blocked_until`, longer each time.
 */
export async function recordSigninFailure(deps: Deps, userId: string): Promise<void> {
  await inTransaction(deps, async (tx) => {
    await tx.db.updateTable('users').set({ failed_signins: sql<number>`failed_signins + 1` }).where('id', '=', userId).execute();
    const { failed_signins: failures } = await tx.db.selectFrom('users').select('failed_signins').where('id', '=', userId).executeTakeFirstOrThrow();
    const ms = signinBlockMs(Number(failures));
    const blockedUntil = ms ? new Date(tx.clock.now().getTime() + ms).toISOString() : null;
    if (blockedUntil) await tx.db.updateTable('users').set({ signin_blocked_until: blockedUntil }).where('id', '=', userId).execute();
    await recordAuditEvent(tx, {
      workspaceId: INSTANCE_CHAIN, actor: { type: 'system', id: null, label: 'sign-in form' }, action: blockedUntil ? 'session.signin_blocked' : 'session.signin_failed',
      subjectType: 'user', subjectId: userId, after: { failedSignins: Number(failures), blockedUntil },
    });
  });
}
