/**
 * The annexes of a customer's DPA, numbered as in the standard contractual clauses between
 * controllers and processors (Commission Implementing Decision (EU) 2021/915): I the list of
 * parties with a signature and date for each, II the description of the processing, III the
 * technical and organisational measures (with the measures to assist the controller), IV the
 * sub-processors — those in effect for this customer, and apart from them the changes proposed to
 * it, from its view (customer-view), never from the live registry. Only when the customer's data
 * goes outside the EEA (the processor or a sub-processor in effect is established or processes
 * there) do the annexes of the transfer clauses (Implementing Decision (EU) 2021/914: I.A, I.B,
 * I.C, II, III) follow. Everything here is customer-facing: neutral facts only, never the transfer
 * engine's judgements or operators' warnings. Pure: build-dpa-document.ts loads the data.
 */
import type { Block } from '../documents/document.ts';
import type { CustomerEngagement, CustomerViewAt } from '../customer-view/customer-view.ts';
import type { SupervisoryAuthority } from '../customers/supervisory-authority.ts';
import type { MeasureView } from '../measures/measures.queries.ts';
import type { ProcessingActivityView } from '../records/processor-record.ts';
import { FREQUENCY_LABELS } from '../records/records.ts';
import { countryName, dataCategoryName, isDataCategory } from '../vocab/vocab.ts';

const NONE = '—';
const joined = (items: string[], none = NONE) => (items.length ? items.join('; ') : none);
const country = (cc: string | null) => (cc ? `${countryName(cc)} (${cc})` : NONE);
/** An address with its country, unless the address already names it. */
const withCountry = (address: string | null, cc: string | null) => {
  const name = cc ? countryName(cc) : null;
  return [address, name && !(address ?? '').toLowerCase().includes(name.toLowerCase()) ? name : null].filter(Boolean).join(', ') || NONE;
};
const category = (c: string) => (isDataCategory(c) ? dataCategoryName(c) : c);
const unique = (items: string[]) => [...new Set(items)];

/** A party as Annex I lists it. */
export interface AnnexParty {
  name: string;
  address: string | null;
  country: string | null;
  /** Contact person's name, position and contact details. */
  contact: string | null;
  dpo: string | null;
  /** Representative in the Union (Art 27), when it has one. */
  representative: string | null;
  /** "Signature and date" as the document can state it before anyone signs. */
  signature: string;
}

export interface AnnexData {
  controller: AnnexParty;
  processor: AnnexParty;
  /** Slugs of the services the customer uses; empty: all. */
  customerServices: string[];
  /** Processor activities that apply to those services (Annex II). */
  activities: ProcessingActivityView[];
  authority: SupervisoryAuthority;
  measures: MeasureView[];
  /** What applies to the customer: Annex IV reads its in-effect engagements, proposals and transfer facts. */
  view: CustomerViewAt;
  /** Service slug → name. */
  serviceNames: Map<string, string>;
  /** ISO codes of the countries outside the EEA the customer's data goes to (processor and sub-processors in effect); empty: no transfer annexes. */
  transferCountries: string[];
}

const heading = (level: 1 | 2 | 3, text: string): Block => ({ kind: 'heading', level, text });
const para = (text: string): Block => ({ kind: 'paragraph', spans: [{ text }] });

function partyFields(p: AnnexParty, role: string, activities: string): Array<[string, string]> {
  return [
    ['Name', p.name], ['Address', withCountry(p.address, p.country)],
    ["Contact person's name, position and contact details", p.contact ?? NONE],
    ...(p.dpo ? [['Data protection officer', p.dpo] as [string, string]] : []),
    ...(p.representative ? [['Representative in the Union', p.representative] as [string, string]] : []),
    ['Activities relevant to the data processed', activities], ['Role', role], ['Signature and date', p.signature],
  ];
}

function annexI(d: AnnexData): Block[] {
  const a = d.authority;
  return [
    heading(1, 'Annex I: List of parties'),
    heading(2, 'Controller'),
    { kind: 'fields', rows: [
      ...partyFields(d.controller, 'Controller', 'Use of the services described in Annex II'),
      ['Competent supervisory authority', a.name ? `${a.name}${a.url ? ` (${a.url})` : ''}` : `Not yet determined${a.note ? `: ${a.note}` : ''}`],
    ] },
    heading(2, 'Processor'),
    { kind: 'fields', rows: partyFields(d.processor, 'Processor', 'Provision of the services described in Annex II') },
  ];
}

function activityBlocks(a: ProcessingActivityView, serviceNames: Map<string, string>): Block[] {
  return [
    heading(3, a.name),
    { kind: 'fields', rows: [
      ['Categories of data subjects whose personal data is processed', joined(a.dataSubjects)],
      ['Categories of personal data processed', joined(a.dataCategories.map(category))],
      ['Sensitive data processed and the restrictions or safeguards applied', a.specialCategories.length ? a.specialCategories.join('; ') : 'None'],
      ['Nature of the processing', a.nature ?? NONE],
      ['Purposes for which the personal data is processed on behalf of the controller', joined(a.purposes)],
      ['Frequency', FREQUENCY_LABELS[a.frequency]],
      ['Duration of the processing', a.duration ?? 'For the duration of the agreement'],
      ['Retention period', a.retention ?? NONE],
      ['Services', joined(a.services.map((s) => serviceNames.get(s) ?? s), 'All services')],
    ] },
  ];
}

