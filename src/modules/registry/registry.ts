/**
 * The sub-processor registry (SP1, SP2): entities, their engagements, services/platforms and
 * hosting regions. Types and input parsing only — no I/O.
 */
import { EMAIL_PATTERN, InputReader, SLUG_MESSAGE, SLUG_PATTERN } from '../../shared/input.ts';
import {
  CONTEXTS, type EngagementContext, type EngagementKind, type EngagementRole, isCountryCode, isDataCategory, KINDS,
  ROLES, TRANSFER_MECHANISMS, type TransferMechanism,
} from '../vocab/vocab.ts';

export interface EntityInput {
  name: string;
  legalName: string | null;
  country: string | null;
  address: string | null;
  website: string | null;
  contactEmail: string | null;
  dpoContact: string | null;
  parentEntityId: string | null;
  notes: string | null;
}

export interface ServiceInput {
  slug: string;
  name: string;
  description: string | null;
}

export interface DataCentre {
  label: string;
  country: string;
}

export interface RegionInput {
  slug: string;
  name: string;
  provider: string | null;
  providerRegion: string | null;
  dataCentres: DataCentre[];
  backupLocation: string | null;
  backupCountries: string[];
}

export interface EngagementInput {
  entityId: string;
  role: EngagementRole;
  kind: EngagementKind;
  context: EngagementContext;
  purpose: string;
  section: string | null;
  /** Service slugs. */
  services: string[];
  /** Region slugs. */
  regions: string[];
  countries: string[];
  dataCategories: string[];
  dataSubjectCategories: string[];
  transferMechanisms: TransferMechanism[];
  certifications: string[];
  dpaOnFile: boolean;
}

const country = (s: string): string | null => (isCountryCode(s.toUpperCase()) ? s.toUpperCase() : null);
const COUNTRY_MESSAGE = 'must be an ISO 3166-1 alpha-2 country code';

export function parseEntityInput(raw: unknown): EntityInput {
  const r = new InputReader(raw);
  const countryText = r.text('country', { max: 2 * 10 });
  const countryCode = countryText === null ? null : country(countryText);
  if (countryText !== null && countryCode === null) r.problem('country', COUNTRY_MESSAGE);
  return r.done({
    name: r.text('name', { name: true, required: true, max: 200 }) as string,
    legalName: r.text('legalName', { name: true, max: 300 }),
    country: countryCode,
    address: r.text('address', { max: 1000 }),
    website: r.text('website', { max: 500, pattern: /^https?:\/\/\S+$/, patternMessage: 'must be an http(s) URL' }),
    contactEmail: r.text('contactEmail', { max: 320, pattern: EMAIL_PATTERN, patternMessage: 'must be an e-mail address' }),
    dpoContact: r.text('dpoContact', { max: 1000 }),
    parentEntityId: r.text('parentEntityId', { max: 64 }),
    notes: r.text('notes', { max: 5000 }),
  });
}

/** `slugOptional`: on creation an empty slug is derived from the name later (see uniqueSlug). */
export function parseServiceInput(raw: unknown, slugOptional = false): ServiceInput {
  const r = new InputReader(raw);
  return r.done({
    slug: (r.text('slug', { required: !slugOptional, max: 64, pattern: SLUG_PATTERN, patternMessage: SLUG_MESSAGE }) ?? '') as string,
    name: r.text('name', { name: true, required: true, max: 200 }) as string,
    description: r.text('description', { max: 2000 }),
  });
}

