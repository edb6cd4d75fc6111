/**
 * Customers (the controllers a processor works for) and their contract terms (CU1): notice
 * period, time zone and holiday calendar (subdivision), kind of authorisation, services and
 * regions used, and the contacts notices go to. Types and input parsing only — no I/O.
 */
import type { Authorisation, TerminationHandling } from '../../db/schema.ts';
import { EMAIL_PATTERN, InputReader, SLUG_MESSAGE, SLUG_PATTERN } from '../../shared/input.ts';
import { readCalendar, readNoticePeriod, readTimeZone } from '../vocab/contract-terms.ts';
import { isCountryCode } from '../vocab/vocab.ts';
import { FORWARD_TERM, FORWARD_TERM_MESSAGE } from '../requests/forwarding/forwarding-term.ts';

export type { Authorisation, TerminationHandling };

/** general: a written authorisation with a right to object (Art. 28(2) GDPR); specific: prior consent per change. */
export const AUTHORISATIONS = ['general', 'specific'] as const satisfies readonly Authorisation[];

export const AUTHORISATION_LABELS: Record<Authorisation, string> = {
  general: 'General written authorisation (right to object)',
  specific: 'Specific authorisation (prior consent per change)',
};

/** What happens to the customer's data when the contract ends (Art 28(3)(g)). */
export const TERMINATION_HANDLINGS = ['return_then_delete', 'delete', 'return'] as const satisfies readonly TerminationHandling[];

export const TERMINATION_LABELS: Record<TerminationHandling, string> = {
  return_then_delete: 'Return the data, then delete every copy',
  delete: 'Delete the data',
  return: 'Return the data (the customer deletes)',
};

/** Longest audit cycle a contract may set, in months, and longest notice or return period, in days. */
export const AUDIT_FREQUENCY_MONTHS_MAX = 120;
export const TERM_DAYS_MAX = 365;

/** Most contacts one customer may have. */
export const CONTACTS_MAX = 100;

export interface ContactInput {
  /** Lower case. */
  email: string;
  name: string | null;
}

export interface CustomerInput {
  name: string;
  country: string | null;
  /** null: the workspace's time zone. */
  timeZone: string | null;
  /** `30d`, `4w` or `1m` (Regulation 1182/71 units); null: the workspace's default notice period. */
  noticePeriod: string | null;
  /** ISO 3166-2 subdivision (DE-BY) whose public holidays count the customer's periods; within `country` when set. */
  subdivision: string | null;
  authorisation: Authorisation;
  specialTerms: string | null;
  /** Postal address (Annex I.A). */
  address: string | null;
  /** Contact person's name, position and contact details (Annex I.A). */
  contactPerson: string | null;
  /** The controller's data protection officer: name and contact details (Art 30(2)(a)); null: none recorded. */
  dpoContact: string | null;
  /** The controller's representative in the Union (Art 27, Art 30(2)(a)); null: none recorded. */
  representative: string | null;
  /** The competent supervisory authority when it is not the one of `country` (Annex I.C). */
  supervisoryAuthority: string | null;
  /** false: no transfer outside the EEA without the customer's prior written authority. */
  transfersAuthorised: boolean;
  /** At most one audit per this many months; null: the DPA's terms. */
  auditFrequencyMonths: number | null;
  /** Days of notice before an audit; null: the DPA's terms. */
  auditNoticeDays: number | null;
  terminationHandling: TerminationHandling;
  /** Days after the end of the contract to return or delete; null: the DPA's terms. */
  terminationDays: number | null;
  /** Time to pass an end user's data-subject request on: `<n>h` or `<n>d`; null: the workspace default. */
  dsrForwardWithin: string | null;
  /** Hours the contract gives to be told of a personal-data breach (Art 33(2)); null: without undue delay. */
  breachNoticeHours: number | null;
  /** Service slugs of the workspace. */
  services: string[];
  /** Region slugs of the workspace. */
  regions: string[];
  contacts: ContactInput[];
}

const COUNTRY_MESSAGE = 'must be an ISO 3166-1 alpha-2 country code';
const slug = (s: string) => (SLUG_PATTERN.test(s) ? s : null);

/**
 * Parses a full customer (POST and PUT replace every field). Contacts are a list of
 * `{ email, name }` objects or of `Name <email>` / `email` strings, or one text with a contact per
 * line (forms); problems name `contacts[i].email`, where `i` is the list index or the line index.
 */
