import type { Row } from '../../db/schema.ts';
import { type Deps, inTransaction, type TxDeps } from '../../shared/deps.ts';
import { AppError, invalid, notFound } from '../../shared/errors.ts';
import { sha256 } from '../../shared/ids.ts';
import { endPause, recountDeadlines, startWork } from './request-flow.ts';
import { recordRequestEvent } from './request-events.ts';
import { REQUESTS_ACTOR, verificationRules } from './requests.ts';
import { issueVerification } from './submit-request.ts';
import { sendToRequester } from './request-messages.ts';

export const verifyLinkUrl = (publicUrl: string, slug: string, token: string): string =>
  `${publicUrl.replace(/\/$/, '')}/w/${encodeURIComponent(slug)}/privacy-request/verify/${encodeURIComponent(token)}`;

/** The request behind a status link, or null: the token is the only key, so a wrong one says nothing more. */
export async function findRequestByStatusToken(db: Deps['db'] | TxDeps['db'], workspaceId: string, token: string): Promise<Row<'dsr_requests'> | null> {
  if (!token || token.length > 200) return null;
  return (await db.selectFrom('dsr_requests').selectAll().where('workspace_id', '=', workspaceId).where('status_token_hash', '=', sha256(token)).executeTakeFirst()) ?? null;
}

const codeFailed = (message: string, code = 'verification_failed') => new AppError(code, 400, `code: ${message}`, { data: { fields: [{ field: 'code', message }] } });

/**
 * Confirms the requester controls the e-mail address on file with the code sent to it. A wrong
 * code counts against the limit (kept even though the call fails); past the limit or the code's
 * validity a new code must be asked for. Returns the request as it now is.
 */
export async function verifyRequestCode(deps: Deps, workspaceId: string, statusToken: string, rawCode: unknown): Promise<Row<'dsr_requests'>> {
  const code = typeof rawCode === 'string' ? rawCode.replace(/\s+/g, '') : '';
  if (!/^\d{4,10}$/.test(code)) throw invalid('code', 'must be the digits of the code we sent');
  const request = await findRequestByStatusToken(deps.db, workspaceId, statusToken);
  if (!request) throw notFound('request');
  if (request.status !== 'awaiting_verification' || request.verified_at) return request;
  const rules = verificationRules().code;
  const now = deps.clock.now();
  const current = await deps.db.selectFrom('dsr_verifications').selectAll().where('request_id', '=', request.id).where('used_at', 'is', null).orderBy('created_at', 'desc').executeTakeFirst();
  if (!current || current.expires_at <= now.toISOString()) throw codeFailed('the code has expired: ask for a new one', 'verification_expired');
  if (current.attempts >= rules.maxAttempts) throw codeFailed('too many wrong codes: ask for a new one', 'verification_locked');
  if (current.code_hash !== sha256(`${request.id}:${code}`)) {
    await deps.db.updateTable('dsr_verifications').set((eb) => ({ attempts: eb('attempts', '+', 1) })).where('id', '=', current.id).execute();
    throw codeFailed('the code is not the one we sent');
  }
  return inTransaction(deps, (tx) => confirmEmail(tx, request, current.id, 'code'));
}

/** The same confirmation through the link in the e-mail (the page posts it, so link scanners do not). */
export async function verifyRequestLink(deps: Deps, workspaceId: string, linkToken: string): Promise<Row<'dsr_requests'>> {
  const now = deps.clock.now().toISOString();
  const found = linkToken && linkToken.length <= 200
    ? await deps.db.selectFrom('dsr_verifications').innerJoin('dsr_requests', 'dsr_requests.id', 'dsr_verifications.request_id')
      .select(['dsr_verifications.id as verification_id', 'dsr_verifications.used_at', 'dsr_verifications.expires_at', 'dsr_requests.id as request_id'])
      .where('dsr_requests.workspace_id', '=', workspaceId).where('dsr_verifications.link_token_hash', '=', sha256(linkToken)).executeTakeFirst()
    : undefined;
  if (!found) throw notFound('verification link');
  const request = await deps.db.selectFrom('dsr_requests').selectAll().where('id', '=', found.request_id).executeTakeFirstOrThrow();
  // A withdrawn or closed request stays closed, whatever old link is opened.
  if (request.verified_at || request.status !== 'awaiting_verification') return request;
  if (found.used_at || found.expires_at <= now) throw new AppError('verification_expired', 410, 'this link has expired or was replaced: ask for a new code on your request’s page');
  return inTransaction(deps, (tx) => confirmEmail(tx, request, found.verification_id, 'link'));
}

async function confirmEmail(tx: TxDeps, found: Row<'dsr_requests'>, verificationId: string, how: 'code' | 'link'): Promise<Row<'dsr_requests'>> {
  const now = tx.clock.now();
  // Read again inside the transaction: a withdrawal may have closed it since.
  const request = await tx.db.selectFrom('dsr_requests').selectAll().where('id', '=', found.id).executeTakeFirstOrThrow();
  if (request.status !== 'awaiting_verification') return request;
  const stamp = now.toISOString();
  // Guarded so two tabs confirming at once confirm once.
  const claimed = await tx.db.updateTable('dsr_verifications').set({ used_at: stamp }).where('id', '=', verificationId).where('used_at', 'is', null).executeTakeFirst();
  if (!Number(claimed.numUpdatedRows)) return tx.db.selectFrom('dsr_requests').selectAll().where('id', '=', request.id).executeTakeFirstOrThrow();
  const needsAuthority = request.verification_level === 'email-and-authority';
  let updated = await tx.db.updateTable('dsr_requests').set({ verified_at: needsAuthority ? null : stamp, updated_at: stamp })
    .where('id', '=', request.id).returningAll().executeTakeFirstOrThrow();
  await recordRequestEvent(tx, updated, REQUESTS_ACTOR, 'email_confirmed', { how }, request);
  if (needsAuthority) return updated;
  await endPause(tx, request.id, 'identity', now);
  updated = await recountDeadlines(tx, updated);
  return startWork(tx, updated, REQUESTS_ACTOR, now);
}

/** A new code and link to the address on file, for a request still waiting for it. */
export async function resendVerification(deps: Deps, workspaceId: string, statusToken: string): Promise<void> {
  const request = await findRequestByStatusToken(deps.db, workspaceId, statusToken);
  if (!request) throw notFound('request');
  if (request.status !== 'awaiting_verification' || request.verified_at) return;
  await inTransaction(deps, async (tx) => {
    const ws = await tx.db.selectFrom('workspaces').select(['slug', 'name']).where('id', '=', workspaceId).executeTakeFirstOrThrow();
    const { code, verifyUrl } = await issueVerification(tx, request, ws.slug);
    const count = await tx.db.selectFrom('dsr_verifications').select((eb) => eb.fn.countAll<number>().as('n')).where('request_id', '=', request.id).executeTakeFirstOrThrow();
    await recordRequestEvent(tx, request, REQUESTS_ACTOR, 'code_resent', {});
    await sendToRequester(tx, request, `code:${count.n}`, {
      subject: `Your code for privacy request ${request.reference} to ${ws.name}`,
      paragraphs: [
        `Your new code is ${code}. It works for ${verificationRules().code.validHours} hours; earlier codes no longer work.`,
        'Or open this link and press "Confirm":', verifyUrl,
      ],
    });
  });
}
