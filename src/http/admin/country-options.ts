import { COUNTRIES, countryName } from '../../modules/vocab/vocab.ts';

/**
 * Every ISO 3166-1 alpha-2 country as [code, "Name (CC)"], sorted by name, for select fields.
 */
export const COUNTRY_OPTIONS: ReadonlyArray<[string, string]> = COUNTRIES.map(({ code, name }): [string, string] => [code, `${name} (${code})`]);

/** The countries among `codes`, as select options sorted by name. */
export const countryOptionsOf = (codes: Iterable<string>): Array<[string, string]> =>
  [...new Set(codes)].map((c): [string, string] => [c, countryName(c)]).sort((a, b) => a[1].localeCompare(b[1], 'en'));
