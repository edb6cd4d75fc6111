/**
 * Creating, replacing and deleting transfer records, each with its audit event in the same
 * transaction. A record belongs to one engagement of the workspace and one of its countries.
 */
import { mapUnique } from '../../db/errors.ts';
import { type Deps, inTransaction, type Scope, type TxDeps } from '../../shared/deps.ts';
import { invalid, notFound } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { workspaceToday } from '../measures/measures.queries.ts';
import { findEngagement } from '../registry/registry.queries.ts';
import { parseNewTransferRecord, parseTransferRecordInput, type TransferRecordInput, type TransferRecordView } from './transfer-records.ts';
import { findTransferRecord } from './transfer-records.queries.ts';

const DUPLICATE = 'country: this engagement already has a transfer record for this country';

const columns = (input: TransferRecordInput) => ({
  scc_module: input.sccModule, dpf_certificate_url: input.dpfCertificateUrl, dpf_checked_on: input.dpfCheckedOn,
  tia_document: input.tiaDocument, tia_date: input.tiaDate, tia_outcome: input.tiaOutcome, note: input.note,
});

async function load(tx: TxDeps, workspaceId: string, id: string): Promise<TransferRecordView> {
  const record = await findTransferRecord(tx.db, workspaceId, id);
  if (!record) throw notFound('transfer record');
  return record;
}

/**
 * Records what is on file for one engagement's transfer to one country. The engagement must be the
 * workspace's and the country one of its countries (400 naming the field); a second record for the
 * same engagement and country is a conflict (409).
 * @example createTransferRecord(deps, scope, { engagementId, country: 'US', sccModule: 'module_3', tiaDocument: 'https://docs.example/tia-us', tiaDate: '2026-11-01', tiaOutcome: 'acceptable' })
 */
export async function createTransferRecord(deps: Deps, scope: Scope, raw: unknown): Promise<TransferRecordView> {
  const today = await workspaceToday(deps.db, deps.clock, scope.workspaceId);
  const { engagementId, country, ...input } = parseNewTransferRecord(raw, today);
  return inTransaction(deps, async (tx) => {
    const engagement = await findEngagement(tx.db, scope.workspaceId, engagementId);
    if (!engagement) throw invalid('engagementId', 'is not an engagement of this workspace');
    if (!engagement.countries.includes(country)) throw invalid('country', `is not one of the engagement's countries (${engagement.countries.join(', ') || 'none'})`);
    const id = newId();
    const now = tx.clock.now().toISOString();
    await mapUnique(
      () => tx.db.insertInto('transfer_records').values({ id, workspace_id: scope.workspaceId, engagement_id: engagementId, country, ...columns(input), created_at: now, updated_at: now }).execute(),
      DUPLICATE, 'transfer_record_exists',
    );
    const after = await load(tx, scope.workspaceId, id);
    await recordAuditEvent(tx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'transfer_record.created', subjectType: 'transfer_record', subjectId: id, after: { ...after, entityName: engagement.entityName } });
    return after;
  });
}

/** Replaces a record's fields with `raw` (every field, as the edit form sends); its engagement and country stay. */
export async function updateTransferRecord(deps: Deps, scope: Scope, id: string, raw: unknown): Promise<TransferRecordView> {
  const today = await workspaceToday(deps.db, deps.clock, scope.workspaceId);
  const input = parseTransferRecordInput(raw, today);
  return inTransaction(deps, async (tx) => {
    const before = await load(tx, scope.workspaceId, id);
    await tx.db.updateTable('transfer_records').set({ ...columns(input), updated_at: tx.clock.now().toISOString() })
      .where('id', '=', id).where('workspace_id', '=', scope.workspaceId).execute();
    const after = await load(tx, scope.workspaceId, id);
    await recordAuditEvent(tx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'transfer_record.updated', subjectType: 'transfer_record', subjectId: id, before, after });
    return after;
  });
}

/** Deletes a record; the audit event keeps what was deleted. */
export async function deleteTransferRecord(deps: Deps, scope: Scope, id: string): Promise<void> {
  await inTransaction(deps, async (tx) => {
    const before = await load(tx, scope.workspaceId, id);
    await tx.db.deleteFrom('transfer_records').where('id', '=', id).where('workspace_id', '=', scope.workspaceId).execute();
    await recordAuditEvent(tx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'transfer_record.deleted', subjectType: 'transfer_record', subjectId: id, before });
  });
}
