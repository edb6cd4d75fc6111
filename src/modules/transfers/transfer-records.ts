/**
 * Transfer records (issue 10 §4): what an operator keeps on file for one engagement's transfer to
 * one country — the SCC module or UK/Swiss instrument signed, the DPF certificate and when it was
 * last checked, the transfer impact assessment (document, date, outcome) and a note. Types and
 * input parsing only — no I/O.
 */
import { isRealDate } from '../../shared/clock.ts';
import { InputReader } from '../../shared/input.ts';
import { isCountryCode } from '../vocab/vocab.ts';

export const SCC_MODULES = ['module_1', 'module_2', 'module_3', 'module_4', 'uk_idta', 'uk_addendum', 'swiss_scc'] as const;
export type SccModule = (typeof SCC_MODULES)[number];

export const SCC_MODULE_LABELS: Record<SccModule, string> = {
  module_1: 'SCC 2021 module 1 (controller to controller)', module_2: 'SCC 2021 module 2 (controller to processor)',
  module_3: 'SCC 2021 module 3 (processor to processor)', module_4: 'SCC 2021 module 4 (processor to controller)',
  uk_idta: 'UK International Data Transfer Agreement', uk_addendum: 'SCC 2021 with the UK Addendum', swiss_scc: 'SCC 2021 with the Swiss adaptations',
};

export const TIA_OUTCOMES = ['acceptable', 'acceptable_with_measures', 'not_acceptable'] as const;
export type TiaOutcome = (typeof TIA_OUTCOMES)[number];

export const TIA_OUTCOME_LABELS: Record<TiaOutcome, string> = {
  acceptable: 'Acceptable', acceptable_with_measures: 'Acceptable with supplementary measures', not_acceptable: 'Not acceptable',
};

/** The fields an operator fills in; every one may be empty. */
export interface TransferRecordInput {
  sccModule: SccModule | null;
  /** http(s) address of the importer's Data Privacy Framework listing. */
  dpfCertificateUrl: string | null;
  /** YYYY-MM-DD the DPF certificate was last checked. */
  dpfCheckedOn: string | null;
  /** The transfer impact assessment: a document's address or name. */
  tiaDocument: string | null;
  tiaDate: string | null;
  tiaOutcome: TiaOutcome | null;
  note: string | null;
}

export interface TransferRecordView extends TransferRecordInput {
  id: string;
  engagementId: string;
  /** ISO 3166-1 alpha-2 of the destination. */
  country: string;
  createdAt: string;
  updatedAt: string;
}

/** Which transfer a record is about. */
export interface TransferRecordKey {
  engagementId: string;
  country: string;
}

const DATE_MESSAGE = 'must be a date written YYYY-MM-DD';

function readPastDate(r: InputReader, field: string, today: string): string | null {
  const s = r.text(field, { max: 10 });
  if (s === null) return null;
  if (!isRealDate(s)) r.problem(field, DATE_MESSAGE);
  else if (s > today) r.problem(field, `must not be in the future (today is ${today})`);
  else return s;
  return null;
}

function readHttpUrl(r: InputReader, field: string): string | null {
  const s = r.text(field, { max: 2000 });
  if (s === null) return null;
  let parsed: URL | null = null;
  try {
    parsed = new URL(s);
  } catch {
    parsed = null;
  }
  if (parsed && (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.hostname) return s;
  r.problem(field, 'must be an http or https address');
  return null;
}

function readFields(r: InputReader, today: string): TransferRecordInput {
  const out: TransferRecordInput = {
    sccModule: r.choice('sccModule', SCC_MODULES),
    dpfCertificateUrl: readHttpUrl(r, 'dpfCertificateUrl'),
    dpfCheckedOn: readPastDate(r, 'dpfCheckedOn', today),
    tiaDocument: r.text('tiaDocument', { max: 500 }),
    tiaDate: readPastDate(r, 'tiaDate', today),
    tiaOutcome: r.choice('tiaOutcome', TIA_OUTCOMES),
    note: r.text('note', { max: 2000 }),
  };
  const named = (field: string) => r.issues.some((i) => i.field === field);
  if (out.dpfCheckedOn && !out.dpfCertificateUrl && !named('dpfCertificateUrl')) r.problem('dpfCertificateUrl', 'is required when dpfCheckedOn is given');
  if (out.tiaOutcome && !out.tiaDate && !named('tiaDate')) r.problem('tiaDate', 'is required when tiaOutcome is given');
  return out;
}

/**
 * Parses a record's fields (PUT replaces every field). `today` (YYYY-MM-DD, the workspace's
 * calendar day) bounds the dates: a check or an assessment cannot be recorded ahead of time. A TIA
 * outcome needs the TIA's date, and a DPF check date the certificate's address.
 */
export function parseTransferRecordInput(raw: unknown, today: string): TransferRecordInput {
  const r = new InputReader(raw);
  return r.done(readFields(r, today));
}

/** Parses a new record: which engagement and country it is about (checked against the registry by the use-case), and its fields. */
export function parseNewTransferRecord(raw: unknown, today: string): TransferRecordKey & TransferRecordInput {
  const r = new InputReader(raw);
  const engagementId = r.text('engagementId', { required: true, max: 64 }) ?? '';
  const country = r.text('country', { required: true, max: 2 })?.toUpperCase() ?? '';
  if (country && !isCountryCode(country)) r.problem('country', 'must be an ISO 3166-1 alpha-2 country code');
  const fields = readFields(r, today);
  return r.done({ engagementId, country, ...fields });
}
