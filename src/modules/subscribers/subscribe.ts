import type { Row } from '../../db/schema.ts';
import { type Deps, inTransaction, type TxDeps } from '../../shared/deps.ts';
import { notFound } from '../../shared/errors.ts';
import { newId, newSecret, sha256 } from '../../shared/ids.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { enqueueMessage } from '../mail/enqueue-message.ts';
import { listRegions, listServices } from '../registry/registry.queries.ts';
import { findWorkspace, type WorkspaceView } from '../workspaces/workspaces.ts';
import { confirmationMessage } from './confirmation-message.ts';
import { confirmSubscriptionUrl } from './subscriber-links.ts';
import { auditViewOf, parseSubscribeInput, SUBSCRIBER_ACTOR, type SubscribeInput } from './subscribers.ts';

export const CONFIRM_MESSAGE_KIND = 'subscription.confirm';

/**
 * Asks for notices of changes to a workspace's list (double opt-in): a new address becomes a
 * pending subscriber; a pending or unsubscribed one is reset to pending with the new filters and a
 * new confirmation link; either way a confirmation e-mail is queued in the same transaction. An
 * address that is already confirmed is left as it is and gets no e-mail. The caller learns nothing
 * in any case — the result is the same — so nobody can find out who subscribed.
 *
 * @example await subscribe(deps, workspace.id, { email: 'dpo@customer.example', services: ['cloud'], regions: [] })
 */
export async function subscribe(deps: Deps, workspaceId: string, raw: unknown): Promise<void> {
  const workspace = await findWorkspace(deps.db, workspaceId);
  if (!workspace) throw notFound('workspace');
  const [services, regions] = await Promise.all([listServices(deps.db, workspaceId), listRegions(deps.db, workspaceId)]);
  const input = parseSubscribeInput(raw, { services: services.map((s) => s.slug), regions: regions.map((r) => r.slug) });
  const names = {
    services: input.services.map((s) => services.find((x) => x.slug === s)?.name ?? s),
    regions: input.regions.map((r) => regions.find((x) => x.slug === r)?.name ?? r),
  };

  await inTransaction(deps, async (tx) => {
    const find = () => tx.db.selectFrom('subscribers').selectAll().where('workspace_id', '=', workspaceId).where('email', '=', input.email).executeTakeFirst();
    const token = newSecret();
    const tokenHash = sha256(token);
    const now = tx.clock.now().toISOString();
    const filters = { services: JSON.stringify(input.services), regions: JSON.stringify(input.regions) };
    let existing = await find();
    if (!existing) {
      const subscriberId = newId();
      const row = {
        id: subscriberId, workspace_id: workspaceId, email: input.email, status: 'pending' as const, ...filters, confirm_token_hash: tokenHash,
        // No secret here: each message carries its own unsubscribe link, stored as a hash
        // (unsubscribe-links.ts). The column is still unique, so it holds the (public) row id.
        unsubscribe_token: subscriberId, created_at: now, confirmed_at: null, unsubscribed_at: null,
      };
      // A concurrent request for the same address may have inserted it since: then it is an existing one.
      const inserted = await tx.db.insertInto('subscribers').values(row).onConflict((oc) => oc.columns(['workspace_id', 'email']).doNothing()).returning('id').executeTakeFirst();
      if (inserted) {
        await recordAuditEvent(tx, { workspaceId, actor: SUBSCRIBER_ACTOR, action: 'subscriber.created', subjectType: 'subscriber', subjectId: row.id, after: auditViewOf(row) });
        await enqueueConfirmation(tx, workspace, row.id, input, names, token, tokenHash);
        return;
      }
      existing = (await find()) as Row<'subscribers'>;
    }
    if (existing.status === 'confirmed') return;
    // The confirmation link's 7 days count from this request: created_at is the latest request.
    const changes = { status: 'pending' as const, ...filters, confirm_token_hash: tokenHash, created_at: now, confirmed_at: null, unsubscribed_at: null };
    await tx.db.updateTable('subscribers').set(changes).where('id', '=', existing.id).execute();
    await recordAuditEvent(tx, {
      workspaceId, actor: SUBSCRIBER_ACTOR, action: 'subscriber.resubscribed', subjectType: 'subscriber', subjectId: existing.id,
      before: auditViewOf(existing), after: auditViewOf({ ...existing, ...changes }),
    });
    await enqueueConfirmation(tx, workspace, existing.id, input, names, token, tokenHash);
  });
}

/** The key holds the token's hash, so each new request sends a new message and a retry sends none. */
async function enqueueConfirmation(tx: TxDeps, workspace: WorkspaceView, subscriberId: string, input: SubscribeInput, names: { services: string[]; regions: string[] }, token: string, tokenHash: string) {
  const link = confirmSubscriptionUrl(tx.publicUrl, workspace.slug, token);
  await enqueueMessage(tx, {
    workspaceId: workspace.id, kind: CONFIRM_MESSAGE_KIND, recipientType: 'subscriber', recipientId: subscriberId, to: input.email,
    idempotencyKey: `${CONFIRM_MESSAGE_KIND}:${subscriberId}:${tokenHash}`,
    ...confirmationMessage({ workspaceName: workspace.name, services: names.services, regions: names.regions, link }),
  });
}
