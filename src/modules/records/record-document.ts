/**
 * Records of processing as a DocumentModel, so the console page and the PDF say the same thing:
 * the parties' particulars, each activity's fields, the transfers and the measures, in the order
 * of Art 30(1) (a)–(g) and Art 30(2) (a)–(d).
 */
import type { Block, DocumentModel } from '../documents/document.ts';
import { TRANSFER_STATUS_LABELS } from '../transfers/assess-transfer.ts';
import type { TransferFinding } from '../transfers/assess-engagements.ts';
import { countryName, dataCategoryName, isDataCategory } from '../vocab/vocab.ts';
import type { ControllerRecord } from './controller-record.ts';
import type { PartyView, ProcessingActivityView, ProcessorRecord } from './processor-record.ts';
import { FREQUENCY_LABELS, legalBasisText } from './records.ts';

const NONE = '—';
const joined = (items: string[], none = NONE) => (items.length ? items.join('; ') : none);
const category = (c: string) => (isDataCategory(c) ? `${dataCategoryName(c)} (${c})` : c);

function partyFields(p: PartyView): Block {
  return {
    kind: 'fields',
    rows: [
      ['Name', p.name], ['Legal name', p.legalName ?? NONE], ['Address', p.address ?? NONE],
      ['Country', p.country ? `${countryName(p.country)} (${p.country})` : NONE], ['Contact', p.contact ?? NONE], ['Data protection officer', p.dpoContact ?? NONE],
      ['Representative in the Union', p.representative ?? NONE],
    ],
  };
}

/** One activity: its heading and label → value fields. */
function activityBlocks(a: ProcessingActivityView, o: { asController: boolean; serviceNames: Map<string, string>; level: 2 | 3 }): Block[] {
  const rows: Array<[string, string]> = [
    ['Purposes', joined(a.purposes)],
    ...(o.asController ? [['Legal basis', legalBasisText(a.legalBasis) || NONE] as [string, string], ['Joint controllers (Art 26)', joined(a.jointControllers, 'None')] as [string, string]] : []),
    ['Categories of data subjects', joined(a.dataSubjects)],
    ['Categories of personal data', joined(a.dataCategories.map(category))],
    ['Special categories (Art 9, 10)', joined(a.specialCategories, 'None')],
    ['Categories of recipients', joined(a.recipients)],
    ['Nature of the processing', a.nature ?? NONE],
    ['Frequency', FREQUENCY_LABELS[a.frequency]],
    ['Duration', a.duration ?? NONE],
    ['Envisaged time limits for erasure', a.retention ?? NONE],
    ['Safeguards for Art 49(1) second-subparagraph transfers', a.transferSafeguards ?? 'None documented'],
    ...(o.asController ? [] : [['Services', joined(a.services.map((s) => o.serviceNames.get(s) ?? s), 'All services')] as [string, string]]),
  ];
  return [{ kind: 'heading', level: o.level, text: a.name }, { kind: 'fields', rows }];
}

function transfersTable(caption: string, findings: TransferFinding[]): Block {
  if (findings.length === 0) return { kind: 'paragraph', spans: [{ text: 'No transfers: no sub-processor or other recipient is recorded in the registry.' }] };
  return {
    kind: 'table', caption, columns: ['Recipient', 'Purpose', 'Country', 'Transfer'],
    // Neutral facts only (customer-view/customer-facts.ts): a customer reads its record.
    rows: findings.map((f) => [f.entityName, f.purpose, `${countryName(f.country)} (${f.country})`, (f as { customerFact?: string }).customerFact ?? TRANSFER_STATUS_LABELS[f.status]]),
  };
}

function measureBlocks(measures: ProcessorRecord['measures']): Block[] {
  if (measures.length === 0) return [{ kind: 'paragraph', spans: [{ text: 'No measures are recorded in the catalogue yet.' }] }];
  return [{ kind: 'table', caption: 'Technical and organisational measures (Art 32(1))', columns: ['Category', 'Measure'], rows: measures.map((m) => [m.categoryLabel, m.title]) }];
}

