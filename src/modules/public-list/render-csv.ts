/**
 * The public list as CSV (RFC 4180): CRLF line ends, a UTF-8 BOM so spreadsheets read non-ASCII
 * names correctly, list fields joined by "; ", and cells neutralised against formula injection.
 * `data_categories` keeps the fideslang keys programs read; `data_category_names`, added last so
 * that readers counting columns are not moved, gives their names for people.
 */
import { dataCategoryNames } from '../vocab/vocab.ts';
import type { PublicList } from './public-list.ts';

export const CSV_HEADER = [
  'name', 'legal_name', 'role', 'kind', 'context', 'purpose', 'services', 'regions', 'countries',
  'data_categories', 'transfer_mechanisms', 'current_as_of', 'version', 'data_category_names',
] as const;

const BOM = '\uFEFF';
const CRLF = '\r\n';
const LIST_SEPARATOR = '; ';

/** Characters that make a spreadsheet read a cell as a formula (OWASP "CSV Injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One cell: a leading apostrophe when the value could start a formula, then RFC 4180 quoting
 * (double quotes doubled) when it holds a quote, comma, CR or LF.
 */
export function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function renderCsv(list: PublicList): string {
  const rows: string[][] = [
    [...CSV_HEADER],
    ...list.subprocessors.map((s) => [
      s.name, s.legalName ?? '', s.role, s.kind, s.context, s.purpose,
      s.services.join(LIST_SEPARATOR), s.regions.join(LIST_SEPARATOR), s.countries.join(LIST_SEPARATOR),
      s.dataCategories.join(LIST_SEPARATOR), s.transferMechanisms.join(LIST_SEPARATOR),
      list.currentAsOf, String(list.version), dataCategoryNames(s.dataCategories).join(LIST_SEPARATOR),
    ]),
  ];
  return BOM + rows.map((r) => r.map(csvCell).join(',') + CRLF).join('');
}
