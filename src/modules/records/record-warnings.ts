/**
 * Warnings for the empty mandatory particulars of a record of processing (GDPR Art 30), from the
 * list in rules/art30-particulars.yaml. They are for operators only: the console record page and
 * the JSON export carry them; the record itself (page, PDF, CSV, JSON-LD) never does, since it is
 * what a supervisory authority or a customer may be shown. Pure functions — no I/O.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { assessCountry, type TransferFinding } from '../transfers/assess-engagements.ts';
import type { ControllerRecord } from './controller-record.ts';
import type { PartyView, ProcessingActivityView, ProcessorRecord } from './processor-record.ts';

export type ParticularWhen = 'always' | 'where_applicable' | 'where_possible';
export type RecordKindOfParticulars = 'controller' | 'processor';

export interface Particular {
  key: string;
  article: string;
  label: string;
  when: ParticularWhen;
}

interface ParticularRules {
  version: string;
  checked: string;
  source: string;
  records: Record<RecordKindOfParticulars, Particular[]>;
}

let cached: ParticularRules | undefined;
/** The Art 30 particulars, read on first use. */
export const particularRules = (): ParticularRules =>
  (cached ??= parse(readFileSync(new URL('./rules/art30-particulars.yaml', import.meta.url), 'utf8'), { version: '1.2' }) as ParticularRules);

export interface RecordWarning {
  /** The key of the particular in rules/art30-particulars.yaml. */
  particular: string;
  article: string;
  when: ParticularWhen;
  /** The customer (controller) whose record it concerns; null: the processor's or the controller's own particulars, or a shared activity. */
  customerId: string | null;
  /** The activity it concerns, if any. */
  activityId: string | null;
  /** For the operator, e.g. "Activity “Billing”: envisaged time limits for erasure not recorded (Art 30(1)(f), where possible)". */
  message: string;
}

/** Where a warning points: who or what lacks the particular. */
interface Gap {
  subject: string;
  customerId?: string;
  activityId?: string;
  /** Replaces "not recorded" when the gap needs its own words. */
  detail?: string;
}

const WHEN_SUFFIX: Record<ParticularWhen, string> = { always: '', where_applicable: ', where it applies', where_possible: ', where possible' };

const isEmpty = (s: string | null | undefined) => !s || !s.trim();

/** A party established outside the EEA on `date` (its country known), which Art 27 may oblige to have a representative. */
const INSIDE: readonly string[] = ['intra_eea', 'domestic'];
const outsideUnion = (p: PartyView, date: string) => Boolean(p.country) && !INSIDE.includes(assessCountry(p.country as string, [], date).status);

const partyGaps = (who: string, p: PartyView, date: string, customerId?: string) => ({
  name: isEmpty(p.name) ? [{ subject: who, customerId }] : [],
  contact: isEmpty(p.contact) ? [{ subject: who, customerId }] : [],
  representative: isEmpty(p.representative) && outsideUnion(p, date)
    ? [{ subject: who, customerId, detail: `established outside the EEA (${p.country}) and no representative in the Union is recorded` }] : [],
  dpo: isEmpty(p.dpoContact) ? [{ subject: who, customerId, detail: 'not recorded; needed if one is designated' }] : [],
});

const activityName = (a: ProcessingActivityView) => `Activity “${a.name}”`;
const listGaps = (activities: ProcessingActivityView[], empty: (a: ProcessingActivityView) => boolean): Gap[] =>
  activities.filter(empty).map((a) => ({ subject: activityName(a), activityId: a.id }));

/**
 * Transfers that lack their documentation: a country with no valid basis (no mechanism recorded
 * that covers it), and derogations when no activity documents Art 49(1) second-subparagraph
 * safeguards. Each engagement and country once, however many customers it reaches.
 */
