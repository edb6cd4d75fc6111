/**
 * One entry point for every export of the records of processing (API, console downloads, CLI):
 * the processor record for one customer or for all of them, or the controller record, as JSON,
 * CSV, JSON-LD (DPV) or PDF.
 */
import type { Db } from '../../db/schema.ts';
import { notFound } from '../../shared/errors.ts';
import { InputReader } from '../../shared/input.ts';
import type { DocumentModel } from '../documents/document.ts';
import { renderDocumentPdf } from '../documents/render-document-pdf.ts';
import { listServices } from '../registry/registry.queries.ts';
import { buildControllerRecord, type ControllerRecord } from './controller-record.ts';
import { buildProcessorRecord, buildProcessorRecords, measureSummary, type PartyView, type ProcessorRecord, workspaceParty } from './processor-record.ts';
import { buildControllerRecordDocument, buildProcessorRecordDocument } from './record-document.ts';
import { controllerRecordWarnings, processorRecordWarnings, type RecordWarning } from './record-warnings.ts';
import { renderControllerCsv, renderProcessorCsv } from './records-csv.ts';
import { buildControllerJsonLd, buildProcessorJsonLd } from './records-jsonld.ts';

export const RECORD_KINDS = ['processor', 'controller'] as const;
export const RECORD_FORMATS = ['json', 'csv', 'jsonld', 'pdf'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];
export type RecordFormat = (typeof RECORD_FORMATS)[number];

export const RECORD_CONTENT_TYPES: Record<RecordFormat, string> = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  jsonld: 'application/ld+json; charset=utf-8',
  pdf: 'application/pdf',
};
const EXTENSIONS: Record<RecordFormat, string> = { json: 'json', csv: 'csv', jsonld: 'jsonld', pdf: 'pdf' };

export interface RecordRequest {
  kind: RecordKind;
  /** Processor record only; null: every customer. */
  customerId: string | null;
  format: RecordFormat;
}

/**
 * Reads what to export from query parameters or CLI flags; problems name the field
 * (`format: must be one of json, csv, jsonld, pdf`).
 */
export function parseRecordRequest(raw: unknown, defaults: { kind?: RecordKind; format?: RecordFormat } = {}): RecordRequest {
  const r = new InputReader(raw);
  const kind = r.choice('kind', RECORD_KINDS, { required: !defaults.kind, ...(defaults.kind ? { fallback: defaults.kind } : {}) }) as RecordKind;
  const format = r.choice('format', RECORD_FORMATS, { required: !defaults.format, ...(defaults.format ? { fallback: defaults.format } : {}) }) as RecordFormat;
  const customerId = r.text('customer', { max: 100 });
  if (kind === 'controller' && customerId) r.problem('customer', 'applies to the processor record only');
  return r.done({ kind, customerId, format });
}

/**
 * The data of a record, before it is put in a format. `warnings` name its empty mandatory
 * particulars for operators: the JSON export and the console page show them, the record's own
 * formats (page document, PDF, CSV, JSON-LD) never do.
 */
export type RecordData =
  | { kind: 'processor'; workspaceId: string; generatedOn: string; customerId: string | null; processor: PartyView; records: ProcessorRecord[]; document: DocumentModel; warnings: RecordWarning[] }
  | { kind: 'controller'; workspaceId: string; generatedOn: string; record: ControllerRecord; document: DocumentModel; warnings: RecordWarning[] };

/** Builds the record asked for as of `today`, with its warnings; a customer id of another workspace is not found. */
export async function loadRecord(db: Db, workspaceId: string, req: Pick<RecordRequest, 'kind' | 'customerId'>, today: string): Promise<RecordData> {
  if (req.kind === 'controller') {
    const record = await buildControllerRecord(db, workspaceId, today);
    return { kind: 'controller', workspaceId, generatedOn: today, record, document: buildControllerRecordDocument(record), warnings: controllerRecordWarnings(record) };
  }
  let records: ProcessorRecord[];
  if (req.customerId) {
    const one = await buildProcessorRecord(db, workspaceId, req.customerId, today);
    if (!one) throw notFound('customer');
    records = [one];
  } else records = await buildProcessorRecords(db, workspaceId, today);
  const [processor, services, measures] = await Promise.all([
    workspaceParty(db, workspaceId), listServices(db, workspaceId), records.length ? records[0].measures : measureSummary(db, workspaceId, today),
  ]);
  const document = buildProcessorRecordDocument(records, { generatedOn: today, processor, serviceNames: new Map(services.map((s) => [s.slug, s.name])) });
  const warnings = processorRecordWarnings(records, { processor, generatedOn: today, measures });
  return { kind: 'processor', workspaceId, generatedOn: today, customerId: req.customerId, processor, records, document, warnings };
}

/** The JSON document of a record: what the JSON download, the API and the CLI give, with the operator's `warnings`. */
export function recordJson(data: RecordData) {
  return data.kind === 'controller'
    ? { kind: 'controller' as const, article: 'Art 30(1) GDPR', generatedOn: data.generatedOn, record: data.record, warnings: data.warnings }
    : { kind: 'processor' as const, article: 'Art 30(2) GDPR', generatedOn: data.generatedOn, customerId: data.customerId, records: data.records, warnings: data.warnings };
}

export interface RecordFile {
  contentType: string;
  fileName: string;
  body: string | Buffer;
}

/**
 * Renders a record in one format, with a file name like `record-processor-acme.csv`.
 * @example const file = await renderRecord(await loadRecord(db, ws.id, req, today), req.format, ws.slug)
 */
export async function renderRecord(data: RecordData, format: RecordFormat, workspaceSlug: string): Promise<RecordFile> {
  const scope = data.kind === 'processor' && data.customerId ? `processor-customer-${data.customerId.slice(0, 8)}` : data.kind;
  const fileName = `record-${scope}-${workspaceSlug}-${data.generatedOn}.${EXTENSIONS[format]}`;
  const contentType = RECORD_CONTENT_TYPES[format];
  const title = data.document.title;
  let body: string | Buffer;
  if (format === 'json') body = `${JSON.stringify(recordJson(data), null, 2)}\n`;
  else if (format === 'csv') body = data.kind === 'controller' ? renderControllerCsv(data.record) : renderProcessorCsv(data.records);
  else if (format === 'jsonld') {
    const doc = data.kind === 'controller'
      ? buildControllerJsonLd(data.record, { title, workspaceId: data.workspaceId })
      : buildProcessorJsonLd(data.records, { title, generatedOn: data.generatedOn, workspaceId: data.workspaceId, customerId: data.customerId, processor: data.processor });
    body = `${JSON.stringify(doc, null, 2)}\n`;
  } else body = await renderDocumentPdf(data.document, { date: new Date(`${data.generatedOn}T00:00:00Z`) });
  return { contentType, fileName, body };
}