export function parseCustomerInput(raw: unknown): CustomerInput {
  const r = new InputReader(raw);
  const name = r.text('name', { name: true, required: true, max: 200 }) as string;
  const countryText = r.text('country', { max: 20 });
  const country = countryText !== null && isCountryCode(countryText.toUpperCase()) ? countryText.toUpperCase() : null;
  if (countryText !== null && country === null) r.problem('country', COUNTRY_MESSAGE);
  const timeZone = readTimeZone(r, 'timeZone');
  const noticePeriod = readNoticePeriod(r, 'noticePeriod', 'noticeDays');
  const subdivision = readCalendar(r, 'subdivision', { subdivisionOnly: true });
  if (subdivision !== null && country !== null && !subdivision.startsWith(`${country}-`)) r.problem('subdivision', `must be a subdivision of the customer's country, ${country} (${country}-…)`);
  return r.done({
    name,
    country,
    timeZone,
    noticePeriod,
    subdivision,
    authorisation: r.choice('authorisation', AUTHORISATIONS, { fallback: 'general' }) as Authorisation,
    specialTerms: r.text('specialTerms', { max: 5000 }),
    address: r.text('address', { max: 500 }),
    contactPerson: r.text('contactPerson', { name: true, max: 500 }),
    dpoContact: r.text('dpoContact', { max: 500 }),
    representative: r.text('representative', { max: 500 }),
    supervisoryAuthority: r.text('supervisoryAuthority', { max: 300 }),
    transfersAuthorised: r.flag('transfersAuthorised', { absent: true }),
    auditFrequencyMonths: readWhole(r, 'auditFrequencyMonths', 1, AUDIT_FREQUENCY_MONTHS_MAX, 'months'),
    auditNoticeDays: readWhole(r, 'auditNoticeDays', 0, TERM_DAYS_MAX, 'days'),
    terminationHandling: r.choice('terminationHandling', TERMINATION_HANDLINGS, { fallback: 'return_then_delete' }) as TerminationHandling,
    terminationDays: readWhole(r, 'terminationDays', 0, TERM_DAYS_MAX, 'days'),
    dsrForwardWithin: r.text('dsrForwardWithin', { max: 6, pattern: FORWARD_TERM, patternMessage: FORWARD_TERM_MESSAGE }),
    breachNoticeHours: readWhole(r, 'breachNoticeHours', 1, 9999, 'hours'),
    services: r.list('services', { each: slug, eachMessage: SLUG_MESSAGE }),
    regions: r.list('regions', { each: slug, eachMessage: SLUG_MESSAGE }),
    contacts: readContacts(r, raw && typeof raw === 'object' ? (raw as Record<string, unknown>).contacts : undefined),
  });
}

/** A whole number in [min, max] from a number or a digits-only string; null when absent. */
function readWhole(r: InputReader, field: string, min: number, max: number, unit: string): number | null {
  const s = r.text(field, { max: 12 });
  if (s === null) return null;
  if (!/^\d+$/.test(s) || Number(s) < min || Number(s) > max) {
    r.problem(field, `must be a whole number of ${unit} from ${min} to ${max}`);
    return null;
  }
  return Number(s);
}

/** `Jane Doe <jane@example.com>` → name and address; anything else is the address alone. */
function splitContactLine(line: string): { email: unknown; name: unknown } {
  const m = /^(.*?)\s*<([^<>]*)>$/.exec(line);
  if (!m) return { email: line, name: null };
  return { email: m[2], name: m[1].replace(/^"(.*)"$/, '$1') };
}

function readContacts(r: InputReader, value: unknown): ContactInput[] {
  if (value === undefined || value === null || value === '') return [];
  let items: unknown[];
  if (Array.isArray(value)) items = value;
  else if (typeof value === 'string') items = value.split('\n');
  else {
    r.problem('contacts', 'must be a list of { email, name } or of e-mail addresses');
    return [];
  }
  const out: ContactInput[] = [];
  items.forEach((item, i) => {
    let parts: { email: unknown; name: unknown };
    if (typeof item === 'string') {
      if (!item.trim()) return;
      parts = splitContactLine(item.trim());
    } else if (item && typeof item === 'object' && !Array.isArray(item)) {
      parts = item as { email: unknown; name: unknown };
    } else {
      r.problem(`contacts[${i}]`, 'must be { email, name } or an e-mail address');
      return;
    }
    const email = typeof parts.email === 'string' ? parts.email.trim().toLowerCase() : '';
    const name = typeof parts.name === 'string' && parts.name.trim() ? parts.name.trim() : null;
    const before = r.issues.length;
    if (!email) r.problem(`contacts[${i}].email`, 'is required');
    else if (email.length > 320 || !EMAIL_PATTERN.test(email)) r.problem(`contacts[${i}].email`, 'must be an e-mail address');
    else if (out.some((c) => c.email === email)) r.problem(`contacts[${i}].email`, 'appears twice');
    if (parts.name !== undefined && parts.name !== null && typeof parts.name !== 'string') r.problem(`contacts[${i}].name`, 'must be a string');
    else if (name && name.length > 200) r.problem(`contacts[${i}].name`, 'must be at most 200 characters');
    if (r.issues.length === before) out.push({ email, name });
  });
  if (out.length > CONTACTS_MAX) r.problem('contacts', `must have at most ${CONTACTS_MAX} contacts`);
  return out;
}
