/**
 * Findings for operators about what is on file for each transfer (issue 10 §4): clauses or BCR
 * without a transfer impact assessment, a DPF transfer without a certificate checked in the last
 * 12 months, UK or Swiss transfers on the 2021 clauses without the UK or Swiss instrument. These
 * are to-dos for the operator's console and API: they never reach a customer and are never part of
 * an assessment's `customerFact`.
 */
import type { Db } from '../../db/schema.ts';
import { listEngagements } from '../registry/registry.queries.ts';
import { assessEngagementList, type TransferFinding, workspaceExporter } from './assess-engagements.ts';
import { isTransfer, type TransferAssessment } from './assess-transfer.ts';
import type { TransferRecordInput, TransferRecordView } from './transfer-records.ts';
import { listTransferRecords } from './transfer-records.queries.ts';

export type OperatorFindingCode = 'tia_missing' | 'tia_not_acceptable' | 'dpf_certificate_missing' | 'dpf_certificate_stale' | 'uk_instrument_missing' | 'swiss_adaptations_missing';

export interface OperatorFinding {
  code: OperatorFindingCode;
  message: string;
}

/** The same calendar date a year earlier (29 February → 28 February). */
export function yearBefore(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const last = new Date(Date.UTC(y - 1, m, 0)).getUTCDate();
  return `${String(y - 1).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/**
 * What an operator must see to about one transfer, given the record on file (null: none) and the
 * workspace's `today`. A transfer on clauses (any SCC set, the IDTA or the Addendum) or on BCR needs
 * a transfer impact assessment on file, and not one that found it not acceptable; a transfer on
 * the Data Privacy Framework needs the importer's certificate, checked within the last 12 months
 * (a check exactly 12 months ago still counts).
 * @example operatorFindings(finding, null, '2026-12-03') // [{ code: 'tia_missing', message: 'No transfer impact assessment on file.' }] for an SCC transfer
 */
export function operatorFindings(assessment: Pick<TransferAssessment, 'status' | 'regime' | 'mechanism'>, record: TransferRecordInput | null, today: string): OperatorFinding[] {
  const out: OperatorFinding[] = [];
  const m = assessment.mechanism;
  if (assessment.status === 'safeguarded') {
    if (!record?.tiaDocument) out.push({ code: 'tia_missing', message: 'No transfer impact assessment on file.' });
    else if (record.tiaOutcome === 'not_acceptable') out.push({ code: 'tia_not_acceptable', message: `The transfer impact assessment of ${record.tiaDate ?? 'an unknown date'} found the transfer not acceptable.` });
    if (m === 'scc-2021' && assessment.regime === 'uk' && record?.sccModule !== 'uk_addendum' && record?.sccModule !== 'uk_idta') {
      out.push({ code: 'uk_instrument_missing', message: 'No UK Addendum or IDTA on file: the 2021 clauses alone do not cover a UK transfer.' });
    }
    if (m === 'scc-2021' && assessment.regime === 'ch' && record?.sccModule !== 'swiss_scc') {
      out.push({ code: 'swiss_adaptations_missing', message: 'No Swiss adaptations of the 2021 clauses on file.' });
    }
  }
  if (assessment.status === 'adequate' && m === 'dpf') {
    if (!record?.dpfCertificateUrl) out.push({ code: 'dpf_certificate_missing', message: 'No Data Privacy Framework certificate on file.' });
    else if (!record.dpfCheckedOn || record.dpfCheckedOn < yearBefore(today)) {
      out.push({ code: 'dpf_certificate_stale', message: record.dpfCheckedOn ? `The Data Privacy Framework certificate was last checked on ${record.dpfCheckedOn}, more than 12 months ago.` : 'The Data Privacy Framework certificate has never been checked.' });
    }
  }
  return out;
}

/** One transfer outside the exporter's area: the engine's finding, the record on file and the operator's to-dos. */
export interface TransferCheck {
  finding: TransferFinding;
  record: TransferRecordView | null;
  operatorFindings: OperatorFinding[];
}

/** Every engagement × country outside the exporter's area, with its record and operator findings, as of `today`. */
export function transferChecks(findings: TransferFinding[], records: TransferRecordView[], today: string): TransferCheck[] {
  const byKey = new Map(records.map((r) => [`${r.engagementId} ${r.country}`, r]));
  return findings.filter((f) => isTransfer(f.status)).map((finding) => {
    const record = byKey.get(`${finding.engagementId} ${finding.country}`) ?? null;
    return { finding, record, operatorFindings: operatorFindings(finding, record, today) };
  });
}

/** The same, loaded: the workspace's engagements assessed with its organisation as exporter, and its records. */
export async function listTransferChecks(db: Db, workspaceId: string, today: string): Promise<TransferCheck[]> {
  const [engagements, exporter, records] = await Promise.all([listEngagements(db, workspaceId), workspaceExporter(db, workspaceId), listTransferRecords(db, workspaceId)]);
  return transferChecks(assessEngagementList(engagements, today, exporter), records, today);
}