function annexII(d: AnnexData): Block[] {
  const services = d.customerServices.map((s) => d.serviceNames.get(s) ?? s);
  const activities = d.activities.flatMap((a) => activityBlocks(a, d.serviceNames));
  return [
    heading(1, 'Annex II: Description of the processing'),
    para(`Services used by ${d.controller.name}: ${services.length ? services.join(', ') : 'all services'}. Processing by sub-processors: their subject-matter and nature are described in Annex IV; it lasts as long as the processing it serves.`),
    ...(activities.length ? activities : [para('No processing activity is recorded for these services yet.')]),
  ];
}

/** Annex III: measures grouped under their SCC Annex II category (else their own), in catalogue order, then assistance. */
function annexIII(d: AnnexData): Block[] {
  const groups = new Map<string, MeasureView[]>();
  for (const m of d.measures) {
    const key = m.annexIILabel ?? m.categoryLabel;
    groups.set(key, [...(groups.get(key) ?? []), m]);
  }
  const blocks: Block[] = [heading(1, 'Annex III: Technical and organisational measures, including measures to ensure the security of the data')];
  if (d.measures.length === 0) blocks.push(para('No measure is recorded yet.'));
  for (const [label, items] of groups) {
    blocks.push(heading(2, label));
    blocks.push({ kind: 'list', ordered: false, items: items.map((m) => [{ text: m.title, bold: true }, { text: `: ${m.description}` }]) });
  }
  blocks.push(
    heading(2, 'Measures to assist the controller'),
    { kind: 'list', ordered: false, items: [
      [{ text: 'Requests from data subjects: ' }, { text: 'the measures above that let personal data be found, exported, corrected, restricted and erased serve the controller in answering them; the processor passes on without undue delay any request it receives.' }],
      [{ text: 'Articles 32 to 36 GDPR: ' }, { text: 'the processor notifies personal data breaches without undue delay with the information the controller needs, and provides the information the controller needs for its data protection impact assessments and prior consultations.' }],
      [{ text: 'Sub-processors: ' }, { text: 'each sub-processor of Annex IV is bound by contract to the same data protection obligations, including measures of this kind.' }],
    ] },
  );
  return blocks;
}

/** The transfer facts of one engagement, country by country ("United States: Transfer mechanism: …"). */
function transferFacts(d: AnnexData, g: CustomerEngagement): string {
  const facts = d.view.transfers.filter((t) => t.engagementId === g.id);
  if (facts.length === 0) return NONE;
  if (facts.every((t) => t.fact === facts[0].fact) && facts.length > 1) return facts[0].fact;
  return facts.map((t) => (facts.length === 1 ? t.fact : `${countryName(t.country)}: ${t.fact}`)).join('; ');
}

const engagementName = (g: CustomerEngagement) => (g.legalName && g.legalName !== g.name ? `${g.name} (${g.legalName})` : g.name);
const engagementAddress = (g: CustomerEngagement) => withCountry(g.entityAddress, g.entityCountry);

function annexIV(d: AnnexData): Block[] {
  const who = d.controller.name;
  const rows = d.view.inEffect.map((g) => [
    engagementName(g), engagementAddress(g), g.entityContact ?? NONE, g.purpose, joined(g.countries.map(country)), transferFacts(d, g),
  ]);
  const blocks: Block[] = [heading(1, 'Annex IV: List of sub-processors'), heading(2, `Sub-processors authorised for ${who}`)];
  if (rows.length === 0) blocks.push(para(`No sub-processor processes personal data of ${who}.`));
  else {
    blocks.push(
      para(`The controller has authorised the use of the following sub-processors for the services and regions ${who} uses.`),
      { kind: 'table', caption: `Sub-processors authorised for ${who}`, columns: ['Name', 'Address', 'Contact', 'Description of the processing', 'Locations', 'Transfer'], rows },
    );
  }
  blocks.push(heading(2, 'Proposed, not yet in effect for you'));
  if (d.view.proposed.length === 0) blocks.push(para(`No change of sub-processors is proposed to ${who}.`));
  else {
    blocks.push(
      para('These changes were proposed to you. They are not part of the list above until they take effect for you.'),
      { kind: 'table', caption: `Changes proposed to ${who}`, columns: ['Change', 'Why', 'Proposed date', 'Where it stands for you'], rows: d.view.proposed.map((p) => [p.title, p.reason, p.proposedDate, p.stateLabel]) },
    );
  }
  return blocks;
}

