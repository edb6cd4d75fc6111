/** The incident's append-only timeline and its audit event, written together in one transaction. */
import type { Row } from '../../db/schema.ts';
import type { Scope, TxDeps } from '../../shared/deps.ts';
import { newId } from '../../shared/ids.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';

/**
 * Appends one entry to an incident's timeline (never edited afterwards) and the matching audit
 * event. `data` and `audit` carry field names, ids and states only, never personal data.
 */
export async function appendIncidentEvent(
  tx: TxDeps, scope: Scope, incidentId: string,
  e: { kind: string; note?: string | null; data?: Record<string, unknown>; audit?: { subjectType?: string; subjectId?: string; before?: unknown; after?: unknown } },
): Promise<Row<'incident_events'>> {
  const last = await tx.db.selectFrom('incident_events').select((eb) => eb.fn.max('seq').as('seq')).where('incident_id', '=', incidentId).executeTakeFirst();
  const row = {
    id: newId(), workspace_id: scope.workspaceId, incident_id: incidentId, seq: Number(last?.seq ?? 0) + 1,
    at: tx.clock.now().toISOString(), kind: e.kind, actor_label: scope.actor.label, note: e.note ?? null, data: JSON.stringify(e.data ?? {}),
  };
  await tx.db.insertInto('incident_events').values(row).execute();
  await recordAuditEvent(tx, {
    workspaceId: scope.workspaceId, actor: scope.actor, action: `incident.${e.kind}`,
    subjectType: e.audit?.subjectType ?? 'incident', subjectId: e.audit?.subjectId ?? incidentId,
    before: e.audit?.before, after: e.audit?.after ?? e.data,
  });
  return row;
}
