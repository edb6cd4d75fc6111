/**
 * Records of processing as CSV (RFC 4180, CRLF, UTF-8 BOM, cells neutralised against formula
 * injection, lists joined by "; "): the processor record has one row per activity × customer, so
 * a spreadsheet filter on the customer column gives one controller's Art 30(2) record.
 */
import { csvCell } from '../public-list/render-csv.ts';
import { TRANSFER_STATUS_LABELS } from '../transfers/assess-transfer.ts';
import type { TransferFinding } from '../transfers/assess-engagements.ts';
import type { ControllerRecord } from './controller-record.ts';
import type { PartyView, ProcessingActivityView, ProcessorRecord } from './processor-record.ts';
import { dataCategoryNames } from '../vocab/vocab.ts';
import { legalBasisText } from './records.ts';

const BOM = '\uFEFF';
const CRLF = '\r\n';
const LIST = '; ';

/** `data_categories` keeps fideslang keys as they are (machines read them); `data_category_names` gives their names. */
export const PROCESSOR_CSV_HEADER = [
  'customer', 'customer_country', 'customer_address', 'customer_contact', 'customer_dpo', 'customer_representative',
  'processor', 'processor_contact', 'processor_dpo', 'processor_representative',
  'activity', 'purposes', 'data_subjects', 'data_categories', 'data_category_names', 'special_categories', 'recipients', 'nature', 'frequency', 'duration',
  'retention', 'services', 'sub_processors', 'transfer_safeguards', 'measures', 'generated_on',
] as const;

export const CONTROLLER_CSV_HEADER = [
  'controller', 'controller_contact', 'controller_dpo', 'controller_representative', 'activity', 'joint_controllers', 'purposes', 'legal_basis',
  'data_subjects', 'data_categories', 'data_category_names', 'special_categories', 'recipients', 'nature', 'frequency', 'duration', 'retention',
  'transfers', 'transfer_safeguards', 'measures', 'generated_on',
] as const;

const toCsv = (rows: string[][]): string => BOM + rows.map((r) => r.map(csvCell).join(',') + CRLF).join('');

/** "Acme Hosting (DE): inside the EEA" for each finding, in registry order. */
export const transferText = (findings: TransferFinding[]): string =>
  findings.map((f) => `${f.entityName} (${f.country}): ${(f as { customerFact?: string }).customerFact ?? TRANSFER_STATUS_LABELS[f.status]}`).join(LIST);

const measuresText = (m: ProcessorRecord['measures']) => m.map((x) => `${x.categoryLabel}: ${x.title}`).join(LIST);
const party = (p: PartyView) => [p.name, p.contact ?? '', p.dpoContact ?? '', p.representative ?? ''];

/** The activity's own columns, shared by both records. */
const activityColumns = (a: ProcessingActivityView | undefined) => a
  ? {
    name: a.name, purposes: a.purposes.join(LIST), subjects: a.dataSubjects.join(LIST), categories: a.dataCategories.join(LIST),
    categoryNames: dataCategoryNames(a.dataCategories).join(LIST), jointControllers: a.jointControllers.join(LIST),
    special: a.specialCategories.join(LIST), recipients: a.recipients.join(LIST), nature: a.nature ?? '', frequency: a.frequency,
    duration: a.duration ?? '', retention: a.retention ?? '', safeguards: a.transferSafeguards ?? '', services: a.services.join(LIST),
  }
  : {
    name: '', purposes: '', subjects: '', categories: '', categoryNames: '', jointControllers: '', special: '', recipients: '', nature: '', frequency: '',
    duration: '', retention: '', safeguards: '', services: '',
  };

/**
 * The processor records of one or more customers. A customer no activity applies to still gets
 * one row (with empty activity columns), so every controller appears.
 */
export function renderProcessorCsv(records: ProcessorRecord[]): string {
  const rows: string[][] = [[...PROCESSOR_CSV_HEADER]];
  for (const r of records) {
    const [processor, processorContact, processorDpo, processorRepresentative] = party(r.processor);
    const acts: Array<ProcessingActivityView | undefined> = r.activities.length ? r.activities : [undefined];
    for (const a of acts) {
      const x = activityColumns(a);
      rows.push([
        r.controller.name, r.controller.country ?? '', r.controller.address ?? '', r.controller.contact ?? '', r.controller.dpoContact ?? '', r.controller.representative ?? '',
        processor, processorContact, processorDpo, processorRepresentative,
        x.name, x.purposes, x.subjects, x.categories, x.categoryNames, x.special, x.recipients, x.nature, x.frequency, x.duration, x.retention,
        a ? (x.services || 'all services') : '', transferText(r.transfers), x.safeguards, measuresText(r.measures), r.generatedOn,
      ]);
    }
  }
  return toCsv(rows);
}

/** The controller record: one row per activity (transfers and measures repeat on each). */
export function renderControllerCsv(record: ControllerRecord): string {
  const rows: string[][] = [[...CONTROLLER_CSV_HEADER]];
  const [controller, contact, dpo, representative] = party(record.controller);
  for (const a of record.activities) {
    const x = activityColumns(a);
    rows.push([
      controller, contact, dpo, representative, x.name, x.jointControllers, x.purposes, legalBasisText(a.legalBasis), x.subjects, x.categories, x.categoryNames, x.special, x.recipients,
      x.nature, x.frequency, x.duration, x.retention, transferText(record.transfers), x.safeguards, measuresText(record.measures), record.generatedOn,
    ]);
  }
  return toCsv(rows);
}
