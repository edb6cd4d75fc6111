/** Reads of transfer records (issue 10 §4), one per engagement and destination country. */
import type { Db, Row } from '../../db/schema.ts';
import type { SccModule, TransferRecordView } from './transfer-records.ts';

export const presentTransferRecord = (r: Row<'transfer_records'>): TransferRecordView => ({
  id: r.id, engagementId: r.engagement_id, country: r.country, sccModule: r.scc_module as SccModule | null,
  dpfCertificateUrl: r.dpf_certificate_url, dpfCheckedOn: r.dpf_checked_on, tiaDocument: r.tia_document, tiaDate: r.tia_date, tiaOutcome: r.tia_outcome,
  note: r.note, createdAt: r.created_at, updatedAt: r.updated_at,
});

/** Every transfer record of the workspace, optionally of one engagement, by engagement then country. */
export async function listTransferRecords(db: Db, workspaceId: string, o: { engagementId?: string } = {}): Promise<TransferRecordView[]> {
  const rows = await db.selectFrom('transfer_records').selectAll().where('workspace_id', '=', workspaceId)
    .$if(o.engagementId !== undefined, (b) => b.where('engagement_id', '=', o.engagementId as string))
    .orderBy('engagement_id').orderBy('country').execute();
  return rows.map(presentTransferRecord);
}

/** One record of the workspace by id, or undefined (also for another workspace's id). */
export async function findTransferRecord(db: Db, workspaceId: string, id: string): Promise<TransferRecordView | undefined> {
  const row = await db.selectFrom('transfer_records').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  return row && presentTransferRecord(row);
}

/** The record of one engagement's transfer to one country, or undefined. */
export async function findTransferRecordFor(db: Db, workspaceId: string, engagementId: string, country: string): Promise<TransferRecordView | undefined> {
  const row = await db.selectFrom('transfer_records').selectAll().where('workspace_id', '=', workspaceId)
    .where('engagement_id', '=', engagementId).where('country', '=', country).executeTakeFirst();
  return row && presentTransferRecord(row);
}