/** The annexes of the transfer clauses (2021/914), for the customer's data that leaves the EEA. */
function transferAnnexes(d: AnnexData): Block[] {
  const outside = new Set(d.transferCountries);
  const importers = d.view.inEffect.filter((g) => g.countries.some((c) => outside.has(c)));
  const processorOutside = d.processor.country !== null && outside.has(d.processor.country);
  const a = d.authority;
  const acts = d.activities;
  const exporterActivities = 'Use of the services described in Annex II of this agreement';
  return [
    { kind: 'page_break' },
    heading(1, 'Annexes for transfers outside the EEA (standard contractual clauses, Implementing Decision (EU) 2021/914)'),
    para(`Personal data of ${d.controller.name} is transferred to ${joined([...outside].map(country), NONE).replace(/; /g, ', ')}. ${processorOutside
      ? 'The processor is established outside the EEA: Module Two (controller to processor) applies between the parties, and Module Three (processor to processor) to its sub-processors.'
      : d.processor.country
        ? 'The processor is established in the EEA: Module Three (processor to processor) applies between the processor and each sub-processor below.'
        : 'Module Three (processor to processor) applies between the processor and each sub-processor below; the processor’s country of establishment is not recorded, and were it outside the EEA, Module Two (controller to processor) would apply between the parties too.'} For those transfers the annexes of the clauses read as follows.`),
    heading(2, 'Annex I.A: List of parties'),
    heading(3, 'Data exporter(s)'),
    { kind: 'fields', rows: partyFields(d.controller, 'Controller', exporterActivities) },
    ...(processorOutside ? [] : [{ kind: 'fields', rows: partyFields(d.processor, 'Processor (exporter to its sub-processors)', 'Provision of the services described in Annex II of this agreement') } as Block]),
    heading(3, 'Data importer(s)'),
    ...(processorOutside ? [{ kind: 'fields', rows: partyFields(d.processor, 'Processor', 'Provision of the services described in Annex II of this agreement') } as Block] : []),
    ...(importers.length
      ? [{ kind: 'table', caption: 'Sub-processors importing personal data', columns: ['Name', 'Address', 'Contact', 'Activities relevant to the data transferred', 'Role', 'Signature and date'],
        rows: importers.map((g) => [engagementName(g), engagementAddress(g), g.entityContact ?? NONE, g.purpose, 'Sub-processor', 'Under its written contract with the processor']) } as Block]
      : []),
    heading(2, 'Annex I.B: Description of the transfer'),
    { kind: 'fields', rows: [
      ['Categories of data subjects whose personal data is transferred', joined(unique(acts.flatMap((x) => x.dataSubjects)))],
      ['Categories of personal data transferred', joined(unique(acts.flatMap((x) => x.dataCategories.map(category))))],
      ['Sensitive data transferred and the restrictions or safeguards applied', joined(unique(acts.flatMap((x) => x.specialCategories)), 'None')],
      ['Frequency of the transfer', joined(unique(acts.map((x) => FREQUENCY_LABELS[x.frequency])))],
      ['Nature of the processing', joined(unique(acts.flatMap((x) => (x.nature ? [x.nature] : []))))],
      ['Purposes of the data transfer and further processing', joined(unique(acts.flatMap((x) => x.purposes)))],
      ['Period for which the personal data will be retained', joined(unique(acts.flatMap((x) => (x.retention ? [x.retention] : []))))],
      ['For transfers to sub-processors: subject matter, nature and duration', joined(importers.map((g) => `${g.name}: ${g.purpose}, for the duration of the agreement`))],
    ] },
    heading(2, 'Annex I.C: Competent supervisory authority'),
    { kind: 'fields', rows: [['Authority', a.name ? `${a.name}${a.url ? ` (${a.url})` : ''}` : `Not yet determined${a.note ? `: ${a.note}` : ''}`]] },
    heading(2, 'Annex II: Technical and organisational measures'),
    para('The measures of Annex III of this agreement, including the measures to assist the controller. Each sub-processor is bound to the same data protection obligations by its contract with the processor.'),
    heading(2, 'Annex III: List of sub-processors'),
    importers.length
      ? { kind: 'table', caption: 'Sub-processors receiving personal data outside the EEA', columns: ['Name', 'Address', 'Contact', 'Description of the processing', 'Locations outside the EEA'],
        rows: importers.map((g) => [engagementName(g), engagementAddress(g), g.entityContact ?? NONE, g.purpose, joined(g.countries.filter((c) => outside.has(c)).map(country))]) }
      : para('No sub-processor receives personal data outside the EEA.'),
  ];
}

/**
 * Every annex as blocks, each annex starting on a new page in print.
 * @example annexBlocks(data).filter((b) => b.kind === 'heading' && b.level === 1).map((b) => b.text) // ['Annex I: List of parties', …]
 */
export function annexBlocks(d: AnnexData): Block[] {
  return [
    { kind: 'page_break' }, ...annexI(d),
    { kind: 'page_break' }, ...annexII(d),
    { kind: 'page_break' }, ...annexIII(d),
    { kind: 'page_break' }, ...annexIV(d),
    ...(d.transferCountries.length ? transferAnnexes(d) : []),
  ];
}