/** Data centres are "Label (CC)" strings in forms, or `{ label, country }` objects in JSON. */
export function parseRegionInput(raw: unknown, slugOptional = false): RegionInput {
  const r = new InputReader(raw);
  const input = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const dataCentres: DataCentre[] = [];
  const dcRaw = input.dataCentres;
  const dcItems: unknown[] = Array.isArray(dcRaw) ? dcRaw : typeof dcRaw === 'string' ? dcRaw.split('\n').filter((s) => s.trim()) : [];
  if (dcRaw !== undefined && dcRaw !== null && dcRaw !== '' && !Array.isArray(dcRaw) && typeof dcRaw !== 'string') {
    r.problem('dataCentres', 'must be a list of { label, country }');
  }
  dcItems.forEach((item, i) => {
    let label: unknown;
    let cc: unknown;
    if (typeof item === 'string') {
      const m = /^(.*?)\s*\(([A-Za-z]{2})\)\s*$/.exec(item.trim());
      [label, cc] = m ? [m[1], m[2]] : [item.trim(), undefined];
    } else if (item && typeof item === 'object') {
      ({ label, country: cc } = item as { label?: unknown; country?: unknown });
    }
    const code = typeof cc === 'string' ? country(cc) : null;
    if (typeof label !== 'string' || !label.trim()) r.problem(`dataCentres[${i}].label`, 'is required');
    else if (!code) r.problem(`dataCentres[${i}].country`, COUNTRY_MESSAGE);
    else dataCentres.push({ label: label.trim(), country: code });
  });
  return r.done({
    slug: (r.text('slug', { required: !slugOptional, max: 64, pattern: SLUG_PATTERN, patternMessage: SLUG_MESSAGE }) ?? '') as string,
    name: r.text('name', { name: true, required: true, max: 200 }) as string,
    provider: r.text('provider', { name: true, max: 200 }),
    providerRegion: r.text('providerRegion', { max: 100 }),
    dataCentres,
    backupLocation: r.text('backupLocation', { max: 500 }),
    backupCountries: r.list('backupCountries', { each: country, eachMessage: COUNTRY_MESSAGE }),
  });
}

/** Why `role: subprocessor` with `context: controller` is refused. */
export const CONTROLLER_ROLE_MESSAGE = 'must be subcontractor when context is controller: an independent controller receives data for its own purposes and is not a sub-processor';

/**
 * Parses a full engagement. The role defaults to `subprocessor`, or to `subcontractor` in the
 * controller context; a sub-processor acting as an independent controller is refused (400 naming
 * `role`), since a sub-processor processes on the processor's behalf (Art 28(4)) and an entity
 * that decides its own purposes is a controller. Every write of an engagement goes through here:
 * the API, the console, change operations, imports and the demo data.
 */
export function parseEngagementInput(raw: unknown): EngagementInput {
  const r = new InputReader(raw);
  const entityId = r.text('entityId', { required: true, max: 64 }) as string;
  const context = r.choice('context', CONTEXTS, { fallback: 'processor' }) as EngagementContext;
  const role = r.choice('role', ROLES, { fallback: context === 'controller' ? 'subcontractor' : 'subprocessor' }) as EngagementRole;
  if (role === 'subprocessor' && context === 'controller') r.problem('role', CONTROLLER_ROLE_MESSAGE);
  return r.done({
    entityId,
    role,
    kind: r.choice('kind', KINDS, { fallback: 'third_party' }) as EngagementKind,
    context,
    purpose: r.text('purpose', { required: true, max: 2000 }) as string,
    section: r.text('section', { max: 200 }),
    services: r.list('services', { each: (s) => (SLUG_PATTERN.test(s) ? s : null), eachMessage: SLUG_MESSAGE }),
    regions: r.list('regions', { each: (s) => (SLUG_PATTERN.test(s) ? s : null), eachMessage: SLUG_MESSAGE }),
    countries: r.list('countries', { each: country, eachMessage: COUNTRY_MESSAGE }),
    dataCategories: r.list('dataCategories', {
      each: (s) => (isDataCategory(s) ? s : null),
      eachMessage: 'must be a fideslang data category (e.g. user.contact.email)',
    }),
    dataSubjectCategories: r.list('dataSubjectCategories', { each: (s) => (s.length <= 200 ? s : null), eachMessage: 'is too long' }),
    transferMechanisms: r.list('transferMechanisms', {
      each: (s) => ((TRANSFER_MECHANISMS as readonly string[]).includes(s) ? s : null),
      eachMessage: `must be one of ${TRANSFER_MECHANISMS.join(', ')}`,
    }) as TransferMechanism[],
    certifications: r.list('certifications', { each: (s) => (s.length <= 200 ? s : null), eachMessage: 'is too long' }),
    dpaOnFile: r.flag('dpaOnFile'),
  });
}
