import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

interface AuthorityRule {
  name: string;
  url: string;
  note?: string;
  /** No single authority for private bodies: the subdivision's is competent (Germany, § 40 BDSG). */
  bySubdivision?: boolean;
}

interface AuthorityRules {
  version: string;
  checked: string;
  source: string;
  authorities: Record<string, AuthorityRule>;
  subdivisionsSource: string;
  subdivisionsChecked: string;
  /** By ISO 3166-2 code (DE-BY). */
  subdivisions: Record<string, AuthorityRule>;
}

let cached: AuthorityRules | undefined;
/** The rule data (rules/supervisory-authorities.yaml), read once. */
export const authorityRules = (): AuthorityRules =>
  (cached ??= parse(readFileSync(new URL('./rules/supervisory-authorities.yaml', import.meta.url), 'utf8')) as AuthorityRules);

/** The competent supervisory authority for a customer (Annex I.C), and where the answer comes from. */
export interface SupervisoryAuthority {
  /** null when it cannot be determined: no country, a German customer whose Land is not known, or a country outside the EEA without an override. */
  name: string | null;
  url: string | null;
  /**
   * `customer`: the customer's own setting; `country`: the authority of its country of
   * establishment; `subdivision`: the authority of its subdivision (a German Land); `undetermined`.
   */
  basis: 'customer' | 'country' | 'subdivision' | 'undetermined';
  /** What a reader should know or do (the Land is not known, a representative outside the EEA). */
  note: string | null;
  /** The rule file's version when the answer comes from it. */
  rulesVersion: string | null;
}

/**
 * The supervisory authority competent for a customer: its own setting when it has one, else the
 * authority of the EEA country where it is established — in Germany the authority of its Land
 * (§ 40 BDSG), from its ISO 3166-2 subdivision, and undetermined until that is known. `country`
 * may itself be a subdivision code.
 * @example supervisoryAuthorityFor('FR', null).name // "Commission nationale de l'informatique et des libertés (CNIL)"
 * @example supervisoryAuthorityFor('DE', null, 'DE-BY').name // "Bayerisches Landesamt für Datenschutzaufsicht (BayLDA)"
 */
export function supervisoryAuthorityFor(country: string | null, override: string | null, subdivision: string | null = null): SupervisoryAuthority {
  if (override) return { name: override, url: null, basis: 'customer', note: null, rulesVersion: null };
  const r = authorityRules();
  const sub = (subdivision ?? (country?.includes('-') ? country : null))?.toUpperCase() ?? null;
  const cc = (country ?? sub)?.slice(0, 2).toUpperCase() ?? null;
  const found = cc ? r.authorities[cc] : undefined;
  if (found?.bySubdivision) {
    const land = sub && sub.startsWith(`${cc}-`) ? r.subdivisions[sub] : undefined;
    if (land) return { name: land.name, url: land.url, basis: 'subdivision', note: land.note ?? null, rulesVersion: r.version };
    return { name: null, url: null, basis: 'undetermined', note: found.note ?? null, rulesVersion: r.version };
  }
  if (found) return { name: found.name, url: found.url, basis: 'country', note: found.note ?? null, rulesVersion: r.version };
  return {
    name: null, url: null, basis: 'undetermined', rulesVersion: null,
    note: cc
      ? 'The customer is established outside the EEA: name the authority of the Member State where its Art 27 representative is established, or where the data subjects are.'
      : 'No country of establishment is recorded for this customer.',
  };
}
