import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

interface AuthorityRules {
  version: string;
  source: string;
  authorities: Record<string, { name: string; url: string; note?: string }>;
}

let cached: AuthorityRules | undefined;
const rules = (): AuthorityRules =>
  (cached ??= parse(readFileSync(new URL('./rules/supervisory-authorities.yaml', import.meta.url), 'utf8')) as AuthorityRules);

/** The competent supervisory authority for a customer (Annex I.C), and where the answer comes from. */
export interface SupervisoryAuthority {
  /** null when it cannot be determined: no country, or a country outside the EEA without an override. */
  name: string | null;
  url: string | null;
  /** `customer`: the customer's own setting; `country`: the authority of its country of establishment. */
  basis: 'customer' | 'country' | 'undetermined';
  /** What a reader should know or do (a German Land, a representative outside the EEA). */
  note: string | null;
  /** The rule file's version when `basis` is `country`. */
  rulesVersion: string | null;
}

/**
 * The supervisory authority competent for a customer: its own setting when it has one, else the
 * authority of the EEA country where it is established.
 * @example supervisoryAuthorityFor('FR', null).name // "Commission nationale de l'informatique et des libertés (CNIL)"
 */
export function supervisoryAuthorityFor(country: string | null, override: string | null): SupervisoryAuthority {
  if (override) return { name: override, url: null, basis: 'customer', note: null, rulesVersion: null };
  const r = rules();
  const found = country ? r.authorities[country] : undefined;
  if (found) return { name: found.name, url: found.url, basis: 'country', note: found.note ?? null, rulesVersion: r.version };
  return {
    name: null, url: null, basis: 'undetermined', rulesVersion: null,
    note: country
      ? 'The customer is established outside the EEA: name the authority of the Member State where its Art 27 representative is established, or where the data subjects are.'
      : 'No country of establishment is recorded for this customer.',
  };
}
