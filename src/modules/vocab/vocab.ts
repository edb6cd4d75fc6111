/**
 * Published vocabularies the registry validates against: ISO 3166-1 countries, fideslang data
 * categories (CC BY 4.0, © Ethyca — see data/), and Trustroom's own small enumerations.
 */
import { createRequire } from 'node:module';
import countries from 'i18n-iso-countries';
import fides from './data/fideslang-data-categories.json' with { type: 'json' };

const require = createRequire(import.meta.url);
countries.registerLocale(require('i18n-iso-countries/langs/en.json'));

export const ROLES = ['subprocessor', 'subcontractor'] as const;
export const KINDS = ['affiliate', 'infrastructure', 'third_party'] as const;
export const CONTEXTS = ['processor', 'controller'] as const;
/** Transfer mechanisms by the names the transfer engine (CU5) uses. */
export const TRANSFER_MECHANISMS = [
  'adequacy', 'scc-2021', 'scc-2010', 'privacy-shield', 'safe-harbour', 'dpf', 'bcr', 'derogation', 'none',
] as const;

export type EngagementRole = (typeof ROLES)[number];
export type EngagementKind = (typeof KINDS)[number];
export type EngagementContext = (typeof CONTEXTS)[number];
export type TransferMechanism = (typeof TRANSFER_MECHANISMS)[number];

export const KIND_LABELS: Record<EngagementKind, string> = {
  affiliate: 'Affiliates', infrastructure: 'Infrastructure providers', third_party: 'Third parties',
};
export const ROLE_LABELS: Record<EngagementRole, string> = { subprocessor: 'Sub-processor', subcontractor: 'Sub-contractor' };
/** What an engagement in the controller context is, whatever its role: a recipient deciding its own purposes. */
export const INDEPENDENT_CONTROLLER_LABEL = 'Independent controller (recipient)';
/** The role as people read it: "Sub-processor", "Sub-contractor", or the independent controller label in the controller context. */
export const engagementRoleLabel = (role: EngagementRole, context: EngagementContext): string =>
  (context === 'controller' ? INDEPENDENT_CONTROLLER_LABEL : ROLE_LABELS[role]);
export const MECHANISM_LABELS: Record<TransferMechanism, string> = {
  adequacy: 'Adequacy decision', 'scc-2021': 'Standard contractual clauses (2021)', 'scc-2010': 'Standard contractual clauses (2010)',
  'privacy-shield': 'EU-US Privacy Shield', 'safe-harbour': 'Safe Harbour', dpf: 'EU-US Data Privacy Framework',
  bcr: 'Binding corporate rules', derogation: 'Derogation (Art 49)', none: 'None (no transfer)',
};

export const DATA_CATEGORY_SOURCE = fides.source;
export const DATA_CATEGORY_LICENCE = fides.licence;
const CATEGORY_NAMES = new Map<string, string>(fides.categories.map(([k, n]) => [k, n] as [string, string]));

/** Every data category key with its name, in vocabulary order. */
export const DATA_CATEGORIES: ReadonlyArray<{ key: string; name: string }> = [...CATEGORY_NAMES].map(([key, name]) => ({ key, name }));

export const isDataCategory = (key: string): boolean => CATEGORY_NAMES.has(key);
/** The name of a fideslang key (`user.contact.email` → "User Contact Email"); anything else (free text) as it is. */
export const dataCategoryName = (key: string): string => CATEGORY_NAMES.get(key) ?? key;
/** Data categories as people read them, in their order, e.g. for a notice or a console page. */
export const dataCategoryNames = (keys: readonly string[]): string[] => keys.map(dataCategoryName);

/** True for an assigned ISO 3166-1 alpha-2 code (upper case). */
export const isCountryCode = (code: string): boolean => /^[A-Z]{2}$/.test(code) && countries.isValid(code);
export const countryName = (code: string): string => countries.getName(code, 'en') ?? code;

/** Every ISO 3166-1 alpha-2 code with its English name, sorted by name. */
export const COUNTRIES: ReadonlyArray<{ code: string; name: string }> = Object.keys(countries.getAlpha2Codes())
  .map((code) => ({ code, name: countryName(code) }))
  .sort((a, b) => a.name.localeCompare(b.name, 'en'));

export function isOneOf<T extends string>(list: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (list as readonly string[]).includes(value);
}
