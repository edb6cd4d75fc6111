/**
 * Records of processing as JSON-LD in W3C DPV terms, after DPV's GDPR RoPA guide: one dpv:Process
 * per activity (per customer for the processor record) with purposes, personal data, data
 * subjects, controller, processor, recipients, legal basis, measures and storage duration.
 * The @context is a static object (nothing is fetched to read it), extending the public list's.
 */
import { PUBLIC_LIST_JSONLD_CONTEXT } from '../public-list/jsonld-context.ts';
import type { TransferFinding } from '../transfers/assess-engagements.ts';
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

const described = (type: string) => (text: string) => ({ '@type': type, 'dct:description': text });

function partyNode(type: string, p: PartyView) {
  return {
    '@type': type,
    'schema:name': p.name,
    ...(p.legalName ? { 'schema:legalName': p.legalName } : {}),
    ...(p.address ? { 'schema:address': p.address } : {}),
    ...(p.country ? { 'dpv:hasLocation': { '@id': `loc:${p.country}` } } : {}),
    ...(p.contact ? { 'tr:contact': p.contact } : {}),
    ...(p.dpoContact ? { 'tr:dpoContact': p.dpoContact } : {}),
  };
}

/** A fideslang key becomes a named node carrying the key; free text stays a description. */
const personalData = (c: string) => (isDataCategory(c)
  ? { '@type': 'dpv:PersonalData', 'schema:name': dataCategoryName(c), 'dct:identifier': c }
  : described('dpv:PersonalData')(c));

function subProcessor(f: TransferFinding) {
  return {
    '@type': 'dpv:DataSubProcessor',
    'schema:name': f.entityName,
    'dpv:hasPurpose': described('dpv:Purpose')(f.purpose),
    'dpv:hasLocation': { '@id': `loc:${f.country}` },
    'tr:transferStatus': f.status,
    'tr:transferReasons': f.reasons,
  };
}

function processNode(a: ProcessingActivityView, o: { controller: PartyView; processor?: PartyView; transfers: TransferFinding[]; measures: ProcessorRecord['measures'] }) {
  const basis = a.legalBasis ? legalBasis(a.legalBasis) : undefined;
  return {
    '@type': 'dpv:Process',
    'schema:name': a.name,
    ...(a.nature ? { 'dct:description': a.nature } : {}),
    'dpv:hasPurpose': a.purposes.map(described('dpv:Purpose')),
    'dpv:hasPersonalData': [...a.dataCategories.map(personalData), ...a.specialCategories.map(described('dpv:SpecialCategoryPersonalData'))],
    'dpv:hasDataSubject': a.dataSubjects.map(described('dpv:DataSubject')),
    'dpv:hasDataController': partyNode('dpv:DataController', o.controller),
    ...(o.processor ? { 'dpv:hasDataProcessor': partyNode('dpv:DataProcessor', o.processor) } : {}),
    'dpv:hasRecipient': [...a.recipients.map(described('dpv:Recipient')), ...o.transfers.map(subProcessor)],
    ...(basis ? { 'dpv:hasLegalBasis': [{ '@id': basis.dpv }, { '@id': basis.eu_gdpr }] } : {}),
    'dpv:hasTechnicalOrganisationalMeasure': o.measures.map((m) => ({ '@type': 'dpv:TechnicalOrganisationalMeasure', 'schema:name': m.title, 'tr:category': m.category })),
    ...(a.retention ? { 'dpv:hasStorageCondition': { '@type': 'dpv:StorageDuration', 'dct:description': a.retention } } : {}),
    ...(a.duration ? { 'dpv:hasDuration': described('dpv:Duration')(a.duration) } : {}),
    'dpv:hasFrequency': { '@type': a.frequency === 'continuous' ? 'dpv:ContinuousFrequency' : 'dpv:SingularFrequency' },
    ...(a.transferSafeguards ? { 'tr:transferSafeguards': a.transferSafeguards } : {}),
    ...(a.services.length ? { 'tr:service': a.services } : {}),
  };
}

/** A record of processing: its title, date, article and one dpv:Process node per activity. */
function recordDocument(o: { title: string; created: string; article: string; graph: object[] }) {
  return {
    '@context': RECORDS_JSONLD_CONTEXT,
    '@type': 'tr:RecordOfProcessing',
    'dct:title': o.title,
    'dct:created': o.created,
    'dct:source': { '@id': ART_30 },
    'tr:article': o.article,
    '@graph': o.graph,
  };
}

/** The Art 30(2) records of one or more customers: one dpv:Process per activity and customer. */
export function buildProcessorJsonLd(records: ProcessorRecord[], o: { title: string; generatedOn: string }) {
  const graph = records.flatMap((r) => r.activities.map((a) => processNode(a, { controller: r.controller, processor: r.processor, transfers: r.transfers, measures: r.measures })));
  return recordDocument({ title: o.title, created: o.generatedOn, article: 'Art 30(2)', graph });
}

/** The Art 30(1) record: one dpv:Process per controller activity, the transfers as its recipients. */
export function buildControllerJsonLd(record: ControllerRecord, o: { title: string }) {
  const graph = record.activities.map((a) => processNode(a, { controller: record.controller, transfers: record.transfers, measures: record.measures }));
  return recordDocument({ title: o.title, created: record.generatedOn, article: 'Art 30(1)', graph });
}
