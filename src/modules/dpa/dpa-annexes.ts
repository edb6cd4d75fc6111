/**
 * The annexes of a customer's DPA, in the structure of the standard contractual clauses (Commission
 * Implementing Decision (EU) 2021/914): I.A the parties, I.B the description of the processing,
 * I.C the competent supervisory authority, II the technical and organisational measures, III the
 * sub-processors that apply to the customer's services and regions. Pure: the data is loaded by
 * build-dpa-document.ts.
 */
import type { Row } from '../../db/schema.ts';
import type { Block } from '../documents/document.ts';
import type { MeasureView } from '../measures/measures.queries.ts';
import type { ProcessingActivityView, ProcessorRecord } from '../records/processor-record.ts';
import { FREQUENCY_LABELS } from '../records/records.ts';
import type { SupervisoryAuthority } from '../customers/supervisory-authority.ts';
import { TRANSFER_STATUS_LABELS } from '../transfers/assess-transfer.ts';
import type { TransferFinding } from '../transfers/assess-engagements.ts';
import { countryName, dataCategoryName, isDataCategory, MECHANISM_LABELS, type TransferMechanism } from '../vocab/vocab.ts';

const NONE = '—';
const joined = (items: string[], none = NONE) => (items.length ? items.join('; ') : none);
const country = (cc: string | null) => (cc ? `${countryName(cc)} (${cc})` : NONE);
const category = (c: string) => (isDataCategory(c) ? dataCategoryName(c) : c);

export interface AnnexData {
  record: ProcessorRecord;
  /** The customer's own particulars. */
  customer: { name: string; address: string | null; country: string | null; contactPerson: string | null; services: string[] };
  authority: SupervisoryAuthority;
  measures: MeasureView[];
  /** Entities of the workspace by id (address and contact for Annex III). */
  entities: Map<string, Pick<Row<'entities'>, 'name' | 'legal_name' | 'address' | 'country' | 'contact_email' | 'dpo_contact'>>;
  /** Engagement id → its entity and transfer mechanisms. */
  engagements: Map<string, { entityId: string; transferMechanisms: TransferMechanism[] }>;
  /** Service slug → name. */
  serviceNames: Map<string, string>;
}

function partiesBlocks(d: AnnexData): Block[] {
  const p = d.record.processor;
  const signature = 'By electronic acceptance, recorded with the signer’s name, title, the date and this document’s SHA-256.';
  return [
    { kind: 'heading', level: 2, text: 'A. List of parties' },
    { kind: 'heading', level: 3, text: 'Controller (the customer)' },
    { kind: 'fields', rows: [
      ['Name', d.customer.name], ['Address', d.customer.address ?? NONE], ['Country', country(d.customer.country)],
      ['Contact person', d.customer.contactPerson ?? d.record.controller.contact ?? NONE],
      ['Activities relevant to the data processed', 'Use of the services described in Annex I.B'], ['Role', 'Controller'], ['Signature and date', signature],
    ] },
    { kind: 'heading', level: 3, text: 'Processor' },
    { kind: 'fields', rows: [
      ['Name', p.name], ['Address', p.address ?? NONE], ['Country', country(p.country)], ['Contact person', p.contact ?? NONE],
      ['Data protection officer', p.dpoContact ?? NONE], ['Activities relevant to the data processed', 'Provision of the services described in Annex I.B'],
      ['Role', 'Processor'],
    ] },
  ];
}

function activityBlocks(a: ProcessingActivityView, serviceNames: Map<string, string>): Block[] {
  return [
    { kind: 'heading', level: 3, text: a.name },
    { kind: 'fields', rows: [
      ['Categories of data subjects', joined(a.dataSubjects)],
      ['Categories of personal data', joined(a.dataCategories.map(category))],
      ['Sensitive data', a.specialCategories.length ? a.specialCategories.join('; ') : 'None'],
      ['Nature of the processing', a.nature ?? NONE],
      ['Purposes of the processing', joined(a.purposes)],
      ['Frequency', FREQUENCY_LABELS[a.frequency]],
      ['Duration', a.duration ?? 'For the duration of the agreement'],
      ['Retention period', a.retention ?? NONE],
      ['Services', joined(a.services.map((s) => serviceNames.get(s) ?? s), 'All services')],
    ] },
  ];
}