function transferGaps(findings: TransferFinding[], activities: ProcessingActivityView[]): Gap[] {
  const seen = new Set<string>();
  const documented = activities.some((a) => !isEmpty(a.transferSafeguards));
  const gaps: Gap[] = [];
  for (const f of findings) {
    const key = `${f.engagementId}|${f.country}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (f.status === 'no_valid_basis') gaps.push({ subject: `Transfer to ${f.entityName} (${f.country})`, detail: 'no transfer mechanism recorded gives it a basis under Chapter V' });
    else if (f.status === 'derogation' && !documented) gaps.push({ subject: `Transfer to ${f.entityName} (${f.country})`, detail: 'rests on a derogation (Art 49) and no activity documents the safeguards for a second-subparagraph transfer' });
  }
  return gaps;
}

const uniqueById = (activities: ProcessingActivityView[]) => [...new Map(activities.map((a) => [a.id, a])).values()];

function toWarnings(kind: RecordKindOfParticulars, gapsOf: Record<string, () => Gap[]>): RecordWarning[] {
  const particulars = particularRules().records[kind];
  return particulars.flatMap((p) => {
    const check = gapsOf[p.key];
    if (!check) throw new Error(`records: no check for the Art 30 particular ${kind}.${p.key}`);
    return check().map((g) => ({
      particular: p.key, article: p.article, when: p.when, customerId: g.customerId ?? null, activityId: g.activityId ?? null,
      message: `${g.subject}: ${p.label} — ${g.detail ?? 'not recorded'} (${p.article}${WHEN_SUFFIX[p.when]})`,
    }));
  });
}

/** The checks each particular key has, so the rule file and the code can be compared. */
export const CONTROLLER_CHECKS = [
  'controller_name', 'controller_contact', 'controller_representative', 'controller_dpo', 'activities', 'purposes', 'data_subjects',
  'data_categories', 'recipients', 'transfers_documentation', 'erasure_time_limits', 'measures',
] as const;
export const PROCESSOR_CHECKS = [
  'processor_name', 'processor_contact', 'processor_representative', 'processor_dpo', 'controller_name', 'controller_contact',
  'controller_representative', 'controller_dpo', 'activities', 'purposes', 'data_subjects', 'data_categories', 'transfers_documentation', 'measures',
] as const;

/**
 * The warnings of the Art 30(1) record: the workspace's particulars, each activity's, the
 * transfers of the engagements it uses as controller, and the measures.
 * @example controllerRecordWarnings(record).map((w) => w.message)
 */
export function controllerRecordWarnings(record: ControllerRecord): RecordWarning[] {
  const me = partyGaps('Controller', record.controller, record.generatedOn);
  const acts = record.activities;
  const checks: Record<(typeof CONTROLLER_CHECKS)[number], () => Gap[]> = {
    controller_name: () => me.name,
    controller_contact: () => me.contact,
    controller_representative: () => me.representative,
    controller_dpo: () => me.dpo,
    activities: () => (acts.length ? [] : [{ subject: 'Record', detail: 'no activity as controller is recorded' }]),
    purposes: () => listGaps(acts, (a) => a.purposes.length === 0),
    data_subjects: () => listGaps(acts, (a) => a.dataSubjects.length === 0),
    data_categories: () => listGaps(acts, (a) => a.dataCategories.length === 0),
    recipients: () => listGaps(acts, (a) => a.recipients.length === 0).map((g) => ({ ...g, detail: 'none recorded (write “None” if the data goes to no one)' })),
    transfers_documentation: () => transferGaps(record.transfers, acts),
    erasure_time_limits: () => listGaps(acts, (a) => isEmpty(a.retention)),
    measures: () => (record.measures.length ? [] : [{ subject: 'Record', detail: 'no measure is in the catalogue' }]),
  };
  return toWarnings('controller', checks);
}

/**
 * The warnings of Art 30(2) records (one customer or every customer): the processor's particulars
 * once, each customer's, each activity once, each transfer once, and the measures.
 */
export function processorRecordWarnings(records: ProcessorRecord[], o: { processor: PartyView; generatedOn: string; measures: ProcessorRecord['measures'] }): RecordWarning[] {
  const me = partyGaps('Processor', o.processor, o.generatedOn);
  const customers = records.map((r) => partyGaps(`Customer ${r.controller.name}`, r.controller, o.generatedOn, r.controller.customerId));
  const of = (pick: (g: ReturnType<typeof partyGaps>) => Gap[]) => () => customers.flatMap(pick);
  const acts = uniqueById(records.flatMap((r) => r.activities));
  const checks: Record<(typeof PROCESSOR_CHECKS)[number], () => Gap[]> = {
    processor_name: () => me.name,
    processor_contact: () => me.contact,
    processor_representative: () => me.representative,
    processor_dpo: () => me.dpo,
    controller_name: of((g) => g.name),
    controller_contact: of((g) => g.contact),
    controller_representative: of((g) => g.representative),
    controller_dpo: of((g) => g.dpo),
    activities: () => records.filter((r) => r.activities.length === 0)
      .map((r) => ({ subject: `Customer ${r.controller.name}`, customerId: r.controller.customerId, detail: 'no processor activity applies to the services it uses' })),
    purposes: () => listGaps(acts, (a) => a.purposes.length === 0),
    data_subjects: () => listGaps(acts, (a) => a.dataSubjects.length === 0),
    data_categories: () => listGaps(acts, (a) => a.dataCategories.length === 0),
    transfers_documentation: () => transferGaps(records.flatMap((r) => r.transfers), acts),
    measures: () => (o.measures.length ? [] : [{ subject: 'Record', detail: 'no measure is in the catalogue' }]),
  };
  return toWarnings('processor', checks);
}
