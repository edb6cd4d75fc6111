import type { Row } from '../../db/schema.ts';
import type { Actor, TxDeps } from '../../shared/deps.ts';
import { newId } from '../../shared/ids.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { requestAuditView } from './requests.ts';

/**
 * One step of a request: a line on its timeline (the evidence a requester's status page and the
 * console show) and an audit event in the same transaction. `detail` holds counts, dates and ids;
 * `words` holds free text people wrote (a question, a reason, a note), kept on the timeline only:
 * the audit chain is immutable, and free text may name the person.
 */
export async function recordRequestEvent(
  tx: TxDeps, request: Row<'dsr_requests'>, actor: Actor, kind: string, detail: Record<string, unknown> = {}, before?: Row<'dsr_requests'>,
  words: Record<string, string | null> = {},
): Promise<void> {
  await tx.db.insertInto('dsr_request_events').values({
    id: newId(), request_id: request.id, at: await nextInstant(tx, request.id), kind, actor: actor.label, detail: JSON.stringify({ ...detail, ...words }),
  }).execute();
  await recordAuditEvent(tx, {
    workspaceId: request.workspace_id, actor, action: `request.${kind}`, subjectType: 'dsr_request', subjectId: request.id,
    before: before ? requestAuditView(before) : undefined, after: { ...requestAuditView(request), ...detail },
  });
}

/**
 * Now, or a millisecond after the request's last step when several steps share one instant (one
 * transaction, a fixed clock), so ordering by time keeps the order they happened in.
 */
async function nextInstant(tx: TxDeps, requestId: string): Promise<string> {
  const now = tx.clock.now().getTime();
  const last = await tx.db.selectFrom('dsr_request_events').select((eb) => eb.fn.max('at').as('at')).where('request_id', '=', requestId).executeTakeFirst();
  const lastMs = last?.at ? Date.parse(String(last.at)) : 0;
  return new Date(Math.max(now, lastMs + 1)).toISOString();
}