function descriptionBlocks(d: AnnexData): Block[] {
  const services = d.customer.services.map((s) => d.serviceNames.get(s) ?? s);
  const intro: Block = { kind: 'paragraph', spans: [{ text: `Services used by ${d.customer.name}: ${services.length ? services.join(', ') : 'all services'}.` }] };
  const activities = d.record.activities.flatMap((a) => activityBlocks(a, d.serviceNames));
  return [
    { kind: 'heading', level: 2, text: 'B. Description of the processing' }, intro,
    ...(activities.length ? activities : [{ kind: 'paragraph', spans: [{ text: 'No processing activity is recorded for these services yet.' }] } as Block]),
  ];
}

function authorityBlocks(a: SupervisoryAuthority): Block[] {
  const basis = a.basis === 'customer' ? 'Named in the customer’s contract' : a.basis === 'country' ? 'The authority of the customer’s country of establishment' : 'Not determined';
  return [
    { kind: 'heading', level: 2, text: 'C. Competent supervisory authority' },
    { kind: 'fields', rows: [['Authority', a.name ?? 'Not determined'], ['Website', a.url ?? NONE], ['Basis', basis], ...(a.note ? [['Note', a.note] as [string, string]] : [])] },
  ];
}

/** Annex II: measures grouped under their Annex II category (else their own category), in catalogue order. */
function measuresBlocks(measures: MeasureView[]): Block[] {
  const groups = new Map<string, MeasureView[]>();
  for (const m of measures) {
    const key = m.annexIILabel ?? m.categoryLabel;
    groups.set(key, [...(groups.get(key) ?? []), m]);
  }
  const blocks: Block[] = [{ kind: 'heading', level: 1, text: 'Annex II: Technical and organisational measures' }];
  if (measures.length === 0) return [...blocks, { kind: 'paragraph', spans: [{ text: 'No measure is recorded yet.' }] }];
  for (const [label, items] of groups) {
    blocks.push({ kind: 'heading', level: 2, text: label });
    blocks.push({ kind: 'list', ordered: false, items: items.map((m) => [{ text: m.title, bold: true }, { text: `: ${m.description}` }]) });
  }
  return blocks;
}

/** Annex III: one row per engagement touching the customer, its countries with their transfer status. */
function subProcessorBlocks(d: AnnexData): Block[] {
  const byEngagement = new Map<string, TransferFinding[]>();
  for (const f of d.record.transfers) byEngagement.set(f.engagementId, [...(byEngagement.get(f.engagementId) ?? []), f]);
  const rows = [...byEngagement].map(([id, findings]) => {
    const g = d.engagements.get(id);
    const e = g ? d.entities.get(g.entityId) : undefined;
    const name = e?.legal_name && e.legal_name !== e.name ? `${e.name} (${e.legal_name})` : findings[0].entityName;
    const address = [e?.address, e?.country ? countryName(e.country) : null].filter(Boolean).join(', ') || NONE;
    const contact = [e?.contact_email, e?.dpo_contact].filter(Boolean).join('; ') || NONE;
    const locations = findings.map((f) => country(f.country)).join('; ');
    const mechanisms = (g?.transferMechanisms ?? []).map((m) => MECHANISM_LABELS[m]).join('; ') || 'None stated';
    const status = findings.map((f) => `${f.country}: ${TRANSFER_STATUS_LABELS[f.status]}`).join('; ');
    return [name, address, contact, findings[0].purpose, locations, mechanisms, status];
  }).sort((a, b) => a[0].localeCompare(b[0], 'en') || a[3].localeCompare(b[3], 'en'));
  const head: Block = { kind: 'heading', level: 1, text: 'Annex III: List of sub-processors' };
  if (rows.length === 0) return [head, { kind: 'paragraph', spans: [{ text: `No sub-processor processes personal data of ${d.customer.name}.` }] }];
  return [
    head,
    { kind: 'paragraph', spans: [{ text: `The sub-processors authorised for the services and regions ${d.customer.name} uses.` }] },
    { kind: 'table', caption: `Sub-processors for ${d.customer.name}`, columns: ['Name', 'Address', 'Contact', 'Purpose', 'Locations', 'Transfer mechanism', 'Transfer status'], rows },
  ];
}

/** Every annex as blocks, each annex starting on a new page in print. */
export function annexBlocks(d: AnnexData): Block[] {
  return [
    { kind: 'page_break' },
    { kind: 'heading', level: 1, text: 'Annex I' },
    ...partiesBlocks(d), ...descriptionBlocks(d), ...authorityBlocks(d.authority),
    { kind: 'page_break' }, ...measuresBlocks(d.measures),
    { kind: 'page_break' }, ...subProcessorBlocks(d),
  ];
}