/**
 * The Art 30(2) record for one customer, or for every customer (one section per controller, each
 * on a new page in the PDF).
 * @example buildProcessorRecordDocument([record], { serviceNames }) // "Record of processing for Globex SA"
 */
export function buildProcessorRecordDocument(records: ProcessorRecord[], o: { generatedOn: string; processor: PartyView; serviceNames?: Map<string, string> }): DocumentModel {
  const serviceNames = o.serviceNames ?? new Map<string, string>();
  const single = records.length === 1 ? records[0] : undefined;
  const blocks: Block[] = [
    { kind: 'paragraph', spans: [{ text: 'Record of the categories of processing activities carried out on behalf of ' }, { text: single ? 'this controller' : 'each controller', bold: true }, { text: ', kept under Article 30(2) of Regulation (EU) 2016/679 (GDPR).' }] },
    { kind: 'heading', level: 1, text: 'Processor (Art 30(2)(a))' },
    partyFields(o.processor),
    { kind: 'heading', level: 1, text: 'Security measures (Art 30(2)(d))' },
    ...measureBlocks(single?.measures ?? records[0]?.measures ?? []),
  ];
  if (records.length === 0) blocks.push({ kind: 'paragraph', spans: [{ text: 'No customers are recorded: the processor acts on behalf of no controller yet.' }] });
  for (const r of records) {
    blocks.push(
      { kind: 'page_break' },
      { kind: 'heading', level: 1, text: `Controller: ${r.controller.name}` },
      { kind: 'heading', level: 2, text: 'Controller (Art 30(2)(a))' },
      partyFields(r.controller),
      { kind: 'heading', level: 2, text: 'Categories of processing (Art 30(2)(b))' },
      ...(r.activities.length ? r.activities.flatMap((a) => activityBlocks(a, { asController: false, serviceNames, level: 3 })) : [{ kind: 'paragraph', spans: [{ text: 'No processor activity applies to the services this customer uses.' }] } as Block]),
      { kind: 'heading', level: 2, text: 'Transfers (Art 30(2)(c))' },
      transfersTable(`Sub-processors of ${r.controller.name} by country`, r.transfers),
    );
  }
  return {
    title: single ? `Record of processing for ${single.controller.name}` : 'Record of processing for all customers',
    subtitle: `Processor: ${o.processor.name}. Generated on ${o.generatedOn}.`,
    language: 'en',
    blocks,
    footer: `Art 30(2) GDPR record of ${o.processor.name}, generated on ${o.generatedOn}`,
  };
}

/** The Art 30(1) record of the workspace as controller. */
export function buildControllerRecordDocument(record: ControllerRecord): DocumentModel {
  const blocks: Block[] = [
    { kind: 'paragraph', spans: [{ text: 'Record of processing activities under the responsibility of the controller, kept under Article 30(1) of Regulation (EU) 2016/679 (GDPR).' }] },
    { kind: 'heading', level: 1, text: 'Controller (Art 30(1)(a))' },
    partyFields(record.controller),
    { kind: 'fields', rows: [['Joint controllers', joined(record.jointControllers, 'None')]] },
    { kind: 'heading', level: 1, text: 'Processing activities (Art 30(1)(b)–(d), (f))' },
    ...(record.activities.length ? record.activities.flatMap((a) => activityBlocks(a, { asController: true, serviceNames: new Map(), level: 2 })) : [{ kind: 'paragraph', spans: [{ text: 'No activity as controller is recorded yet.' }] } as Block]),
    { kind: 'heading', level: 1, text: 'Transfers to third countries (Art 30(1)(e))' },
    transfersTable('Recipients engaged as controller, by country', record.transfers),
    { kind: 'heading', level: 1, text: 'Security measures (Art 30(1)(g))' },
    ...measureBlocks(record.measures),
  ];
  return {
    title: `Record of processing activities of ${record.controller.name}`,
    subtitle: `As controller. Generated on ${record.generatedOn}.`,
    language: 'en',
    blocks,
    footer: `Art 30(1) GDPR record of ${record.controller.name}, generated on ${record.generatedOn}`,
  };
}
