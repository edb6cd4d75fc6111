/**
 * Records of processing as JSON-LD in W3C DPV terms, after DPV's GDPR RoPA guide: the record is
 * a node with an `@id`, its parties (controller with its representative, DPO and joint
 * controllers; processor) and one dpv:Process per activity linked by dpv:hasProcess, all in the
 * default graph (a top-level `@graph` beside other keys would make them a named graph that
 * processors read apart from the record). The @context is a static object (nothing is fetched to
 * read it), extending the public list's.
 */
import { PUBLIC_LIST_JSONLD_CONTEXT } from '../public-list/jsonld-context.ts';
import type { TransferFinding } from '../transfers/assess-engagements.ts';
import { TRANSFER_STATUS_LABELS } from '../transfers/assess-transfer.ts';
import { RECIPIENT_TYPES } from '../public-list/render-jsonld.ts';
import { dataCategoryName, isDataCategory } from '../vocab/vocab.ts';
import type { ControllerRecord } from './controller-record.ts';
import type { PartyView, ProcessingActivityView, ProcessorRecord } from './processor-record.ts';
import { legalBasis } from './records.ts';

export const RECORDS_JSONLD_CONTEXT = {
  ...PUBLIC_LIST_JSONLD_CONTEXT,
  /** The date a record was generated for. */
  'dct:created': { '@type': 'xsd:date' },
} as const;

/** Where the obligation to keep the record comes from: GDPR Art 30 on EUR-Lex. */
const ART_30 = 'http://data.europa.eu/eli/reg/2016/679/art_30/oj';

/**
 * Stable identifiers of records and their nodes: URNs built from ids, since a workspace's slug
 * and the instance's address may change while the record stays the same record.
 */
export const RECORD_IDS = {
  controller: (workspaceId: string) => `urn:trustroom:records:${workspaceId}:controller`,
  processors: (workspaceId: string) => `urn:trustroom:records:${workspaceId}:processor`,
  processor: (workspaceId: string, customerId: string) => `urn:trustroom:records:${workspaceId}:processor:${customerId}`,
  activity: (recordId: string, activityId: string) => `${recordId}:activity:${activityId}`,
  workspace: (workspaceId: string) => `urn:trustroom:workspace:${workspaceId}`,
  customer: (customerId: string) => `urn:trustroom:customer:${customerId}`,
};

const described = (type: string) => (text: string) => ({ '@type': type, 'dct:description': text });

/** A party with its DPO (dpv:hasDataProtectionOfficer) and its representative in the Union (dpv:hasRepresentative). */
function partyNode(type: string, p: PartyView, id: string) {
  return {
    '@id': id,
    '@type': type,
    'schema:name': p.name,
    ...(p.legalName ? { 'schema:legalName': p.legalName } : {}),
    ...(p.address ? { 'schema:address': p.address } : {}),
    ...(p.country ? { 'dpv:hasLocation': { '@id': `loc:${p.country}` } } : {}),
    ...(p.contact ? { 'tr:contact': p.contact } : {}),
    ...(p.dpoContact ? { 'dpv:hasDataProtectionOfficer': described('dpv:DataProtectionOfficer')(p.dpoContact) } : {}),
    ...(p.representative ? { 'dpv:hasRepresentative': described('dpv:Representative')(p.representative) } : {}),
  };
}

/** A fideslang key becomes a named node carrying the key; free text stays a description. */
const personalData = (c: string) => (isDataCategory(c)
  ? { '@type': 'dpv:PersonalData', 'schema:name': dataCategoryName(c), 'dct:identifier': c }
  : described('dpv:PersonalData')(c));

/**
 * A recipient from the registry: a sub-processor in the processor record; in the controller
 * record an engagement in the controller context, an independent controller receiving the data.
 */
function recipientNode(f: TransferFinding, types: string | readonly string[]) {
  return {
    '@type': types,
    'schema:name': f.entityName,
    'dpv:hasPurpose': described('dpv:Purpose')(f.purpose),
    'dpv:hasLocation': { '@id': `loc:${f.country}` },
    // A neutral fact (where it goes, on which recorded mechanism), never the engine's judgement or reasons: customers read these records.
    'tr:transfer': (f as { customerFact?: string }).customerFact ?? TRANSFER_STATUS_LABELS[f.status],
  };
}

interface ProcessContext {
  id: string;
  controller: ReturnType<typeof partyNode>;
  processor?: ReturnType<typeof partyNode>;
  transfers: TransferFinding[];
  recipientTypes: string | readonly string[];
  measures: ProcessorRecord['measures'];
}

