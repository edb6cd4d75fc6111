/**
 * Processing activities of the records of processing (CU3): what the workspace does with personal
 * data as a processor (Art 30(2), per customer) and as a controller (Art 30(1)). Types, the Art 6
 * legal bases (rules/legal-bases.yaml) and input parsing only — no I/O.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { InputReader, SLUG_MESSAGE, SLUG_PATTERN } from '../../shared/input.ts';
import { isDataCategory } from '../vocab/vocab.ts';

export const ACTIVITY_ROLES = ['controller', 'processor'] as const;
export type ActivityRole = (typeof ACTIVITY_ROLES)[number];

export const FREQUENCIES = ['continuous', 'one_off'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

export const ROLE_LABELS: Record<ActivityRole, string> = { controller: 'As controller (Art 30(1))', processor: 'As processor (Art 30(2))' };
export const FREQUENCY_LABELS: Record<Frequency, string> = { continuous: 'Continuous', one_off: 'One-off' };

/** Most entries in one list field, and the longest entry. */
export const LIST_MAX = 50;
export const ENTRY_MAX = 500;

interface LegalBasisRule {
  article: string;
  label: string;
  dpv: string;
  eu_gdpr: string;
}
interface LegalBasisRules {
  version: string;
  source: string;
  bases: Record<string, LegalBasisRule>;
}

let cached: LegalBasisRules | undefined;
/** The Art 6(1) bases, read on first use. */
export const legalBasisRules = (): LegalBasisRules =>
  (cached ??= parse(readFileSync(new URL('./rules/legal-bases.yaml', import.meta.url), 'utf8')) as LegalBasisRules);

/** Every legal basis key, in the order of Art 6(1) (a)–(f). */
export const legalBasisKeys = (): string[] => Object.keys(legalBasisRules().bases);

/** A legal basis key with its article and label, or undefined for an unknown key. */
export function legalBasis(key: string): (LegalBasisRule & { key: string }) | undefined {
  const rule = legalBasisRules().bases[key];
  return rule && { key, ...rule };
}

/** "Art 6(1)(b) — Performance of a contract …", or the key itself when the rules no longer know it. */
export const legalBasisText = (key: string | null): string => {
  if (!key) return '';
  const b = legalBasis(key);
  return b ? `${b.article} — ${b.label}` : key;
};

export interface ActivityInput {
  role: ActivityRole;
  name: string;
  purposes: string[];
  dataSubjects: string[];
  /** Free text, or fideslang data category keys (checked against the vocabulary). */
  dataCategories: string[];
  /** Art 9 and Art 10 data; may be empty. */
  specialCategories: string[];
  recipients: string[];
  /** A key of rules/legal-bases.yaml; required for controller activities, null for processor ones. */
  legalBasis: string | null;
  nature: string | null;
  frequency: Frequency;
  duration: string | null;
  /** The envisaged time limits for erasure (Art 30(1)(f)). */
  retention: string | null;
  /** Documentation of suitable safeguards for transfers under Art 49(1), second subparagraph. */
  transferSafeguards: string | null;
  /** Service slugs (processor activities only); empty: every service. */
  services: string[];
  /**
   * The controllers that decide the purposes and means of this activity together with the
   * workspace (Art 26), each with its contact details (Art 30(1)(a)); controller activities only.
   */
  jointControllers: string[];
}

/** Looks like a fideslang key (`user.contact.email`): lower-case words joined by dots, no spaces. */
const KEY_SHAPE = /^[a-z_]+(\.[a-z_]+)+$/;

/**
 * A list of text entries: a JSON array of strings, or one text with an entry per line (forms), so
 * an entry may hold commas. Problems name `field[i]`, `i` being the array index or the line index.
 */
function readLines(r: InputReader, raw: Record<string, unknown>, field: string, o: { min?: number; each?: (s: string) => string | null } = {}): string[] {
  const value = raw[field];
  let items: unknown[] = [];
  if (Array.isArray(value)) items = value;
  else if (typeof value === 'string') items = value.split(/\r?\n/);
  else if (value !== undefined && value !== null) r.problem(field, 'must be a list of strings or a text with one entry per line');
  const out: string[] = [];
  items.forEach((item, i) => {
    if (typeof item !== 'string') return r.problem(`${field}[${i}]`, 'must be a string');
    const s = item.trim();
    if (!s) return;
    if (s.length > ENTRY_MAX) return r.problem(`${field}[${i}]`, `must be at most ${ENTRY_MAX} characters`);
    const problem = o.each?.(s);
    if (problem) return r.problem(`${field}[${i}]`, problem);
    if (!out.includes(s)) out.push(s);
  });
  if (out.length > LIST_MAX) r.problem(field, `must have at most ${LIST_MAX} entries`);
  else if (o.min && out.length < o.min && !r.issues.some((i) => i.field.startsWith(`${field}[`))) r.problem(field, 'must have at least one entry');
  return out;
}

const slug = (s: string) => (SLUG_PATTERN.test(s) ? s : null);

/**
 * Parses a full processing activity (POST and PUT replace every field). Every bad field is named
 * at once: `purposes: must have at least one entry`, `dataCategories[2]: is not a fideslang …`.
 */
export function parseActivityInput(raw: unknown): ActivityInput {
  const r = new InputReader(raw);
  const body = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const role = r.choice('role', ACTIVITY_ROLES, { required: true });
  const name = r.text('name', { name: true, required: true, max: 200 }) as string;
  const purposes = readLines(r, body, 'purposes', { min: 1 });
  const dataSubjects = readLines(r, body, 'dataSubjects', { min: 1 });
  const dataCategories = readLines(r, body, 'dataCategories', {
    min: 1, each: (s) => (KEY_SHAPE.test(s) && !isDataCategory(s) ? 'is not a fideslang data category key (write it as free text instead)' : null),
  });
  const specialCategories = readLines(r, body, 'specialCategories');
  const recipients = readLines(r, body, 'recipients');
  const legalBasisKey = r.choice('legalBasis', legalBasisKeys());
  if (role === 'controller' && legalBasisKey === null && !r.issues.some((i) => i.field === 'legalBasis')) {
    r.problem('legalBasis', 'is required for a controller activity (one of the Art 6(1) bases)');
  }
  if (role === 'processor' && legalBasisKey !== null) r.problem('legalBasis', "must be empty for a processor activity: it rests on the controller's basis");
  const services = r.list('services', { each: slug, eachMessage: SLUG_MESSAGE });
  if (role === 'controller' && services.length) r.problem('services', 'must be empty for a controller activity: services apply to processor activities');
  const jointControllers = readLines(r, body, 'jointControllers');
  if (role === 'processor' && jointControllers.length) r.problem('jointControllers', 'must be empty for a processor activity: joint controllers are named in controller activities (Art 26)');
  return r.done({
    role: role as ActivityRole,
    name,
    purposes,
    dataSubjects,
    dataCategories,
    specialCategories,
    recipients,
    legalBasis: legalBasisKey,
    nature: r.text('nature', { max: 2000 }),
    frequency: r.choice('frequency', FREQUENCIES, { fallback: 'continuous' }) as Frequency,
    duration: r.text('duration', { max: 500 }),
    retention: r.text('retention', { max: 2000 }),
    transferSafeguards: r.text('transferSafeguards', { max: 5000 }),
    services,
    jointControllers,
  });
}

/** Reads the role filter of a list (`?role=`); null: both roles. */
export function parseRoleFilter(raw: unknown): ActivityRole | null {
  const r = new InputReader(raw);
  return r.done(r.choice('role', ACTIVITY_ROLES));
}