function processNode(a: ProcessingActivityView, o: ProcessContext) {
  const basis = a.legalBasis ? legalBasis(a.legalBasis) : undefined;
  return {
    '@id': o.id,
    '@type': 'dpv:Process',
    'schema:name': a.name,
    ...(a.nature ? { 'dct:description': a.nature } : {}),
    'dpv:hasPurpose': a.purposes.map(described('dpv:Purpose')),
    'dpv:hasPersonalData': [...a.dataCategories.map(personalData), ...a.specialCategories.map(described('dpv:SpecialCategoryPersonalData'))],
    'dpv:hasDataSubject': a.dataSubjects.map(described('dpv:DataSubject')),
    'dpv:hasDataController': o.controller,
    ...(a.jointControllers.length ? {
      'dpv:hasJointDataControllers': {
        '@type': 'dpv:JointDataControllers',
        'dpv:hasDataController': [{ '@id': o.controller['@id'] }, ...a.jointControllers.map(described('dpv:DataController'))],
      },
    } : {}),
    ...(o.processor ? { 'dpv:hasDataProcessor': o.processor } : {}),
    'dpv:hasRecipient': [...a.recipients.map(described('dpv:Recipient')), ...o.transfers.map((f) => recipientNode(f, o.recipientTypes))],
    ...(basis ? { 'dpv:hasLegalBasis': [{ '@id': basis.dpv }, { '@id': basis.eu_gdpr }] } : {}),
    'dpv:hasTechnicalOrganisationalMeasure': o.measures.map((m) => ({ '@type': 'dpv:TechnicalOrganisationalMeasure', 'schema:name': m.title, 'tr:category': m.category })),
    ...(a.retention ? { 'dpv:hasStorageCondition': { '@type': 'dpv:StorageDuration', 'dct:description': a.retention } } : {}),
    ...(a.duration ? { 'dpv:hasDuration': described('dpv:Duration')(a.duration) } : {}),
    'dpv:hasFrequency': { '@type': a.frequency === 'continuous' ? 'dpv:ContinuousFrequency' : 'dpv:SingularFrequency' },
    ...(a.transferSafeguards ? { 'tr:transferSafeguards': a.transferSafeguards } : {}),
    ...(a.services.length ? { 'tr:service': a.services } : {}),
  };
}

/** One record: its id, date, article, parties and its activities as dpv:Process nodes (dpv:hasProcess). */
function recordNode(o: { id: string; title?: string; created: string; article: string; controller: ReturnType<typeof partyNode>; processor?: ReturnType<typeof partyNode>; processes: object[] }) {
  return {
    '@id': o.id,
    '@type': 'tr:RecordOfProcessing',
    ...(o.title ? { 'dct:title': o.title } : {}),
    'dct:created': o.created,
    'dct:source': { '@id': ART_30 },
    'tr:article': o.article,
    'dpv:hasDataController': o.controller,
    ...(o.processor ? { 'dpv:hasDataProcessor': o.processor } : {}),
    'dpv:hasProcess': o.processes,
  };
}

function processorRecordNode(r: ProcessorRecord, workspaceId: string, title?: string) {
  const id = RECORD_IDS.processor(workspaceId, r.controller.customerId);
  const controller = partyNode('dpv:DataController', r.controller, RECORD_IDS.customer(r.controller.customerId));
  const processor = partyNode('dpv:DataProcessor', r.processor, RECORD_IDS.workspace(workspaceId));
  const processes = r.activities.map((a) => processNode(a, {
    id: RECORD_IDS.activity(id, a.id), controller, processor, transfers: r.transfers, recipientTypes: RECIPIENT_TYPES.processor, measures: r.measures,
  }));
  return recordNode({ id, title, created: r.generatedOn, article: 'Art 30(2)', controller, processor, processes });
}

/**
 * The Art 30(2) records: for one customer, the record itself; for every customer, a node for the
 * set whose parts (dct:hasPart) are the records, each with one dpv:Process per activity.
 * @example buildProcessorJsonLd([record], { title, generatedOn, workspaceId, customerId: record.controller.customerId, processor })
 */
export function buildProcessorJsonLd(records: ProcessorRecord[], o: { title: string; generatedOn: string; workspaceId: string; customerId: string | null; processor: PartyView }) {
  if (o.customerId && records.length === 1) return { '@context': RECORDS_JSONLD_CONTEXT, ...processorRecordNode(records[0], o.workspaceId, o.title) };
  return {
    '@context': RECORDS_JSONLD_CONTEXT,
    '@id': RECORD_IDS.processors(o.workspaceId),
    '@type': 'tr:RecordsOfProcessing',
    'dct:title': o.title,
    'dct:created': o.generatedOn,
    'dct:source': { '@id': ART_30 },
    'tr:article': 'Art 30(2)',
    'dpv:hasDataProcessor': partyNode('dpv:DataProcessor', o.processor, RECORD_IDS.workspace(o.workspaceId)),
    'dct:hasPart': records.map((r) => processorRecordNode(r, o.workspaceId)),
  };
}

/**
 * The Art 30(1) record: one dpv:Process per controller activity, with its joint controllers; the
 * engagements used as controller are its recipients, typed as independent controllers.
 */
export function buildControllerJsonLd(record: ControllerRecord, o: { title: string; workspaceId: string }) {
  const id = RECORD_IDS.controller(o.workspaceId);
  const controller = partyNode('dpv:DataController', record.controller, RECORD_IDS.workspace(o.workspaceId));
  const processes = record.activities.map((a) => processNode(a, {
    id: RECORD_IDS.activity(id, a.id), controller, transfers: record.transfers, recipientTypes: RECIPIENT_TYPES.controller, measures: record.measures,
  }));
  return { '@context': RECORDS_JSONLD_CONTEXT, ...recordNode({ id, title: o.title, created: record.generatedOn, article: 'Art 30(1)', controller, processes }) };
}
